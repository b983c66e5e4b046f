"""How the tests find the generated client's pieces for an operation or a schema of openapi.yaml."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from openapi_document import Operation, operation, resolve_pointer
from openapi_python_client.strings import PythonIdentifier

PACKAGE = "gigs_devices_client"


def python_name(name: str) -> str:
    """The name the generator gives a spec name (snake case, `_` after a reserved word)."""
    return str(PythonIdentifier(name, prefix=""))


def module_for(op: Operation) -> ModuleType:
    (tag,) = op.data["tags"]
    return importlib.import_module(f"{PACKAGE}.api.{python_name(tag)}.{python_name(op.operation_id)}")


def model(name: str) -> type:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def ref_name(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[1]


def fixture_model(path: Path) -> type:
    """The generated model of a reference fixture's schema (file naming in fixtures/reference/README.md)."""
    subject, kind = path.name.removesuffix(".json").split(".")
    if kind == "schema":
        return model(subject)
    op = operation(subject)
    pointer = op.request_schema_pointer() if kind == "request" else op.success_schema_pointer()
    return model(ref_name(resolve_pointer(pointer)))
