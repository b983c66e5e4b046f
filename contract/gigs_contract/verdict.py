"""The verdict of a contract run: Schemathesis's events and the behavioural suite's outcome as one
result, which every surface (console, HTML, JUnit, summary.json, exit status) renders and none adds to.

- "passed" means examined and passed: a check that had nothing to examine is "not run", never passed.
- One failure per cause: failures are grouped by check (or rule) and operation, each with the
  shortest sequence of requests found to show it, the failing request last.
- A run that could not test (no 2xx for an operation, rate-limited answers, an unreachable server, a
  preflight refused) is NOT TESTED and exits 2 rather than 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import spec
from .baseline import Baseline, Entry
from .behaviour import RULES, Outcome
from .events import OTHER_METHODS, Failure, Summary

# Rules that need a second project (GIGS_TOKEN_2, GIGS_PROJECT_2): without one they do not apply.
RULES_NEEDING_A_SECOND_PROJECT = ("project_isolation",)
# Past this share of 429 answers, too many of Schemathesis's cases tested the rate limiter rather than
# the API: no verdict. (A server that limits now and then still gets one.)
MAX_RATE_LIMITED_SHARE = 0.25
EXIT_PASSED, EXIT_FAILED, EXIT_CANNOT_TEST, EXIT_INTERRUPTED = 0, 1, 2, 130
PASSED, FAILED, NOT_TESTED = "PASSED", "FAILED", "NOT TESTED"
INTERRUPTED = "interrupted"  # a Verdict's reason when the run was stopped (Ctrl-C, SIGTERM)
EXIT_STATUSES = {
    EXIT_PASSED: "passed: every operation got 2xx answers, and no check or rule failed",
    EXIT_FAILED: "failed: the server broke the contract (each failure with its reproducer)",
    EXIT_CANNOT_TEST: "not tested: the suite could not test the server (down, wrong URL or key, rate-limited,"
    " an operation or a rule it could not exercise), the suite itself failed, or the command line was wrong",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C or SIGTERM): no verdict; the devices the run created were deleted",
}


@dataclass
class Verdict:
    """The run's one result. `reason` is set when the run stopped before it could test at all."""

    summary: Summary
    outcome: Outcome | None
    operations: dict[str, str]  # "GET /deviceModels" → operationId: every operation of the spec
    isolation: bool = False  # a second project was configured
    reason: str | None = None  # why the run could not test (preflight, unreachable, interrupted)
    accept_not_implemented: bool = False  # --accept-not-implemented: such operations do not void the verdict
    baseline: Baseline | None = None  # --baseline: the failures a team has accepted, for a while

    def not_implemented(self) -> list[str]:
        """Operations the server answered only `501 notImplemented` (and errors), never 2xx."""
        return sorted(
            op_id
            for operation, op_id in self.operations.items()
            if self.summary.not_implemented[operation] and not self.summary.successes[operation]
        )

    def unexercised(self) -> list[str]:
        """Operations no 2xx answer reached, from either part of the suite (not-implemented ones apart)."""
        behaviour = self.outcome.successes if self.outcome else {}
        missing = set(self.not_implemented())
        return sorted(
            op_id
            for operation, op_id in self.operations.items()
            if not self.summary.successes[operation] and not behaviour.get(op_id) and op_id not in missing
        )

    def rules_that_apply(self) -> list[str]:
        """The behavioural rules this server can be held to: all but another project's, without one,
        and the filters' while the spec has any."""
        return [
            rule
            for rule in RULES
            if (self.isolation or rule not in RULES_NEEDING_A_SECOND_PROJECT)
            and (rule != "list_filters" or spec.device_filters())  # a spec with no filter has nothing to hold
        ]

    def unexamined(self) -> list[str]:
        """Rules that apply and examined nothing: a run that says so cannot say they passed."""
        if self.outcome is None:
            return []
        return [rule for rule in self.rules_that_apply() if not self.outcome.examined.get(rule)]

    def suite_failed(self) -> list[str]:
        """Errors in the suite's own code, a traceback each (no failure of the server's)."""
        return self.outcome.suite_errors if self.outcome else []

    def _what_was_missing(self) -> str:
        """Why a run could not bring interactions about, when the project lacked what they need."""
        outcome = self.outcome
        if outcome is None or (outcome.users >= 2 and outcome.free_sims >= 3):
            return ""
        return (
            f" (the run knew {outcome.users} user{'s' * (outcome.users != 1)} and {outcome.free_sims} free"
            f" SIM{'s' * (outcome.free_sims != 1)} of the project, and needs two and three: give them in"
            " GIGS_USER_IDS and GIGS_SIM_IDS)"
        )

    def cannot_test(self) -> list[str]:
        reasons = [self.reason] if self.reason else []
        for error in self.suite_failed():
            last = error.strip().splitlines()[-1]
            reasons.append(f"the suite failed, not the server: {last} (the traceback is in the report)")
        reasons += self.summary.doubts
        if not self.reason:
            reasons += self.summary.failed_to_run()
        if self.outcome and self.outcome.cannot_test:
            reasons.append(self.outcome.cannot_test)
        if not self.reason and (missing := self.unexercised()):
            reasons.append(f"no 2xx answer for {', '.join(missing)}: the suite could not exercise them")
        if not self.reason and self.outcome and not self.outcome.cannot_test:
            if unexamined := self.unexamined():
                reasons.append(f"behavioural rules that examined nothing: {', '.join(unexamined)}")
            if pairs := self.outcome.unexercised():
                reasons.append(
                    f"interactions the run could not bring about ({len(pairs)}): {'; '.join(pairs[:6])}"
                    + ("; …" if len(pairs) > 6 else "")
                    + self._what_was_missing()
                )
        if (absent := self.not_implemented()) and not self.accept_not_implemented:
            reasons.append(
                f"not implemented by the server (501 notImplemented): {', '.join(absent)}; "
                "--accept-not-implemented passes the rest of the contract without them"
            )
        answers = self.summary.answers()
        if answers and self.summary.rate_limited / answers > MAX_RATE_LIMITED_SHARE:
            reasons.append(
                f"rate-limited: {self.summary.rate_limited} of {answers} Schemathesis answers were 429 "
                "(lower GIGS_MAX_RPS)"
            )
        return reasons

    def found(self) -> list[Failure]:
        """Every failure the run found, accepted ones included."""
        behaviour = [
            Failure("behaviour", v.rule, v.operation, [v.message], 1, v.transcript)
            for v in (self.outcome.failures if self.outcome else [])
        ]
        # What an operation the server has not implemented failed (its 501s, valid data refused) says
        # it is not there, which cannot_test reports; it is no failure of what is there.
        absent = set(self.not_implemented())
        there = [g for g in self.summary.groups.values() if self.operations.get(g.operation) not in absent]
        return there + behaviour

    def operation_id(self, failure: Failure) -> str:
        return self.operations.get(failure.operation, failure.operation)

    def accepted(self) -> list[tuple[Failure, Entry]]:
        """The failures the baseline accepts, each with the entry that does."""
        if self.baseline is None:
            return []
        pairs = [(f, self.baseline.accepting(f.check, self.operation_id(f))) for f in self.found()]
        return [(failure, entry) for failure, entry in pairs if entry is not None]

    def failures(self) -> list[Failure]:
        """The failures that count: those found, less the accepted."""
        accepted = {(f.part, f.check, f.operation) for f, _ in self.accepted()}
        return [f for f in self.found() if (f.part, f.check, f.operation) not in accepted]

    def stale(self) -> list[Entry]:
        """Active baseline entries that accepted nothing though their check was examined: fixed."""
        if self.baseline is None:
            return []
        used = {id(entry) for _, entry in self.accepted()}
        return [e for e in self.baseline.active() if id(e) not in used and self._examined(e.check, e.operation)]

    def _examined(self, check: str, operation_id: str | None) -> bool:
        if check in RULES:
            return bool(self.outcome and self.outcome.examined.get(check))
        return any(
            self.summary.examined[label][check]
            for label, op_id in self.operations.items()
            if operation_id in (None, op_id)
        )

    @property
    def status(self) -> str:
        if self.suite_failed():
            return NOT_TESTED  # a verdict on the server cannot stand on a suite that broke
        if self.failures():
            return FAILED
        return NOT_TESTED if self.cannot_test() else PASSED

    def exit_status(self) -> int:
        if self.reason == INTERRUPTED:
            return EXIT_INTERRUPTED  # what the command exits with, which every surface must say too
        return {PASSED: EXIT_PASSED, FAILED: EXIT_FAILED, NOT_TESTED: EXIT_CANNOT_TEST}[self.status]

    def headline(self) -> str:
        """The verdict in one sentence, the same on every surface."""
        status = self.status
        if status == FAILED:
            count = len(self.failures())
            return f"FAILED: {count} distinct failure{'s' * (count != 1)}" + (
                f"; and not fully tested: {'; '.join(self.cannot_test())}" if self.cannot_test() else ""
            )
        if status == NOT_TESTED:
            found = len(self.failures())
            also = f"; and {found} failure{'s' * (found != 1)} of the server's, listed below" if found else ""
            return "NOT TESTED: " + "; ".join(self.cannot_test()) + also
        passed = "PASSED: every operation exercised with 2xx answers, every rule and interaction examined, and passed"
        if self.baseline is not None and (accepted := self.accepted()):
            passed += f"; {len(accepted)} accepted deviation{'s' * (len(accepted) != 1)} ({self.baseline.path.name})"
        if not self.isolation:
            passed += "; not applicable with one project: project_isolation, cross_project_isolation"
        return passed

    def notes(self) -> list[str]:
        notes = list(self.summary.notes)
        for failure, entry in self.accepted():
            notes.append(f"accepted deviation: {failure.title}, by {entry.describe()}")
        for entry in self.stale():
            notes.append(f"stale baseline entry: {entry.describe()} accepted nothing: the check passed; delete it")
        for entry in self.baseline.expired() if self.baseline else []:
            notes.append(f"expired baseline entry: {entry.describe()} accepts nothing any more")
        for operation, count in sorted(self.summary.withdrawn.items()):
            notes.append(
                f"negative_data_rejection on {operation}: {count} case{'s' * (count != 1)} withdrawn, whose"
                " invalid query was valid as sent (Schemathesis 4.32 judges what it generated: schemathesis#4600)"
            )
        if self.accept_not_implemented and (absent := self.not_implemented()):
            notes.append(f"not tested, as the server does not implement them (501): {', '.join(absent)}")
        if not self.isolation:
            notes.append(
                "cross_project_isolation and project_isolation: not run, as only one project is configured"
                " (set GIGS_TOKEN_2 and GIGS_PROJECT_2)"
            )
        if self.outcome and self.outcome.budget_stopped:
            random = self.outcome.sequences - self.outcome.scenarios
            notes.append(
                f"the random sequences stopped after {self.outcome.explored} of {random}: {self.outcome.budget_stopped};"
                " every scenario and the catalogue ran, and what ran is the verdict"
            )
        if self.outcome and self.outcome.rate_limited:
            notes.append(f"the behavioural suite waited out {self.outcome.rate_limited} answers 429 (Retry-After)")
        if self.outcome and self.outcome.leftovers:
            notes.append(f"devices the run created and could not delete: {', '.join(self.outcome.leftovers)}")
        return notes

    # The two halves, as rows every surface shows ------------------------------------------------

    def operation_rows(self) -> list[dict[str, Any]]:
        """Per operation, what Schemathesis examined: cases, 2xx, valid cases, and each check's state."""
        summary = self.summary
        names = sorted(summary.checks_run)
        rows = []
        failures = self.failures()  # once: each call builds the failures and matches the baseline again
        labels = sorted(self.operations, key=lambda name: name.split(" ")[::-1])
        if summary.cases_by_operation[OTHER_METHODS]:
            labels.append(OTHER_METHODS)
        for label in labels:
            absent = self.operations.get(label) in self.not_implemented()
            theirs = [f for f in failures if f.part == "schemathesis" and f.operation == label]
            counted = {f.check for f in theirs}
            states = {
                check: "not implemented"
                if absent
                else ("failed" if check in counted else "accepted")
                if summary.failed[label][check]
                else ("passed" if summary.examined[label][check] else "not run")
                for check in names
            }
            rows.append(
                {
                    "operation": label,
                    "operation_id": self.operations.get(label, label),
                    "cases": summary.cases_by_operation[label],
                    "successes": summary.successes[label],
                    "valid": summary.valid[label],
                    "valid_successes": summary.valid_successes[label],
                    "checks": states,
                    "failures": theirs,
                }
            )
        return rows

    def interaction_rows(self) -> list[dict[str, Any]]:
        """Each interaction of the table (a write, then a view or a later write), with how often it was exercised."""
        return list(self.outcome.interactions) if self.outcome else []

    def rule_rows(self) -> list[dict[str, Any]]:
        """Per behavioural rule: what it states, the answers it examined, its failures."""
        outcome = self.outcome
        failures = [f for f in self.failures() if f.part == "behaviour"]
        accepted = {f.check for f, _ in self.accepted() if f.part == "behaviour"}
        rows = []
        applies = set(self.rules_that_apply())
        for rule, statement in RULES.items():
            examined = outcome.examined.get(rule, 0) if outcome else 0
            failed = [f for f in failures if f.check == rule]
            state = (
                "failed"
                if failed
                else "accepted"
                if rule in accepted
                else "passed"
                if examined
                else "not run"
                if rule in applies
                else "not applicable"
            )
            rows.append(
                {"rule": rule, "statement": statement, "examined": examined, "state": state, "failures": failed}
            )
        return rows


@dataclass
class RunInfo:
    """What the reports say about the run itself."""

    target: str  # Target.describe()
    base_url: str
    profile: str
    seed: int
    again: str  # the command that repeats the run
    started: str  # ISO 8601, UTC
    timings: dict[str, float] = field(default_factory=dict)  # part → seconds
    versions: dict[str, str] = field(default_factory=dict)
