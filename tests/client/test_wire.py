"""What the SDK puts on the wire, read from the real request through httpx.MockTransport: the generated
operations' requests, sent by the resources."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from gigs_devices_client.models import DeviceModelType, SimType
from hypothesis import assume, given
from hypothesis import strategies as st
from openapi_document import operation, validator

from gigs_devices import AsyncGigs, Gigs, GigsError

DEVICE_MODEL_LIST = {"object": "list", "items": [], "moreItemsAfter": None, "moreItemsBefore": None}


class Recorder:
    """A MockTransport handler that keeps every request and answers a fixed JSON body."""

    def __init__(self, status: int = 200, body: object = DEVICE_MODEL_LIST) -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.body = status, body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)

    def gigs(self) -> Gigs:
        http = httpx.Client(transport=httpx.MockTransport(self))
        return Gigs("sk_test", project="dev", base_url="http://127.0.0.1:9", http_client=http, max_retries=0)

    def agigs(self) -> AsyncGigs:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return AsyncGigs("sk_test", project="dev", base_url="http://127.0.0.1:9", http_client=http, max_retries=0)

    def send(self, call: Callable[[Gigs], Any]) -> httpx.Request:
        """The request `call` sent; an error answer (the point here is what went out) is let go."""
        with contextlib.suppress(GigsError):
            call(self.gigs())
        return self.requests[-1]

    @property
    def query(self) -> str:
        return self.requests[-1].url.query.decode("ascii")


def api_decode_list(raw_value: str) -> list[str]:
    """How the API reads an `explode: false` value: decode once, split on commas, then unescape %2C."""
    return [item.replace("%2C", ",") for item in unquote(raw_value).split(",")]


def raw_values(query: str, name: str) -> list[str]:
    return [pair.split("=", 1)[1] for pair in query.split("&") if pair.split("=", 1)[0] == name]


def test_list_filters_are_sent_once_comma_separated():
    recorder = Recorder()
    recorder.gigs().device_models.list(
        type=[DeviceModelType.SMARTPHONE, "tablet"],
        sim_type=[SimType.ESIM, SimType.PSIM],
        brand=["Apple", "Samsung"],
        hardware_identifier=["SM-S928U1", "SM-S928U2"],
    )
    query = recorder.query
    assert raw_values(query, "type") == ["smartphone,tablet"]
    assert raw_values(query, "simType") == ["eSIM,pSIM"]
    assert raw_values(query, "brand") == ["Apple,Samsung"]
    assert raw_values(query, "hardwareIdentifier") == ["SM-S928U1,SM-S928U2"]
    assert raw_values(query, "limit") == []  # the server's default, unless given


def test_a_comma_inside_a_value_is_double_encoded():
    recorder = Recorder()
    recorder.gigs().device_models.list(brand=["Foo, Inc.", "Bar"])
    assert raw_values(recorder.query, "brand") == ["Foo%252C%20Inc.,Bar"]


def test_the_async_client_sends_the_same_url():
    sync_recorder, async_recorder = Recorder(), Recorder()
    kwargs: dict[str, Any] = {
        "type": [DeviceModelType.SMARTWATCH, DeviceModelType.OTHER],
        "brand": ["A,B"],
        "limit": 200,
    }
    sync_recorder.gigs().device_models.list(**kwargs)

    async def first_page() -> None:
        async with async_recorder.agigs() as agigs:
            await agigs.device_models.list(**kwargs)

    asyncio.run(first_page())
    assert async_recorder.requests[0].url == sync_recorder.requests[0].url


values = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20)


@given(st.lists(values, min_size=1, max_size=5), st.lists(values, min_size=1, max_size=5))
def test_api_reads_back_exactly_the_lists_the_client_sent(brands, hardware_identifiers):
    # The text "%2C" itself is what the API's escape stands for, so it cannot be sent as a literal.
    assume(not any("%2C" in value for value in brands + hardware_identifiers))
    recorder = Recorder()
    recorder.gigs().device_models.list(brand=brands, hardware_identifier=hardware_identifiers)
    (brand,) = raw_values(recorder.query, "brand")
    (hardware_identifier,) = raw_values(recorder.query, "hardwareIdentifier")
    assert api_decode_list(brand) == brands
    assert api_decode_list(hardware_identifier) == hardware_identifiers


def test_unset_filters_are_not_sent():
    recorder = Recorder(body={"object": "list", "items": [], "moreItemsAfter": None, "moreItemsBefore": None})
    recorder.gigs().devices.list(limit=0)
    assert recorder.requests[0].url.raw_path == b"/projects/dev/devices?limit=0"


ids = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=64)


@given(ids, ids)
def test_path_parameters_are_url_encoded(project, device):
    recorder = Recorder(status=404, body={"object": "error", "type": "notFound", "message": "m"})
    raw_path = recorder.send(lambda gigs: gigs.devices.retrieve(device, project=project)).url.raw_path.decode("ascii")
    assert "?" not in raw_path and "#" not in raw_path
    segments = raw_path.split("/")
    assert segments[:2] == ["", "projects"] and segments[3] == "devices"
    assert [unquote(segments[2]), unquote(segments[4])] == [project, device]


def test_path_parameter_with_reserved_characters():
    recorder = Recorder(status=404, body={"object": "error", "type": "notFound", "message": "m"})
    sent = recorder.send(lambda gigs: gigs.devices.retrieve("dev 1?#%", project="p/1"))
    assert sent.url.raw_path == b"/projects/p%2F1/devices/dev%201%3F%23%25"


@pytest.mark.parametrize("device", [".", "..", "a.b"])
def test_dot_ids_are_not_read_as_dot_segments(device):
    recorder = Recorder(status=404, body={"object": "error", "type": "notFound", "message": "m"})
    segments = recorder.send(lambda gigs: gigs.devices.retrieve(device)).url.raw_path.decode().split("/")
    assert len(segments) == 5 and unquote(segments[4]) == device


def test_create_sends_the_body_the_spec_describes():
    recorder = Recorder(status=422, body={"object": "error", "type": "invalid", "message": "m"})
    request = recorder.send(
        lambda gigs: gigs.devices.create(
            imei="492388841798923",
            user="usr_1",
            sims=["sim_1"],
            name=None,
            metadata={"crmId": "c-1", "legacy": None},
            idempotency_key="key-1",
        )
    )
    sent = json.loads(request.content)
    assert sent == {
        "imei": "492388841798923",
        "user": "usr_1",
        "sims": ["sim_1"],
        "name": None,
        "metadata": {"crmId": "c-1", "legacy": None},
    }
    assert validator(operation("createDevice").request_schema_pointer()).is_valid(sent)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"] == "key-1"
    assert request.headers["authorization"] == "Bearer sk_test"
    assert (request.method, request.url.raw_path) == ("POST", b"/projects/dev/devices")


def test_a_given_idempotency_key_is_sent_and_otherwise_each_call_has_its_own():
    recorder = Recorder(status=404, body={"object": "error", "type": "notFound", "message": "m"})
    given_key = recorder.send(lambda gigs: gigs.devices.delete("dev_1", idempotency_key="k"))
    first, second = (recorder.send(lambda gigs: gigs.devices.delete("dev_1")) for _ in range(2))
    assert given_key.headers["idempotency-key"] == "k"
    assert first.headers["idempotency-key"] and first.headers["idempotency-key"] != second.headers["idempotency-key"]
    assert recorder.send(lambda gigs: gigs.devices.retrieve("dev_1")).headers.get("idempotency-key") is None
