"""The generator kept every operation and schema typed: it degrades silently, so these tests look."""

from __future__ import annotations

import asyncio
import enum
import gc
import importlib
import importlib.metadata
import inspect
import json
import subprocess
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import attrs
import httpx
import pytest
from generated_api import PACKAGE, model, python_name, ref_name
from gigs_devices_client.types import Unset
from openapi_document import ROOT, deref, document, operations, resolve_pointer

from gigs_devices import AsyncGigs, AsyncPager, Gigs, SyncPage

ALL_OPERATIONS = sorted(operations(), key=lambda op: op.operation_id)
SCHEMAS = document()["components"]["schemas"]
MODELLED = sorted(name for name, schema in SCHEMAS.items() if schema.get("type") == "object" or "enum" in schema)
GIGS = Gigs("sk_test", project="dev", base_url="http://127.0.0.1:9")
AGIGS = AsyncGigs("sk_test", project="dev", base_url="http://127.0.0.1:9")
CLIENTS = {"sync": GIGS, "async": AGIGS, "sync raw": GIGS.with_raw_response, "async raw": AGIGS.with_raw_response}


def method_of(client: Any, op) -> Any:
    """The SDK method openapi.yaml names for the operation (`x-sdk`)."""
    return getattr(getattr(client, op.data["x-sdk"]["resource"]), op.data["x-sdk"]["method"])


def keyword(name: str) -> str:
    """The SDK's keyword for a spec name: its Python name, without the `_` a builtin's name gets."""
    return python_name(name).removesuffix("_")


def is_paged(op) -> bool:
    return any(parameter["name"] == "after" for parameter in op.parameters)


def contains_any(annotation) -> bool:
    if annotation is Any:
        return True
    if get_origin(annotation) in (typing.Union, types.UnionType):
        parts = get_args(annotation)
        # A model may be given as a mapping of its JSON fields (`metadata={"crmId": "c-1"}`).
        if any(attrs.has(part) for part in parts):
            parts = tuple(part for part in parts if get_origin(part) is not Mapping)
        return any(contains_any(part) for part in parts)
    return any(contains_any(arg) for arg in get_args(annotation))


def members(annotation) -> set:
    """The types a union is made of."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(members(arg) for arg in get_args(annotation)))
    return {annotation}


def hints(function) -> dict[str, Any]:
    return get_type_hints(function, include_extras=True)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_is_a_method_sync_async_and_raw(op):
    for mode, client in CLIENTS.items():
        method = method_of(client, op)
        if mode.startswith("async") and not (is_paged(op) and mode == "async"):
            assert inspect.iscoroutinefunction(method), mode
        else:
            assert not inspect.iscoroutinefunction(method), mode
    if is_paged(op):  # an async list is awaited for its first page, or walked with `async for`
        assert get_origin(hints(method_of(AGIGS, op))["return"]) is AsyncPager


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
@pytest.mark.parametrize("mode", CLIENTS)
def test_no_method_takes_or_returns_any(op, mode):
    annotations = hints(method_of(CLIENTS[mode], op))
    assert {name for name, annotation in annotations.items() if contains_any(annotation)} == set()


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_parameters_and_body_are_typed_from_the_spec(op):
    annotations = hints(method_of(GIGS, op))
    for parameter in op.parameters:
        name = "idempotency_key" if parameter["name"] == "Idempotency-Key" else keyword(parameter["name"])
        assert name in annotations, parameter["name"]
        if deref(parameter["schema"]).get("type") == "array":
            assert {get_origin(listed) for listed in members(annotations[name]) - {Unset}} == {list, tuple}
    if "requestBody" in op.data:
        body_schema = resolve_pointer(op.request_schema_pointer())
        for name in deref(body_schema)["properties"]:
            assert keyword(name) in annotations, name
    assert "body" not in annotations


def documented_arguments(function) -> dict[str, str]:
    """A Google-style docstring's `Args:`: each name and its text, wrapped lines joined."""
    lines = inspect.getdoc(function).split("\n")
    found: dict[str, str] = {}
    name = ""
    for line in lines[lines.index("Args:") + 1 :]:
        if not line.startswith("    "):
            break
        if line.startswith("        "):
            found[name] += " " + line.strip()
        else:
            name, _, text = line.strip().partition(": ")
            found[name] = text
    return found


