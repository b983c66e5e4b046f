"""What Schemathesis did, read from the NDJSON events of its run: which checks examined what, the
failures with the shortest chain of requests that shows each, the objects its creates made, and
its warnings. verdict.py decides what that means.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import checks, spec
from .reproduce import Step

# One of Schemathesis's records (a case, an interaction, a check), as its events carry it.
Record = dict[str, Any]

# The API's own checks, beside Schemathesis's built-in ones (gigs_contract/checks.py).
OWN_CHECKS = tuple(check.__name__ for check in checks.CHECKS)
OTHER_METHODS = "(undocumented methods)"


def _examined(check: str, case: Record, status: int | None, second_project: bool) -> bool:
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
    examined: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # operation → check → answers
    failed: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    checks_run: set[str] = field(default_factory=set)
    cases: int = 0
    cases_by_operation: Counter[str] = field(default_factory=Counter)
    successes: Counter[str] = field(default_factory=Counter)  # operation → 2xx answers
    valid: Counter[str] = field(default_factory=Counter)  # operation → cases generated valid (positive)
    valid_successes: Counter[str] = field(default_factory=Counter)  # ... of which answered 2xx
    # operation → answers 501 `notImplemented`: an operation the spec has and the server does not yet
    not_implemented: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    # operation → negative_data_rejection failures withdrawn: the query was valid as sent
    withdrawn: Counter[str] = field(default_factory=Counter)
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

    def _read_scenario(self, recorder: Record) -> None:
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
    def _valid_as_sent(check: str, case: Record, interaction: Record | None) -> bool:
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

    def _add_failure(self, operation: str, name: str, check: Record, steps: list[Step]) -> None:
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


def _chain(case_id: str, cases: Record, interactions: Record, check: str) -> list[Step]:
    """The requests of a failing case: its own, after those of the stateful steps that led to it."""
    chain: list[str] = []
    parent: str | None = case_id
    while parent and parent not in chain:
        chain.insert(0, parent)
        parent = (cases.get(parent) or {}).get("parent_id")
    # Keys are filtered from Schemathesis's records: a request is given $GIGS_TOKEN, except the
    # one ignored_auth failed on, which carried none that was valid.
    steps = [
        _step(each, interactions, carried_key=not (position == len(chain) - 1 and check == "ignored_auth"))
        for position, each in enumerate(chain)
    ]
    return [step for step in steps if step is not None]


def _step(case_id: str, interactions: Record, *, carried_key: bool) -> Step | None:
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


def _error_type(interaction: Record | None) -> str | None:
    try:
        answer = json.loads(_text(((interaction or {}).get("response") or {}).get("content")) or "null")
    except ValueError:
        return None
    return answer.get("type") if isinstance(answer, dict) else None


def _text(body: Any) -> str | None:
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", "replace") or None
    return None


def _created(method: str, response: Record) -> str | None:
    status = response.get("status_code") or 0
    if method != "POST" or not 200 <= status < 300:
        return None
    try:
        answer = json.loads(_text(response.get("content")) or "null")
    except ValueError:
        return None
    return answer.get("id") if isinstance(answer, dict) and isinstance(answer.get("id"), str) else None
