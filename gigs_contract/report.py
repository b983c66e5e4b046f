"""The summary of a contract run, read from Schemathesis's NDJSON events: checks per operation, cases, failures."""

from __future__ import annotations

import base64
import json
import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# The API's own checks, beside Schemathesis's built-in ones (gigs_contract/checks.py).
OWN_CHECKS = ("pagination_consistency", "cross_project_isolation")
OTHER_METHODS = "(undocumented methods)"


@dataclass
class Failure:
    operation: str
    check: str
    message: str
    curl: str | None


def curl(request: dict | None) -> str | None:
    """A curl line that repeats a recorded request; the key, filtered from reports, comes from $GIGS_TOKEN."""
    if not request:
        return None
    parts = ["curl", "-X", request["method"]]
    for name, values in request.get("headers", {}).items():
        if name.lower() == "authorization":
            parts += ["-H", "Authorization: Bearer $GIGS_TOKEN"]
        elif name.lower() not in ("content-length", "host", "user-agent", "accept-encoding", "connection"):
            parts += ["-H", f"{name}: {values[0] if isinstance(values, list) else values}"]
    body = request.get("body")
    if isinstance(body, dict) and "$base64" in body:
        parts += ["-d", base64.b64decode(body["$base64"]).decode("utf-8", "replace")]
    parts.append(request["uri"])
    return " ".join(part if part == "$GIGS_TOKEN" else _quote(part) for part in parts)


def _quote(part: str) -> str:
    # Double quotes where the key is referenced, so the shell expands $GIGS_TOKEN; single elsewhere.
    return f'"{part}"' if "$GIGS_TOKEN" in part else shlex.quote(part)


@dataclass
class Summary:
    # operation → check → [passed, failed]
    results: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )
    cases: int = 0
    cases_by_operation: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[Failure] = field(default_factory=list)

    @classmethod
    def from_events(cls, path: Path, operations: set[str]) -> Summary:
        """Read a run's events; `operations` are the spec's ("GET /deviceModels"), the rows of the table.

        A case sent with a method the path does not document (the unsupported_method probes) counts
        under one row of its own.
        """
        summary = cls()
        if not path.exists():
            return summary
        seen_failures = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            for case_id, checks in recorder.get("checks", {}).items():
                case = recorder["cases"].get(case_id, {}).get("value", {})
                operation = f"{case.get('method', '?')} {case.get('path', recorder['label'])}"
                if operation not in operations:
                    operation = OTHER_METHODS
                summary.cases += 1
                summary.cases_by_operation[operation] += 1
                for check in checks:
                    passed = check["status"] == "success"
                    summary.results[operation][check["name"]][0 if passed else 1] += 1
                    if not passed:
                        failure = (check.get("failure_info") or {}).get("failure") or {}
                        title = failure.get("title") or "failed"
                        detail = (failure.get("message") or "").strip().splitlines()
                        message = f"{title}: {detail[0]}" if detail and detail[0] != title else title
                        key = (operation, check["name"], message)
                        if key not in seen_failures:
                            seen_failures.add(key)
                            request = recorder.get("interactions", {}).get(case_id, {}).get("request")
                            summary.failures.append(Failure(operation, check["name"], message, curl(request)))
        return summary

    @property
    def checks(self) -> list[str]:
        return sorted({check for by_check in self.results.values() for check in by_check})

    def failed_checks(self) -> set[str]:
        return {f.check for f in self.failures}

    def render(self, *, isolation: bool) -> str:
        checks = self.checks
        lines = ["", "Checks by operation (✓ every response passed · ✗ failures · - not exercised):"]
        legend = "  ".join(f"{index + 1}={name}" for index, name in enumerate(checks))
        header = f"{'operation':<44}{'cases':>6}" + "".join(f"{index + 1:>4}" for index in range(len(checks)))
        lines += [header]
        for operation in sorted(self.results, key=lambda name: (name == OTHER_METHODS, name.split(" ")[::-1])):
            cells = []
            for check in checks:
                passed, failed = self.results[operation].get(check, [0, 0])
                cells.append("✗" if failed else ("✓" if passed else "-"))
            cases = self.cases_by_operation[operation]
            lines.append(f"{operation:<44}{cases:>6}" + "".join(f"{cell:>4}" for cell in cells))
        lines += [f"checks: {legend}", ""]
        if not isolation:
            lines.append(
                "cross_project_isolation: skipped, as only one project is configured "
                "(set GIGS_TOKEN_2 and GIGS_PROJECT_2 to run it)."
            )
        lines.append(f"{self.cases} cases checked, {len(self.failures)} distinct failures.")
        for number, failure in enumerate(self.failures, 1):
            lines.append(f"  {number}. {failure.check} on {failure.operation}: {failure.message}")
            if failure.curl:
                lines.append(f"     {failure.curl}")
        return "\n".join(lines)
