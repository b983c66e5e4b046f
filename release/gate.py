"""The breaking-change gate: openapi.yaml against the last released document.

api-smart-diff (npm, pinned in package.json; release/diff.mjs calls it) lists every difference at
each place a client meets it (an operation's parameter, request body or response) and classifies it.
Its rules are those of a strict client and of Gigs' compatibility policy: a request may not be
narrowed (a bound tightened, a value or parameter made required, an enum value dropped), a response
may not lose what a client reads. One rule of ours overrides it:

- *open enums*: a response enum gaining a value is breaking for a client that refuses values it
  does not know; the clients generated here keep unknown values (`UNKNOWN` members), and Gigs says
  clients must tolerate them, so it is non-breaking here (and the report says so).

A difference api-smart-diff cannot classify is treated as breaking (a person must look at it),
unless it is in an example or an `x-` extension: neither changes a message on the wire.
Differences inside `components` are reported where they are used, under `paths`, and not again.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIFF_SCRIPT = ROOT / "release" / "diff.mjs"

BREAKING, NON_BREAKING, DOCUMENTATION = "breaking", "non-breaking", "documentation"
ORDER = {BREAKING: 0, NON_BREAKING: 1, DOCUMENTATION: 2}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Validation keywords whose removal from a response lets it carry more.
LOOSENED = {
    "maxProperties",
    "minProperties",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maximum",
    "minimum",
    "pattern",
}


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # breaking, non-breaking or documentation
    side: str  # request, response, or document (info, tags, servers, ...)
    operation: str  # "GET /deviceModels", or "" for the document
    description: str
    rule: str = ""  # set when a rule of ours, not api-smart-diff's, decided the kind


def raw_diffs(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """api-smart-diff's diffs between two documents, as it prints them."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, document in (("before", before), ("after", after)):
            path = Path(tmp) / f"{name}.json"
            path.write_text(json.dumps(document, default=str))
            files.append(str(path))
        done = subprocess.run(["node", str(DIFF_SCRIPT), *files], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(
            f"api-smart-diff failed (is node_modules installed? `make lint` installs it):\n{done.stderr}"
        )
    return json.loads(done.stdout)


def classify(diff: dict[str, Any], documents: tuple[dict[str, Any], ...] = ()) -> Change | None:
    """One of api-smart-diff's diffs as a Change, or None for one reported elsewhere.

    `documents` (before, after) give parameters their names where the diff's path has an index."""
    path = [str(step) for step in diff["path"]]
    if len(path) > 4 and path[3] == "parameters" and path[4].isdigit():
        path[4] = _parameter_name(documents, path) or path[4]
    if path[0] == "components":
        return None  # reported at each use, under paths
    operation, side = "", "document"
    if path[0] == "paths" and len(path) > 2:
        method = path[2] if path[2] in HTTP_METHODS else ""
        operation = f"{method.upper()} {path[1]}".strip()
        side = "response" if "responses" in path else "request" if method else "document"
    kind, rule = diff.get("type", "unclassified"), ""
    if kind == "annotation" or kind == "deprecated":
        kind = DOCUMENTATION
    elif kind == "unclassified":
        kind, rule = BREAKING, "unclassified by api-smart-diff: treated as breaking until a person decides"
    if kind == BREAKING and any(step.startswith("x-") for step in path):
        kind, rule = DOCUMENTATION, "extensions: an `x-` keyword changes no message on the wire"
    if kind == BREAKING and "links" in path and diff["action"] == "add":
        kind, rule = NON_BREAKING, "links: a new link is an addition for clients that follow links"
    if kind == BREAKING and ("examples" in path or "example" in path):
        kind, rule = DOCUMENTATION, "examples illustrate the contract; they are not part of it"
    if kind == BREAKING and side == "response" and diff["action"] == "remove" and path[-1] in LOOSENED:
        kind, rule = (
            NON_BREAKING,
            "open clients: a response bound dropped breaks a strict validator; the generated clients do not validate answers against it",
        )
    widened_enum = side == "response" and "enum" in path and diff["action"] in ("add", "replace")
    if widened_enum and kind == BREAKING and _only_adds_values(diff):
        kind, rule = NON_BREAKING, "open enums: breaking for a strict client; the generated clients keep unknown values"
    return Change(kind, side, operation, _readable(diff, path), rule)


def _only_adds_values(diff: dict[str, Any]) -> bool:
    before, after = diff.get("before"), diff.get("after")
    if diff["action"] == "add":
        return True
    return isinstance(before, list) and isinstance(after, list) and set(before) <= set(after)


def _readable(diff: dict[str, Any], path: list[str]) -> str:
    """What changed, where within the operation, and from what to what."""
    description = " ".join((diff.get("description") or "").split())
    if not description.startswith("[") or "annotation (" in description or description.startswith("[Replaced] in"):
        # api-smart-diff's text for some changes names only an index ("[Added] annotation (10)").
        description = f"[{diff['action'].capitalize()}d] {_location(path)}"
    if diff["action"] == "replace" and _short(diff.get("before")) and _short(diff.get("after")):
        description += f": {json.dumps(diff['before'])} → {json.dumps(diff['after'])}"
    elif diff["action"] == "add" and _short(diff.get("after")) and "enum" in path:
        description += f": {json.dumps(diff['after'])} added"
    elif diff["action"] == "remove" and _short(diff.get("before")) and "enum" in path:
        description += f": {json.dumps(diff['before'])} removed"
    return description.replace("[Addd]", "[Added]").replace("[Removeed]", "[Removed]")


def _parameter_name(documents: tuple[dict[str, Any], ...], path: list[str]) -> str | None:
    for document in documents:
        try:
            parameter = document["paths"][path[1]][path[2]]["parameters"][int(path[4])]
            if "$ref" in parameter:
                parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            return f"{parameter['in']} `{parameter['name']}`"
        except (KeyError, IndexError, TypeError):
            continue
    return None


def _location(path: list[str]) -> str:
    """Where inside an operation: a parameter by name, or a dotted path without schema wrapping."""
    skip = {"content", "application/json", "schema", "properties", "allOf", "anyOf", "0"}
    steps = [step for step in path[3:] if step not in skip]
    if len(steps) > 1 and steps[0] == "parameters":
        return f"{steps[1]} parameter, `{'.'.join(steps[2:])}`"
    return f"`{'.'.join(steps) or '/'.join(path)}`"


def _short(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and len(json.dumps(value)) <= 60


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    documents = (after, before)
    changes = {change for diff in raw_diffs(before, after) if (change := classify(diff, documents)) is not None}
    return sorted(changes, key=lambda c: (ORDER[c.kind], c.side, c.operation, c.description))


def verdict(changes: Iterable[Change]) -> str:
    """The strongest kind among the changes: what the next version must say."""
    kinds = {change.kind for change in changes}
    for kind in (BREAKING, NON_BREAKING, DOCUMENTATION):
        if kind in kinds:
            return kind
    return "none"


def next_version(version: str, changes: Iterable[Change]) -> str:
    """Semantic versioning driven by the gate: breaking → major, additive → minor, else patch."""
    major, minor, patch = (int(part) for part in version.split("."))
    match verdict(changes):
        case "breaking":
            return f"{major + 1}.0.0"
        case "non-breaking":
            return f"{major}.{minor + 1}.0"
        case _:
            return f"{major}.{minor}.{patch + 1}"


def report(changes: list[Change], against: str) -> str:
    """The changes, each told once: the operations (and answer statuses) it reaches are listed."""
    if not changes:
        return f"openapi.yaml is the same API as release {against}.\n"
    lines = [f"openapi.yaml against release {against}: {verdict(changes)}"]
    titles = {BREAKING: "Breaking", NON_BREAKING: "Non-breaking", DOCUMENTATION: "Documentation only"}
    for kind in (BREAKING, NON_BREAKING, DOCUMENTATION):
        for side in ("request", "response", "document"):
            group = grouped(c for c in changes if c.kind == kind and c.side == side)
            if not group:
                continue
            where = f"the {side}s" if side != "document" else "the document"
            lines.append(f"\n{titles[kind]}, in {where}:")
            for (description, rule), (operations, statuses) in group.items():
                reach = (
                    "" if not operations else operations[0] if len(operations) == 1 else f"{len(operations)} operations"
                )
                codes = f" (answers {', '.join(statuses)})" if len(statuses) > 1 else ""
                lines.append(f"  - {description}{': ' + reach if reach else ''}{codes}")
                if rule:
                    lines.append(f"      ({rule})")
    return "\n".join(lines) + "\n"


def grouped(changes: Iterable[Change]) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """Changes with the same text, whatever the operation or answer status, as one entry."""
    found: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for change in changes:
        statuses = re.findall(r"responses\.(\d{3}|default)\b", change.description)
        text = (
            re.sub(r"responses\.(\d{3}|default)\b", "responses.*", change.description)
            if statuses
            else change.description
        )
        operations, codes = found.setdefault((text, change.rule), (set(), set()))
        operations.add(change.operation)
        codes.update(statuses)
    return {key: (sorted(ops - {""}), sorted(codes)) for key, (ops, codes) in sorted(found.items())}
