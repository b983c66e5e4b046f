"""Fault injection through the Prefer header, for client tests."""

from __future__ import annotations

import time

import pytest
from mock_server import EXAMPLE_IMEI
from openapi_document import validator

ERROR = validator("#/components/schemas/Error")


def test_forced_429_carries_retry_after(api):
    response = api.get(api.devices_path, headers={"Prefer": "code=429"})
    assert response.status_code == 429 and response.headers["retry-after"] == "1"
    assert response.json()["type"] == "rateLimited"
    custom = api.get(api.devices_path, headers={"Prefer": "code=429, retry-after=7"})
    assert custom.headers["retry-after"] == "7"


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_server_failures_can_be_forced(api, code):
    response = api.get("/deviceModels", headers={"Prefer": f"code={code}"})
    assert response.status_code == code and ERROR.is_valid(response.json())


def test_a_forced_error_does_not_run_the_operation(api):
    assert api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers={"Prefer": "code=409"}).status_code == 409
    assert api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}).status_code == 201  # the IMEI was still free


def test_forced_documented_error_uses_the_spec_example(api):
    response = api.get("/deviceModels/dmd_0SNlurA04OUskUGfGAn3Rh", headers={"Prefer": "code=404"})
    assert response.status_code == 404 and response.json()["type"] == "notFound"


def test_forcing_the_success_status_changes_nothing(api):
    assert api.get("/deviceModelBrands", headers={"Prefer": "code=200"}).status_code == 200


@pytest.mark.parametrize("prefer", ["code=418", "code=404", "code=abc", "delay=-1", "delay=999999"])
def test_an_impossible_preference_is_invalid(api, prefer):
    response = api.get("/deviceModelBrands", headers={"Prefer": prefer})  # documents neither 404 nor 418
    assert response.status_code == 422
    assert response.json()["details"][0]["property"] == "Prefer"


def test_unknown_preferences_are_ignored(api):
    assert api.get("/deviceModelBrands", headers={"Prefer": "return=minimal, handling=strict"}).status_code == 200


def test_delay_waits_at_least_as_asked(api):
    started = time.monotonic()
    assert api.get("/deviceModelBrands", headers={"Prefer": "delay=150"}).status_code == 200
    assert time.monotonic() - started >= 0.15


def test_faults_come_after_authentication(api):
    response = api.get(api.devices_path, headers={"Prefer": "code=429", "Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_the_fault_budget_remembers_requests_by_digest_not_by_their_text():
    # 300 requests with 1 MB Prefer values once held 300 MB: a remembered request costs a few bytes.
    from gigs_devices_mock.faults import FaultBudget

    budget = FaultBudget(limit=5)
    for n in range(20):
        budget.take(("dev", f"GET /deviceModelBrands?{n}", "x" * 100_000), times=1)
    assert len(budget._tries) == 5
    assert all(len(repr(key)) < 200 for key in budget._tries)
    # The same request still meets the same count; another does not.
    key = ("dev", "GET /deviceModelBrands", "code=503, times=2")
    assert [budget.take(key, times=2) for _ in range(3)] == [True, True, False]
