"""The gate against every edit of a kind the document allows, not a sample of them.

Each family below enumerates its edits from openapi.yaml itself: its operations, parameters,
responses, and every schema an operation reaches, with the side it is reached on (what a client
sends, what it reads), worked out here by following `$ref`s from the operations, independently of
the gate. Each edit is applied alone and judged by what it does to a client written against today's
document:

- an additive edit (something optional added, a bound loosened where the client sends, a new
  alternative) must come out compatible: never breaking;
- a narrowing edit (a bound tightened or an enum value removed where the client sends, something
  made required, a field the client reads made optional, an operation or success status removed)
  must come out breaking: never compatible.

Answers' bounds and enum values are open by the API's policy (the SDK checks neither: api-facts),
so a change to them on the read side is compatible either way, and is walked as such.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from release import http, rules

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi.yaml").read_text())
Path_ = tuple[str | int, ...]
Edit = Callable[[dict[str, Any]], None]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
REQUEST, RESPONSE = "request", "response"
ADDITIVE, NARROWING = "additive", "narrowing"


def at(document: Any, path: Path_) -> Any:
    for step in path:
        document = document[step]
    return document


def referred(ref: str) -> Path_:
    return tuple(step.replace("~1", "/").replace("~0", "~") for step in ref[2:].split("/"))


def resolved(path: Path_) -> Path_:
    """Where a `$ref` at `path` leads (a node with keywords beside its `$ref` stands where it is)."""
    node = at(DOCUMENT, path)
    while isinstance(node, dict) and set(node) == {"$ref"}:
        path = referred(node["$ref"])
        node = at(DOCUMENT, path)
    return path


def operations() -> Iterator[tuple[str, str, Path_]]:
    for path, item in DOCUMENT["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, ("paths", path, method)


def parameters(path: str, method: str) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """An operation's parameters, as (where each is written, what it says)."""
    for owner in (("paths", path), ("paths", path, method)):
        for index, _ in enumerate(at(DOCUMENT, owner).get("parameters", [])):
            where = resolved((*owner, "parameters", index))
            yield where, at(DOCUMENT, where)


def _admits_null(node: dict[str, Any]) -> bool:
    return any(
        isinstance(branch, dict) and branch.get("type") == "null"
        for keyword in ("anyOf", "oneOf")
        for branch in node.get(keyword, [])
    )


def _schema_sides() -> tuple[dict[Path_, set[str]], set[Path_]]:
    """Every schema node an operation reaches, by its path in the document, with its sides; and those
    an answer reaches other than as a branch of a union that admits null already (where null added
    to the branch changes nothing a client reads)."""
    sides: dict[Path_, set[str]] = defaultdict(set)
    bare: set[Path_] = set()
    visited: set[tuple[Path_, str, bool]] = set()

    def visit(path: Path_, side: str, in_nullable: bool = False) -> None:
        node = at(DOCUMENT, path)
        if not isinstance(node, dict) or (path, side, in_nullable) in visited:
            return
        visited.add((path, side, in_nullable))
        sides[path].add(side)
        if side == RESPONSE and not in_nullable:
            bare.add(path)
        if isinstance(node.get("$ref"), str):
            visit(referred(node["$ref"]), side, in_nullable)
        for name in node.get("properties", {}):
            visit((*path, "properties", name), side)
        for keyword in ("items", "additionalProperties", "not"):
            if isinstance(node.get(keyword), dict):
                visit((*path, keyword), side)
        for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for index, _ in enumerate(node.get(keyword, [])):
                visit((*path, keyword, index), side, keyword != "prefixItems" and _admits_null(node))

    def contents(path: Path_, side: str) -> None:
        for media in at(DOCUMENT, path).get("content", {}):
            visit((*path, "content", media, "schema"), side)

    for path, method, here in operations():
        for where, _ in parameters(path, method):
            visit((*where, "schema"), REQUEST)
        if "requestBody" in at(DOCUMENT, here):
            contents(resolved((*here, "requestBody")), REQUEST)
        for status in at(DOCUMENT, here)["responses"]:
            response = resolved((*here, "responses", status))
            contents(response, RESPONSE)
            for name in at(DOCUMENT, response).get("headers", {}):
                visit((*resolved((*response, "headers", name)), "schema"), RESPONSE)
    return dict(sides), bare


SIDES, READ_BARE = _schema_sides()
# Bounds, and whether raising one (maximum) or lowering it (minimum) loosens it.
UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")


def set_at(path: Path_, **values: Any) -> Edit:
    return lambda d: at(d, path).update(values)


