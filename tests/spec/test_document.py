"""openapi.yaml is a valid, lint-clean OpenAPI 3.1 document with the shape of the Gigs Devices API."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from openapi_document import ROOT, deref, document, operation, operations, resolve_pointer
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

# The API's operations as the public docs name them (operationId, method, path). The one place this
# project restates the document: it is what the document is checked against.
API_OPERATIONS = {
    ("listDevices", "get", "/projects/{project}/devices"),
    ("createDevice", "post", "/projects/{project}/devices"),
    ("retrieveDevice", "get", "/projects/{project}/devices/{device}"),
    ("updateDevice", "patch", "/projects/{project}/devices/{device}"),
    ("deleteDevice", "delete", "/projects/{project}/devices/{device}"),
    ("searchDevices", "post", "/projects/{project}/devices/search"),
    ("listDeviceModels", "get", "/deviceModels"),
    ("retrieveDeviceModel", "get", "/deviceModels/{deviceModel}"),
    ("searchDeviceModels", "post", "/deviceModels/search"),
    ("listDeviceModelBrands", "get", "/deviceModelBrands"),
}
SUCCESS_STATUS = {"createDevice": "201"}  # every other operation answers 200, deleteDevice included
ERROR_SCHEMA = "#/components/schemas/Error"
ALL_OPERATIONS = sorted(operations(), key=lambda op: op.operation_id)


def test_is_valid_openapi_3_1():
    assert document()["openapi"] == "3.1.0"
    validate(document(), cls=OpenAPIV31SpecValidator)


def test_redocly_recommended_rules_report_no_problem():
    redocly = ROOT / "node_modules" / ".bin" / "redocly"
    if not redocly.exists():
        pytest.fail("Redocly CLI is not installed: run the tests through `make test`, which installs it")
    assert shutil.which("node"), "Redocly CLI needs Node.js on PATH"
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    result = subprocess.run(
        [str(redocly), "lint", "openapi.yaml", "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    assert report["problems"] == [], json.dumps(report["problems"], indent=2)
    assert result.returncode == 0, result.stderr


def test_has_every_operation_of_the_api():
    """Each operation the public docs name, at its method and path. The document may have more: an
    operation is added to the spec first (with its SDK names), then to the reference server."""
    found = {(op.operation_id, op.method, op.path) for op in ALL_OPERATIONS}
    assert found >= API_OPERATIONS


def test_every_operation_states_its_sdk_names_once():
    names = [tuple(sorted(op.data["x-sdk"].items())) for op in ALL_OPERATIONS]
    assert len(names) == len(set(names)) == len(ALL_OPERATIONS)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_path_parameters_match_the_path_template(op):
    in_template = set(re.findall(r"{([^}]+)}", op.path))
    declared = {p["name"] for p in op.parameters if p["in"] == "path"}
    assert declared == in_template
    assert all(p["required"] for p in op.parameters if p["in"] == "path")


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_success_status(op):
    assert op.success_status == SUCCESS_STATUS.get(op.operation_id, "200")


def _expected_error_statuses(op) -> set[str]:
    """The error statuses an operation can answer, from the rules of the API's error table."""
    parameters = op.parameters
    # Every request is authenticated, may be rate limited, and may be unreadable HTTP (an empty
    # Content-Length, say: the reference server answers it `malformed`, and Schemathesis sends it);
    # and any server may fail (`default`: a 5xx, in the error format).
    expected = {"400", "401", "429", "default"}
    if parameters or "requestBody" in op.data:
        expected.add("422")  # any parameter or body value can be invalid
    if "requestBody" in op.data:
        expected |= {"413", "415"}  # too large, not JSON
    if any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in parameters):
        expected.add("409")  # a repeat of a request still running
    if any(p["in"] == "path" and p["name"] != "project" for p in parameters):
        expected.add("404")  # the named device or device model may not exist
    return expected


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_documents_every_error_status_it_can_answer(op):
    documented = {status for status in op.responses if not status.startswith("2")}
    assert documented == _expected_error_statuses(op)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_errors_use_the_error_schema(op):
    for status, response in op.responses.items():
        if status.startswith("2"):
            continue
        assert response["content"]["application/json"]["schema"] == {"$ref": ERROR_SCHEMA}, status


def test_rate_limited_answers_carry_retry_after():
    rate_limited = deref({"$ref": "#/components/responses/RateLimited"})
    assert "Retry-After" in rate_limited["headers"]


