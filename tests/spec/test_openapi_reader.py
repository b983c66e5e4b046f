"""The products' one reader of the spec (tools/openapi_reader.py, shipped by the server and the
suite as _openapi_reader.py), judged against the tests' own reading of openapi.yaml."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_document import HTTP_METHODS, deref, document, resolve_pointer

from tools import openapi_reader as reader


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return own.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node))
    return set()


REFS = sorted(_refs(document()))


def test_every_reference_of_the_document_names_what_a_json_pointer_names():
    assert len(REFS) > 40
    for ref in REFS:
        assert reader.pointer(document(), ref) == resolve_pointer(ref), ref
        assert reader.resolve(document(), {"$ref": ref}) == deref({"$ref": ref}), ref


def test_operations_and_their_parameters_are_the_document_s():
    expected = [
        (path, method) for path, item in document()["paths"].items() for method in HTTP_METHODS if method in item
    ]
    found = list(reader.operations(document()))
    assert [(op.path, op.method) for op in found] == expected
    for op in found:
        item, data = document()["paths"][op.path], document()["paths"][op.path][op.method]
        own = {(p["name"], p["in"]): p for p in map(deref, data.get("parameters", []))}
        shared = {(p["name"], p["in"]): p for p in map(deref, item.get("parameters", []))}
        assert {(p["name"], p["in"]): p for p in reader.parameters(document(), op)} == {**shared, **own}
        assert reader.operation(document(), op.id) == op


def test_an_operation_s_own_parameter_wins_over_its_path_item_s():
    doc = {
        "paths": {
            "/a": {
                "parameters": [{"name": "x", "in": "query", "schema": {"type": "string"}}],
                "get": {"parameters": [{"$ref": "#/components/parameters/x"}]},
            }
        },
        "components": {"parameters": {"x": {"name": "x", "in": "query", "schema": {"type": "integer"}}}},
    }
    (op,) = reader.operations(doc)
    assert reader.parameters(doc, op) == [{"name": "x", "in": "query", "schema": {"type": "integer"}}]


DOC: dict[str, Any] = {
    "paths": {},
    "components": {
        "schemas": {
            "Id": {"type": "string", "maxLength": 30, "description": "an ID"},
            "Alias": {"$ref": "#/components/schemas/Id"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "a/b~c": {"type": "integer"},
        }
    },
}


def test_keywords_beside_a_ref_are_laid_over_it_and_a_clash_keeps_both():
    described = reader.resolve_at(DOC, {"$ref": "#/components/schemas/Alias", "description": "the device's"}, "/x")
    assert described == ({"type": "string", "maxLength": 30, "description": "the device's"}, "/components/schemas/Id")
    narrower = {"$ref": "#/components/schemas/Id", "maxLength": 20}
    assert reader.resolve_at(DOC, narrower, "/x") == (
        {"allOf": [DOC["components"]["schemas"]["Id"], {"maxLength": 20}]},
        "/x",
    )
    added = {"$ref": "#/components/schemas/Id", "pattern": "^dev_"}
    assert reader.resolve_at(DOC, added, "/x") == ({**DOC["components"]["schemas"]["Id"], "pattern": "^dev_"}, "/x")


def test_a_reference_to_nothing_or_a_cycle_is_an_error_naming_it():
    with pytest.raises(reader.UnresolvedReference, match="#/components/schemas/Gone: 'Gone' is not there"):
        reader.resolve(DOC, {"$ref": "#/components/schemas/Gone"})
    with pytest.raises(reader.UnresolvedReference, match="cycle"):
        reader.resolve(DOC, {"$ref": "#/components/schemas/Loop"})
    assert reader.schema(DOC, "a/b~c") == {"type": "integer"}  # escaped as ~1 and ~0 in the pointer


schemas = st.recursive(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer"])})
    | st.sampled_from([{"$ref": "#/components/schemas/Id"}, {"$ref": "#/components/schemas/Alias"}]),
    lambda inner: (
        st.fixed_dictionaries({"type": st.just("array"), "items": inner})
        | st.fixed_dictionaries(
            {"type": st.just("object"), "properties": st.dictionaries(st.text(max_size=3), inner, max_size=3)}
        )
    ),
    max_leaves=6,
)


def _by_hand(node: Any) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        return _by_hand(resolve_pointer_in(DOC, node["$ref"]))
    if isinstance(node, dict):
        return {key: _by_hand(value) for key, value in node.items() if key != "description"}
    return node


def resolve_pointer_in(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for token in ref.removeprefix("#/").split("/"):
        node = node[token]
    return node


@given(schemas)
def test_a_schema_inlined_equals_it_written_out_by_hand(schema):
    assert reader.inlined(DOC, schema, leave_out=frozenset({"description"})) == _by_hand(schema)
