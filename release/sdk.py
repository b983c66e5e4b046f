"""The SDK's half of the gate: the generated package's public API against the last release's.

Releases version the SDK, so its surface is part of the contract: a renamed operationId, a renamed
path parameter or a changed property type reaches users' code as a removed method, a renamed keyword
argument or a changed field type, whatever the HTTP verdict. The released document is generated
again (with today's generator configuration and templates, so that only the spec's changes show),
both packages are loaded statically by griffe, and compared:

- griffe's own breakage checks (objects removed, parameters removed, renamed, made required, ...);
- annotations, which griffe does not compare: a model field's or a parameter's type changed, and a
  method's return type;
- additions: public objects the new package has and the old one does not (a minor version).
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe
import yaml
from openapi_python_client.strings import ClassName

from tools.generate import is_model

PACKAGE = "gigs_devices_client"
BREAKING, NON_BREAKING = "breaking", "non-breaking"


@dataclass(frozen=True, order=True)
class SdkChange:
    kind: str
    path: str  # the object's dotted path, e.g. gigs_devices_client.api.devices.Devices.list
    what: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "what": self.what}


def with_names(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with the SDK names releases before `x-sdk` did not state, as their SDK derived
    them: operations from the operationId (verb first, the rest made plural with an "s"), model
    classes from the schema's name, and the idempotency key from the `Idempotency-Key` header."""
    document = copy.deepcopy(document)
    components: dict[str, Any] = document["components"] if isinstance(document.get("components"), dict) else {}
    for name, schema in (components.get("schemas") or {}).items():
        if is_model(schema) and "class" not in (schema.get("x-sdk") or {}):
            schema["x-sdk"] = {**(schema.get("x-sdk") or {}), "class": str(ClassName(name, "field_"))}
    parameters = [p for p in (components.get("parameters") or {}).values() if isinstance(p, dict)]
    if not any((p.get("x-sdk") or {}).get("role") == "idempotency-key" for p in parameters):
        for parameter in parameters:
            if parameter.get("in") == "header" and parameter.get("name") == "Idempotency-Key":
                parameter["x-sdk"] = {**(parameter.get("x-sdk") or {}), "role": "idempotency-key"}
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else []:
            if isinstance(operation, dict) and "operationId" in operation and "x-sdk" not in operation:
                words = re.findall(r"[a-z0-9]+|[A-Z][a-z0-9]*", operation["operationId"])
                noun = "_".join(word.lower() for word in words[1:])
                operation["x-sdk"] = {"resource": noun if noun.endswith("s") else noun + "s", "method": words[0]}
    return document


class NotGenerated(RuntimeError):
    """A document the generator refuses (an operation without a usable operationId, say): the SDK
    half of the gate cannot judge it, and the gate says so rather than crash."""


def generate(document: dict[str, Any], root: Path, into: Path) -> Path:
    """The SDK generated from `document` with `root`'s configuration and templates; the folder holding it."""
    spec = into / "openapi.yaml"
    spec.write_text(yaml.safe_dump(with_names(document), sort_keys=False), encoding="utf-8")
    output = into / "generated"
    command = [
        sys.executable,
        "-m",
        "tools.generate",
        "--spec",
        str(spec),
        "--output",
        str(output / PACKAGE),
    ]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise NotGenerated(f"the SDK of the document could not be generated:\n{done.stdout}\n{done.stderr}".strip())
    return output


def compare(before: dict[str, Any], after: dict[str, Any], root: Path) -> list[SdkChange]:
    with tempfile.TemporaryDirectory(prefix="gigs-sdk-gate-") as work:
        old_dir, new_dir = Path(work) / "old", Path(work) / "new"
        old_dir.mkdir()
        new_dir.mkdir()
        old = griffe.load(PACKAGE, search_paths=[str(generate(before, root, old_dir))], resolve_aliases=False)
        new = griffe.load(PACKAGE, search_paths=[str(generate(after, root, new_dir))], resolve_aliases=False)
        assert isinstance(old, griffe.Module) and isinstance(new, griffe.Module)  # a package loads as one
        before, after = _index(old), _index(new)  # every public object of each, by path: read once
        changes = (
            set(_breakages(old, new))
            | set(_annotations(before, after))
            | set(_additions(before, after))
            | set(_values(before, after))
        )
    return sorted(changes)


