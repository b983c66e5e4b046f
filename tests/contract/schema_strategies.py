"""Hypothesis strategies for the JSON values a schema of openapi.yaml admits.

hypothesis-jsonschema is the library for this, but its last release (0.23.1, 2024) fails on current
Hypothesis (it reaches into Hypothesis internals that have changed). This covers the keywords that
openapi.yaml uses, and raises on any other so that a spec change cannot silently narrow the tests.
Timestamps come in the form the API writes (RFC 3339, UTC, `Z`), so that bodies round-trip exactly.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import jsonschema_rs
from hypothesis import strategies as st

# Keywords that only annotate, and those this module draws from.
ANNOTATIONS = {"description", "examples", "example", "default", "title", "deprecated", "readOnly", "writeOnly"}
HANDLED = {
    "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
    "pattern", "minLength", "maxLength", "maxProperties", "propertyNames", "format", "uniqueItems",
    "minimum", "maximum", "minItems", "not",
}  # fmt: skip

json_leaves = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=10)
any_json = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


FORMATS: dict[str, st.SearchStrategy[str]] = {
    "date-time": st.datetimes(
        min_value=datetime.datetime(1970, 1, 1),
        max_value=datetime.datetime(2100, 1, 1),
        timezones=st.just(datetime.UTC),
    ).map(_timestamp),
    "date": st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)).map(
        datetime.date.isoformat
    ),
    # Hypothesis's addresses include IDN top-level domains in mixed case, which the format validators
    # reject: keep those the validators (and so the server) accept.
    "email": st.emails().filter(
        jsonschema_rs.validator_for({"type": "string", "format": "email"}, validate_formats=True).is_valid
    ),
    "uri": st.from_regex(r"\Ahttps://[a-z]{1,10}\.example/[a-z0-9/]{0,20}\Z"),
}


def from_schema(schema: dict[str, Any], resolve: Callable[[dict[str, Any]], dict[str, Any]]) -> st.SearchStrategy:
    """Values `schema` admits; `resolve` follows a `$ref` to its target schema."""
    unknown = {key for key in set(schema) - HANDLED - ANNOTATIONS if not key.startswith("x-")}  # x-: extensions
    if unknown:
        raise NotImplementedError(f"schema keywords not covered by schema_strategies: {sorted(unknown)}")
    if "$ref" in schema:
        return st.deferred(lambda: from_schema(resolve(schema), resolve))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(option, resolve) for option in schema["anyOf"]])
    types = schema.get("type")
    if "not" in schema and types != "string":
        raise NotImplementedError(f"`not` is drawn for strings only: {schema}")
    if isinstance(types, list):
        return st.one_of([from_schema({**schema, "type": kind}, resolve) for kind in types])
    builders = {
        "null": lambda: st.none(),
        "boolean": st.booleans,
        "integer": lambda: st.integers(schema.get("minimum"), schema.get("maximum")),
        "string": lambda: _string(schema),
        "array": lambda: _array(schema, resolve),
        "object": lambda: _object(schema, resolve),
    }
    if types not in builders:
        raise NotImplementedError(f"schema without a type this module draws: {schema}")
    return builders[types]()


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if "not" in schema:  # drawn without it, then the values it excludes are left out
        excluded = jsonschema_rs.validator_for({"type": "string", **schema["not"]})
        return _string({k: v for k, v in schema.items() if k != "not"}).filter(lambda s: not excluded.is_valid(s))
    if "format" in schema:
        return FORMATS[schema["format"]]
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 20))


def _array(schema: dict[str, Any], resolve) -> st.SearchStrategy[list]:
    items = from_schema(schema.get("items", {"type": "string"}), resolve)
    unique = {"unique_by": lambda item: repr(item)} if schema.get("uniqueItems") else {}
    return st.lists(items, min_size=schema.get("minItems", 0), max_size=4, **unique)


def _object(schema: dict[str, Any], resolve) -> st.SearchStrategy[dict]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    fixed = st.fixed_dictionaries(
        {name: from_schema(sub, resolve) for name, sub in properties.items() if name in required},
        optional={name: from_schema(sub, resolve) for name, sub in properties.items() if name not in required},
    )
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return fixed
    names = from_schema({"type": "string", **schema.get("propertyNames", {})}, resolve).filter(
        lambda name: name not in properties
    )
    values = any_json if extra is True else from_schema(extra, resolve)
    limit = schema.get("maxProperties", 12) - len(properties)
    if limit <= 0:
        return fixed
    extras = st.dictionaries(names, values, max_size=min(limit, 3) if properties else limit)
    return st.tuples(fixed, extras).map(lambda parts: {**parts[1], **parts[0]})
