"""openapi.yaml as the tests read it: loaded once, with $ref resolution and compiled JSON Schemas.

Tests take schemas, operations and rules from the document itself, never from a copy in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi.yaml"
SPEC_URI = "urn:gigs-devices:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@functools.cache
def document() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve_pointer(pointer: str) -> Any:
    """The node at a JSON pointer (`#/components/schemas/Device`) of the document."""
    node: Any = document()
    for token in pointer.removeprefix("#").split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def deref(node: Any) -> Any:
    """Follow `$ref`s of non-schema objects (parameters, responses, examples) to their target."""
    while isinstance(node, dict) and "$ref" in node:
        node = resolve_pointer(node["$ref"])
    return node


@functools.cache
def _registry() -> referencing.Registry:
    resource = referencing.jsonschema.DRAFT202012.create_resource(document())
    return referencing.Registry().with_resource(SPEC_URI, resource)


@functools.cache
def validator(pointer: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema 2020-12 validator, with format checks, for the schema at `pointer`.

    The schema is referenced in place, so its own `#/components/...` references resolve against
    the whole document.
    """
    return jsonschema.Draft202012Validator(
        {"$ref": f"{SPEC_URI}{pointer}"},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    pointer: str

    @property
    def data(self) -> dict[str, Any]:
        return resolve_pointer(self.pointer)

    @property
    def operation_id(self) -> str:
        return self.data["operationId"]

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Path-level and operation-level parameters, dereferenced; the operation's win."""
        path_item = resolve_pointer(self.pointer.rsplit("/", 1)[0])
        merged = {}
        for raw in path_item.get("parameters", []) + self.data.get("parameters", []):
            parameter = deref(raw)
            merged[(parameter["name"], parameter["in"])] = parameter
        return list(merged.values())

    @property
    def responses(self) -> dict[str, dict[str, Any]]:
        return {status: deref(response) for status, response in self.data["responses"].items()}

    @property
    def success_status(self) -> str:
        (status,) = [status for status in self.data["responses"] if status.startswith("2")]
        return status

    def request_schema_pointer(self) -> str:
        return f"{self.pointer}/requestBody/content/application~1json/schema"

    def success_schema_pointer(self) -> str:
        response = self.data["responses"][self.success_status]
        base = response.get("$ref", f"{self.pointer}/responses/{self.success_status}")
        return f"{base}/content/application~1json/schema"


def operations() -> Iterator[Operation]:
    for path, item in document()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield Operation(path, method, f"#/paths/{pointer_escape(path)}/{method}")


def operation(operation_id: str) -> Operation:
    (found,) = [op for op in operations() if op.operation_id == operation_id]
    return found


# The limit's bounds, read here (no product's reader judges another): tests that want every item
# read the page size here rather than copy it.
_LIMIT = deref(document()["components"]["parameters"]["limit"])["schema"]
MIN_LIMIT, MAX_LIMIT = _LIMIT["minimum"], _LIMIT["maximum"]
