"""Answers behave like the Python values they stand for: lists iterate, metadata is a mapping, every
model writes the JSON it was read from, errors and pages pickle, and no repr shows an internal.

Each was a failure before: `for d in gigs.devices.search(...)` and `dict(device.metadata)` raised
`KeyError: 0`, `repr(error.error)` showed `<...Unset object at 0x...>`, and an APIStatusError could
not be unpickled (it pickled as `cls(message)`).
"""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
from collections.abc import Mapping, MutableMapping

import httpx
import pytest
from generated_api import fixture_model
from gigs_devices_client.models import Device, DeviceModelBrands, Metadata
from gigs_devices_client.types import UNSET
from hypothesis import given
from hypothesis import strategies as st
from openapi_document import ROOT

from gigs_devices import APIConnectionError, APIStatusError, AsyncGigs, Gigs, NotFoundError, SyncPage

REFERENCE = ROOT / "tests" / "fixtures" / "reference"
DEVICE = json.loads((REFERENCE / "Device.schema.json").read_text())
SEARCH = json.loads((REFERENCE / "searchDevices.response.json").read_text())
BRANDS = json.loads((REFERENCE / "listDeviceModelBrands.response.json").read_text())

metadata = st.dictionaries(st.text(min_size=1, max_size=40), st.text(max_size=255), max_size=10)


def gigs_answering(*answers: httpx.Response) -> Gigs:
    queue = list(answers)
    http = httpx.Client(transport=httpx.MockTransport(lambda request: queue.pop(0)))
    return Gigs("sk_test", project="dev", base_url="http://api.test", http_client=http, max_retries=0)


def test_a_list_answer_that_is_not_a_page_iterates_its_items():
    gigs = gigs_answering(httpx.Response(200, json=SEARCH), httpx.Response(200, json=BRANDS))
    found = gigs.devices.search(imei=SEARCH["items"][0]["imei"])
    assert [device.id for device in found] == [item["id"] for item in SEARCH["items"]]
    assert len(found) == len(SEARCH["items"])
    brands = gigs.device_model_brands.list()
    assert list(brands) == BRANDS["items"] and len(brands) == len(BRANDS["items"])
    assert all(brand in brands for brand in BRANDS["items"]) and "\x00absent" not in brands
    assert found.items[0] in found
    assert isinstance(brands, DeviceModelBrands)


def test_a_model_that_is_not_a_collection_says_so_rather_than_a_key_error():
    with pytest.raises(TypeError, match="not iterable"):
        list(Device.from_dict(DEVICE))


@given(pairs=metadata, wire=st.booleans())
def test_metadata_is_a_mapping_of_its_pairs(pairs, wire):
    device_json = {**DEVICE, "metadata": pairs}
    device = Device.from_json(json.dumps(device_json)) if wire else Device.from_dict(device_json)
    md = device.metadata
    assert isinstance(md, Mapping) and isinstance(md, MutableMapping)
    assert dict(md) == {**md} == dict(md.items()) == pairs
    assert list(md) == list(md.keys()) == list(pairs) and list(md.values()) == list(pairs.values())
    assert len(md) == len(pairs) and bool(md) == bool(pairs)
    assert md == pairs and md == Metadata.from_dict(pairs) and md != {**pairs, "\x00absent": "x"}
    for key, value in pairs.items():
        assert key in md and md[key] == value and md.get(key) == value
    assert md.get("\x00absent") is None and "\x00absent" not in md and 0 not in md


def test_metadata_changes_like_a_dict_and_the_update_form_takes_any_mapping():
    md = Metadata.from_dict({"a": "1"})
    md.update(b="2")
    md.setdefault("c", "3")
    assert md.pop("a") == "1" and dict(md) == {"b": "2", "c": "3"}
    with pytest.raises(TypeError, match="unhashable"):
        hash(md)  # mutable, as a dict is
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=DEVICE)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    gigs = Gigs("sk_test", project="dev", base_url="http://api.test", http_client=http)
    gigs.devices.update("dev_1", metadata=Metadata.from_dict({"crmId": "c-1"}))
    gigs.devices.update("dev_1", metadata=md)
    assert [json.loads(request.content)["metadata"] for request in sent] == [{"crmId": "c-1"}, {"b": "2", "c": "3"}]


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.json")), ids=lambda path: path.name)
def test_every_model_writes_the_json_it_reads(path):
    payload = json.loads(path.read_text())
    parsed = fixture_model(path).from_dict(payload)
    assert json.loads(parsed.to_json()) == payload
    assert fixture_model(path).from_json(parsed.to_json()) == parsed


