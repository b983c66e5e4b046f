"""The verdict: exit 0 only for a run that exercised every operation and passed every check."""

from __future__ import annotations

import json

from gigs_contract.__main__ import spec_operations
from gigs_contract.behaviour import Outcome
from gigs_contract.report import EXIT_CANNOT_TEST, EXIT_PASSED, Summary, Verdict


def _verdict(summary: Summary) -> Verdict:
    operations = spec_operations()
    outcome = Outcome({}, [], 0, 0, 0, 0, successes=dict.fromkeys(operations.values(), 1))
    return Verdict(summary, outcome, operations, isolation=True)


def test_every_operation_answered_2xx_and_nothing_failed_passes():
    assert _verdict(Summary()).exit_status() == EXIT_PASSED


def test_a_schemathesis_warning_that_voids_its_verdict_means_not_tested(tmp_path):
    warnings = tmp_path / "warnings.json"
    warnings.write_text(
        json.dumps(
            [
                {"text": "Missing authentication: 10 operations returned only 401", "affects_verdict": True},
                {"text": "2 stateful links found nothing to follow", "affects_verdict": False},
            ]
        )
    )
    summary = Summary()
    summary.read_warnings(warnings)
    verdict = _verdict(summary)
    assert verdict.exit_status() == EXIT_CANNOT_TEST
    assert "Missing authentication" in verdict.render() and "stateful links" in verdict.render()


def test_a_warning_that_leaves_the_verdict_standing_is_shown_but_passes(tmp_path):
    warnings = tmp_path / "warnings.json"
    warnings.write_text(json.dumps([{"text": "2 stateful links found nothing to follow", "affects_verdict": False}]))
    summary = Summary()
    summary.read_warnings(warnings)
    verdict = _verdict(summary)
    assert verdict.exit_status() == EXIT_PASSED and "Note: Schemathesis warning: 2 stateful" in verdict.render()


def test_an_operation_no_part_of_the_suite_got_a_2xx_from_means_not_tested():
    verdict = _verdict(Summary())
    verdict.outcome.successes.pop("deleteDevice")
    assert verdict.exit_status() == EXIT_CANNOT_TEST and "deleteDevice" in verdict.render()
