"""Properties of the generated models and the SDK, checked against the spec and the embedded reference server.

1. Every body the spec's response schemas admit parses into the generated models and turns back
   into the same JSON; parsed from its JSON bytes (`from_json`, through the compiled wire decoder) it
   gives the same models as `from_dict` does, with properties the schema does not name added
   anywhere in it too (a newer server's: they are kept).
2. Every request the SDK builds, for any arguments the spec admits, is one the spec accepts
   (method, path, query serialization, headers, body): checked by the validators compiled from
   openapi.yaml. Sent to the embedded server, its answer parses into the documented model.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import pytest
from generated_api import python_name
from gigs_devices_client import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import launch
from openapi_document import deref, document, validator
from schema_strategies import from_schema

from gigs_devices import APIStatusError, Gigs, SyncPage
from gigs_devices_mock.errors import ApiError
from gigs_devices_mock.params import parse_headers, parse_path, parse_query
from gigs_devices_mock.spec import Spec

# The server's routes and parsers: what the SDK sends must be what the server reads. Schemas are
# read by the tests' own reader (openapi_document), not by a product's.
SPEC = Spec()
# Devices the property may read, change and delete: each test makes its own, with IMEIs of its own.
FRESH_IMEIS = (f"3569380356{n:05d}" for n in itertools.count())
RESPONSE_SCHEMAS = ["Device", "DeviceList", "DeviceModel", "DeviceModelList", "DeviceModelBrands", "Error"]


def resolve(schema: dict) -> dict:
    return deref(schema)


def schema_named(name: str) -> dict:
    return resolve({"$ref": f"#/components/schemas/{name}"})


@pytest.mark.parametrize("name", RESPONSE_SCHEMAS)
def test_every_schema_valid_body_parses_and_round_trips(name):
    model = getattr(models, name)
    schema_validator = validator(f"#/components/schemas/{name}")

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(from_schema(schema_named(name), resolve))
    def round_trips(body):
        assert schema_validator.is_valid(body)  # the strategy draws only what the schema admits
        parsed = model.from_dict(body)
        assert parsed.to_dict() == body

    round_trips()


OBJECT_SCHEMAS = sorted(
    name for name, schema in document()["components"]["schemas"].items() if schema["type"] == "object"
)


@st.composite
def with_unknown_properties(draw: st.DrawFn, body: Any) -> Any:
    """`body` with a property no schema names added to some of its objects (a string: it is also a
    valid value of a metadata map)."""
    if isinstance(body, list):
        return [draw(with_unknown_properties(item)) for item in body]
    if not isinstance(body, dict):
        return body
    grown = {key: draw(with_unknown_properties(value)) for key, value in body.items()}
    if draw(st.booleans()):
        grown["zzAddedLater"] = draw(st.text(max_size=5))
    return grown


@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_parsing_json_through_the_wire_form_gives_the_models_from_dict_gives(name):
    model = getattr(models, name)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(
        from_schema(schema_named(name), resolve).flatmap(
            lambda body: st.tuples(st.just(body), with_unknown_properties(body))
        )
    )
    def same_models(bodies):
        for body in bodies:
            assert model.from_json(orjson.dumps(body)) == model.from_dict(body)

    same_models()


@pytest.fixture(scope="module")
def server():
    with launch() as target:
        yield target


def keyword(name: str) -> str:
    """The SDK's keyword for a spec name: its Python name, without the `_` a builtin's name gets."""
    return python_name(name).removesuffix("_")


def arguments(operation, existing: dict[str, list[str]]) -> st.SearchStrategy[tuple[list[str], dict]]:
    """Arguments for an operation's SDK method, drawn from the spec's schemas: its path parameters
    (the project's aside) by position, the rest by keyword. An ID in the path is as often one the
    server holds (`existing`, by parameter name) as any the schema admits: drawn IDs never exist, and
    an operation on one thing would then never answer 2xx."""
    positional, fields, optional = [], {}, {}
    for params in (operation.path_params, operation.query_params, operation.header_params):
        for parameter in params.parameters:
            value = from_schema(parameter.schema, resolve)
            if parameter.name == "project":
                value = st.sampled_from(["dev", "dev2"])  # keys exist for both; other projects are a 401
            elif params is operation.path_params:
                drawn = value.filter(bool)  # the SDK refuses an empty ID before sending

                def held(name: str = parameter.name, drawn: st.SearchStrategy[str] = drawn) -> st.SearchStrategy[str]:
                    return st.sampled_from(existing[name]) | drawn if existing.get(name) else drawn

                positional.append(st.deferred(held))  # read when drawn: the test makes them first
                continue
            (fields if parameter.required else optional)[keyword(parameter.name)] = value
    if operation.body_validator is not None:
        body = resolve(document()["paths"][operation.path][operation.method.lower()]["requestBody"])
        schema = body["content"]["application/json"]["schema"]
        fields["body"] = from_schema(schema, resolve)

    def call(drawn: tuple[tuple[str, ...], dict]) -> tuple[list[str], dict]:
        path, named = drawn[0], dict(drawn[1])
        body = named.pop("body", {})  # its properties are the method's keywords
        return list(path), {**named, **{keyword(name): value for name, value in body.items()}}

    return st.tuples(st.tuples(*positional), st.fixed_dictionaries(fields, optional=optional)).map(call)


def sdk_method(gigs: Gigs, operation_id: str):
    names = document()["paths"][SPEC.operations[operation_id].path]
    (operation,) = (op for op in names.values() if isinstance(op, dict) and op.get("operationId") == operation_id)
    return getattr(getattr(gigs.with_raw_response, operation["x-sdk"]["resource"]), operation["x-sdk"]["method"])


def assert_the_spec_accepts(request: httpx.Request, operation) -> None:
    """Every part of a request as the server's spec-compiled validators read it."""
    raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    route, raw_values = SPEC.match(raw_path)
    assert route.operations.get(request.method) is operation, (request.method, raw_path)
    try:
        parse_path(operation.path_params, raw_values)
        parse_query(operation.query_params, urlsplit(str(request.url)).query.encode())
        parse_headers(operation.header_params, {k.lower(): v for k, v in request.headers.items()})
    except ApiError as error:
        raise AssertionError(f"{request.method} {request.url}: {error.to_dict()}") from None
    if operation.body_validator is not None:
        assert request.headers["content-type"] == "application/json"
        body = json.loads(request.content)
        errors = [e.message for e in operation.body_validator.iter_errors(body)]
        assert errors == [], body


@pytest.mark.parametrize("operation_id", sorted(SPEC.operations))
def test_requests_the_sdk_builds_fit_the_spec_and_answers_parse(server, operation_id):
    operation = SPEC.operations[operation_id]
    sent: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [sent.append]})
    clients = {
        project: Gigs(token, project=project, base_url=server.base_url, max_retries=0, http_client=http)
        for project, token in (("dev", server.token), ("dev2", server.token_2))
    }

    successes: list[int] = []
    existing: dict[str, list[str]] = {}

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(arguments(operation, existing))
    def property_(drawn):
        positional, kwargs = drawn
        sent.clear()
        method = sdk_method(clients[kwargs.get("project", "dev")], operation_id)
        try:
            raw = method(*positional, **kwargs)
        except APIStatusError as error:  # an error the spec documents, in its error shape
            (request,) = sent
            assert_the_spec_accepts(request, operation)
            assert error.status_code in operation.statuses, error.content
            assert error.error is not None and error.error.to_dict() == json.loads(error.content)
            return
        (request,) = sent
        assert_the_spec_accepts(request, operation)
        assert raw.status_code in operation.statuses
        successes.append(raw.status_code)
        parsed, answer = raw.parse(), json.loads(raw.http_response.content)
        if isinstance(parsed, SyncPage):
            assert [item.to_dict() for item in parsed.items] == answer["items"]
        else:
            assert parsed.to_dict() == answer

    try:
        existing["device"] = [clients["dev"].devices.create(imei=next(FRESH_IMEIS)).id for _ in range(5)]
        existing["deviceModel"] = [m.id for m in clients["dev"].device_models.list(limit=20).items]
        sent.clear()
        property_()
    finally:
        http.close()
    assert successes, f"{operation_id}: no example was answered 2xx, so no answer was parsed"
