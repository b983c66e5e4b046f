"""The verdict of a contract run: Schemathesis's events and the behavioural suite's outcome, as one
summary and one exit status.

- ✓ means exercised and passed: a check that had nothing to examine is "-", not ✓.
- One failure per cause: failures are grouped by check and operation, with examples beneath.
- A run that could not test (no 2xx for an operation, rate-limited answers, an unreachable server)
  says so, and exits 2 rather than 0.
"""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .behaviour import RULES, Outcome
from .curl import curl_line

# The API's own checks, beside Schemathesis's built-in ones (gigs_contract/checks.py).
OWN_CHECKS = ("pagination_consistency", "cross_project_isolation", "documented_refusal", "listed_status")
OTHER_METHODS = "(undocumented methods)"
# Past this share of 429 answers, too many of Schemathesis's cases tested the rate limiter rather than
# the API: no verdict. (A server that limits now and then still gets one.)
MAX_RATE_LIMITED_SHARE = 0.25
EXIT_PASSED, EXIT_FAILED, EXIT_CANNOT_TEST = 0, 1, 2


def curl(request: dict | None, *, authorized: bool = True) -> str | None:
    """A curl line that repeats a recorded request. The key, filtered from reports, comes from
    $GIGS_TOKEN (none when the failing request carried no valid key); the Idempotency-Key is fresh,
    since the recorded one would replay the first answer."""
    if not request:
        return None
    headers = []
    for name, values in request.get("headers", {}).items():
        value = values[0] if isinstance(values, list) else values
        if name.lower() == "authorization":
            if authorized:
                headers.append((name, "Bearer $GIGS_TOKEN"))
        elif name.lower() == "idempotency-key":
            headers.append((name, "repro-$RANDOM$RANDOM"))
        else:
            headers.append((name, value))
    body = request.get("body")
    text = (
        base64.b64decode(body["$base64"]).decode("utf-8", "replace")
        if isinstance(body, dict) and "$base64" in body
        else None
    )
    return curl_line(request["method"], request["uri"], headers, text)


