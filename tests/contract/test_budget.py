"""A run's budget (--max-requests, --max-minutes) ends its random sequences cleanly: the scenarios and
the catalogue still run, the verdict is on what ran, and every surface says where it stopped."""

from __future__ import annotations

import json

import pytest
from contract_run import gigs_contract

from gigs_contract import cli

# One random sequence may run past the budget by its steps (each about twenty requests) before the
# next one is refused; the catalogue's share is kept back.
ONE_SEQUENCE = 10 * 40


def _contract(tmp_path, *args):
    return gigs_contract("--seed", "9", "--reports", str(tmp_path), *args)


@pytest.mark.slow
def test_a_request_budget_stops_the_random_sequences_and_the_verdict_stands_on_what_ran(tmp_path):
    free = _contract(tmp_path / "free")
    budget = 3500
    spent = _contract(tmp_path / "spent", "--max-requests", str(budget))
    unbounded = json.loads((tmp_path / "free" / "summary.json").read_text())
    bounded = json.loads((tmp_path / "spent" / "summary.json").read_text())
    total = unbounded["counts"]["schemathesis_cases"] + unbounded["counts"]["behaviour_requests"]
    assert total > budget + ONE_SEQUENCE, "the budget must bite for this test to mean anything"
    assert spent.returncode == 0, spent.stdout[-3000:]
    used = bounded["counts"]["schemathesis_cases"] + bounded["counts"]["behaviour_requests"]
    assert used <= budget + ONE_SEQUENCE
    note = next(note for note in bounded["notes"] if note.startswith("the random sequences stopped after"))
    assert "request budget (--max-requests)" in note and note in spent.stdout
    assert bounded["counts"]["rules_not_run"] == 0 and bounded["counts"]["interactions_not_exercised"] == 0
    assert "random sequences stopped" not in free.stdout


@pytest.mark.parametrize("argv", [["--max-minutes", "0"], ["--max-minutes", "soon"], ["--max-requests", "0"]])
def test_a_budget_that_is_no_budget_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.parser().parse_args(argv)
    assert exit.value.code == 2 and argv[0] in capsys.readouterr().err