def pop_at(path: Path_, key: str | int) -> Edit:
    return lambda d: at(d, path).pop(key)


def bounds() -> Iterator[tuple[str, str, Edit, str]]:
    for path, sides in SIDES.items():
        node = at(DOCUMENT, path)
        sent = REQUEST in sides
        for keyword in (*UPPER, *LOWER):
            value = node.get(keyword)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            looser, tighter = (value + 1, value - 1) if keyword in UPPER else (value - 1, value + 1)
            name = f"{'/'.join(map(str, path))}/{keyword}"
            yield "bound loosened", name, set_at(path, **{keyword: looser}), ADDITIVE
            yield "bound removed", name, pop_at(path, keyword), ADDITIVE
            if tighter >= 0 or keyword in ("minimum", "maximum"):
                yield "bound tightened", name, set_at(path, **{keyword: tighter}), NARROWING if sent else ADDITIVE
        if sent and node.get("type") == "string" and "maxLength" not in node and "enum" not in node:
            name = "/".join(map(str, path))
            yield "maxLength added to a string sent", name, set_at(path, maxLength=1), NARROWING


def enums() -> Iterator[tuple[str, str, Edit, str]]:
    for path, sides in SIDES.items():
        values = at(DOCUMENT, path).get("enum")
        if not isinstance(values, list):
            continue
        name = "/".join(map(str, path))
        yield "enum value added", name, set_at(path, enum=[*values, "added-value"]), ADDITIVE
        if len(values) > 1:
            kind = NARROWING if REQUEST in sides else ADDITIVE
            yield "enum value removed", name, set_at(path, enum=values[1:]), kind


def types() -> Iterator[tuple[str, str, Edit, str]]:
    for path, sides in SIDES.items():
        declared = at(DOCUMENT, path).get("type")
        if declared is None:
            continue
        listed = [declared] if isinstance(declared, str) else list(declared)
        name = "/".join(map(str, path))
        if "null" in listed and len(listed) > 1:
            without = [t for t in listed if t != "null"]
            kind = NARROWING if REQUEST in sides else ADDITIVE
            yield "null no longer allowed", name, set_at(path, type=without[0] if len(without) == 1 else without), kind
        elif "null" not in listed:
            kind = NARROWING if path in READ_BARE else ADDITIVE
            yield "null allowed", name, set_at(path, type=[*listed, "null"]), kind


def objects() -> Iterator[tuple[str, str, Edit, str]]:
    for path, sides in SIDES.items():
        node = at(DOCUMENT, path)
        if not isinstance(node.get("properties"), dict):
            continue
        required = list(node.get("required", []))
        name = "/".join(map(str, path))
        properties = (*path, "properties")
        yield "optional property added", name, set_at(properties, addedField={"type": "string"}), ADDITIVE
        for key in node["properties"]:
            if key not in required:
                kind = NARROWING if REQUEST in sides else ADDITIVE
                yield "property made required", f"{name}.{key}", set_at(path, required=[*required, key]), kind
            else:
                without = [k for k in required if k != key]
                kind = NARROWING if RESPONSE in sides else ADDITIVE
                yield "property made optional", f"{name}.{key}", set_at(path, required=without), kind
            if REQUEST in sides or key in required:

                def remove(d: dict[str, Any], path: Path_ = path, key: str = key) -> None:
                    del at(d, path)["properties"][key]
                    at(d, path)["required"] = [k for k in at(d, path).get("required", []) if k != key]
                    if not at(d, path)["required"]:
                        del at(d, path)["required"]

                yield "property removed", f"{name}.{key}", remove, NARROWING
        if REQUEST in sides and node.get("additionalProperties") is not False:
            yield "object closed", name, set_at(path, additionalProperties=False), NARROWING


def _parameter(name: str, required: bool) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}


