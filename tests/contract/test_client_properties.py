"""Properties of the generated client, checked against the spec and the embedded reference server.

1. Every body the spec's response schemas admit parses into the generated models and turns back
   into the same JSON; parsed from its JSON bytes (`from_json`, through the compiled wire decoder) it
   gives the same models as `from_dict` does, with properties the schema does not name added
   anywhere in it too (a newer server's: they are kept).
2. Every request the client builds, for any arguments the spec admits, is one the spec accepts
   (method, path, query serialization, headers, body): checked by the validators compiled from
   openapi.yaml. Sent to the embedded server, its answer parses into the documented model.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import pytest
from generated_api import module_for, python_name
from gigs_devices_client import AuthenticatedClient, models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import launch
from openapi_document import operation as openapi_operation
from schema_strategies import from_schema

from gigs_devices_mock.errors import ApiError
from gigs_devices_mock.params import parse_headers, parse_path, parse_query
from gigs_devices_mock.spec import Spec

SPEC = Spec()
RESPONSE_SCHEMAS = ["Device", "DeviceList", "DeviceModel", "DeviceModelList", "DeviceModelBrands", "Error"]


def resolve(schema: dict) -> dict:
    return SPEC.resolve(schema)


def schema_named(name: str) -> dict:
    return resolve({"$ref": f"#/components/schemas/{name}"})


@pytest.mark.parametrize("name", RESPONSE_SCHEMAS)
def test_every_schema_valid_body_parses_and_round_trips(name):
    model = getattr(models, name)
    validator = SPEC.schema_validator(name)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(from_schema(schema_named(name), resolve))
    def round_trips(body):
        assert validator.is_valid(body)  # the strategy draws only what the schema admits
        parsed = model.from_dict(body)
        assert parsed.to_dict() == body

    round_trips()


OBJECT_SCHEMAS = sorted(
    name for name, schema in SPEC.document["components"]["schemas"].items() if schema["type"] == "object"
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


def arguments(operation) -> st.SearchStrategy[dict]:
    """Keyword arguments for an operation's generated function, drawn from the spec's schemas."""
    fields = {}
    optional = {}
    for params in (operation.path_params, operation.query_params, operation.header_params):
        for parameter in params.parameters:
            value = from_schema(parameter.schema, resolve)
            if parameter.name == "project":
                value = st.sampled_from(["dev", "dev2"])  # keys exist for both; other projects are a 401
            if parameter.schema.get("type") == "array" and "$ref" in parameter.schema.get("items", {}):
                enum = getattr(models, parameter.schema["items"]["$ref"].rsplit("/", 1)[1])
                value = value.map(lambda items, enum=enum: [enum(item) for item in items])
            (fields if parameter.required else optional)[python_name(parameter.name)] = value
    if operation.body_validator is not None:
        body = resolve(SPEC.document["paths"][operation.path][operation.method.lower()]["requestBody"])
        schema = body["content"]["application/json"]["schema"]
        model = getattr(models, schema["$ref"].rsplit("/", 1)[1])
        fields["body"] = from_schema(schema, resolve).map(model.from_dict)
    return st.fixed_dictionaries(fields, optional=optional)


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
def test_requests_the_client_builds_fit_the_spec_and_answers_parse(server, operation_id):
    operation = SPEC.operations[operation_id]
    module = module_for(openapi_operation(operation_id))
    sent: list[httpx.Request] = []
    clients = {
        project: AuthenticatedClient(
            base_url=server.base_url,
            token=token,
            httpx_args={"event_hooks": {"request": [sent.append]}},
            raise_on_unexpected_status=True,
        )
        for project, token in (("dev", server.token), ("dev2", server.token_2))
    }

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(arguments(operation))
    def property_(kwargs):
        sent.clear()
        response = module.sync_detailed(client=clients[kwargs.get("project", "dev")], **kwargs)
        (request,) = sent
        assert_the_spec_accepts(request, operation)
        assert int(response.status_code) in operation.statuses, response.content
        assert response.parsed is not None
        assert response.parsed.to_dict() == json.loads(response.content)

    try:
        property_()
    finally:
        for client in clients.values():
            client.get_httpx_client().close()
