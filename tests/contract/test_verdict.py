"""The verdict: PASSED only for a run that exercised every operation and passed every check and rule;
a run that could not test says so; "passed" is never said of what had nothing to examine."""

from __future__ import annotations

import json

from gigs_contract import spec
from gigs_contract.behaviour import PAIRS, RULES, Coverage, Outcome
from gigs_contract.behaviour.ledger import Violation
from gigs_contract.events import Summary
from gigs_contract.reproduce import Step
from gigs_contract.verdict import EXIT_CANNOT_TEST, EXIT_FAILED, EXIT_PASSED, Verdict


def _ran() -> Summary:
    summary = Summary(set(spec.operations()))
    summary.ran, summary.exit_status = True, 0
    return summary


def _every_pair_exercised() -> list[dict]:
    coverage = Coverage()
    for pair in PAIRS:
        coverage.saw(pair.write, pair.then)
    return coverage.table()


def _verdict(summary: Summary, failures: list[Violation] | None = None, *, isolation: bool = True) -> Verdict:
    operations = spec.operations()
    examined = dict.fromkeys(RULES, 1)
    outcome = Outcome(
        examined,
        failures or [],
        10,
        0,
        1,
        1,
        successes=dict.fromkeys(operations.values(), 1),
        interactions=_every_pair_exercised(),
    )
    return Verdict(summary, outcome, operations, isolation=isolation)


def test_every_operation_answered_2xx_and_nothing_failed_passes():
    verdict = _verdict(_ran())
    assert (verdict.exit_status(), verdict.status) == (EXIT_PASSED, "PASSED")


def test_a_run_where_schemathesis_did_not_run_is_not_tested():
    """It once passed: the behavioural half was green and Schemathesis's crash went unseen."""
    verdict = _verdict(Summary(set(spec.operations())))
    assert verdict.exit_status() == EXIT_CANNOT_TEST and "Schemathesis did not run" in verdict.headline()


def test_schemathesis_ending_in_an_error_is_not_tested_but_its_failures_are_a_verdict():
    errored = _ran()
    errored.exit_status = 1  # status 1 and no failure read: an error, not a verdict
    assert _verdict(errored).exit_status() == EXIT_CANNOT_TEST
    crashed = _ran()
    crashed.exit_status = 3
    assert "ended with status 3" in _verdict(crashed).headline()


def test_a_schemathesis_warning_that_voids_its_verdict_means_not_tested():
    summary = _ran()
    summary.read_warnings(
        [
            {"text": "Missing authentication: 10 operations returned only 401", "affects_verdict": True},
            {"text": "2 stateful links found nothing to follow", "affects_verdict": False},
        ]
    )
    verdict = _verdict(summary)
    assert verdict.exit_status() == EXIT_CANNOT_TEST
    assert "Missing authentication" in verdict.headline() and any("stateful links" in n for n in verdict.notes())


def test_an_operation_schemathesis_could_not_test_means_not_tested_a_run_wide_notice_is_a_note():
    """A check of the suite's that raised (it read a string's `.path`) was a note, and the phases an
    "error": the run said FAILED or PASSED on what it had not examined."""
    summary = _ran()
    broken = {"type": "AttributeError", "message": "'str' object has no attribute 'path'"}
    for phase in ("examples", "coverage"):  # the same error in two phases: one reason
        event = {"value": broken, "phase": phase, "label": "GET /deviceModels", "related_to_operation": True}
        summary.feed({"NonFatalError": event})
    notice = {"type": "NoLinksFound", "message": "All link definitions are excluded by filters\n\nLearn how"}
    summary.feed({"NonFatalError": {"value": notice, "phase": "stateful", "label": "Stateful tests"}})
    verdict = _verdict(summary)
    assert verdict.exit_status() == EXIT_CANNOT_TEST
    assert verdict.cannot_test() == [
        "Schemathesis could not test GET /deviceModels: AttributeError: 'str' object has no attribute 'path'"
    ]
    assert "Schemathesis error: NoLinksFound: All link definitions are excluded by filters" in verdict.notes()


def test_an_operation_no_part_of_the_suite_got_a_2xx_from_means_not_tested():
    verdict = _verdict(_ran())
    verdict.outcome.successes.pop("deleteDevice")
    assert verdict.exit_status() == EXIT_CANNOT_TEST and "deleteDevice" in verdict.headline()


def test_a_failure_outweighs_not_tested_and_the_headline_says_both():
    violation = Violation("list_order", "listDevices", "oldest first")
    violation.transcript = [Step("GET", "http://x/projects/p/devices", (), None, 200, key="GIGS_TOKEN")]
    verdict = _verdict(_ran(), [violation])
    verdict.outcome.successes.pop("deleteDevice")
    assert verdict.exit_status() == EXIT_FAILED
    assert verdict.headline().startswith("FAILED: 1 distinct failure; and not fully tested: no 2xx answer")