@given(pairs=metadata, name=st.none() | st.text(max_size=50))
def test_to_json_round_trips_a_device(pairs, name):
    device = Device.from_dict({**DEVICE, "metadata": pairs, "name": name})
    assert Device.from_json(device.to_json()) == device
    assert json.loads(device.to_json()) == {**DEVICE, "metadata": pairs, "name": name}


def test_unset_reads_as_unset_and_stays_the_one_unset():
    assert repr(UNSET) == "UNSET"
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET and copy.deepcopy(UNSET) is UNSET


def error_answers() -> list[httpx.Response]:
    return [
        httpx.Response(404, json={"object": "error", "type": "notFound", "message": "Device not found."}),
        httpx.Response(
            422,
            json={
                "object": "error",
                "type": "invalidRequest",
                "message": "The request is invalid.",
                "details": [{"object": "propertyErrorDetail", "property": "imei", "message": "Too short."}],
            },
        ),
        httpx.Response(502, text="<html>Bad gateway</html>"),
    ]


@pytest.mark.parametrize("answer", error_answers(), ids=lambda a: str(a.status_code))
def test_an_error_pickles_whole_and_its_repr_shows_no_internals(answer):
    gigs = gigs_answering(answer)
    with pytest.raises(APIStatusError) as raised:
        gigs.devices.retrieve("dev_1")
    error = raised.value
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)
    assert (again.status_code, again.type, again.code, again.message, again.request_id) == (
        error.status_code,
        error.type,
        error.code,
        error.message,
        error.request_id,
    )
    assert again.error == error.error and again.content == error.content
    assert again.response.status_code == error.status_code and again.request.url == error.request.url
    for shown in (repr(error), repr(error.error), repr(again.error)):
        assert " object at 0x" not in shown


def test_a_connection_error_pickles():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    gigs = Gigs("sk_test", project="dev", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(APIConnectionError) as raised:
        gigs.devices.retrieve("dev_1")
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is APIConnectionError and str(again) == str(raised.value)
    assert "connection refused" in str(again)


def page_of(ids: list[str], after: str | None) -> httpx.Response:
    items = [{**DEVICE, "id": device_id} for device_id in ids]
    return httpx.Response(
        200, json={"object": "list", "items": items, "moreItemsAfter": after, "moreItemsBefore": None}
    )


def test_a_page_pickles_as_its_items_and_cursors_and_says_how_to_go_on():
    gigs = gigs_answering(page_of(["dev_1", "dev_2"], "dev_2"))
    page = gigs.devices.list(limit=2)
    again = pickle.loads(pickle.dumps(page))
    assert isinstance(again, SyncPage) and again.items == page.items
    assert (again.more_items_after, again.more_items_before) == ("dev_2", None)
    assert again.has_next_page() and "2 items" in repr(again)
    with pytest.raises(RuntimeError, match="after=page.more_items_after"):
        again.get_next_page()
    with pytest.raises(RuntimeError, match="unpickled"):
        list(again)  # its own items, then the next page it cannot fetch
    last = pickle.loads(pickle.dumps(gigs_answering(page_of(["dev_3"], None)).devices.list()))
    assert [device.id for device in last] == ["dev_3"]


def test_an_async_page_pickles_too():
    async def first_page():
        queue = [page_of(["dev_1"], None)]
        http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: queue.pop(0)))
        async with AsyncGigs("sk_test", project="dev", base_url="http://api.test", http_client=http) as gigs:
            return await gigs.devices.list()

    page = asyncio.run(first_page())
    again = pickle.loads(pickle.dumps(page))
    assert [device.id for device in again.items] == ["dev_1"] and not again.has_next_page()
    assert " object at 0x" not in repr(again)


def test_not_found_is_still_a_not_found_after_pickling():
    gigs = gigs_answering(error_answers()[0])
    with pytest.raises(NotFoundError) as raised:
        gigs.devices.retrieve("dev_1")
    assert isinstance(pickle.loads(pickle.dumps(raised.value)), NotFoundError)
