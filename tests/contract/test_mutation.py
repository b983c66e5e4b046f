"""The mutation score's tool: which mutants it runs, which it leaves out and why, and a real run.

The score itself (every mutant of the server) takes half an hour: `make mutation`, nightly. Here the
tool's choices are checked on their own, and one line of the server is mutated and judged for real."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from mock_server import ROOT

from selftest import mutation
from selftest.mutation import Equivalent, Mutant, annotation_lines, kept_operator, why_left_out


def _mutant(operator: str, module: str = "handlers/devices.py", line: int = 52, column: int = 7) -> Mutant:
    return Mutant("job", module, operator, 0, line, column, "create_device")


@pytest.mark.parametrize(
    ("operator", "kept"),
    [
        ("core/ReplaceBinaryOperator_Add_Sub", True),
        ("core/ReplaceBinaryOperator_Add_Mul", False),
        ("core/ReplaceComparisonOperator_Lt_LtE", True),
        ("core/ReplaceComparisonOperator_Lt_GtE", True),
        ("core/ReplaceComparisonOperator_Lt_Eq", False),
        ("core/ReplaceComparisonOperator_Eq_NotEq", True),
        ("core/ReplaceComparisonOperator_Eq_Lt", False),
        ("core/ReplaceAndWithOr", True),
        ("core/NumberReplacer", True),
    ],
)
def test_selective_mutation_keeps_one_arithmetic_replacement_and_the_negation_and_boundary_of_a_comparison(
    operator, kept
):
    assert kept_operator(operator) is kept


def test_a_mutant_in_a_type_annotation_is_left_out_and_one_in_the_code_is_run():
    source = "from __future__ import annotations\n\ndef f(a: int | None = 1 + 2) -> str | None:\n    return a or 3\n"
    spans = annotation_lines(source)
    in_annotation = Mutant("j", "m.py", "core/ReplaceBinaryOperator_BitOr_BitAnd", 0, 3, 13, "f")
    in_default = Mutant("j", "m.py", "core/ReplaceBinaryOperator_Add_Sub", 0, 3, 24, "f")
    in_return_annotation = Mutant("j", "m.py", "core/ReplaceBinaryOperator_BitOr_BitAnd", 1, 3, 40, "f")
    assert why_left_out(in_annotation, spans, []) == "in a type annotation"
    assert why_left_out(in_return_annotation, spans, []) == "in a type annotation"
    assert why_left_out(in_default, spans, []) is None


def test_an_equivalent_mutant_is_matched_by_its_line_not_its_number(tmp_path):
    line = mutation._words((mutation.PACKAGE / "handlers/devices.py").read_text().splitlines()[51])
    entry = Equivalent("handlers/devices.py", "core/AddNot", line, "a reason")
    assert entry.matches(_mutant("core/AddNot"))
    assert not entry.matches(_mutant("core/ReplaceAndWithOr"))
    assert why_left_out(_mutant("core/AddNot"), set(), [entry]) == "equivalent"


def test_an_entry_without_a_reason_is_refused(tmp_path):
    listed = tmp_path / "equivalent.toml"
    listed.write_text('[[equivalent]]\nmodule = "app.py"\noperator = "core/AddNot"\nline = "x"\nreason = " "\n')
    with pytest.raises(SystemExit, match="reason"):
        mutation.read_equivalents(listed)


def test_every_listed_equivalent_mutant_still_matches_a_line_of_the_server():
    """A reason for a line that changed is no reason: make mutation fails on it too, this says so sooner."""
    for entry in mutation.read_equivalents():
        lines = {mutation._words(line) for line in (mutation.PACKAGE / entry.module).read_text().splitlines()}
        assert entry.line in lines, f"{entry.module}: {entry.line!r} is no line of the server any more"


@pytest.mark.slow
def test_a_line_of_the_server_mutated_is_caught_by_the_suite(tmp_path):
    """Every kept mutant of `if imei is None and user is None:` (createDevice's rule that a device needs
    one of them) is judged and killed, in copies of the server: the checkout is left as it was."""
    before = (mutation.PACKAGE / "handlers/devices.py").read_text()
    line = before.splitlines().index("    if imei is None and user is None:") + 1  # found by text: lines move
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "selftest.mutation",
            "--only",
            f"handlers/devices.py:{line}",
            "--reports",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "mutation" / "mutation.json").read_text())
    outcomes = [result["outcome"] for result in report["results"]]
    assert outcomes and set(outcomes) == {"killed"}, report["results"]
    assert all(result["caught_by"].startswith("behaviour ") for result in report["results"])
    assert report["score"] == 100.0 and "Mutation score: 100.0 %" in run.stdout
    assert (mutation.PACKAGE / "handlers/devices.py").read_text() == before


def test_the_report_counts_each_outcome_names_each_survivor_and_fails_below_the_target(tmp_path, capsys):
    """Written after a half-hour run once ended in a traceback instead of its report."""
    import argparse
    from collections import Counter

    def result(outcome: str, line: int, caught_by: str = "behaviour list_order") -> mutation.Result:
        diff = f"--- a\n+++ b\n-    old line {line}\n+    new line {line}\n"
        return mutation.Result(_mutant("core/AddNot", line=line), outcome, caught_by, diff)

    args = argparse.Namespace(target=95.0, reports=str(tmp_path), workers=2)
    results = [result("killed", n) for n in range(18)] + [result("timed out", 18), result("survived", 19)]
    status = mutation.report(results, Counter({"in a type annotation": 3}), [], 61.0, args)
    printed = capsys.readouterr().out
    assert status == 0  # 19 of 20: 95 %
    assert "Mutation score: 95.0 % (19 of 20 mutants detected: 18 killed, 1 timed out; 1 survived" in printed
    assert "handlers/devices.py:19 core/AddNot in create_device" in printed and "+    new line 19" in printed
    data = json.loads((tmp_path / "mutation" / "mutation.json").read_text())
    assert data["score"] == 95.0 and data["counts"] == {"killed": 18, "timed out": 1, "survived": 1}
    assert (tmp_path / "mutation" / "mutation.md").read_text().startswith("Mutation score: 95.0 %")
    # One more survivor is below the target; a judge's own error is no kill, and fails the run too.
    assert mutation.report([*results, result("survived", 20)], Counter(), [], 1.0, args) == 1
    errored = [*results, result("judge error", 21, "JUDGE ERROR ImportError: x")]
    assert mutation.report(errored, Counter(), [], 1.0, args) == 1
    assert "Judge errors (the suite or its judge broke; no kill)" in capsys.readouterr().out
