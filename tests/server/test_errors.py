"""Every rejection is a Gigs error object with the documented status, and nothing yields a 5xx."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import EXAMPLE_IMEI
from openapi_document import MAX_LIMIT, MIN_LIMIT, deref, document, validator

ERROR = validator("#/components/schemas/Error")


def assert_error(response, status: int, type_: str, *properties: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert ERROR.is_valid(body), body
    assert body["type"] == type_
    named = [detail["property"] for detail in body.get("details", [])]
    for name in properties:
        assert name in named, (name, named)
    return body


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[]", b'"imei"', b"42", b"null", b'{"imei": "49238884179892\xff"}', b"\xef\xbb\xbf{}", b"NaN"],
)
def test_a_body_that_is_not_a_json_object_is_malformed(api, content):
    response = api.post(api.devices_path, content=content, headers={"Content-Type": "application/json"})
    assert_error(response, 400, "malformed")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"])
def test_a_body_not_sent_as_json_is_unsupported(api, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.post(api.devices_path, content=b'{"imei": "492388841798923"}', headers=headers)
    assert_error(response, 415, "unsupportedMediaType")


def test_json_with_a_charset_parameter_is_accepted(api):
    body = json.dumps({"imei": EXAMPLE_IMEI}).encode()
    response = api.post(api.devices_path, content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


def test_a_body_over_one_mebibyte_is_too_large(api):
    body = json.dumps({"name": "x" * (1024 * 1024)}).encode()
    response = api.post(api.devices_path, content=body, headers={"Content-Type": "application/json"})
    assert_error(response, 413, "payloadTooLarge")


def test_a_body_just_under_the_limit_is_read(api):
    body = json.dumps({"imei": EXAMPLE_IMEI, "name": "x" * (1024 * 1024 - 100)}).encode()
    response = api.post(api.devices_path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 201


def test_unknown_route_is_404(api):
    assert_error(api.get("/projects/dev/gadgets"), 404, "notFound")
    assert_error(api.get("/devices"), 404, "notFound")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/projects/dev/devices", "GET, POST"),
        ("DELETE", "/deviceModels", "GET"),
        ("GET", "/projects/dev/devices/search", "POST"),
        ("POST", "/projects/dev/devices/dev_1", "DELETE, GET, PATCH"),
        ("PATCH", "/deviceModelBrands", "GET"),
    ],
)
def test_a_known_path_with_a_wrong_method_is_405_with_allow(api, method, path, allowed):
    response = api.request(method, path)
    assert_error(response, 405, "methodNotAllowed")
    assert response.headers["allow"] == allowed


def test_unknown_objects_are_404(api):
    assert_error(api.device("dev_missing"), 404, "notFound")
    assert_error(api.patch(f"{api.devices_path}/dev_missing", json={}), 404, "notFound")
    assert_error(api.delete(f"{api.devices_path}/dev_missing"), 404, "notFound")
    assert_error(api.get("/deviceModels/dmd_missing"), 404, "notFound")


def test_the_path_is_checked_before_the_body(api):
    response = api.patch(f"{api.devices_path}/dev_missing", content=b"{bad", headers={"Content-Type": "text/plain"})
    assert response.status_code == 404


def test_an_id_over_64_characters_is_invalid(api):
    assert_error(api.device("d" * 65), 422, "invalid", "device")
    assert_error(api.list(after="d" * 65), 422, "invalid", "after")


@pytest.mark.parametrize("name", ["user", "sim", "after", "before"])
def test_an_empty_filter_is_invalid_not_ignored(api, name):
    assert_error(api.get(f"{api.devices_path}?{name}="), 422, "invalid", name)


@pytest.mark.parametrize("name", ["type", "brand", "simType", "hardwareIdentifier"])
def test_an_empty_list_filter_is_invalid(api, name):
    assert_error(api.get(f"/deviceModels?{name}="), 422, "invalid")
    assert_error(api.get(f"/deviceModels?{name}=a,,b"), 422, "invalid")


def test_a_repeated_parameter_is_invalid(api):
    assert_error(api.get("/deviceModels?type=tablet&type=smartphone"), 422, "invalid", "type")
    assert_error(api.get(f"{api.devices_path}?limit=1&limit=2"), 422, "invalid", "limit")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(-(10**30), 10**30) | st.text(max_size=12))
def test_limit_is_accepted_exactly_within_the_specs_bounds(shared, limit):
    response = shared.get("/deviceModels", params={"limit": str(limit)})
    in_bounds = (
        isinstance(limit, int)
        and MIN_LIMIT <= limit <= MAX_LIMIT
        or (
            isinstance(limit, str)
            and limit.isascii()
            and limit.lstrip("-").isdigit()
            and MIN_LIMIT <= int(limit) <= MAX_LIMIT
        )
    )
    if in_bounds:
        assert response.status_code == 200
        assert len(response.json()["items"]) <= int(limit)
    else:
        assert_error(response, 422, "invalid", "limit")


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"imei": "12345"}, "imei"),
        ({"imei": 492388841798923}, "imei"),
        ({"user": ""}, "user"),
        ({"user": "u" * 65}, "user"),
        ({"imei": EXAMPLE_IMEI, "colour": "red"}, "colour"),
        ({"imei": EXAMPLE_IMEI, "metadata": None}, "metadata"),
        ({"imei": EXAMPLE_IMEI, "metadata": {"k": 1}}, "metadata.k"),
        ({"imei": EXAMPLE_IMEI, "metadata": {"k" * 41: "v"}}, "metadata"),
        ({"imei": EXAMPLE_IMEI, "metadata": {f"k{i}": "v" for i in range(11)}}, "metadata"),
        ({"imei": EXAMPLE_IMEI, "sims": "sim_1"}, "sims"),
        ({"imei": EXAMPLE_IMEI, "sims": ["sim_1", "sim_1"]}, "sims"),
        ({"imei": EXAMPLE_IMEI, "name": 5}, "name"),
    ],
)
def test_create_rejects_bodies_the_schema_rejects_naming_the_property(api, body, prop):
    assert_error(api.create(**body), 422, "invalid", prop)


@pytest.mark.parametrize(
    ("path", "body", "prop"),
    [
        ("/projects/dev/devices/search", {}, "imei"),
        ("/projects/dev/devices/search", {"imei": "x"}, "imei"),
        ("/deviceModels/search", {"imei": EXAMPLE_IMEI, "tac": "4923"}, "tac"),
        ("/deviceModels/search", {"imei": None}, "imei"),
    ],
)
def test_search_bodies_are_validated(api, path, body, prop):
    assert_error(api.post(path, json=body), 422, "invalid", prop)


def test_an_idempotency_key_past_its_max_length_is_invalid(api):
    too_long = "k" * (deref(document()["components"]["parameters"]["idempotencyKey"])["schema"]["maxLength"] + 1)
    response = api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers={"Idempotency-Key": too_long})
    assert_error(response, 422, "invalid", "Idempotency-Key")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/projects/dev/devices/search", "/deviceModels/search"]),
    body=json_values,
    query=st.dictionaries(st.sampled_from(["limit", "after", "type", "x"]), st.text(max_size=8), max_size=3),
)
def test_no_input_yields_a_server_error(shared, path, body, query):
    # Searches do not write, so any body may be sent to the shared server.
    response = shared.post(path, json=body, params=query)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert ERROR.is_valid(response.json())


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=64))
def test_arbitrary_bytes_in_path_and_query_never_fail_the_server(shared, raw):
    encoded = "".join(f"%{byte:02X}" for byte in raw)
    for url in (
        f"/projects/dev/devices/{encoded or 'x'}",
        f"/deviceModels?brand={encoded}",
        f"/projects/dev/devices?user={encoded}",
    ):
        response = shared.get(url)
        assert response.status_code < 500, url


@pytest.mark.parametrize("field", ["name", "metadata", "sims", "user"])
@pytest.mark.parametrize("depth", [255, 256, 1000])
def test_a_value_nested_past_the_validators_depth_is_a_422_naming_it(shared, field, depth):
    # Refused, so the shared server is left as it was.
    body = f'{{"imei": "356938035643809", "{field}": {"[" * depth}{"]" * depth}}}'
    response = shared.post("/projects/dev/devices", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert [d["property"].split(".")[0] for d in response.json()["details"]] == [field]


def test_a_422_is_bounded_however_many_properties_are_wrong(shared):
    # 60,000 bad metadata values once made a 14.7 MB answer that took a second to build.
    metadata = {f"k{n}": n for n in range(60_000)}
    response = shared.post("/projects/dev/devices", json={"imei": EXAMPLE_IMEI, "metadata": metadata})
    assert response.status_code == 422
    error = response.json()
    assert len(response.content) < 20_000 and 0 < len(error["details"]) <= 50
    assert "left out" in error["message"]


def test_an_unexpected_failure_is_logged_on_one_line_whatever_the_path(caplog):
    # The path is the client's: a %0A in it must not forge a second line in the server's log.
    from starlette.testclient import TestClient

    from gigs_devices_mock import create_app

    def fail(backend, project, device_id):
        raise RuntimeError("boom")  # any failure the handling did not foresee

    app = create_app(loaders={"devices": fail})
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        response = client.get("/projects/dev/devices/x%0AFORGED%20line", headers={"Authorization": "Bearer dev_token"})
    assert response.status_code == 500
    logged = [record.getMessage() for record in caplog.records if "unexpected failure" in record.getMessage()]
    assert logged and all("\n" not in message for message in logged)