def spec_description(node: dict) -> str:
    """A node's description, else that of what it refers to, as one line."""
    while "description" not in node and "$ref" in node:
        node = resolve_pointer(node["$ref"])
    return " ".join(node["description"].split())


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
@pytest.mark.parametrize("mode", CLIENTS)
def test_every_method_documents_each_argument_with_the_spec_s_words(op, mode):
    """Editors show a method's docstring on hover: every argument is there, with the spec's own
    description (a parameter's, not the `An opaque … object ID.` of its schema)."""
    method = method_of(CLIENTS[mode], op)
    documented = documented_arguments(method)
    signature = inspect.signature(method).parameters.values()
    assert list(documented) == [f"**{p.name}" if p.kind is p.VAR_KEYWORD else p.name for p in signature]
    expected = {
        keyword(parameter["name"]): spec_description(parameter)
        for parameter in op.parameters
        if parameter["in"] in ("path", "query")
    }
    if "requestBody" in op.data:
        properties = deref(resolve_pointer(op.request_schema_pointer()))["properties"]
        expected |= {keyword(name): spec_description(schema) for name, schema in properties.items()}
    lists = {keyword(p["name"]) for p in op.parameters if p.get("explode") is False}
    for name, text in expected.items():
        if name in lists:  # the spec tells the wire; the SDK takes a Python list and encodes it
            assert documented[name].startswith(text.split(", as a")[0] + ": a list of values (sent comma-separated).")
            assert "%252C" not in documented[name], name
        elif name != "project":  # the client's own, unless given
            assert documented[name] == text, name
    assert all(documented.values())


def docstrings() -> Iterator[tuple[str, str]]:
    """Every docstring of the generated package: modules, and their classes, functions and methods."""
    for path in sorted((ROOT / "sdk" / "generated" / PACKAGE).rglob("*.py")):
        dotted = ".".join(path.relative_to(ROOT / "sdk" / "generated").with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(dotted)
        found = [(dotted, module)]
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == dotted:
                found.append((f"{dotted}.{name}", value))
                found += [(f"{dotted}.{name}.{k}", inspect.unwrap(v)) for k, v in vars(value).items()]
            elif inspect.isfunction(value) and value.__module__ == dotted:
                found.append((f"{dotted}.{name}", value))
        for where, member in found:
            member = getattr(member, "__func__", member)  # classmethods
            if (inspect.isroutine(member) or inspect.isclass(member) or inspect.ismodule(member)) and member.__doc__:
                yield where, member.__doc__


def test_docstrings_are_wrapped_by_paragraph_with_no_stray_one_word_lines():
    """Upstream wrapped each line of a description by itself: a long first line left its last word
    alone on the next one (`The`)."""
    stray = []
    for where, doc in docstrings():
        lines = inspect.cleandoc(doc).split("\n")
        for line, following in zip(lines, lines[1:], strict=False):
            indent = len(line) - len(line.lstrip())
            # The same paragraph goes on at the same indentation; a one-word line in its middle is a stray.
            continues = following.strip() and len(following) - len(following.lstrip()) == indent
            if len(line.split()) == 1 and continues and not line.rstrip().endswith(":"):
                stray.append(f"{where}: {line.strip()!r} then {following.strip()[:40]!r}")
    assert stray == []


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_returns_the_success_model_or_a_page_of_its_items(op):
    success = model(ref_name(resolve_pointer(op.success_schema_pointer())))
    returned = hints(method_of(GIGS, op))["return"]
    if is_paged(op):
        (item,) = get_args(returned)
        assert get_origin(returned) is SyncPage
        models = vars(importlib.import_module(f"{PACKAGE}.models"))
        assert item is get_args(get_type_hints(success, localns=models)["items"])[0]
    else:
        assert returned is success


@pytest.mark.parametrize("name", MODELLED)
def test_every_component_schema_has_a_model(name):
    cls = model(name)
    if "enum" in SCHEMAS[name]:
        assert issubclass(cls, enum.Enum)
        assert sorted(member.value for member in cls) == sorted(SCHEMAS[name]["enum"])
        return
    assert attrs.has(cls)
    fields = {field.name for field in attrs.fields(cls)} - {"additional_properties", "_request_id"}
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
    """The version the installed distribution says (its metadata, not the module's own string) is
    the one `__version__` and every request's User-Agent carry."""
    import gigs_devices

    installed = importlib.metadata.version("gigs-devices")
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(500))
    gigs = Gigs("k", project="dev", max_retries=0, http_client=httpx.Client(transport=transport))
    with gigs, pytest.raises(gigs_devices.InternalServerError):
        gigs.device_model_brands.list()
    assert gigs_devices.__version__ == installed
    assert sent[0].headers.get_list("user-agent") == [f"gigs-devices-python/{installed}"]


