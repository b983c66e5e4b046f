"""What users reach for when the SDK is behind the API or in their way: fields and parameters newer
than the SDK, headers of their own over the SDK's, the request ID of an answer, and the models and
UNSET from `gigs_devices` itself."""

from __future__ import annotations

import httpx
import orjson
import pytest
from openapi_document import document

import gigs_devices
from gigs_devices import UNSET, Gigs, Unset, models

DEVICE = document()["components"]["examples"]["Device"]["value"]  # the spec's own example answer


def recording(**options: object) -> tuple[Gigs, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json=DEVICE, headers={"Request-Id": f"req_{len(sent)}"})

    client = httpx.Client(transport=httpx.MockTransport(answer))
    return Gigs("key", project="dev", http_client=client, **options), sent  # type: ignore[arg-type]


def test_extra_body_sends_a_field_newer_than_the_sdk_beside_the_method_s_own():
    gigs, sent = recording()
    gigs.devices.create(imei="356938035643809", extra_body={"color": "blue"})
    assert orjson.loads(sent[0].content) == {"imei": "356938035643809", "color": "blue"}


def test_extra_body_on_a_call_without_a_body_is_refused():
    gigs, sent = recording()
    with pytest.raises(TypeError, match="takes no JSON body: extra_body"):
        gigs.devices.retrieve("dev_1", extra_body={"color": "blue"})
    assert sent == []


def test_default_query_goes_with_every_request_and_extra_query_over_it():
    gigs, sent = recording(default_query={"trace": "t-1", "debug": "no"})
    gigs.devices.retrieve("dev_1")
    gigs.devices.retrieve("dev_1", extra_query={"debug": "yes"})
    assert [dict(request.url.params) for request in sent] == [
        {"trace": "t-1", "debug": "no"},
        {"trace": "t-1", "debug": "yes"},
    ]


@pytest.mark.parametrize("name", ["authorization", "AUTHORIZATION", "Authorization"])
def test_a_header_override_replaces_the_sdk_s_whatever_its_case(name):
    gigs, sent = recording(default_headers={"user-agent": "mine/1"})
    gigs.devices.retrieve("dev_1", extra_headers={name: "Bearer other"})
    headers = sent[0].headers
    assert headers.get_list("authorization") == ["Bearer other"]
    assert headers.get_list("user-agent") == ["mine/1"]


def test_every_result_carries_the_id_of_its_request():
    gigs, _ = recording()
    first = gigs.devices.retrieve("dev_1")
    second = gigs.devices.create(imei="356938035643809")
    assert (first._request_id, second._request_id) == ("req_1", "req_2")
    assert first == second and "req_" not in repr(first) and "_request_id" not in first.to_dict()
    assert models.Device.from_dict(DEVICE)._request_id is None  # one built by hand


def test_the_models_and_unset_come_from_gigs_devices():
    assert models.Device.__module__.startswith("gigs_devices_client.models")
    assert isinstance(UNSET, Unset) and {"models", "UNSET", "Unset", "SyncPage", "AsyncPage"} <= set(
        gigs_devices.__all__
    )
