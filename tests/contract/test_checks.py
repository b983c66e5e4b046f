"""The API's own Schemathesis checks: what each lets pass and what it fails."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import requests

from gigs_contract.checks import documented_refusal, keyed_request_accepted, listed_status


def _case(method: str, path: str, *, query=None, body=None, positive=True):
    mode = SimpleNamespace(is_positive=positive)
    meta = SimpleNamespace(
        generation=SimpleNamespace(mode=mode),
        components={"body": SimpleNamespace(mode=mode)},
        phase=SimpleNamespace(data=None),
    )
    return SimpleNamespace(method=method, path=path, query=query or {}, body=body, meta=meta)


def _refusal(*details: dict, code: str | None = None):
    body = {"object": "error", "type": "invalid", "message": "m", "code": code, "details": list(details)}
    return SimpleNamespace(status_code=422, json=lambda: json.loads(json.dumps(body)))


LIST, CREATE, UPDATE = (
    "/projects/{project}/devices",
    "/projects/{project}/devices",
    "/projects/{project}/devices/{device}",
)

DOCUMENTED = [
    (_case("GET", LIST, query={"after": "dev_x", "before": "dev_y"}), _refusal({"property": "before"})),
    (_case("GET", "/deviceModels", query={"after": "dmd_x"}), _refusal({"property": "after"})),
    (_case("POST", CREATE, body={"name": "n"}), _refusal({"property": "imei", "code": "propertyRequired"})),
    (_case("POST", CREATE, body={"imei": "1" * 15}), _refusal({"property": "imei", "code": "deviceImeiAlreadyExists"})),
    (_case("POST", CREATE, body={"user": "usr_x"}), _refusal({"property": "user"})),
    (
        _case("POST", CREATE, body={"user": "u", "sims": ["a", "b"]}),
        _refusal({"property": "sims.1", "code": "deviceSimAlreadyUsed"}),
    ),
    (_case("PATCH", UPDATE, body={"user": None}), _refusal({"property": "user"})),
    (_case("PATCH", UPDATE, body={"metadata": {"k": "v"}}), _refusal({"property": "metadata"})),
]

UNDOCUMENTED = [
    # limit=0 is in the spec's bounds: refusing it is not a rule of the API.
    (_case("GET", LIST, query={"limit": "0"}), _refusal({"property": "limit"})),
    (_case("GET", LIST, query={"after": "dev_x"}), _refusal({"property": "before"})),
    (_case("POST", CREATE, body={"imei": "1" * 16}), _refusal({"property": "imei"})),
    (_case("POST", CREATE, body={"imei": "1" * 15, "name": "x" * 60}), _refusal({"property": "name"})),
    (_case("POST", CREATE, body={"imei": "1" * 15, "sims": ["a"]}), _refusal({"property": "sims.1"})),
    (_case("PATCH", UPDATE, body={"name": "n"}), _refusal({"property": "user"})),
    (_case("POST", CREATE, body={"imei": "1" * 15}), _refusal()),  # no details at all
]


@pytest.mark.parametrize(("case", "response"), DOCUMENTED)
def test_a_refusal_under_a_documented_rule_passes(case, response):
    assert documented_refusal(None, response, case) is None


@pytest.mark.parametrize(("case", "response"), UNDOCUMENTED)
def test_a_refusal_of_a_valid_request_without_a_documented_rule_fails(case, response):
    with pytest.raises(AssertionError):
        documented_refusal(None, response, case)


def test_only_valid_requests_are_held_to_it():
    case = _case("GET", LIST, query={"limit": "0"}, positive=False)
    assert documented_refusal(None, _refusal({"property": "limit"}), case) is None


@pytest.mark.parametrize(
    ("method", "path", "status", "listed"),
    [
        ("GET", "/projects/{project}/devices/{device}", 404, True),
        ("GET", "/projects/{project}/devices/{device}", 403, False),  # only `default` would cover it
        ("GET", "/deviceModelBrands", 404, False),  # no path parameter: nothing to be missing
        ("GET", "/deviceModelBrands", 503, True),  # a server failure: `default`
        ("PUT", "/deviceModelBrands", 405, True),  # documented for the whole API
    ],
)
def test_listed_status_takes_only_statuses_an_operation_lists_by_number(method, path, status, listed):
    case, response = _case(method, path), SimpleNamespace(status_code=status)
    if listed:
        assert listed_status(None, response, case) is None
    else:
        with pytest.raises(AssertionError, match="default"):
            listed_status(None, response, case)


def _answer(status: int, url: str, authorization: str | None):
    """An answer as Schemathesis gives it to a check: its request is a requests.PreparedRequest, whose
    `url` is a string (the check once read `.url.path`, and raised on every 401 it met)."""
    headers = {"authorization": authorization} if authorization else {}
    return SimpleNamespace(status_code=status, request=requests.Request("GET", url, headers=headers).prepare())


KEYS = {"GIGS_TOKEN": "key_one", "GIGS_PROJECT": "one", "GIGS_TOKEN_2": "key_two", "GIGS_PROJECT_2": "two"}


@pytest.mark.parametrize(
    ("status", "url", "authorization"),
    [
        (401, "http://x/projects/one/devices", "Bearer key_one"),
        (401, "http://x/projects/two/devices/dev_1", "Bearer key_two"),
        (401, "http://x/deviceModels?brand=Apple", "Bearer key_one"),
    ],
)
def test_a_valid_key_refused_401_fails(monkeypatch, status, url, authorization):
    """schemathesis.toml lets a valid case be answered 401 on four operation groups (Schemathesis marks
    some cases valid whose key it changed): a server refusing valid keys there passed."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(AssertionError, match="valid key of project"):
        keyed_request_accepted(None, _answer(status, url, authorization), _case("GET", "/x"))


@pytest.mark.parametrize(
    ("status", "url", "authorization"),
    [
        (401, "http://x/projects/two/devices", "Bearer key_one"),  # another project's path: refused by design
        (401, "http://x/projects/one/devices", "Bearer key_changed"),  # a key Schemathesis changed
        (401, "http://x/projects/one/devices", None),
        (401, "http://x/projects/one/devices", "Basic key_one"),
        (200, "http://x/projects/one/devices", "Bearer key_one"),
        (422, "http://x/deviceModels", "Bearer key_one"),
    ],
)
def test_a_401_to_a_key_that_is_not_valid_there_passes(monkeypatch, status, url, authorization):
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    assert keyed_request_accepted(None, _answer(status, url, authorization), _case("GET", "/x")) is None
