"""The contract suite can fail, and fails only when it should.

Each deliberately broken server (selftest/broken.py) is caught by the check meant to catch it,
with a reproducer; the correct server, bare or behind a rate limiter, passes and is left as found.
`make contract-selftest` runs this file alone, at three seeds (SELFTEST_SEEDS=3); `make test` at
one. Runs use fixed seeds so that the verdict does not depend on the draw; the checks that catch
each variant are printed. Every behavioural rule and every check of the suite's own is broken by at
least one variant, and caught by it.

Each server is started as any server is, through the reference server's command (`--app`), and the
suite knows it over HTTP only. A variant meant for a Schemathesis check runs the whole suite; one
meant for a behavioural rule runs the behavioural part (the Schemathesis part takes most of a run's
time and holds none of those rules).
"""

from __future__ import annotations

import io
import os

import httpx
import pytest

from gigs_contract import behaviour, checks, run, spec
from gigs_contract.events import Summary
from gigs_contract.progress import Progress
from gigs_contract.verdict import EXIT_FAILED, EXIT_PASSED, Verdict
from selftest.broken import CORRECT, VARIANTS, app_reference, delete_keeps_device, list_oldest_first
from selftest.servers import serving

SEED = 20261125
# One seed in `make test`; `make contract-selftest` asks for three (a variant caught at one seed only
# may be caught by luck).
SEEDS = [SEED + n for n in range(int(os.environ.get("SELFTEST_SEEDS", "1")))]


def _quiet() -> Progress:
    return Progress(io.StringIO(), live=False, interval=60)


def test_every_rule_and_every_check_of_the_suite_s_own_is_broken_by_a_variant():
    """A rule that no broken server breaks has never been shown to fail: it may be unable to."""
    caught = {variant.caught_by for variant in VARIANTS.values()}
    assert [rule for rule in behaviour.RULES if rule not in caught] == []
    assert [check.__name__ for check in checks.CHECKS if check.__name__ not in caught] == []
    for name, variant in VARIANTS.items():
        assert (variant.caught_by in behaviour.RULES) == (variant.part == "behaviour"), name


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_suite_catches_a_broken_server(variant, seed, tmp_path, capsys):
    broken = VARIANTS[variant]
    with serving(app_reference(variant)) as target:
        if broken.part == "schemathesis":
            verdict, _ = run.run(target, run.Settings("fast", seed, tmp_path), _quiet())
        else:
            outcome = behaviour.run(target, "fast", seed, _quiet())
            verdict = Verdict(Summary(), outcome, spec.operations(), target.has_second_project)
    caught_by = sorted({failure.check for failure in verdict.failures()})
    with capsys.disabled():
        print(f"\n{variant} ({broken.description}), seed {seed}: caught by {', '.join(caught_by) or 'nothing'}")
    assert verdict.exit_status() == EXIT_FAILED, f"the suite passed a server whose {variant} breaks the contract"
    assert broken.caught_by in caught_by
    # Every failure comes with a reproducer whose last request is the one that failed.
    assert all(failure.steps for failure in verdict.failures())


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_one_bug_does_not_hide_another_nor_the_rules_after_it(seed):
    """A server with two bugs is reported with both, in one run, and every rule is still examined:
    a team fixing the first does not learn of the second only on its next run."""
    with serving(app_reference("two-bugs")) as target:
        outcome = behaviour.run(target, "fast", seed, _quiet())
    verdict = Verdict(Summary(), outcome, spec.operations(), target.has_second_project)
    broken = {failure.check for failure in verdict.failures()}
    assert {"list_deleted", "list_order"} <= broken, broken  # one bug each
    assert [row["rule"] for row in verdict.rule_rows() if row["state"] == "not run"] == []
    assert outcome.sequences - outcome.scenarios == behaviour.PROFILES["fast"][0]
    assert delete_keeps_device.__doc__ and list_oldest_first.__doc__  # the two bugs, as their variants state them


@pytest.mark.slow
@pytest.mark.parametrize("server", sorted(CORRECT))
def test_the_suite_passes_a_correct_server_and_leaves_it_as_it_found_it(server, tmp_path):
    with serving(app_reference(server)) as target:
        auth = {"Authorization": f"Bearer {target.token}"}
        before = _all_devices(target.base_url, target.project, auth)
        verdict, info = run.run(target, run.Settings("fast", SEED, tmp_path), _quiet())
        after = _all_devices(target.base_url, target.project, auth)
    # The headline shown on failure says why it did not pass; what is asserted is the verdict.
    assert verdict.exit_status() == EXIT_PASSED, verdict.headline()
    assert verdict.headline().startswith("PASSED: every operation exercised with 2xx answers"), verdict.headline()
    assert verdict.summary.cases > 300
    assert not verdict.unexercised()
    assert all(verdict.outcome.examined.get(rule) for rule in behaviour.RULES), verdict.outcome.examined
    assert verdict.outcome.unexercised() == []
    # Only devices the run created were changed, and it deleted every one of them.
    assert after == before


def _all_devices(base_url: str, project: str, auth: dict[str, str]) -> list[dict]:
    for _ in range(20):  # the rate-limited server refuses now and then
        answer = httpx.get(f"{base_url}/projects/{project}/devices", params={"limit": 200}, headers=auth)
        if answer.status_code != 429:
            return answer.json()["items"]
    raise AssertionError("the server never answered")
