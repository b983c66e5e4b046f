"""A web app in a browser can call the reference server: CORS on by default, as Prism has it."""

from __future__ import annotations

import httpx
import pytest
from mock_server import EXAMPLE_IMEI, running_server
from starlette.testclient import TestClient

from gigs_devices_mock import create_app
from gigs_devices_mock.cors import Cors

ORIGIN = "http://localhost:3000"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, idempotency-key, x-trace",
}


@pytest.fixture
def client():
    with TestClient(create_app(), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_a_preflight_is_answered_204_without_a_key(client):
    answer = client.options("/projects/dev/devices", headers=PREFLIGHT)
    assert answer.status_code == 204 and answer.content == b""
    assert answer.headers["access-control-allow-origin"] == "*"
    assert set(answer.headers["access-control-allow-methods"].split(", ")) >= {"GET", "POST", "PATCH", "DELETE"}
    allowed = [h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")]
    assert {"authorization", "idempotency-key", "prefer", "content-type", "x-trace"} <= set(allowed)
    assert len(allowed) == len(set(allowed)), allowed  # each once, however the page spelled it
    # No content, so no Content-Length (RFC 9110 forbids it on a 204) and no Content-Type.
    assert "content-length" not in answer.headers and "content-type" not in answer.headers


def test_answers_to_a_browser_carry_the_origin_and_expose_what_clients_read(client):
    auth = {"Authorization": "Bearer dev_token", "Origin": ORIGIN}
    created = client.post(
        "/projects/dev/devices", json={"imei": EXAMPLE_IMEI[:-1] + "0"}, headers={**auth, "Idempotency-Key": "k1"}
    )
    refused = client.get("/projects/dev/devices")  # no key, no origin: no CORS header either
    limited = client.get("/projects/dev/devices", headers={**auth, "Prefer": "code=429"})
    for answer in (created, limited):
        assert answer.headers["access-control-allow-origin"] == "*"
        exposed = {h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")}
        assert {"retry-after", "idempotent-replayed"} <= exposed
    assert limited.status_code == 429 and "access-control-allow-origin" not in refused.headers


def test_an_options_request_that_is_no_preflight_is_an_ordinary_one(client):
    assert client.options("/projects/dev/devices", headers={"Authorization": "Bearer dev_token"}).status_code == 405


def test_one_origin_only_and_none_at_all():
    restricted = TestClient(create_app(cors=Cors(frozenset({ORIGIN}))), base_url="http://127.0.0.1")
    allowed = restricted.options("/deviceModels", headers=PREFLIGHT)
    assert (allowed.status_code, allowed.headers["access-control-allow-origin"], allowed.headers["vary"]) == (
        204,
        ORIGIN,
        "Origin",
    )
    other = restricted.options("/deviceModels", headers={**PREFLIGHT, "Origin": "http://evil.example"})
    assert other.status_code == 204 and "access-control-allow-origin" not in other.headers
    off = TestClient(create_app(cors=None), base_url="http://127.0.0.1")
    assert off.options("/deviceModels", headers=PREFLIGHT).status_code == 401  # a request like any other
    assert "access-control-allow-origin" not in off.get("/deviceModels", headers={"Origin": ORIGIN}).headers


@pytest.mark.parametrize(("args", "expected"), [((), "*"), (("--cors-origin", ORIGIN), ORIGIN), (("--no-cors",), None)])
def test_the_command_line_sets_it(args, expected):
    with running_server(*args) as url:
        answer = httpx.options(f"{url}/projects/dev/devices", headers=PREFLIGHT)
    assert answer.headers.get("access-control-allow-origin") == expected
    assert answer.status_code == (401 if expected is None else 204)