def _breakages(old: griffe.Module, new: griffe.Module) -> Iterator[SdkChange]:
    for breakage in griffe.find_breaking_changes(old, new):
        path = breakage.obj.path
        if any(part.startswith("_") for part in path.split(".")):
            continue
        yield SdkChange(BREAKING, path, _described(breakage))


def _described(breakage: Any) -> str:
    kind = breakage.kind.value
    old, new = breakage.old_value, breakage.new_value
    name = getattr(old, "name", None) or getattr(new, "name", None)
    if name and "parameter" in kind.lower():
        return f"{kind}: `{name}`"
    return str(kind)


def _public(obj: Any) -> Iterator[Any]:
    """Every public object under `obj` (names without a leading `_`), aliases left out."""
    for name, member in obj.members.items():
        if name.startswith("_") or member.is_alias:
            continue
        yield member
        if member.is_module or member.is_class:
            yield from _public(member)


def _index(module: griffe.Module) -> dict[str, Any]:
    return {member.path: member for member in _public(module)}


def _annotations(before: dict[str, Any], after: dict[str, Any]) -> Iterator[SdkChange]:
    for path in sorted(before.keys() & after.keys()):
        was, now = before[path], after[path]
        if was.is_attribute and now.is_attribute and str(was.annotation) != str(now.annotation):
            yield SdkChange(BREAKING, path, f"type {was.annotation} → {now.annotation}")
        if was.is_function and now.is_function:
            if str(was.returns) != str(now.returns):
                yield SdkChange(BREAKING, path, f"returns {was.returns} → {now.returns}")
            old_parameters = {p.name: p for p in was.parameters}
            for parameter in now.parameters:
                previous = old_parameters.get(parameter.name)
                if previous is not None and str(previous.annotation) != str(parameter.annotation):
                    yield SdkChange(
                        BREAKING, path, f"argument `{parameter.name}`: {previous.annotation} → {parameter.annotation}"
                    )


def _values(before: dict[str, Any], after: dict[str, Any]) -> Iterator[SdkChange]:
    """Module constants whose value the spec decides (`client.IDEMPOTENCY_HEADER`, `DEFAULT_BASE_URL`,
    `AUTH_HEADER`): the hand-written client sends them with every call, so a new value changes
    every call a user's code makes, though no name or type changed."""
    for path in sorted(before.keys() & after.keys()):
        was, now = before[path], after[path]
        constant = path.rsplit(".", 1)[1].isupper() and was.is_attribute and now.is_attribute
        if constant and was.parent is not None and was.parent.is_module and str(was.value) != str(now.value):
            yield SdkChange(BREAKING, path, f"value {was.value} → {now.value}: sent with every call")


def _additions(before: dict[str, Any], after: dict[str, Any]) -> Iterator[SdkChange]:
    added = after.keys() - before.keys()
    for path in sorted(added):
        if path.rsplit(".", 1)[0] in added:
            continue  # inside an object that is new itself: said once, for it
        yield SdkChange(NON_BREAKING, path, f"{after[path].kind.value} added")
    for path in sorted(before.keys() & after.keys()):
        was, now = before[path], after[path]
        if was.is_function and now.is_function:
            arguments = [p.name for p in now.parameters if p.name not in {q.name for q in was.parameters}]
            for name in arguments:
                yield SdkChange(NON_BREAKING, path, f"argument `{name}` added")


def verdict(changes: list[SdkChange]) -> str:
    kinds = {change.kind for change in changes}
    return BREAKING if BREAKING in kinds else NON_BREAKING if kinds else "none"
