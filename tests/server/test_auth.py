"""Bearer keys, each bound to one project, checked before anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mock_server import Api
from starlette.testclient import TestClient

from gigs_devices_mock import create_app

UNAUTHENTICATED = {"object": "error", "type": "unauthenticated", "message": "Invalid authorization token"}
APP = create_app()  # shared by the property tests below, which only read


@pytest.fixture(scope="module")
def anonymous():
    with TestClient(APP, base_url="http://127.0.0.1") as client:
        yield client


REQUESTS = [
    ("GET", "/projects/dev/devices"),
    ("POST", "/projects/dev/devices"),
    ("GET", "/projects/dev/devices/dev_x"),
    ("PATCH", "/projects/dev/devices/dev_x"),
    ("DELETE", "/projects/dev/devices/dev_x"),
    ("POST", "/projects/dev/devices/search"),
    ("GET", "/deviceModels"),
    ("GET", "/deviceModels/dmd_x"),
    ("POST", "/deviceModels/search"),
    ("GET", "/deviceModelBrands"),
]


@pytest.mark.parametrize(("method", "path"), REQUESTS)
@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Bearer wrong", "Basic dev_token", "dev_token", "Bearer dev_token_"],
)
def test_every_operation_refuses_a_bad_token(anonymous, method, path, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = anonymous.request(method, path, headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize(("method", "path"), [r for r in REQUESTS if r[1].startswith("/projects")])
def test_a_key_is_refused_on_another_projects_path(anonymous, method, path):
    response = anonymous.request(method, path.replace("/dev/", "/dev2/"), headers={"Authorization": "Bearer dev_token"})
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize("project", ["nope", "DEV", "dev2", "x" * 100, "dev%2F"])
def test_an_unknown_or_foreign_project_is_unauthenticated_not_missing(anonymous, project):
    response = anonymous.get(f"/projects/{project}/devices", headers={"Authorization": "Bearer dev_token"})
    assert response.status_code == 401


def test_scheme_name_is_case_insensitive(anonymous):
    response = anonymous.get("/deviceModelBrands", headers={"Authorization": "bearer dev_token"})
    assert response.status_code == 200


@settings(max_examples=50)
@given(limit=st.text(), user=st.text(max_size=80))
def test_authentication_comes_before_query_validation(anonymous, limit, user):
    response = anonymous.get("/projects/dev/devices", params={"limit": limit, "user": user})
    assert response.status_code == 401


def test_authentication_comes_before_routing(anonymous):
    assert anonymous.get("/no/such/route").status_code == 401
    assert anonymous.delete("/deviceModels").status_code == 401


def test_body_is_not_read_before_authentication(anonymous):
    response = anonymous.post("/projects/dev/devices", content=b"{not json", headers={"Content-Type": "text/plain"})
    assert response.status_code == 401


def test_device_models_are_shared_by_every_project():
    with Api(APP, "dev2", "dev2_token") as dev2, Api(APP, "dev", "dev_token") as dev:
        assert dev2.get("/deviceModels").json() == dev.get("/deviceModels").json()


def test_more_keys_can_be_configured():
    app = create_app(keys={"k1": "alpha", "k2": "alpha", "k3": "beta"})
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/projects/alpha/devices", headers={"Authorization": "Bearer k2"}).status_code == 200
        assert client.get("/projects/beta/devices", headers={"Authorization": "Bearer k2"}).status_code == 401
        assert client.get("/deviceModels", headers={"Authorization": "Bearer dev_token"}).status_code == 401


@pytest.mark.parametrize(
    "keys", [("Bearer wrong", "Bearer dev_token"), ("Bearer dev_token", "Bearer dev2_token"), ("Bearer dev_token",) * 2]
)
def test_two_authorization_headers_are_refused_whatever_their_order(anonymous, keys):
    # With the last one winning, a proxy that adds its own key after the caller's would decide whose
    # data is reached; a request must carry one key.
    headers = [("Authorization", key) for key in keys]
    response = anonymous.get("/projects/dev/devices", headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
