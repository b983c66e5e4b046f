"""The generator kept every operation and schema typed: it degrades silently, so these tests look."""

from __future__ import annotations

import enum
import gc
import importlib
import importlib.metadata
import inspect
import types
import typing
from typing import Any, get_args, get_origin, get_type_hints

import attrs
import gigs_devices_client
import httpx
import pytest
from generated_api import PACKAGE, model, module_for, python_name, ref_name
from gigs_devices_client.types import Response, Unset
from openapi_document import deref, document, operations, resolve_pointer

ALL_OPERATIONS = sorted(operations(), key=lambda op: op.operation_id)
SCHEMAS = document()["components"]["schemas"]
MODELLED = sorted(name for name, schema in SCHEMAS.items() if schema.get("type") == "object" or "enum" in schema)
FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")


def contains_any(annotation) -> bool:
    if annotation is Any:
        return True
    return any(contains_any(arg) for arg in get_args(annotation))


def members(annotation) -> set:
    """The types a union (or Response[union]) is made of."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(members(arg) for arg in get_args(annotation)))
    if get_origin(annotation) is Response:
        return members(get_args(annotation)[0])
    return {annotation}


def hints(function) -> dict[str, Any]:
    return get_type_hints(function, vars(inspect.getmodule(function)))


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_operation_has_sync_and_async_functions(op):
    module = module_for(op)
    for name in FUNCTIONS:
        function = getattr(module, name)
        assert inspect.iscoroutinefunction(function) == name.startswith("asyncio"), name


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_no_function_takes_or_returns_any(op, function_name):
    annotations = hints(getattr(module_for(op), function_name))
    assert {name for name, annotation in annotations.items() if contains_any(annotation)} == set()


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_parameters_and_body_are_typed_from_the_spec(op):
    annotations = hints(module_for(op).sync_detailed)
    for parameter in op.parameters:
        name = python_name(parameter["name"])
        assert name in annotations, parameter["name"]
        if deref(parameter["schema"]).get("type") == "array":
            (listed,) = members(annotations[name]) - {Unset}
            assert get_origin(listed) is list, parameter["name"]
    if "requestBody" in op.data:
        body_schema = resolve_pointer(op.request_schema_pointer())
        assert annotations["body"] is model(ref_name(body_schema))
    else:
        assert "body" not in annotations


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_returns_the_success_model_and_the_error_model(op):
    success = model(ref_name(resolve_pointer(op.success_schema_pointer())))
    assert members(hints(module_for(op).sync)["return"]) == {success, model("Error"), type(None)}
    assert members(hints(module_for(op).sync_detailed)["return"]) == {success, model("Error")}


@pytest.mark.parametrize("name", MODELLED)
def test_every_component_schema_has_a_model(name):
    cls = model(name)
    if "enum" in SCHEMAS[name]:
        assert issubclass(cls, enum.Enum)
        assert sorted(member.value for member in cls) == sorted(SCHEMAS[name]["enum"])
        return
    assert attrs.has(cls)
    fields = {field.name for field in attrs.fields(cls)} - {"additional_properties"}
    assert fields == {python_name(prop) for prop in SCHEMAS[name].get("properties", {})}


@pytest.mark.parametrize("name", [name for name in MODELLED if "enum" not in SCHEMAS[name]])
def test_model_fields_are_typed(name):
    annotations = get_type_hints(model(name), localns=vars(importlib.import_module(f"{PACKAGE}.models")))
    untyped = {field for field, annotation in annotations.items() if contains_any(annotation)}
    # Only an open `additionalProperties: true` may hold anything.
    if SCHEMAS[name].get("additionalProperties") is True:
        untyped.discard("additional_properties")
    assert untyped == set()


def test_the_sdk_has_one_version_and_the_user_agent_carries_it():
    # The SDK's version follows its own changes (semantic versioning), not the reference's date.
    import gigs_devices
    from gigs_devices._client import USER_AGENT

    assert gigs_devices.__version__ == importlib.metadata.version("gigs-devices")
    assert f"gigs-devices-python/{gigs_devices.__version__}" == USER_AGENT


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_answers_become_models_without_touching_the_collector(op, monkeypatch):
    # Parsing once held the process's garbage collector, which raced between threads and could leave
    # it off for good: a library must not change process-wide state. No operation may do so again.
    module = module_for(op)
    seen = []
    monkeypatch.setattr(module, "_parse_response", lambda **_: seen.append(gc.isenabled()))
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        client = gigs_devices_client.Client(base_url="http://127.0.0.1")
        module._build_response(client=client, response=httpx.Response(200, content=b"{}"))
        assert seen == [True] and gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
