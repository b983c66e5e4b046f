"""The contract suite can fail, and fails only when it should.

Each deliberately broken server (selftest/broken.py) is caught by the check meant to catch it,
with a reproducer; the correct server, bare or behind a rate limiter, passes and is left as found.
`make contract-selftest` runs this file alone. Runs use a fixed seed so that the verdict does not
depend on the draw; the checks that catch each variant are printed.

Each server is started as any server is, through the reference server's command (`--app`), and the
suite knows it over HTTP only. A variant meant for a Schemathesis check runs the whole suite; one
meant for a behavioural rule runs the behavioural part (the Schemathesis part takes most of a run's
time and holds none of those rules).
"""

from __future__ import annotations

import io

import httpx
import pytest

from gigs_contract import behaviour, run, spec
from gigs_contract.progress import Progress
from gigs_contract.verdict import EXIT_FAILED, EXIT_PASSED, Summary, Verdict
from selftest.broken import CORRECT, VARIANTS, app_reference
from selftest.servers import serving

pytestmark = pytest.mark.slow

SEED = 20261125


def _quiet() -> Progress:
    return Progress(io.StringIO(), live=False, interval=60)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_suite_catches_a_broken_server(variant, tmp_path, capsys):
    broken = VARIANTS[variant]
    with serving(app_reference(variant)) as target:
        if broken.part == "schemathesis":
            verdict, _ = run.run(target, run.Settings("fast", SEED, tmp_path), _quiet())
        else:
            outcome = behaviour.run(target, "fast", SEED, _quiet())
            verdict = Verdict(Summary(), outcome, spec.operations(), target.has_second_project)
    caught_by = sorted({failure.check for failure in verdict.failures()})
    with capsys.disabled():
        print(f"\n{variant} ({broken.description}): caught by {', '.join(caught_by) or 'nothing'}")
    assert verdict.exit_status() == EXIT_FAILED, f"the suite passed a server whose {variant} breaks the contract"
    assert broken.caught_by in caught_by
    # Every failure comes with a reproducer whose last request is the one that failed.
    assert all(failure.steps for failure in verdict.failures())


@pytest.mark.parametrize("server", sorted(CORRECT))
def test_the_suite_passes_a_correct_server_and_leaves_it_as_it_found_it(server, tmp_path):
    with serving(app_reference(server)) as target:
        auth = {"Authorization": f"Bearer {target.token}"}
        before = _all_devices(target.base_url, target.project, auth)
        verdict, info = run.run(target, run.Settings("fast", SEED, tmp_path), _quiet())
        after = _all_devices(target.base_url, target.project, auth)
    assert (verdict.exit_status(), verdict.headline()) == (EXIT_PASSED, verdict.headline())
    assert verdict.summary.cases > 300
    assert not verdict.unexercised()
    assert all(verdict.outcome.examined.get(rule) for rule in behaviour.RULES), verdict.outcome.examined
    # Only devices the run created were changed, and it deleted every one of them.
    assert after == before


def _all_devices(base_url: str, project: str, auth: dict[str, str]) -> list[dict]:
    for _ in range(20):  # the rate-limited server refuses now and then
        answer = httpx.get(f"{base_url}/projects/{project}/devices", params={"limit": 200}, headers=auth)
        if answer.status_code != 429:
            return answer.json()["items"]
    raise AssertionError("the server never answered")
