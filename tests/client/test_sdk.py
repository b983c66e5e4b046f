"""gigs_devices against the embedded reference server: retries, typed errors, pagination, timeouts."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from gigs_devices_client.api.device_models import list_device_model_brands, list_device_models
from gigs_devices_client.api.devices import create_device, delete_device, list_devices, retrieve_device
from gigs_devices_client.models import Device, DeviceCreate, DeviceModelType
from gigs_devices_client.types import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigs_contract.target import embedded
from gigs_devices import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncGigs,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Gigs,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    UnsupportedMediaTypeError,
)
from gigs_devices._errors import error_for

USER = "usr_0SNlurA049MEWV4OpCwsNyC9Kn2d"


@pytest.fixture(scope="module")
def server():
    with embedded() as target:
        yield target


@pytest.fixture
def fresh(server):
    """The server back at its seed before the test."""
    httpx.post(f"{server.base_url}/_mock/reset", headers={"Authorization": f"Bearer {server.token}"}).raise_for_status()
    return server


class Faulty(httpx.BaseTransport):
    """Below the retry layer: sends every try with a `Prefer` header, and records each try."""

    def __init__(self, prefer: str) -> None:
        self.prefer, self.tries, self.inner = prefer, [], httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Prefer"] = self.prefer
        self.tries.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def gigs_with(fresh):
    """Clients whose every try carries a `Prefer` fault, with recorded waits; closed after the test."""
    made = []

    def make(prefer: str, **options) -> tuple[Gigs, Faulty, list[float]]:
        faulty, waits = Faulty(prefer), []
        options = {"base_url": fresh.base_url, "transport": faulty, "sleep": waits.append, **options}
        made.append(Gigs(options.pop("token", fresh.token), **options))
        return made[-1], faulty, waits

    yield make
    for gigs in made:
        gigs.close()


def test_a_429_is_retried_after_the_servers_retry_after(gigs_with):
    gigs, faulty, waits = gigs_with("code=429, retry-after=3, times=2")
    brands = gigs.call(list_device_model_brands)
    assert "Apple" in brands.items
    assert len(faulty.tries) == 3
    assert waits == [3.0, 3.0]  # exactly what the server asked, no jitter on top


def test_a_503_is_retried_with_growing_jittered_backoff(gigs_with):
    gigs, faulty, waits = gigs_with("code=503, times=2")
    assert gigs.call(list_device_model_brands).object_ == "deviceModelBrands"
    assert len(faulty.tries) == 3
    assert 0 <= waits[0] <= 0.5 and 0 <= waits[1] <= 1.0


def test_retries_run_out_into_a_typed_error(gigs_with):
    gigs, faulty, _ = gigs_with("code=503", max_retries=1)
    with pytest.raises(InternalServerError) as raised:
        gigs.call(list_device_model_brands)
    assert len(faulty.tries) == 2 and raised.value.status_code == 503


def test_max_retries_can_be_set_per_call(gigs_with):
    gigs, faulty, _ = gigs_with("code=429")
    with pytest.raises(RateLimitError):
        gigs.with_options(max_retries=0).call(list_device_model_brands)
    assert len(faulty.tries) == 1


def test_a_create_whose_answer_was_lost_is_retried_and_makes_one_device(gigs_with):
    gigs, faulty, _ = gigs_with("drop, times=1")
    before = len(gigs.call(list_devices, "dev", limit=200).items)
    device = gigs.call(create_device, "dev", body=DeviceCreate(user=USER, name="once"))
    keys = [request.headers["Idempotency-Key"] for request in faulty.tries if request.method == "POST"]
    assert len(keys) == 2 and keys[0] == keys[1]  # one key for the logical call, reused by its retry
    after = gigs.call(list_devices, "dev", limit=200).items
    assert len(after) == before + 1 and after[0].id == device.id


def test_a_given_idempotency_key_is_kept(gigs_with):
    gigs, faulty, _ = gigs_with("code=503, times=1")
    gigs.call(create_device, "dev", body=DeviceCreate(user=USER), idempotency_key="mine-1")
    assert [r.headers["Idempotency-Key"] for r in faulty.tries] == ["mine-1", "mine-1"]


def test_connection_failures_are_retried_then_raised():
    waits = []
    gigs = Gigs("dev_token", base_url="http://127.0.0.1:9", max_retries=2, sleep=waits.append)
    with gigs, pytest.raises(APIConnectionError):
        gigs.call(list_device_model_brands)
    assert len(waits) == 2


@pytest.mark.parametrize(
    ("prefer", "error"),
    [
        ("code=400", BadRequestError),
        ("code=409", ConflictError),
        ("code=413", PayloadTooLargeError),
        ("code=415", UnsupportedMediaTypeError),
        ("code=422", InvalidRequestError),
    ],
)
def test_each_documented_status_has_its_error_class(gigs_with, prefer, error):
    gigs, _, _ = gigs_with(prefer, max_retries=0)
    with pytest.raises(error) as raised:
        gigs.call(create_device, "dev", body=DeviceCreate(user=USER))
    assert raised.value.type and raised.value.message


def test_errors_carry_the_parsed_error_object(fresh):
    with Gigs(fresh.token, base_url=fresh.base_url) as gigs:
        with pytest.raises(NotFoundError) as missing:
            gigs.call(retrieve_device, "dev", "dev_missing")
        assert (missing.value.status_code, missing.value.type) == (404, "notFound")
        with pytest.raises(InvalidRequestError) as invalid:
            gigs.call(create_device, "dev", body=DeviceCreate(user="usr_nobody"))
        assert [d.property_ for d in invalid.value.details] == ["user"]
        assert "user" in str(invalid.value)


def test_unknown_error_types_codes_and_statuses_still_parse():
    body = {"object": "error", "type": "brandNew", "code": "evenNewer", "message": "m", "extra": 1}
    error = error_for("op", Response(418, json.dumps(body).encode(), {}, None))
    assert type(error) is APIStatusError
    assert (error.type, error.code, error.message) == ("brandNew", "evenNewer", "m")
    not_json = error_for("op", Response(502, b"<html>bad gateway</html>", {}, None))
    assert isinstance(not_json, InternalServerError) and not_json.error is None


@pytest.mark.parametrize(
    ("status", "error"), [(401, AuthenticationError), (429, RateLimitError), (503, InternalServerError)]
)
def test_an_error_status_with_a_page_that_is_not_json_is_still_typed(status, error):
    # Gateways answer 401, 429 or 5xx with text or HTML of their own, not the API's error object.
    page = httpx.MockTransport(lambda request: httpx.Response(status, text="<html>Too busy</html>"))
    with Gigs("key", base_url="http://127.0.0.1", transport=page, max_retries=0) as gigs:
        with pytest.raises(error) as raised:
            gigs.call(list_devices, "dev")
        assert raised.value.error is None and raised.value.status_code == status
        assert raised.value.message == "<html>Too busy</html>"
        assert list_devices.sync_detailed("dev", client=gigs.client).parsed is None  # the Response[T] style


def test_a_success_that_is_not_json_is_not_passed_off_as_empty():
    page = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>Welcome</html>"))
    with Gigs("key", base_url="http://127.0.0.1", transport=page, max_retries=0) as gigs, pytest.raises(ValueError):
        gigs.call(list_devices, "dev")


def test_new_enum_values_and_fields_stay_readable():
    model = {
        "object": "deviceModel",
        "id": "dmd_1",
        "brand": "B",
        "hardwareIdentifiers": [],
        "name": "N",
        "simTypes": ["eSIM", "iSIM"],
        "type": "hovercraft",
        "launchedAt": "2030-01-01",
    }
    device = {
        "object": "device",
        "id": "dev_1",
        "metadata": {},
        "createdAt": "2021-02-14T19:38:34Z",
        "imei": None,
        "model": model,
        "name": None,
        "sims": [],
        "user": None,
        "colour": "red",
    }
    parsed = Device.from_dict(device)
    assert parsed.model.type_.value == "hovercraft" and parsed.model.type_ != DeviceModelType.SMARTPHONE
    assert [t.value for t in parsed.model.sim_types] == ["eSIM", "iSIM"]
    assert parsed["colour"] == "red" and parsed.model["launchedAt"] == "2030-01-01"
    assert parsed.to_dict() == device


def test_timeouts_per_client_and_per_call(gigs_with):
    gigs, _, _ = gigs_with("delay=1500", timeout=0.3, max_retries=0)
    with pytest.raises(APITimeoutError):
        gigs.call(list_device_model_brands)
    assert gigs.with_options(timeout=10).call(list_device_model_brands).items


def test_the_key_never_shows(gigs_with, fresh, caplog):
    caplog.set_level(logging.DEBUG)
    secret = fresh.token
    gigs, _, _ = gigs_with("code=429, times=1")
    gigs.call(list_device_model_brands)
    with pytest.raises(NotFoundError) as raised:
        gigs.call(retrieve_device, "dev", "dev_missing")
    wrong, _, _ = gigs_with("", token="sk_wrong_secret")
    with pytest.raises(AuthenticationError) as refused:
        wrong.call(list_device_model_brands)
    shown = [repr(gigs), repr(gigs.client), str(raised.value), repr(raised.value), str(refused.value), repr(wrong)]
    shown += [record.getMessage() for record in caplog.records]
    assert any("retrying" in text for text in shown)  # the retry was logged...
    assert not [text for text in shown if secret in text or "sk_wrong_secret" in text]  # ...without the key


def test_paginate_walks_every_item_both_ways(fresh):
    with Gigs(fresh.token, base_url=fresh.base_url) as gigs:
        created = [gigs.call(create_device, "dev", body=DeviceCreate(user=USER)).id for _ in range(23)]
        everything = [d.id for d in gigs.call(list_devices, "dev", limit=200).items]
        assert everything[:23] == created[::-1]
        assert [d.id for d in gigs.paginate(list_devices, "dev", page_size=4)] == everything
        oldest = everything[-1]
        walked = [d.id for d in gigs.paginate(list_devices, "dev", page_size=5, backwards=True, before=oldest)]
        assert walked == everything[-2::-1]  # towards the newest
        models = [m.id for m in gigs.paginate(list_device_models, page_size=7, type_=[DeviceModelType.SMARTPHONE])]
        assert models == [
            m.id for m in gigs.call(list_device_models, limit=200, type_=[DeviceModelType.SMARTPHONE]).items
        ]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_size=st.integers(1, 40))
def test_any_page_size_yields_the_same_items(server, page_size):
    with Gigs(server.token, base_url=server.base_url) as gigs:
        whole = [m.id for m in gigs.call(list_device_models, limit=200).items]
        assert [m.id for m in gigs.paginate(list_device_models, page_size=page_size)] == whole


def test_async_client_paginates_retries_and_raises(fresh):
    async def scenario():
        async with AsyncGigs(fresh.token, base_url=fresh.base_url) as gigs:
            ids = [d.id async for d in gigs.paginate(list_devices, "dev", page_size=1)]
            whole = [d.id for d in (await gigs.call(list_devices, "dev", limit=200)).items]
            with pytest.raises(NotFoundError):
                await gigs.call(delete_device, "dev", "dev_missing")
            return ids, whole

    ids, whole = asyncio.run(scenario())
    assert ids == whole and len(ids) == 2
