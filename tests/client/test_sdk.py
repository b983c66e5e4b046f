"""gigs_devices against the embedded reference server: resources, retries, typed errors, pages, options."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import re
import threading

import httpx
import pytest
from gigs_devices_client.models import Device, DeviceList, DeviceModelType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import launch
from openapi_document import MAX_LIMIT, ROOT

from gigs_devices import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncGigs,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Gigs,
    GigsError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    UnsupportedMediaTypeError,
    __version__,
)
from gigs_devices._errors import error_for

USER = "usr_0SNlurA049MEWV4OpCwsNyC9Kn2d"
DEVICE = json.loads((ROOT / "tests/fixtures/reference/Device.schema.json").read_text())


@pytest.fixture(scope="module")
def server():
    with launch() as target:
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
        http = httpx.Client(transport=faulty)
        options = {"base_url": fresh.base_url, "project": "dev", "http_client": http, "sleep": waits.append, **options}
        made.append((Gigs(options.pop("token", fresh.token), **options), http))
        return made[-1][0], faulty, waits

    yield make
    for gigs, http in made:
        gigs.close()
        http.close()


def test_a_429_is_retried_after_the_servers_retry_after(gigs_with):
    gigs, faulty, waits = gigs_with("code=429, retry-after=3, times=2")
    brands = gigs.device_model_brands.list()
    assert "Apple" in brands.items
    assert len(faulty.tries) == 3
    assert waits == [3.0, 3.0]  # exactly what the server asked, no jitter on top


def test_a_503_is_retried_with_growing_jittered_backoff(gigs_with):
    gigs, faulty, waits = gigs_with("code=503, times=2")
    assert gigs.device_model_brands.list().object_ == "deviceModelBrands"
    assert len(faulty.tries) == 3
    # Jitter with a floor: each wait lies in the upper half of its doubling window.
    assert 0.25 <= waits[0] <= 0.5 and 0.5 <= waits[1] <= 1.0


def test_retries_run_out_into_a_typed_error(gigs_with):
    gigs, faulty, _ = gigs_with("code=503", max_retries=1)
    with pytest.raises(InternalServerError) as raised:
        gigs.device_model_brands.list()
    assert len(faulty.tries) == 2 and raised.value.status_code == 503


def test_max_retries_can_be_set_per_call(gigs_with):
    gigs, faulty, _ = gigs_with("code=429")
    with pytest.raises(RateLimitError):
        gigs.device_model_brands.list(max_retries=0)
    assert len(faulty.tries) == 1


def test_a_create_whose_answer_was_lost_is_retried_and_makes_one_device(gigs_with):
    gigs, faulty, _ = gigs_with("drop, times=1")
    before = len(gigs.devices.list(limit=MAX_LIMIT).items)
    device = gigs.devices.create(user=USER, name="once")
    keys = [request.headers["Idempotency-Key"] for request in faulty.tries if request.method == "POST"]
    assert len(keys) == 2 and keys[0] == keys[1]  # one key for the logical call, reused by its retry
    after = gigs.devices.list(limit=MAX_LIMIT).items
    assert len(after) == before + 1 and after[0].id == device.id


def test_a_given_idempotency_key_is_kept(gigs_with):
    gigs, faulty, _ = gigs_with("code=503, times=1")
    gigs.devices.create(user=USER, idempotency_key="mine-1")
    assert [r.headers["Idempotency-Key"] for r in faulty.tries] == ["mine-1", "mine-1"]


def test_connection_failures_are_retried_then_raised():
    waits = []
    gigs = Gigs("dev_token", project="dev", base_url="http://127.0.0.1:9", max_retries=2, sleep=waits.append)
    with gigs, pytest.raises(APIConnectionError):
        gigs.device_model_brands.list()
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
        gigs.devices.create(user=USER)
    assert raised.value.type and raised.value.message


def test_errors_carry_the_parsed_error_object(fresh):
    with Gigs(fresh.token, project="dev", base_url=fresh.base_url) as gigs:
        with pytest.raises(NotFoundError) as missing:
            gigs.devices.retrieve("dev_missing")
        assert (missing.value.status_code, missing.value.type) == (404, "notFound")
        with pytest.raises(InvalidRequestError) as invalid:
            gigs.devices.create(user="usr_nobody")
        assert [d.property_ for d in invalid.value.details] == ["user"]
        assert "user" in str(invalid.value)


def test_unknown_error_types_codes_and_statuses_still_parse():
    body = {"object": "error", "type": "brandNew", "code": "evenNewer", "message": "m", "extra": 1}
    request = httpx.Request("GET", "http://127.0.0.1/deviceModels")
    error = error_for(request, httpx.Response(418, content=json.dumps(body).encode(), headers={"Request-Id": "r-1"}))
    assert type(error) is APIStatusError
    assert (error.type, error.code, error.message, error.request_id) == ("brandNew", "evenNewer", "m", "r-1")
    assert error.request is request and error.response.status_code == 418
    not_json = error_for(request, httpx.Response(502, content=b"<html>bad gateway</html>"))
    assert isinstance(not_json, InternalServerError) and not_json.error is None


@pytest.mark.parametrize(
    ("status", "error"), [(401, AuthenticationError), (429, RateLimitError), (503, InternalServerError)]
)
def test_an_error_status_with_a_page_that_is_not_json_is_still_typed(status, error):
    # Gateways answer 401, 429 or 5xx with text or HTML of their own, not the API's error object.
    page = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(status, text="<html>Too busy</html>"))
    )
    with Gigs("key", project="dev", base_url="http://127.0.0.1", http_client=page, max_retries=0) as gigs:
        with pytest.raises(error) as raised:
            gigs.devices.list()
        assert raised.value.error is None and raised.value.status_code == status
        assert raised.value.message == "<html>Too busy</html>"


@pytest.mark.parametrize(
    "answer",
    [
        b"<html>Welcome</html>",
        b'{"object": "list"}',
        b'{"object": "list", "items": [{"id": 1}], "moreItemsAfter": null}',
    ],
)
def test_a_success_that_breaks_the_spec_is_a_validation_error(answer):
    page = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200, content=answer)))
    with Gigs("key", project="dev", base_url="http://127.0.0.1", http_client=page) as gigs:
        with pytest.raises(APIResponseValidationError) as raised:
            gigs.devices.list()
        assert raised.value.status_code == 200 and "does not fit the spec" in str(raised.value)


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"name": 5}, "$.items[0].name"),
        ({"createdAt": "yesterday"}, "$.items[0].createdAt"),
        ({"sims": None}, "$.items[0].sims"),
        ({"user": {"object": "user"}}, "$.items[0].user"),
    ],
)
def test_a_mistyped_property_of_a_success_is_a_validation_error_naming_it(item, where):
    # `from_dict` alone took a number for a name and a missing SIM list for a list (it checks
    # constants and required keys, not types): the compiled wire decoder checks every type.
    device = {**DEVICE, **item}
    answers = {
        "/projects/dev/devices": {"object": "list", "items": [device], "moreItemsAfter": None, "moreItemsBefore": None},
        "/projects/dev/devices/dev_1": device,
    }
    http = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=answers[request.url.path]))
    )
    with Gigs("key", project="dev", base_url="http://127.0.0.1", http_client=http) as gigs:
        with pytest.raises(APIResponseValidationError, match=re.escape(where)):
            list(gigs.devices.list())
        with pytest.raises(APIResponseValidationError, match=re.escape(where.replace("$.items[0]", "$"))):
            gigs.devices.retrieve("dev_1")


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
    # The SDK parses answers from their bytes: a new enum value passes the compiled decoder, a new
    # property sends the answer through from_dict, and the models are the same either way.
    without_new_fields = {**device, "model": {k: v for k, v in model.items() if k != "launchedAt"}}
    del without_new_fields["colour"]
    for body in (device, without_new_fields):
        answers = {
            "/projects/dev/devices": {
                "object": "list",
                "items": [body],
                "moreItemsAfter": None,
                "moreItemsBefore": None,
            },
            "/projects/dev/devices/dev_1": body,
        }
        http = httpx.Client(
            transport=httpx.MockTransport(
                lambda request, answers=answers: httpx.Response(200, json=answers[request.url.path])
            )
        )
        with Gigs("key", project="dev", base_url="http://127.0.0.1", http_client=http) as gigs:
            assert list(gigs.devices.list()) == gigs.devices.list().items == [Device.from_dict(body)]
            assert gigs.devices.retrieve("dev_1") == Device.from_dict(body)


def test_timeouts_per_client_and_per_call(gigs_with):
    gigs, _, _ = gigs_with("delay=1500", timeout=0.3, max_retries=0)
    with pytest.raises(APITimeoutError):
        gigs.device_model_brands.list()
    assert gigs.device_model_brands.list(timeout=10).items
    assert gigs.with_options(timeout=10).device_model_brands.list().items


def test_the_key_never_shows(gigs_with, fresh, caplog):
    caplog.set_level(logging.DEBUG)
    secret = fresh.token
    gigs, _, _ = gigs_with("code=429, times=1")
    gigs.device_model_brands.list()
    with pytest.raises(NotFoundError) as raised:
        gigs.devices.retrieve("dev_missing")
    wrong, _, _ = gigs_with("", token="sk_wrong_secret")
    with pytest.raises(AuthenticationError) as refused:
        wrong.device_model_brands.list()
    shown = [repr(gigs), str(raised.value), repr(raised.value), str(refused.value), repr(wrong)]
    shown += [record.getMessage() for record in caplog.records]
    assert any("retrying" in text for text in shown)  # the retry was logged...
    assert not [text for text in shown if secret in text or "sk_wrong_secret" in text]  # ...without the key


def test_pages_walk_every_item_both_ways(fresh):
    with Gigs(fresh.token, project="dev", base_url=fresh.base_url) as gigs:
        created = [gigs.devices.create(user=USER).id for _ in range(23)]
        everything = [d.id for d in gigs.devices.list(limit=MAX_LIMIT).items]
        assert everything[:23] == created[::-1]
        assert [d.id for d in gigs.devices.list(limit=4)] == everything
        pages = list(gigs.devices.list(limit=10).iter_pages())
        assert [len(p.items) for p in pages] == [10, 10, 5] and not pages[-1].has_next_page()
        last = pages[-1]
        assert [d.id for d in last.get_previous_page().items] == [d.id for d in pages[1].items]
        models = [m.id for m in gigs.device_models.list(limit=7, type=["smartphone"])]
        assert models == [m.id for m in gigs.device_models.list(limit=200, type=[DeviceModelType.SMARTPHONE]).items]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_size=st.integers(1, 40))
def test_any_page_size_yields_the_same_items(server, page_size):
    with Gigs(server.token, base_url=server.base_url) as gigs:
        whole = [m.id for m in gigs.device_models.list(limit=200).items]
        assert [m.id for m in gigs.device_models.list(limit=page_size)] == whole


class UnavailableOnce(httpx.AsyncBaseTransport):
    """The server's transport, with a 503 for the first request."""

    def __init__(self) -> None:
        self.inner, self.tries = httpx.AsyncHTTPTransport(), []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.tries.append(request.url.path)
        if len(self.tries) == 1:
            return httpx.Response(503, json={"object": "error", "type": "unavailable", "message": "Try again."})
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_async_client_pages_retries_and_raises(fresh):
    transport = UnavailableOnce()

    async def no_wait(seconds: float) -> None:
        return None

    async def scenario():
        http = httpx.AsyncClient(transport=transport)
        async with (
            http,
            AsyncGigs(fresh.token, project="dev", base_url=fresh.base_url, http_client=http, sleep=no_wait) as gigs,
        ):
            ids = [d.id async for d in gigs.devices.list(limit=1)]
            first = await gigs.devices.list(limit=MAX_LIMIT)
            with pytest.raises(NotFoundError):
                await gigs.devices.delete("dev_missing")
            return ids, [d.id for d in first.items]

    ids, whole = asyncio.run(scenario())
    assert ids == whole and len(ids) == 2
    assert transport.tries[0] == transport.tries[1] == "/projects/dev/devices"  # the 503 was tried again


