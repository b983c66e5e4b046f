"""An OpenAPI 3.1 document as the toolkit's products read it: loaded, its `$ref`s followed one way,
its operations and their parameters found one way.

This file is the source; the reference server and the contract suite each ship a copy of it in their
package (`_openapi_reader.py`), because an installed package cannot import the repository's tools,
and none of the three may import another's internals. `make generate` writes the copies and
`tests/spec/test_copies.py` fails when one differs. The tests judge every product with a reader of
their own (tests/openapi_document.py), not with this one.

A `$ref` in OpenAPI 3.1 may have keywords beside it. In a Reference Object (a parameter, a response,
...) `summary` and `description` override the target's; in a Schema Object every keyword beside it
applies too. `resolve` gives the target with the keywords beside it laid over it, which is exact
unless both carry the same constraint keyword: then both must hold, and it gives
`{"allOf": [target, keywords]}` rather than drop one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords that describe and constrain nothing: beside a `$ref` they never conflict with the target's.
ANNOTATIONS = frozenset(
    {"description", "summary", "title", "example", "examples", "externalDocs", "$comment", "deprecated"}
)
MAX_HOPS = 64  # a chain of `$ref`s longer than this is a cycle


class UnresolvedReference(LookupError):
    """A `$ref` that names nothing in the document, or a chain of them that never ends."""


def load(path: Path) -> dict[str, Any]:
    return parse(path.read_text(encoding="utf-8"), str(path))


def parse(text: str, name: str = "the document") -> dict[str, Any]:
    document = yaml.safe_load(text)
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise ValueError(f"{name}: not an OpenAPI document (no `paths` object)")
    return document


def escape(token: str) -> str:
    """A JSON Pointer token (RFC 6901): `/` and `~` escaped."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(document: Mapping[str, Any], ref: str) -> Any:
    """What a local reference (`#/components/schemas/Device`) names."""
    if not ref.startswith("#"):
        raise UnresolvedReference(f"{ref}: only references inside the document are read")
    node: Any = document
    for token in ref.removeprefix("#").removeprefix("/").split("/") if ref not in ("#", "#/") else []:
        step = unescape(token)
        if isinstance(node, Mapping) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            raise UnresolvedReference(f"{ref}: {step!r} is not there")
    return node


def resolve_at(document: Mapping[str, Any], node: Any, at: str = "") -> tuple[Any, str]:
    """`node` with its `$ref`s followed, and the pointer of where it now stands: the target's, or its
    own `at` when constraint keywords beside a `$ref` make it a schema of its own."""
    beside: dict[str, Any] = {}
    start = at
    for _ in range(MAX_HOPS):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
            break
        # Keywords nearer the use win: those beside the first `$ref` over those beside the next.
        beside = {**{key: value for key, value in node.items() if key != "$ref"}, **beside}
        node, at = pointer(document, node["$ref"]), node["$ref"].removeprefix("#")
    else:
        raise UnresolvedReference(f"{start}: a chain of more than {MAX_HOPS} references (a cycle)")
    if not beside or not isinstance(node, Mapping):
        return node, at
    return _laid_over(node, beside), (at if beside.keys() <= ANNOTATIONS else start)


def resolve(document: Mapping[str, Any], node: Any) -> Any:
    """`node` with its `$ref`s followed (see the module's note on keywords beside a `$ref`)."""
    return resolve_at(document, node)[0]


def _laid_over(target: Mapping[str, Any], beside: dict[str, Any]) -> dict[str, Any]:
    clashes = {key for key in beside.keys() & target.keys() if key not in ANNOTATIONS and beside[key] != target[key]}
    if clashes:
        return {"allOf": [dict(target), beside]}
    return {**target, **beside}


def inlined(document: Mapping[str, Any], node: Any, leave_out: frozenset[str] = frozenset()) -> Any:
    """`node` with every local `$ref` inside it replaced by what it names, and the keys in `leave_out`
    dropped: two schemas written one inline and one by reference come out equal. A cycle stops at
    MAX_HOPS levels deep, as it stands."""
    return _inlined(document, node, leave_out, 0)


def _inlined(document: Mapping[str, Any], node: Any, leave_out: frozenset[str], depth: int) -> Any:
    if depth > MAX_HOPS:
        return node
    if isinstance(node, list):
        return [_inlined(document, item, leave_out, depth + 1) for item in node]
    if not isinstance(node, Mapping):
        return node
    if isinstance(node.get("$ref"), str):
        try:
            node = resolve(document, node)
        except UnresolvedReference:
            return dict(node)  # left as written: the caller compares it as it stands
        return _inlined(document, node, leave_out, depth + 1)
    return {key: _inlined(document, value, leave_out, depth + 1) for key, value in node.items() if key not in leave_out}


@dataclass(frozen=True)
class Operation:
    path: str  # the template: /projects/{project}/devices/{device}
    method: str  # lower case, as the document keys it
    data: Mapping[str, Any]  # the operation object as written
    item: Mapping[str, Any]  # its path item (parameters shared by its operations)

    @property
    def id(self) -> str | None:
        found = self.data.get("operationId")
        return found if isinstance(found, str) else None


def operations(document: Mapping[str, Any]) -> Iterator[Operation]:
    """The document's operations, in the order it lists them."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), Mapping):
                yield Operation(path, method, item[method], item)


def operation(document: Mapping[str, Any], operation_id: str) -> Operation:
    for found in operations(document):
        if found.id == operation_id:
            return found
    raise KeyError(f"no operation {operation_id!r} in the document")


def parameters(document: Mapping[str, Any], found: Operation) -> list[dict[str, Any]]:
    """An operation's parameters, resolved: its path item's, then its own, one per (name, location),
    the operation's own winning (OpenAPI 3.1, Path Item Object)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(found.item.get("parameters") or []), *(found.data.get("parameters") or [])]:
        parameter = resolve(document, raw)
        if isinstance(parameter, Mapping) and "name" in parameter and "in" in parameter:
            merged[(parameter["name"], parameter["in"])] = dict(parameter)
    return list(merged.values())


def schema(document: Mapping[str, Any], name: str) -> dict[str, Any]:
    """`#/components/schemas/<name>`, resolved."""
    found = resolve(document, pointer(document, f"#/components/schemas/{escape(name)}"))
    if not isinstance(found, dict):
        raise UnresolvedReference(f"#/components/schemas/{name} is not a schema object")
    return found
