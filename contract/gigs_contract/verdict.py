"""The verdict of a contract run: Schemathesis's events and the behavioural suite's outcome as one
result, which every surface (console, HTML, JUnit, summary.json, exit status) renders and none adds to.

- "passed" means examined and passed: a check that had nothing to examine is "not run", never passed.
- One failure per cause: failures are grouped by check (or rule) and operation, each with the
  shortest sequence of requests found to show it, the failing request last.
- A run that could not test (no 2xx for an operation, rate-limited answers, an unreachable server, a
  preflight refused) is NOT TESTED and exits 2 rather than 0.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import checks, spec
from .baseline import Baseline, Entry
from .behaviour import RULES, Outcome
from .reproduce import Step

# Rules that need a second project (GIGS_TOKEN_2, GIGS_PROJECT_2): without one they do not apply.
RULES_NEEDING_A_SECOND_PROJECT = ("project_isolation",)
# The API's own checks, beside Schemathesis's built-in ones (gigs_contract/checks.py).
OWN_CHECKS = tuple(check.__name__ for check in checks.CHECKS)
OTHER_METHODS = "(undocumented methods)"
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


def _examined(check: str, case: dict, status: int | None, second_project: bool) -> bool:
    """Whether a Schemathesis check had anything to examine in a case: Schemathesis records every
    check as passed on every case, including those it does not apply to."""
    meta = case.get("meta") or {}
    mode = (meta.get("generation") or {}).get("mode")
    phase = (meta.get("phase") or {}).get("name")
    if status is None:
        return False
    if check in OWN_CHECKS:
        keyed = any(name.lower() == "authorization" for name in case.get("headers") or {})
        return checks.examines(
            check,
            case.get("method", ""),
            case.get("path", ""),
            status,
            mode=mode,
            second_project=second_project,
            keyed=keyed,
        )
    if check == "positive_data_acceptance":
        return mode == "positive"
    if check == "negative_data_rejection":
        return mode == "negative"
    if check == "ignored_auth":
        return 200 <= status < 300  # it sends the request again without a valid key after a success
    if check in ("use_after_free", "ensure_resource_availability"):
        return phase == "stateful"
    return True


@dataclass
class Failure:
    """One cause: a check or rule failing on an operation, with its messages and a reproducer."""

    part: str  # "schemathesis" or "behaviour"
    check: str  # a Schemathesis check, or a behavioural rule
    operation: str  # "GET /deviceModels" or an operationId
    messages: list[str] = field(default_factory=list)
    count: int = 0
    steps: list[Step] = field(default_factory=list)  # the shortest sequence found, the failing request last

    @property
    def title(self) -> str:
        return f"{self.check} on {self.operation}"


# Schemathesis's warnings that one phase's valid cases were all turned away (see Summary.read_warnings).
PER_PHASE_REJECTION_WARNINGS = {"Schema validation mismatch", "Missing test data"}


@dataclass
class Summary:
    """What Schemathesis did, read from its NDJSON events (fed as they come, for progress)."""

    operations: set[str] = field(default_factory=set)  # the spec's, "GET /deviceModels": the table's rows
    second_project: bool = False
    examined: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # operation → check → answers
    failed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    checks_run: set[str] = field(default_factory=set)
    cases: int = 0
    cases_by_operation: Counter = field(default_factory=Counter)
    successes: Counter = field(default_factory=Counter)  # operation → 2xx answers
    valid: Counter = field(default_factory=Counter)  # operation → cases generated valid (positive)
    valid_successes: Counter = field(default_factory=Counter)  # ... of which answered 2xx
    # operation → answers 501 `notImplemented`: an operation the spec has and the server does not yet
    not_implemented: Counter = field(default_factory=Counter)
    rate_limited: int = 0
    # operation → negative_data_rejection failures withdrawn: the query was valid as sent
    withdrawn: Counter = field(default_factory=Counter)
    groups: dict[tuple[str, str], Failure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # skipped phases, errors: shown in the summary, not scrolled away
    doubts: list[str] = field(default_factory=list)  # Schemathesis's warnings that the verdict may not hold
    # Every object a create of the run made, by ID, with the request that made it: a failing chain
    # that names one it did not make itself starts with it, so that its reproducer stands alone.
    creations: dict[str, Step] = field(default_factory=dict)
    phase: str | None = None  # the phase running now
    ran: bool = False  # Schemathesis started, and wrote events
    exit_status: int | None = None  # its process's, once it ended
    log: str = "reports/schemathesis/output.log"  # its console output: where the run's --reports put it

    def feed(self, event: dict[str, Any]) -> None:
        kind, payload = next(iter(event.items()))
        self.ran = True
        if kind == "PhaseStarted":
            self.phase = (payload.get("phase") or {}).get("name")
        elif kind == "ScenarioFinished":
            self._read_scenario(payload.get("recorder") or {})
        elif kind == "PhaseFinished" and payload.get("status") not in ("success", None):
            self.notes.append(f"Schemathesis phase {payload['phase']['name']}: {payload['status']}")
        elif kind == "NonFatalError" and payload.get("related_to_operation"):
            # An operation's tests could not run (a check of the suite's that raised, say): what they
            # would have examined was not examined, so no verdict can say it passed.
            doubt = f"Schemathesis could not test {payload.get('label', '?')}: {_error_text(payload)}"
            if doubt not in self.doubts:
                self.doubts.append(doubt)
        elif kind == "NonFatalError":
            self.notes.append(f"Schemathesis error: {_error_text(payload)}")
        elif kind == "EngineFinished" and payload.get("stop_reason") not in ("completed", None):
            self.notes.append(f"Schemathesis stopped early: {payload['stop_reason']}")

    def _read_scenario(self, recorder: dict) -> None:
        cases, interactions = recorder.get("cases", {}), recorder.get("interactions", {})
        for case_id in interactions:
            step = _step(case_id, interactions, carried_key=True)
            if step is not None and step.created:
                self.creations.setdefault(step.created, step)
        for case_id, case_checks in recorder.get("checks", {}).items():
            case = cases.get(case_id, {}).get("value", {})
            operation = f"{case.get('method', '?')} {case.get('path', recorder.get('label'))}"
            if operation not in self.operations:
                operation = OTHER_METHODS
            status = ((interactions.get(case_id) or {}).get("response") or {}).get("status_code")
            self.cases += 1
            self.cases_by_operation[operation] += 1
            success = status is not None and 200 <= status < 300
            self.successes[operation] += success
            if ((case.get("meta") or {}).get("generation") or {}).get("mode") == "positive":
                self.valid[operation] += 1
                self.valid_successes[operation] += success
            if status == 429:
                self.rate_limited += 1
            if status == 501 and _error_type(interactions.get(case_id)) == "notImplemented":
                self.not_implemented[operation] += 1
            for check in case_checks:
                name = check["name"]
                self.checks_run.add(name)
                if check["status"] != "success" and self._valid_as_sent(name, case, interactions.get(case_id)):
                    self.withdrawn[operation] += 1
                    self.examined[operation][name] += 1
                elif check["status"] != "success":
                    self.failed[operation][name] += 1
                    self.examined[operation][name] += 1
                    steps = _chain(case_id, cases, interactions, name)
                    self._add_failure(operation, name, check, _standing_alone(steps, self.creations))
                elif _examined(name, case, status, self.second_project):
                    self.examined[operation][name] += 1

    @staticmethod
    def _valid_as_sent(check: str, case: dict, interaction: dict | None) -> bool:
        """A `negative_data_rejection` failure on a case whose only invalid part was its query, which
        was valid once sent: Schemathesis 4.32 judges the value it generated, not the one that went out
        (a number is text in a URL, an object is left out; schemathesis#4600, fixed after 4.32)."""
        if check != "negative_data_rejection":
            return False
        components = (case.get("meta") or {}).get("components") or {}
        negative = {part for part, info in components.items() if (info or {}).get("mode") == "negative"}
        uri = ((interaction or {}).get("request") or {}).get("uri")
        if negative != {"query"} or not uri or "?" not in uri:
            return False
        path = case.get("path", "")
        return path in spec.document()["paths"] and spec.query_is_valid(
            case.get("method", ""), path, uri.split("?", 1)[1]
        )

    def _add_failure(self, operation: str, name: str, check: dict, steps: list[Step]) -> None:
        failure = (check.get("failure_info") or {}).get("failure") or {}
        title = failure.get("title") or "failed"
        detail = (failure.get("message") or "").strip().splitlines()
        message = f"{title}: {detail[0]}" if detail and detail[0] != title else title
        group = self.groups.setdefault((name, operation), Failure("schemathesis", name, operation))
        group.count += 1
        if message not in group.messages:
            group.messages.append(message)
        if steps and (not group.steps or len(steps) < len(group.steps)):
            group.steps = steps

    def read_warnings(self, warnings: list[dict[str, Any]]) -> None:
        """Schemathesis's warnings: each a note, and those it says may void its verdict (every answer
        a 401, most data rejected, ...) a reason it could not test.

        It judges "valid data rejected" per phase, where a few cases decide: a rate limiter's 429s
        on the few it would have served leave only the rejected ones. The run as a whole is the
        better witness, so the warning is withdrawn, with a note, for operations that served valid
        data elsewhere in the run."""
        for warning in warnings:
            self.notes.append(f"Schemathesis warning: {warning['text']}")
            if not warning["affects_verdict"]:
                continue
            operations = warning.get("operations") or []
            rejection = warning.get("title") in PER_PHASE_REJECTION_WARNINGS
            if rejection and operations and all(self.valid_successes[operation] for operation in operations):
                served = ", ".join(f"{op} {self.valid_successes[op]}/{self.valid[op]}" for op in operations)
                self.notes.append(f"{warning['title']} withdrawn: valid cases answered 2xx in the run ({served})")
                continue
            self.doubts.append(f"Schemathesis warns: {warning['text']}")

    def answers(self) -> int:
        return sum(self.cases_by_operation.values())

    def failed_to_run(self) -> list[str]:
        """Why Schemathesis's half gave no verdict: it never ran, or it ended with an error rather
        than with the failures it found (status 1 with failures read is a verdict, not an error)."""
        if not self.ran:
            return [f"Schemathesis did not run ({self.log} says why)"]
        # Status 1 is Schemathesis's "I found failures": a verdict when they were read (or withdrawn).
        if self.exit_status not in (0, None) and not (self.exit_status == 1 and (self.groups or self.withdrawn)):
            return [f"Schemathesis ended with status {self.exit_status} ({self.log} says why)"]
        return []


def _chain(case_id: str, cases: dict, interactions: dict, check: str) -> list[Step]:
    """The requests of a failing case: its own, after those of the stateful steps that led to it."""
    chain: list[str] = []
    while case_id and case_id not in chain:
        chain.insert(0, case_id)
        case_id = (cases.get(case_id) or {}).get("parent_id")
    # Keys are filtered from Schemathesis's records: a request is given $GIGS_TOKEN, except the
    # one ignored_auth failed on, which carried none that was valid.
    steps = [
        _step(each, interactions, carried_key=not (position == len(chain) - 1 and check == "ignored_auth"))
        for position, each in enumerate(chain)
    ]
    return [step for step in steps if step is not None]


def _step(case_id: str, interactions: dict, *, carried_key: bool) -> Step | None:
    interaction = interactions.get(case_id) or {}
    request, response = interaction.get("request"), interaction.get("response") or {}
    if not request:
        return None
    headers = []
    for name, values in request.get("headers", {}).items():
        value = values[0] if isinstance(values, list) else values
        if name.lower() == "authorization":
            continue
        if name.lower() == "idempotency-key":
            value = f"filtered-{case_id}"  # each request's own: Schemathesis filters them all to one text
        headers.append((name, value))
    carried = carried_key and "authorization" in {name.lower() for name in request.get("headers", {})}
    return Step(
        request["method"],
        request["uri"],
        tuple(headers),
        _text(request.get("body")),
        response.get("status_code"),
        _created(request["method"], response),
        "GIGS_TOKEN" if carried else None,
    )


_NAMED_ID = re.compile(r"[a-z]+_[A-Za-z0-9]+")


def _standing_alone(steps: list[Step], creations: dict[str, Step]) -> list[Step]:
    """`steps`, after the creates of the objects they name and did not make themselves."""
    made = {step.created for step in steps if step.created}
    needed: list[Step] = []
    for step in steps:
        for name in _NAMED_ID.findall(f"{step.url} {step.body or ''}"):
            if name not in made and name in creations:
                made.add(name)
                needed.append(creations[name])
    return needed + steps


def _error_text(payload: dict[str, Any]) -> str:
    """A NonFatalError as a sentence: its type and the first line of its message, never a raw dict."""
    info, value = payload.get("info") or {}, payload.get("value") or {}
    message = info.get("message") or value.get("message") or "no message"
    kind = value.get("type") or info.get("title")
    text = str(message).strip().splitlines()[0] if str(message).strip() else "no message"
    return (f"{kind}: {text}" if kind else text)[:300]


def _error_type(interaction: dict | None) -> str | None:
    try:
        answer = json.loads(_text(((interaction or {}).get("response") or {}).get("content")) or "null")
    except ValueError:
        return None
    return answer.get("type") if isinstance(answer, dict) else None


def _text(body: Any) -> str | None:
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", "replace") or None
    return None


def _created(method: str, response: dict) -> str | None:
    status = response.get("status_code") or 0
    if method != "POST" or not 200 <= status < 300:
        return None
    try:
        answer = json.loads(_text(response.get("content")) or "null")
    except ValueError:
        return None
    return answer.get("id") if isinstance(answer, dict) and isinstance(answer.get("id"), str) else None


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
        if accepted := self.accepted():
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