def operation_edits() -> Iterator[tuple[str, str, Edit, str]]:
    for path, method, here in operations():
        label = f"{method.upper()} {path}"

        def append(parameter: dict[str, Any], here: Path_ = here) -> Edit:
            return lambda d: at(d, here).setdefault("parameters", []).append(parameter)

        yield "optional query parameter added", label, append(_parameter("addedFilter", False)), ADDITIVE
        yield "required query parameter added", label, append(_parameter("addedFilter", True)), NARROWING
        yield "operation removed", label, pop_at(("paths", path), method), NARROWING
        for where, parameter in parameters(path, method):
            named = f"{label} {parameter['in']} {parameter['name']}"
            if parameter["in"] == "path":
                continue
            if parameter.get("required"):
                yield "parameter made optional", named, set_at(where, required=False), ADDITIVE
            else:
                yield "parameter made required", named, set_at(where, required=True), NARROWING
        responses = at(DOCUMENT, here)["responses"]
        error = {"description": "I'm a teapot.", "content": {"application/json": {"schema": {"type": "object"}}}}
        yield "error status added", label, set_at((*here, "responses"), **{"418": error}), ADDITIVE
        for status in responses:
            if status.startswith("2"):
                yield "success status removed", f"{label} {status}", pop_at((*here, "responses"), status), NARROWING
            elif status[0] in "45":
                yield "error status removed", f"{label} {status}", pop_at((*here, "responses"), status), ADDITIVE
            where = resolved((*here, "responses", status))
            header = {"X-Added": {"schema": {"type": "string"}}}
            yield (
                "response header added",
                f"{label} {status}",
                lambda d, where=where, header=header: at(d, where).setdefault("headers", {}).update(header),
                ADDITIVE,
            )
        if "requestBody" in at(DOCUMENT, here):
            body = resolved((*here, "requestBody"))
            if at(DOCUMENT, body).get("required"):
                yield "request body made optional", label, set_at(body, required=False), ADDITIVE
        free = next(m for m in METHODS if m not in DOCUMENT["paths"][path])
        added = copy.deepcopy(at(DOCUMENT, here))
        added.update(operationId=f"added{free.title()}{len(path)}", **{"x-sdk": {"resource": "added", "method": free}})
        yield "operation added", f"{free.upper()} {path}", set_at(("paths", path), **{free: added}), ADDITIVE


def document_edits() -> Iterator[tuple[str, str, Edit, str]]:
    components = {
        "schemas": {"type": "object"},
        "responses": {"description": "Gone."},
        "parameters": _parameter("unused", False),
        "headers": {"schema": {"type": "string"}},
        "requestBodies": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "examples": {"value": 1},
        "securitySchemes": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    }
    for kind, value in components.items():
        yield (
            "unused component added",
            kind,
            lambda d, k=kind, v=value: d["components"].setdefault(k, {}).update(Added=v),
            ADDITIVE,
        )
    key = {"apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}

    def alternative(d: dict[str, Any]) -> None:
        d["components"]["securitySchemes"].update(key)
        d["security"] = [*d["security"], {"apiKeyAuth": []}]

    yield "security alternative added", "/security", alternative, ADDITIVE
    for index, requirement in enumerate(DOCUMENT["security"]):
        for scheme in requirement:
            scoped = {**requirement, scheme: [*requirement[scheme], "devices:write"]}

            def add_scope(d: dict[str, Any], index: int = index, scoped: dict[str, Any] = scoped) -> None:
                d["security"][index] = scoped

            yield "security scope added", f"/security/{index}/{scheme}", add_scope, NARROWING
    yield "server added", "/servers", lambda d: d["servers"].append({"url": "https://eu.api.gigs.com"}), ADDITIVE


FAMILIES: dict[str, list[tuple[str, Edit, str]]] = defaultdict(list)
for _family, _name, _edit, _kind in (
    *bounds(),
    *enums(),
    *types(),
    *objects(),
    *operation_edits(),
    *document_edits(),
):
    FAMILIES[_family].append((_name, _edit, _kind))
LEVELS = [rules.DOCUMENTATION, rules.NON_BREAKING, rules.BREAKING]


def verdict(edit: Edit) -> tuple[str, list[http.Change]]:
    document = copy.deepcopy(DOCUMENT)
    edit(document)
    changes = http.compare(DOCUMENT, document)
    worst = max((LEVELS.index(c.kind) for c in changes), default=0)
    return LEVELS[worst], changes


def test_the_walk_covers_the_document():
    """Not a sample: every operation, every schema an operation reaches, both sides."""
    assert len(list(operations())) >= 10
    assert sum(1 for sides in SIDES.values() if REQUEST in sides) >= 40
    assert sum(1 for sides in SIDES.values() if RESPONSE in sides) >= 60
    assert sum(len(edits) for edits in FAMILIES.values()) >= 450


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_additive_edit_is_breaking_and_no_narrowing_one_compatible(family):
    wrong = []
    counted: Counter[str] = Counter()
    for name, edit, kind in FAMILIES[family]:
        level, changes = verdict(edit)
        counted[kind] += 1
        if (kind == ADDITIVE and level == rules.BREAKING) or (kind == NARROWING and level != rules.BREAKING):
            wrong.append(f"{kind} {name}: {level} {[(c.rule, c.pointer) for c in changes]}")
    assert wrong == [], f"{family}: {len(wrong)} of {sum(counted.values())} wrong\n" + "\n".join(wrong[:20])