def test_a_list_filter_given_a_bare_string_is_refused_not_split(fresh):
    with Gigs(fresh.token, project="dev", base_url=fresh.base_url) as gigs:
        with pytest.raises(TypeError, match="argument 'brand' must be a list of str, got str 'Apple'"):
            gigs.device_models.list(brand="Apple")  # type: ignore[arg-type]
        # A value this SDK does not know goes to the server, which may know it (or say what is wrong).
        with pytest.raises(InvalidRequestError) as unknown:
            gigs.device_models.list(type=["phone"])  # type: ignore[list-item]
        assert [d.property_ for d in unknown.value.details][:1] == ["type.0"]
        assert {m.brand for m in gigs.device_models.list(brand=["Apple"])} == {"Apple"}


def test_per_call_headers_query_and_the_sdks_user_agent(gigs_with):
    gigs, faulty, _ = gigs_with("")
    gigs.device_model_brands.list(extra_headers={"X-Trace": "t-1"}, extra_query={"debug": "1"})
    sent = faulty.tries[-1]
    assert sent.headers["X-Trace"] == "t-1" and sent.url.params["debug"] == "1"
    assert sent.headers["User-Agent"] == f"gigs-devices-python/{__version__}"


def test_the_environment_configures_a_client(fresh, monkeypatch):
    monkeypatch.setenv("GIGS_TOKEN", fresh.token)
    monkeypatch.setenv("GIGS_PROJECT", "dev")
    monkeypatch.setenv("GIGS_BASE_URL", fresh.base_url)
    with Gigs() as gigs:
        assert gigs.devices.list().items
    monkeypatch.delenv("GIGS_TOKEN")
    with pytest.raises(GigsError, match="GIGS_TOKEN"):
        Gigs()


