"""The breaking-change gate: openapi.yaml against the last released document, for the HTTP contract
(release/http.py) and the SDK's surface together: as the spec changes it (release/sdk.py), and as it
stands against what the release shipped (release/surface.py), templates and hand-written code included.

The version a release needs is the stricter of the two verdicts: a change that leaves every message
on the wire alone can still delete a method users call (a renamed operationId), and a change the SDK
absorbs can still break every other client (a new `null`). Changes a person has accepted knowingly
(release/accepted.yaml, each with its reason and the release it is accepted for) are listed as
accepted and do not decide the version; an accepted entry that matches no change fails the gate, so
the file cannot go stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import http, sdk, surface
from .http import Change
from .rules import ACCEPTED_FILE, BREAKING, DOCUMENTATION, NON_BREAKING, RULES
from .sdk import SdkChange

__all__ = [
    "ACCEPTED",
    "BREAKING",
    "DOCUMENTATION",
    "NON_BREAKING",
    "ROOT",
    "Acceptance",
    "Report",
    "evaluate",
    "load_accepted",
    "write",
]

ROOT = Path(__file__).resolve().parents[1]
ACCEPTED = Path(ACCEPTED_FILE)
ORDER = {BREAKING: 0, NON_BREAKING: 1, DOCUMENTATION: 2, "none": 3}


@dataclass(frozen=True)
class Acceptance:
    change: str  # a JSON pointer (HTTP) or a dotted path (SDK), as the report shows it
    reason: str
    version: str  # the release it is accepted for
    rule: str | None = None  # optional: only the change of this rule at that place


@dataclass
class Report:
    released: str
    http: list[Change]
    sdk: list[SdkChange]
    accepted: list[tuple[Acceptance, list[Any]]] = field(default_factory=list)  # each with what it matched
    problems: list[str] = field(default_factory=list)  # accepted entries that match nothing, or are stale

    def counted(self) -> tuple[list[Change], list[SdkChange]]:
        """The changes that decide the version: all but the accepted ones."""
        taken = {id(change) for _, matched in self.accepted for change in matched}
        return [c for c in self.http if id(c) not in taken], [c for c in self.sdk if id(c) not in taken]

    @property
    def http_verdict(self) -> str:
        return _strongest(change.kind for change in self.counted()[0])

    @property
    def sdk_verdict(self) -> str:
        return _strongest(change.kind for change in self.counted()[1])

    @property
    def verdict(self) -> str:
        return _strongest([self.http_verdict, self.sdk_verdict])

    def next_version(self) -> str:
        """Semantic versioning from the stricter verdict: breaking → major, addition → minor, else patch."""
        major, minor, patch = (int(part) for part in self.released.split("."))
        if self.verdict == BREAKING:
            return f"{major + 1}.0.0"
        if self.verdict == NON_BREAKING:
            return f"{major}.{minor + 1}.0"
        return f"{major}.{minor}.{patch + 1}"

    def empty(self) -> bool:
        return not self.http and not self.sdk

    # Renderings --------------------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        return {
            "released": self.released,
            "verdict": self.verdict,
            "http_verdict": self.http_verdict,
            "sdk_verdict": self.sdk_verdict,
            "next_version": self.next_version(),
            "http": [change.as_dict() for change in self.http],
            "sdk": [change.as_dict() for change in self.sdk],
            "accepted": [
                {"change": a.change, "rule": a.rule, "reason": a.reason, "version": a.version, "matched": len(m)}
                for a, m in self.accepted
            ],
            "problems": self.problems,
            "rules": {
                rule.id: {"kind": rule.kind, "statement": rule.statement, "oasdiff": list(rule.oasdiff)}
                for rule in RULES.values()
            },
        }

    def text(self) -> str:
        if self.empty() and not self.problems:
            return f"openapi.yaml is the same API, and the SDK the same surface, as release {self.released}.\n"
        lines = [
            f"openapi.yaml against release {self.released}: {self.verdict} "
            f"(HTTP {self.http_verdict}, SDK {self.sdk_verdict}); the next release is {self.next_version()}"
        ]
        accepted = {id(c) for _, matched in self.accepted for c in matched}
        unclassified = [c for c in self.http if c.rule == "unclassified"]
        if unclassified:
            # Loud and apart: what no rule explains is a person's decision, not the gate's verdict.
            lines.append(
                f"\nHTTP, unclassified — decide in {ACCEPTED_FILE} ({len(unclassified)}): no rule explains"
                " these differences; each counts as breaking until accepted there with a reason"
            )
            lines += [f"  - {c.side}: {c.what}\n      at {c.pointer}" for c in unclassified]
        for kind in (BREAKING, NON_BREAKING, DOCUMENTATION):
            changes = [c for c in self.http if c.kind == kind and c.rule != "unclassified"]
            if changes:
                lines.append(f"\nHTTP, {kind}:")
            for change in changes:
                mark = " [accepted]" if id(change) in accepted else ""
                reach = f" ({', '.join(change.operations)})" if change.operations else ""
                lines.append(f"  - {change.side}: {change.what}{reach}{mark}")
                lines.append(f"      at {change.pointer}; rule {change.rule}: {RULES[change.rule].statement}")
                if RULES[change.rule].sdk:
                    lines.append(f"      SDK: {RULES[change.rule].sdk}")
        for kind in (BREAKING, NON_BREAKING):
            sdk_changes = [c for c in self.sdk if c.kind == kind]
            if sdk_changes:
                lines.append(f"\nSDK surface, {kind}:")
            for sdk_change in sdk_changes:
                mark = " [accepted]" if id(sdk_change) in accepted else ""
                lines.append(f"  - {sdk_change.path}: {sdk_change.what}{mark}")
        for acceptance, matched in self.accepted:
            lines.append(
                f"\nAccepted for {acceptance.version}: {acceptance.change} ({len(matched)} changes): {acceptance.reason}"
            )
        lines += [f"\nPROBLEM: {problem}" for problem in self.problems]
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """For a pull request comment: the verdict, then one row per change."""
        lines = [
            f"### API gate: {self.verdict} against release {self.released}",
            "",
            f"HTTP contract: **{self.http_verdict}** · SDK surface: **{self.sdk_verdict}** · next release: **{self.next_version()}**",
            "",
        ]
        accepted = {id(c) for _, matched in self.accepted for c in matched}
        if self.http:
            lines += [
                "| | side | what changed | operations | where | SDK impact | rule |",
                "|---|---|---|---|---|---|---|",
            ]
            for change in self.http:
                rule = RULES[change.rule]
                mark = {BREAKING: "❌", NON_BREAKING: "➕", DOCUMENTATION: "📝"}[change.kind]
                if change.rule == "unclassified":
                    mark = f"❓ unclassified — decide in `{ACCEPTED_FILE}`"
                mark += " accepted" if id(change) in accepted else ""
                lines.append(
                    f"| {mark} | {change.side} | {_cell(change.what)} | {_cell(', '.join(change.operations))} "
                    f"| `{change.pointer}` | {_cell(rule.sdk)} | `{change.rule}` |"
                )
            lines.append("")
        if self.sdk:
            lines += ["| | SDK object | what changed |", "|---|---|---|"]
            for sdk_change in self.sdk:
                mark = "❌" if sdk_change.kind == BREAKING else "➕"
                lines.append(
                    f"| {mark}{' accepted' if id(sdk_change) in accepted else ''} | `{sdk_change.path}` | {_cell(sdk_change.what)} |"
                )
            lines.append("")
        for acceptance, matched in self.accepted:
            lines.append(
                f"- Accepted for {acceptance.version}: `{acceptance.change}` ({len(matched)}): {acceptance.reason}"
            )
        lines += [f"- **Problem**: {problem}" for problem in self.problems]
        if self.empty() and not self.problems:
            lines.append("No change to the API or the SDK's surface.")
        return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _strongest(kinds: Any) -> str:
    found = set(kinds)
    return min(found, key=ORDER.__getitem__) if found else "none"


def load_accepted(root: Path) -> list[Acceptance]:
    path = root / ACCEPTED
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("accepted") or []
    found = []
    for number, entry in enumerate(entries, 1):
        missing = [key for key in ("change", "reason", "version") if not entry.get(key)]
        if missing:
            raise SystemExit(f"{ACCEPTED}: entry {number} needs {', '.join(missing)}")
        found.append(Acceptance(str(entry["change"]), str(entry["reason"]), str(entry["version"]), entry.get("rule")))
    return found


def _matches(acceptance: Acceptance, change: Change | SdkChange) -> bool:
    if isinstance(change, Change):
        here = change.pointer == acceptance.change or change.pointer.startswith(acceptance.change + "/")
        return here and (acceptance.rule is None or acceptance.rule == change.rule)
    return change.path == acceptance.change or change.path.startswith(acceptance.change + ".")


def evaluate(
    before: dict[str, Any],
    after: dict[str, Any],
    released: str,
    root: Path,
    accepted: list[Acceptance],
    shipped: surface.Surface | None = None,
) -> Report:
    """The report on `after` against the release of `before`. With `shipped`, the SDK surface that
    release recorded, the SDK in `root` is compared with it too: the spec-driven comparison regenerates
    both sides with today's templates and cannot see a template's or the hand-written package's changes."""
    try:
        changes = sdk.compare(before, after, root)
    except sdk.NotGenerated as refused:
        report = Report(released, http.compare(before, after), [])
        report.problems.append(f"the SDK half cannot judge openapi.yaml: {refused}")
        return report
    if shipped is not None:
        seen = {(change.kind, change.path) for change in changes}
        changes += [c for c in surface.compare(shipped, surface.surface(root)) if (c.kind, c.path) not in seen]
    report = Report(released, http.compare(before, after), sorted(changes))
    for acceptance in accepted:
        if _key(acceptance.version) <= _key(released):
            report.problems.append(
                f"{ACCEPTED}: {acceptance.change} is accepted for {acceptance.version}, which is released: remove it"
            )
            continue
        candidates: list[Change | SdkChange] = [*report.http, *report.sdk]
        matched = [c for c in candidates if _matches(acceptance, c)]
        if not matched:
            report.problems.append(f"{ACCEPTED}: {acceptance.change} matches no change: remove it, or correct it")
        report.accepted.append((acceptance, matched))
    return report


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def write(report: Report, folder: Path) -> tuple[Path, Path]:
    """The report as Markdown (for a pull request) and JSON, under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown, data = folder / "gate.md", folder / "gate.json"
    markdown.write_text(report.markdown(), encoding="utf-8")
    data.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return markdown, data