def _examined(check: str, case: dict, status: int | None, second_project: bool) -> bool:
    """Whether a Schemathesis check had anything to examine in a case: Schemathesis records every
    check as passed on every case, including those it does not apply to."""
    meta = case.get("meta") or {}
    mode = (meta.get("generation") or {}).get("mode")
    phase = (meta.get("phase") or {}).get("name")
    if status is None:
        return False
    if check in OWN_CHECKS:
        return checks.examines(
            check, case.get("method", ""), case.get("path", ""), status, mode=mode, second_project=second_project
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
class Group:
    """One cause: a check failing on an operation, with the distinct messages and a reproducer."""

    check: str
    operation: str
    messages: list[str] = field(default_factory=list)
    count: int = 0
    curl: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """What Schemathesis did, read from its NDJSON events."""

    examined: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # operation → check → answers
    failed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    checks_run: set[str] = field(default_factory=set)
    cases: int = 0
    cases_by_operation: Counter = field(default_factory=Counter)
    successes: Counter = field(default_factory=Counter)  # operation → 2xx answers
    valid: Counter = field(default_factory=Counter)  # operation → cases generated valid (positive)
    valid_successes: Counter = field(default_factory=Counter)  # ... of which answered 2xx
    rate_limited: int = 0
    groups: dict[tuple[str, str], Group] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # skipped phases, errors: shown in the summary, not scrolled away
    doubts: list[str] = field(default_factory=list)  # Schemathesis's warnings that the verdict may not hold
    second_project: bool = False

    @classmethod
    def from_events(cls, path: Path, operations: set[str], *, second_project: bool = False) -> Summary:
        """Read a run's events; `operations` are the spec's ("GET /deviceModels"), the rows of the table.

        A case sent with a method the path does not document (the unsupported_method probes) counts
        under one row of its own.
        """
        summary = cls(second_project=second_project)
        if not path.exists():
            summary.notes.append("Schemathesis wrote no events: it did not run")
            return summary
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            kind, payload = next(iter(event.items()))
            if kind == "ScenarioFinished":
                summary._read_scenario(payload["recorder"], operations)
            elif kind == "PhaseFinished" and payload.get("status") not in ("success", None):
                summary.notes.append(f"Schemathesis phase {payload['phase']['name']}: {payload['status']}")
            elif kind == "NonFatalError":
                summary.notes.append(f"Schemathesis error: {payload.get('info', {}).get('message') or payload}"[:300])
            elif kind == "EngineFinished" and payload.get("stop_reason") not in ("completed", None):
                summary.notes.append(f"Schemathesis stopped early: {payload['stop_reason']}")
        return summary

    def _read_scenario(self, recorder: dict, operations: set[str]) -> None:
        for case_id, case_checks in recorder.get("checks", {}).items():
            case = recorder["cases"].get(case_id, {}).get("value", {})
            operation = f"{case.get('method', '?')} {case.get('path', recorder['label'])}"
            if operation not in operations:
                operation = OTHER_METHODS
            interaction = recorder.get("interactions", {}).get(case_id, {})
            status = (interaction.get("response") or {}).get("status_code")
            self.cases += 1
            self.cases_by_operation[operation] += 1
            success = status is not None and 200 <= status < 300
            self.successes[operation] += success
            if ((case.get("meta") or {}).get("generation") or {}).get("mode") == "positive":
                self.valid[operation] += 1
                self.valid_successes[operation] += success
            if status == 429:
                self.rate_limited += 1
            for check in case_checks:
                name = check["name"]
                self.checks_run.add(name)
                if check["status"] != "success":
                    self.failed[operation][name] += 1
                    self.examined[operation][name] += 1
                    self._add_failure(operation, name, check, interaction.get("request"))
                elif _examined(name, case, status, self.second_project):
                    self.examined[operation][name] += 1

    def _add_failure(self, operation: str, name: str, check: dict, request: dict | None) -> None:
        failure = (check.get("failure_info") or {}).get("failure") or {}
        title = failure.get("title") or "failed"
        detail = (failure.get("message") or "").strip().splitlines()
        message = f"{title}: {detail[0]}" if detail and detail[0] != title else title
        group = self.groups.setdefault((name, operation), Group(name, operation))
        group.count += 1
        if message not in group.messages:
            group.messages.append(message)
        if not group.curl and (line := curl(request, authorized=name != "ignored_auth")):
            group.curl.append(line)

    def read_warnings(self, path: Path) -> None:
        """Schemathesis's warnings, as the suite's hooks wrote them: each a note, and those Schemathesis
        says may void its verdict (every answer a 401, most data rejected, ...) a reason it could not test."""
        if not path.exists():
            return
        for warning in json.loads(path.read_text(encoding="utf-8")):
            self.notes.append(f"Schemathesis warning: {warning['text']}")
            if warning["affects_verdict"]:
                self.doubts.append(f"Schemathesis warns: {warning['text']}")

    def answers(self) -> int:
        return sum(self.cases_by_operation.values())


@dataclass
class Verdict:
    summary: Summary
    outcome: Outcome
    operations: dict[str, str]  # "GET /deviceModels" → operationId
    isolation: bool
    token_names: dict[str, str] = field(default_factory=dict)  # a key → the variable that holds it

    def unexercised(self) -> list[str]:
        """Operations no 2xx answer reached, from either part of the suite."""
        return sorted(
            op_id
            for operation, op_id in self.operations.items()
            if not self.summary.successes[operation] and not self.outcome.successes.get(op_id)
        )

    def cannot_test(self) -> list[str]:
        reasons = list(self.summary.doubts)
        if self.outcome.cannot_test:
            reasons.append(self.outcome.cannot_test)
        if missing := self.unexercised():
            reasons.append(f"no 2xx answer for {', '.join(missing)}: the suite could not exercise them")
        answers = self.summary.answers()
        if answers and self.summary.rate_limited / answers > MAX_RATE_LIMITED_SHARE:
            reasons.append(
                f"rate-limited: {self.summary.rate_limited} of {answers} Schemathesis answers were 429 "
                "(lower GIGS_MAX_RPS)"
            )
        return reasons

    def failures(self) -> int:
        return len(self.summary.groups) + len(self.outcome.failures)

    def exit_status(self) -> int:
        if self.failures():
            return EXIT_FAILED
        return EXIT_CANNOT_TEST if self.cannot_test() else EXIT_PASSED

    def render(self) -> str:
        lines = self._schemathesis_table() + [""] + self._behaviour_table() + [""]
        lines += self._failures()
        notes = list(self.summary.notes)
        if not self.isolation:
            notes.append(
                "cross_project_isolation: not run, as only one project is configured (set GIGS_TOKEN_2 and GIGS_PROJECT_2)"
            )
        if self.outcome.rate_limited:
            notes.append(f"the behavioural suite waited out {self.outcome.rate_limited} answers 429 (Retry-After)")
        if self.outcome.leftovers:
            notes.append(f"devices the run created and could not delete: {', '.join(self.outcome.leftovers)}")
        lines += [f"Note: {note}" for note in notes]
        status = self.exit_status()
        if status == EXIT_FAILED:
            lines.append(f"\nVerdict: FAILED, {self.failures()} distinct failures.")
        elif status == EXIT_CANNOT_TEST:
            lines.append("\nVerdict: NOT TESTED: " + "; ".join(self.cannot_test()))
        else:
            lines.append("\nVerdict: PASSED: every operation exercised with 2xx answers, every check passed.")
        return "\n".join(lines)

    def _schemathesis_table(self) -> list[str]:
        summary = self.summary
        names = sorted(summary.checks_run)
        lines = [
            "Schemathesis: checks by operation (✓ examined and passed · ✗ failed · - nothing to examine;",
            "valid: the cases generated valid, and how many of those were answered 2xx):",
        ]
        lines.append(
            f"{'operation':<44}{'cases':>6}{'2xx':>6}{'valid':>10}" + "".join(f"{n + 1:>4}" for n in range(len(names)))
        )
        rows = sorted(summary.cases_by_operation, key=lambda name: (name == OTHER_METHODS, name.split(" ")[::-1]))
        for operation in rows:
            cells = [
                "✗" if summary.failed[operation][c] else ("✓" if summary.examined[operation][c] else "-") for c in names
            ]
            valid = f"{summary.valid_successes[operation]}/{summary.valid[operation]}"
            lines.append(
                f"{operation:<44}{summary.cases_by_operation[operation]:>6}{summary.successes[operation]:>6}{valid:>10}"
                + "".join(f"{cell:>4}" for cell in cells)
            )
        totals = {c: sum(summary.examined[o][c] for o in rows) for c in names}
        lines.append(
            "checks (answers examined): " + "  ".join(f"{n + 1}={c} ({totals[c]})" for n, c in enumerate(names))
        )
        return lines

    def _behaviour_table(self) -> list[str]:
        outcome = self.outcome
        failed = Counter(v.rule for v in outcome.failures)
        lines = [
            f"Behaviour: the API's rules against a model ({outcome.sequences} sequences of up to {outcome.steps} "
            f"steps, {outcome.requests} requests):"
        ]
        for rule, statement in RULES.items():
            examined = outcome.examined.get(rule, 0)
            mark = "✗" if failed[rule] else ("✓" if examined else "-")
            lines.append(f"  {mark} {rule:<20}{examined:>6}  {statement}")
        return lines

    def _failures(self) -> list[str]:
        lines = []
        number = 0
        for group in self.summary.groups.values():
            number += 1
            lines.append(f"{number}. {group.check} on {group.operation} ({group.count} cases)")
            lines += [f"     {message}" for message in group.messages[:3]]
            if len(group.messages) > 3:
                lines.append(f"     … and {len(group.messages) - 3} more messages")
            lines += [f"     {line}" for line in group.curl]
        for violation in self.outcome.failures:
            number += 1
            lines.append(f"{number}. {violation.rule} on {violation.operation}: {violation.message}")
            transcript = violation.transcript
            if len(transcript) > 25:
                lines.append(f"     (the first {len(transcript) - 25} of {len(transcript)} requests left out)")
            lines += [f"     {exchange.curl(self.token_names)}  # → {exchange.status}" for exchange in transcript[-25:]]
        return lines

    def write_junit(self, path: Path) -> None:
        """Add the behavioural rules to Schemathesis's JUnit report: a test case a rule."""
        tree = ET.parse(path) if path.exists() else ET.ElementTree(ET.Element("testsuites"))
        root = tree.getroot()
        suite = ET.SubElement(root, "testsuite", name="behaviour", tests=str(len(RULES)))
        by_rule = defaultdict(list)
        for violation in self.outcome.failures:
            by_rule[violation.rule].append(violation)
        for rule, statement in RULES.items():
            case = ET.SubElement(suite, "testcase", name=rule, classname="behaviour")
            if by_rule[rule]:
                failure = ET.SubElement(case, "failure", message=by_rule[rule][0].message)
                failure.text = "\n".join(f"{v.operation}: {v.message}" for v in by_rule[rule])
            elif not self.outcome.examined.get(rule):
                ET.SubElement(case, "skipped", message="nothing to examine")
            ET.SubElement(
                case, "system-out"
            ).text = f"{statement}; answers examined: {self.outcome.examined.get(rule, 0)}"
        suite.set("failures", str(sum(1 for r in RULES if by_rule[r])))
        tree.write(path, encoding="utf-8", xml_declaration=True)
