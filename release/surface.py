"""The SDK's surface as it shipped, against the SDK as it stands: what the spec-driven comparison
(release/sdk.py) cannot see.

release/sdk.py generates the released document again with today's templates, so that only the
spec's changes show; a change to a template or to the hand-written package (a method dropped, a
keyword renamed, the functional client removed) is then the same on both sides and passes. So each
release also records its SDK's public surface, `release/sdk.released.json`: every object a user
reaches (`gigs_devices`'s exports and what their classes hold, and the public modules of
`gigs_devices_client`), with what code written against it depends on: parameters (name, kind,
annotation, whether it has a default), return and attribute types, base classes (all ancestors). The surface of the
tree is compared with it. The snapshot is plain JSON, so a release's diff shows what its SDK offers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import griffe

from tools.generate import GENERATED_PACKAGE, SDK_DIR

from .sdk import BREAKING, NON_BREAKING, SdkChange

SNAPSHOT = Path("release/sdk.released.json")
SDK, GENERATED = "gigs_devices", "gigs_devices_client"
POSITIONAL = {"positional-only", "positional or keyword"}
VARIADIC = {"variadic positional", "variadic keyword"}

Surface = dict[str, dict[str, Any]]


def surface(root: Path) -> Surface:
    """The public surface of the SDK in `root` (sdk/gigs_devices/, and sdk/generated/gigs_devices_client/)."""
    loader = griffe.GriffeLoader(search_paths=[str(root / GENERATED_PACKAGE.parent), str(root / SDK_DIR)])
    # Not as paths relative to the working directory: the checkout would shadow `root` (an old release).
    sdk = loader.load(SDK, try_relative_path=False)
    generated = loader.load(GENERATED, try_relative_path=False)
    loader.resolve_aliases(implicit=False, external=False)
    found: Surface = {}
    for name in sorted(str(export) for export in sdk.exports or []):
        member = sdk.members.get(name)
        if member is not None:
            _record(found, f"{SDK}.{name}", _target(member))
    for module in _public_modules(generated):
        for name, member in module.members.items():
            if not name.startswith("_") and not member.is_alias and not member.is_module:  # aliases: said where defined
                _record(found, f"{module.path}.{name}", member)
    return found


def read(root: Path) -> Surface | None:
    path = root / SNAPSHOT
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write(root: Path, of: Path | None = None) -> Path:
    """Record the surface of the SDK in `of` (default: `root`) as `root`'s last release's."""
    path = root / SNAPSHOT
    path.write_text(json.dumps(surface(of or root), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def compare(old: Surface, new: Surface) -> list[SdkChange]:
    """What code written against `old` meets in `new`: removals and narrowings break it, additions do not."""
    changes = []
    removed, added = old.keys() - new.keys(), new.keys() - old.keys()
    for path in sorted(removed):
        if _parent(path) not in removed:  # said once, for the object that holds it
            changes.append(SdkChange(BREAKING, path, f"{old[path]['kind']} removed"))
    for path in sorted(added):
        if _parent(path) not in added:
            changes.append(SdkChange(NON_BREAKING, path, f"{new[path]['kind']} added"))
    for path in sorted(old.keys() & new.keys()):
        changes += [SdkChange(kind, path, what) for kind, what in _differences(old[path], new[path])]
    return changes


def _differences(was: dict[str, Any], now: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if was["kind"] != now["kind"]:
        yield BREAKING, f"{was['kind']} → {now['kind']}"
        return
    for key, label in (("annotation", "type"), ("returns", "returns")):
        # None: no annotation then, so nothing a type checker held users to; one now is no break.
        if was.get(key) is not None and was[key] != now.get(key):
            yield BREAKING, f"{label} {was[key]} → {now.get(key)}"
    for base in was.get("bases", []):
        if base not in now.get("bases", []):
            yield BREAKING, f"no longer a subclass of {base}"
    if "parameters" in was:
        yield from _parameter_differences(was["parameters"], now["parameters"], special=was.get("special", False))


def _parameter_differences(was: list[list[Any]], now: list[list[Any]], special: bool) -> Iterator[tuple[str, str]]:
    if special:  # `__contains__(self, key)`: called by syntax, so only how many arguments it takes counts
        required_before = sum(not default for _, kind, _, default in was if kind in POSITIONAL)
        required_after = sum(not default for _, kind, _, default in now if kind in POSITIONAL)
        if required_before != required_after:
            yield BREAKING, f"takes {required_after} arguments, not {required_before}"
        return
    before = {name: (kind, annotation, default) for name, kind, annotation, default in was}
    after = {name: (kind, annotation, default) for name, kind, annotation, default in now}
    positional_before = [name for name, kind, _, _ in was if kind in POSITIONAL]
    positional_after = [name for name, kind, _, _ in now if kind in POSITIONAL]
    if positional_after[: len(positional_before)] != positional_before:
        yield BREAKING, f"positional arguments ({', '.join(positional_before)}) → ({', '.join(positional_after)})"
    for name, (kind, annotation, default) in before.items():
        if name not in after:
            if kind not in VARIADIC:
                yield BREAKING, f"argument `{name}` removed"
            continue
        new_kind, new_annotation, new_default = after[name]
        if default and not new_default:
            yield BREAKING, f"argument `{name}` is now required"
        if annotation is not None and annotation != new_annotation:
            yield BREAKING, f"argument `{name}`: {annotation} → {new_annotation}"
        if kind in VARIADIC and new_kind != kind:
            yield BREAKING, f"argument `{name}`: {kind} → {new_kind}"
    for name, (kind, _, default) in after.items():
        if name not in before:
            if default or kind in VARIADIC:
                yield NON_BREAKING, f"argument `{name}` added"
            else:
                yield BREAKING, f"argument `{name}` added, required"


def _record(found: Surface, path: str, obj: Any) -> None:
    if obj.is_class:
        found[path] = {"kind": "class", "bases": sorted(set(_ancestors(obj)))}
        for name, member in sorted(obj.all_members.items()):
            if _reached(name):
                _record(found, f"{path}.{name}", _target(member))
    elif obj.is_function:
        if "property" in obj.labels:
            found[path] = {"kind": "property", "annotation": _text(obj.returns)}
        else:
            parameters = [
                [p.name, p.kind.value, _text(p.annotation), p.default is not None]
                for p in obj.parameters
                if p.name not in ("self", "cls")
            ]
            found[path] = {"kind": "function", "parameters": parameters, "returns": _text(obj.returns)}
            if obj.name != "__init__" and obj.name.startswith("__") and obj.name.endswith("__"):
                found[path]["special"] = True
    elif obj.is_attribute:
        found[path] = {"kind": "attribute", "annotation": _text(obj.annotation)}


# Special methods a user's code reaches through syntax (`with`, `for`, `in`, `len`, `await`, `[...]`);
# those of representation and pickling are not a promise.
NOT_REACHED = {"__repr__", "__str__", "__hash__", "__getstate__", "__setstate__", "__reduce__", "__slots__"}


def _reached(name: str) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return name not in NOT_REACHED
    return not name.startswith("_")


def _ancestors(cls: Any, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every base a class has, its bases' bases included, as written: subclassing is transitive, so
    a base put in between breaks no `isinstance` or `except` (those outside the SDK end the walk)."""
    yield from (str(base) for base in cls.bases)
    for base in cls.resolved_bases:
        if base.path not in seen:
            yield from _ancestors(base, seen | {cls.path})


def _target(member: Any) -> Any:
    """What an alias (a name imported from elsewhere) stands for; the object itself otherwise."""
    if member.is_alias:
        try:
            return member.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return member
    return member


def _text(annotation: Any) -> str | None:
    return None if annotation is None else str(annotation)


def _public_modules(module: Any) -> Iterator[Any]:
    yield module
    for name, member in module.members.items():
        if not member.is_alias and member.is_module and not name.startswith("_"):
            yield from _public_modules(member)


def _parent(path: str) -> str:
    return path.rsplit(".", 1)[0]