def test_idempotency_key_is_accepted_on_every_post_and_delete():
    for op in ALL_OPERATIONS:
        has_key = any(p["name"] == "Idempotency-Key" for p in op.parameters)
        assert has_key == (op.method in {"post", "delete"}), op.operation_id


def test_every_operation_requires_the_bearer_scheme():
    scheme = document()["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document()["security"] == [{"bearerAuth": []}]
    assert all("security" not in op.data for op in ALL_OPERATIONS), "no operation may opt out"


def test_array_query_parameters_are_comma_separated():
    # templates/endpoint_macros.py.jinja serialises every array query parameter as one
    # comma-separated value. An array parameter of another style needs that template changed first.
    arrays = [
        (op.operation_id, p)
        for op in ALL_OPERATIONS
        for p in op.parameters
        if p["in"] == "query" and deref(p["schema"]).get("type") == "array"
    ]
    assert {p["name"] for _, p in arrays} == {"type", "brand", "simType", "hardwareIdentifier"}
    for operation_id, parameter in arrays:
        assert (parameter.get("style"), parameter.get("explode")) == ("form", False), operation_id


def test_request_bodies_are_closed_json_objects():
    for op in ALL_OPERATIONS:
        if "requestBody" in op.data:
            assert op.data["requestBody"]["required"] is True
            schema = deref(resolve_pointer(op.request_schema_pointer()))
            assert schema["additionalProperties"] is False, op.operation_id


def _link_targets(op, status):
    links = op.data["responses"][status]["links"]
    return {link["operationId"]: link["parameters"] for link in links.values()}


def test_created_device_links_to_its_retrieve_update_and_delete():
    targets = _link_targets(operation("createDevice"), "201")
    by_id = {"project": "$request.path.project", "device": "$response.body#/id"}
    assert targets == {"retrieveDevice": by_id, "updateDevice": by_id, "deleteDevice": by_id}


@pytest.mark.parametrize("operation_id", ["listDeviceModels", "searchDeviceModels"])
def test_device_model_lists_link_to_retrieve_device_model(operation_id):
    targets = _link_targets(operation(operation_id), "200")
    assert targets["retrieveDeviceModel"] == {"deviceModel": "$response.body#/items/0/id"}


@pytest.mark.parametrize(("operation_id", "project"), [("listDevices", True), ("listDeviceModels", False)])
def test_lists_link_to_their_next_and_previous_pages(operation_id, project):
    links = operation(operation_id).data["responses"]["200"]["links"]
    scope = {"project": "$request.path.project"} if project else {}
    assert links["NextPage"]["operationId"] == links["PreviousPage"]["operationId"] == operation_id
    assert links["NextPage"]["parameters"] == {**scope, "after": "$response.body#/moreItemsAfter"}
    assert links["PreviousPage"]["parameters"] == {**scope, "before": "$response.body#/moreItemsBefore"}


def test_a_device_links_to_its_model():
    link = operation("retrieveDevice").data["responses"]["200"]["links"]["RetrieveDeviceModel"]
    assert (link["operationId"], link["parameters"]) == (
        "retrieveDeviceModel",
        {"deviceModel": "$response.body#/model/id"},
    )


def test_links_name_the_parameters_of_their_target():
    # Every path parameter of the target, and otherwise only parameters the target declares.
    by_id = {op.operation_id: op for op in ALL_OPERATIONS}
    for op in ALL_OPERATIONS:
        for response in op.data["responses"].values():
            for link in response.get("links", {}).values():
                target = by_id[link["operationId"]]
                path_names = {p["name"] for p in target.parameters if p["in"] == "path"}
                all_names = {p["name"] for p in target.parameters}
                assert path_names <= set(link["parameters"]) <= all_names, (op.operation_id, link["operationId"])


def test_every_operation_parameter_and_schema_property_is_described():
    undescribed = []
    for op in ALL_OPERATIONS:
        if not op.data.get("description") or not op.data.get("summary"):
            undescribed.append(op.operation_id)
        undescribed += [f"{op.operation_id}:{p['name']}" for p in op.parameters if not p.get("description")]
    for name, schema in document()["components"]["schemas"].items():
        if not schema.get("description"):
            undescribed.append(name)
        for prop, sub in schema.get("properties", {}).items():
            target = sub if "description" in sub else deref(sub)
            if not target.get("description"):
                undescribed.append(f"{name}.{prop}")
    assert undescribed == []