def test_a_rule_that_examined_nothing_is_not_run_never_passed_and_the_run_is_not_tested():
    """It once said "every check and rule passed" of a run whose behavioural half examined nothing."""
    verdict = _verdict(_ran())
    verdict.outcome.examined.pop("list_order")
    rows = {row["rule"]: row["state"] for row in verdict.rule_rows()}
    assert rows["list_order"] == "not run" and rows["list_limit"] == "passed"
    assert verdict.exit_status() == EXIT_CANNOT_TEST
    assert verdict.headline() == "NOT TESTED: behavioural rules that examined nothing: list_order"


def test_a_run_that_examined_no_rule_at_all_is_not_tested():
    verdict = _verdict(_ran())
    verdict.outcome.examined.clear()
    assert verdict.exit_status() == EXIT_CANNOT_TEST and all(rule in verdict.headline() for rule in RULES)


def test_without_a_second_project_its_rules_are_not_applicable_and_the_headline_says_so():
    verdict = _verdict(_ran(), isolation=False)
    verdict.outcome.examined.pop("project_isolation")
    rows = {row["rule"]: row["state"] for row in verdict.rule_rows()}
    assert rows["project_isolation"] == "not applicable"
    assert verdict.exit_status() == EXIT_PASSED
    assert verdict.headline().endswith("not applicable with one project: project_isolation, cross_project_isolation")
    # With a second project configured, the same rule examining nothing is not tested.
    assert _verdict(_ran(), isolation=True).exit_status() == EXIT_PASSED
    with_second = _verdict(_ran(), isolation=True)
    with_second.outcome.examined.pop("project_isolation")
    assert with_second.exit_status() == EXIT_CANNOT_TEST


def test_an_interaction_the_run_could_not_bring_about_makes_it_not_tested_and_is_named():
    verdict = _verdict(_ran())
    row = next(row for row in verdict.outcome.interactions if row["then"] == "create with its SIM")
    row["exercised"] = 0
    assert verdict.exit_status() == EXIT_CANNOT_TEST
    assert f"{row['write']} → create with its SIM" in verdict.headline()
    # What the project lacked, and what to set, when that is why.
    verdict.outcome.users, verdict.outcome.free_sims = 1, 0
    assert verdict.headline().endswith(
        "(the run knew 1 user and 0 free SIMs of the project, and needs two and three: give them in"
        " GIGS_USER_IDS and GIGS_SIM_IDS)"
    )
    verdict.outcome.users, verdict.outcome.free_sims = 4, 6
    assert "GIGS_SIM_IDS" not in verdict.headline()


def test_an_error_of_the_suite_s_own_is_not_tested_never_a_failure_of_the_server():
    """It was once reported as the server breaking `answers_parse` on operation `?`."""
    traceback = "Traceback (most recent call last):\n  File \"session.py\", line 1, in create\nKeyError: 'items'"
    verdict = _verdict(_ran())
    verdict.outcome.suite_errors.append(traceback)
    assert (verdict.exit_status(), verdict.status) == (EXIT_CANNOT_TEST, "NOT TESTED")
    assert verdict.headline() == (
        "NOT TESTED: the suite failed, not the server: KeyError: 'items' (the traceback is in the report)"
    )
    assert not verdict.failures()
    # A failure of the server's found in the same run is kept and named, but cannot make the verdict.
    violation = Violation("list_order", "listDevices", "oldest first")
    with_failure = _verdict(_ran(), [violation])
    with_failure.outcome.suite_errors.append(traceback)
    assert with_failure.exit_status() == EXIT_CANNOT_TEST
    assert with_failure.headline().endswith("and 1 failure of the server's, listed below")