def test_a_closed_client_says_so(fresh):
    gigs = Gigs(fresh.token, project="dev", base_url=fresh.base_url)
    gigs.close()
    with pytest.raises(GigsError, match="closed"):
        gigs.devices.list()


def test_an_unreadable_retry_after_falls_back_to_backoff(gigs_with):
    pages = iter(
        [
            httpx.Response(429, headers={"Retry-After": "soon"}),
            httpx.Response(200, json={"object": "deviceModelBrands", "items": []}),
        ]
    )
    http = httpx.Client(transport=httpx.MockTransport(lambda request: next(pages)))
    waits: list[float] = []
    with Gigs("key", base_url="http://127.0.0.1", http_client=http, sleep=waits.append) as gigs:
        assert gigs.device_model_brands.list().items == []
    assert len(waits) == 1 and 0.25 <= waits[0] <= 0.5


@pytest.mark.parametrize("collecting", [True, False], ids=["gc on", "gc off"])
def test_parsing_in_many_threads_leaves_the_garbage_collector_as_it_was(collecting):
    """A parser that switched the collector off for speed and back on after (as one once did) would
    turn it on for an application that had it off: each state, and the thresholds, must survive."""
    page = {"object": "list", "items": [], "moreItemsAfter": None, "moreItemsBefore": None}
    raw = json.dumps(page).encode()
    before = (gc.isenabled(), gc.get_threshold())
    (gc.enable if collecting else gc.disable)()

    def parse() -> None:
        for _ in range(1000):
            DeviceList.from_dict(page)
            DeviceList.from_json(raw)

    try:
        threads = [threading.Thread(target=parse) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert (gc.isenabled(), gc.get_threshold()) == (collecting, before[1])
    finally:
        (gc.enable if before[0] else gc.disable)()


def test_raw_responses_carry_status_headers_and_the_parsed_answer(fresh):
    with Gigs(fresh.token, project="dev", base_url=fresh.base_url) as gigs:
        created = gigs.with_raw_response.devices.create(user=USER, idempotency_key="raw-1")
        assert created.status_code == 201 and created.headers["content-type"] == "application/json"
        assert created.http_request.headers["Idempotency-Key"] == "raw-1"
        device = created.parse()
        again = gigs.with_raw_response.devices.create(user=USER, idempotency_key="raw-1")
        assert again.headers["idempotent-replayed"] == "true" and again.parse().id == device.id
        page = gigs.with_raw_response.devices.list(limit=1).parse()
        assert page.items[0].id == device.id and page.has_next_page()
        with pytest.raises(NotFoundError):
            gigs.with_raw_response.devices.retrieve("dev_missing")

    async def scenario():
        async with AsyncGigs(fresh.token, project="dev", base_url=fresh.base_url) as agigs:
            raw = await agigs.with_raw_response.devices.retrieve(device.id)
            return raw.status_code, raw.parse().id

    assert asyncio.run(scenario()) == (200, device.id)