def success_payload_path(op) -> Path:
    return ROOT / "tests" / "fixtures" / "reference" / f"{op.operation_id}.response.json"


def success_payload(op) -> Any:
    return json.loads(success_payload_path(op).read_text())


# A new operation lands before the reference's example of its answer does.
ANSWERED_OPERATIONS = [op for op in ALL_OPERATIONS if success_payload_path(op).exists()]


def call(op) -> tuple[list[str], dict[str, Any]]:
    """Arguments that make a valid call of the operation's method."""
    path = ["x" for p in op.parameters if p["in"] == "path" and p["name"] != "project"]
    body = {"imei": "356938035643809"} if "requestBody" in op.data and op.operation_id.startswith("search") else {}
    return path, body


@pytest.mark.parametrize("op", ANSWERED_OPERATIONS, ids=lambda op: op.operation_id)
def test_answers_become_models_without_touching_the_collector(op, monkeypatch):
    # Parsing once held the process's garbage collector, which raced between threads and could leave
    # it off for good: a library must not change process-wide state. No operation may do so again.
    def changed(*_: object) -> None:
        raise AssertionError("the SDK changed the collector's state")

    for name in ("disable", "freeze", "set_threshold"):
        monkeypatch.setattr(gc, name, changed)
    http = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(200, json=success_payload(op))))
    gigs = Gigs("sk_test", project="dev", base_url="http://127.0.0.1:9", http_client=http)
    path, keywords = call(op)
    answer = method_of(gigs, op)(*path, **keywords)
    parsed = list(answer) if isinstance(answer, SyncPage) else answer
    assert parsed is not None and gc.isenabled()


def test_the_generated_package_depends_on_nothing_of_the_sdk():
    """One way: the SDK (`gigs_devices`) imports the generated package, never the reverse, so either
    can be imported first and nothing goes round in a circle."""
    generated = ROOT / "sdk" / "generated" / PACKAGE
    for path in generated.rglob("*.py"):
        source = path.read_text()
        assert (
            "gigs_devices." not in source.replace("gigs_devices_client", "") and "import gigs_devices\n" not in source
        ), path
    script = (
        f"import sys, {PACKAGE}.api, {PACKAGE}.models; assert 'gigs_devices' not in sys.modules; import gigs_devices"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_async_list_is_a_pager_of_the_items():
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200, json=success_payload(LIST))))

    async def walk() -> list[str]:
        async with AsyncGigs("sk_test", project="dev", base_url="http://127.0.0.1:9", http_client=http) as agigs:
            return [device.id async for device in agigs.devices.list()]

    assert asyncio.run(walk()) == [item["id"] for item in success_payload(LIST)["items"]]


LIST = next(op for op in ALL_OPERATIONS if op.operation_id == "listDevices")