def test_every_surface_shows_the_suite_s_traceback(tmp_path):
    from junitparser import JUnitXml

    from gigs_contract import report
    from gigs_contract.report import console
    from gigs_contract.verdict import RunInfo

    traceback = 'Traceback (most recent call last):\n  File "observe.py", line 9, in walk\nZeroDivisionError: boom'
    verdict = _verdict(_ran())
    verdict.outcome.suite_errors.append(traceback)
    info = RunInfo("a server", "http://x", "fast", 1, "again", "2026-12-02T00:00:00Z", {"total": 1.0}, {})
    report.write(verdict, info, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["verdict"] == "NOT TESTED" and summary["exit_status"] == 2
    assert summary["suite_errors"] == [traceback]
    assert "ZeroDivisionError: boom" in (tmp_path / "index.html").read_text()
    case = next(
        case for suite in JUnitXml.fromfile(str(tmp_path / "junit.xml")) if suite.name == "contract" for case in suite
    )
    assert "observe.py" in case.result[0].text
    assert "ZeroDivisionError: boom" in console.render(verdict, info, {})


def test_summary_json_is_plain_data(tmp_path):
    from gigs_contract import report
    from gigs_contract.verdict import RunInfo

    info = RunInfo("a server", "http://x", "fast", 1, "again", "2026-12-02T00:00:00Z", {"total": 1.0}, {})
    report.write(_verdict(_ran()), info, tmp_path)
    assert json.loads((tmp_path / "summary.json").read_text())["verdict"] == "PASSED"


def _served_valid_data(summary: Summary, operation: str, status: int) -> None:
    case = {
        "value": {
            "method": operation.split()[0],
            "path": operation.split()[1],
            "meta": {"generation": {"mode": "positive"}},
        }
    }
    summary.feed(
        {
            "ScenarioFinished": {
                "recorder": {
                    "label": operation,
                    "cases": {"c1": case},
                    "interactions": {"c1": {"request": {}, "response": {"status_code": status}}},
                    "checks": {"c1": [{"name": "not_a_server_error", "status": "success"}]},
                }
            }
        }
    )


def test_a_rejected_data_warning_is_withdrawn_for_an_operation_that_served_valid_data_elsewhere_in_the_run():
    """It once failed a correct server behind a rate limiter: Schemathesis judges each phase apart,
    and the limiter's 429s had taken the three valid cases of one phase that the server would have
    served, so the phase's rejected cursors made the whole "mostly rejected"."""
    operation = "GET /projects/{project}/devices"
    warning = {
        "title": "Schema validation mismatch",
        "text": f"Schema validation mismatch: 1 operation mostly rejected generated data ({operation})",
        "affects_verdict": True,
        "operations": [operation],
    }
    served = _ran()
    _served_valid_data(served, operation, 200)
    served.read_warnings([warning])
    assert _verdict(served).exit_status() == EXIT_PASSED
    assert any("withdrawn" in note and operation in note for note in _verdict(served).notes())
    never_served = _ran()
    _served_valid_data(never_served, operation, 422)
    never_served.read_warnings([warning])
    assert _verdict(never_served).exit_status() == EXIT_CANNOT_TEST


def _rejected_negative_query(summary: Summary, query: str, negative: tuple[str, ...] = ("query",)) -> None:
    components = {part: {"mode": "negative" if part in negative else "positive"} for part in ("query", "header")}
    case = {
        "value": {
            "method": "GET",
            "path": "/deviceModels",
            "meta": {"generation": {"mode": "negative"}, "components": components},
        }
    }
    failed = {
        "name": "negative_data_rejection",
        "status": "failure",
        "failure_info": {"failure": {"title": "Schema-violating request accepted", "message": "m"}},
    }
    request = {"method": "GET", "uri": f"http://x/deviceModels?{query}", "headers": {}}
    summary.feed(
        {
            "ScenarioFinished": {
                "recorder": {
                    "label": "GET /deviceModels",
                    "cases": {"c1": case},
                    "interactions": {"c1": {"request": request, "response": {"status_code": 200}}},
                    "checks": {"c1": [failed]},
                }
            }
        }
    )


def test_an_invalid_query_that_was_valid_as_sent_is_no_failure_and_the_notes_say_so():
    """Schemathesis 4.32 generated `hardwareIdentifier` as the number 3.67e16 and `limit` as an object:
    sent, the one is a valid string and the other is left out, so the server rightly answered 200, and
    the run failed a correct server (schemathesis#4600, fixed after the 4.32 the suite is held to)."""
    summary = _ran()
    summary.exit_status = 1  # Schemathesis still counts it a failure, and says so with its status
    _rejected_negative_query(summary, "hardwareIdentifier=3.671418247411393e%2B16")
    verdict = _verdict(summary)
    assert verdict.exit_status() == EXIT_PASSED and not verdict.failures()
    assert any("1 case withdrawn" in note and "GET /deviceModels" in note for note in verdict.notes())
    rows = {row["operation"]: row for row in verdict.operation_rows()}
    assert rows["GET /deviceModels"]["checks"]["negative_data_rejection"] == "passed"


def test_an_invalid_query_still_invalid_as_sent_stays_a_failure():
    for query, negative in (("limit=500", ("query",)), ("type=nope", ("query",)), ("brand=Apple", ("query", "header"))):
        summary = _ran()
        _rejected_negative_query(summary, query, negative)
        assert [f.check for f in _verdict(summary).failures()] == ["negative_data_rejection"], query
