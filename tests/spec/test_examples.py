"""Every example in openapi.yaml, and every payload of the public reference, fits its schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_document import ROOT, deref, document, operation, validator

FIXTURES = ROOT / "tests" / "fixtures" / "reference"


def _examples(node: Any, pointer: str = "#") -> Iterator[tuple[str, str, Any]]:
    """(where, schema pointer, value) for every example of the document, wherever it stands."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _examples(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    if "schema" in node:  # a media type or a parameter: examples of what it carries
        if "example" in node:
            yield f"{pointer}/example", f"{pointer}/schema", node["example"]
        for name, example in node.get("examples", {}).items():
            yield f"{pointer}/examples/{name}", f"{pointer}/schema", deref(example)["value"]
    elif isinstance(node.get("examples"), list):  # a schema with its own examples
        for index, value in enumerate(node["examples"]):
            yield f"{pointer}/examples/{index}", pointer, value
    for key, child in node.items():
        if key not in ("examples", "example"):
            yield from _examples(child, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")


EXAMPLES = list(_examples(document()))


def test_examples_are_found_in_every_place_they_stand():
    places = {where.split("/")[1] for where, _, _ in EXAMPLES}
    assert places == {"paths", "components"}
    assert len(EXAMPLES) > 40


@pytest.mark.parametrize(("where", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_fits_its_schema(where, schema, value):
    errors = [error.message for error in validator(schema).iter_errors(value)]
    assert errors == []


def test_every_named_example_is_used():
    # An unused component example is never validated in context; Redocly would only warn.
    text = json.dumps(document()["paths"]) + json.dumps(document()["components"]["responses"])
    unused = [name for name in document()["components"]["examples"] if f"#/components/examples/{name}" not in text]
    assert unused == []


def _fixture_schema(path: Path) -> str:
    """The schema a reference payload belongs to, by its file name (see fixtures/reference/README.md)."""
    subject, kind = path.name.removesuffix(".json").split(".")
    if kind == "schema":
        return f"#/components/schemas/{subject}"
    op = operation(subject)
    return op.request_schema_pointer() if kind == "request" else op.success_schema_pointer()


REFERENCE_PAYLOADS = sorted(FIXTURES.glob("*.json"))


def test_reference_payloads_cover_every_operation():
    assert len(REFERENCE_PAYLOADS) == 15
    responses = {p.name.split(".")[0] for p in REFERENCE_PAYLOADS if p.name.endswith(".response.json")}
    assert len(responses) == 10


@pytest.mark.parametrize("path", REFERENCE_PAYLOADS, ids=lambda p: p.name)
def test_reference_payload_fits_the_spec(path):
    payload = json.loads(path.read_text(encoding="utf-8"))
    errors = [error.message for error in validator(_fixture_schema(path)).iter_errors(payload)]
    assert errors == []
