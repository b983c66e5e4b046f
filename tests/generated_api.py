"""How the tests find the generated client's pieces for an operation or a schema of openapi.yaml."""

from __future__ import annotations

import importlib
from types import ModuleType

from openapi_document import Operation
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
