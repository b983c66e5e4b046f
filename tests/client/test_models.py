"""The reference's payloads parse with the generated models and turn back into the same JSON."""

from __future__ import annotations

import datetime
import json

import pytest
from generated_api import fixture_model
from gigs_devices_client.models import Device, DeviceModelType, DeviceUpdate, SimStatus, UserStatus
from hypothesis import given
from hypothesis import strategies as st
from openapi_document import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "reference").glob("*.json"))
DEVICE = json.loads((ROOT / "tests/fixtures/reference/Device.schema.json").read_text())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_reference_payload_round_trips(path):
    payload = json.loads(path.read_text(encoding="utf-8"))
    parsed = fixture_model(path).from_dict(payload)
    assert parsed.to_dict() == payload


def test_parsed_device_is_typed():
    device = Device.from_dict(DEVICE)
    assert device.created_at == datetime.datetime(2021, 2, 14, 19, 38, 34, tzinfo=datetime.UTC)
    assert device.model.type_ is DeviceModelType.SMARTPHONE
    assert device.sims[0].status is SimStatus.INACTIVE
    assert device.user.status is UserStatus.ACTIVE
    assert device.user.birthday == datetime.date(2017, 7, 21)


def test_fractional_zero_seconds_parse_to_the_same_instant():
    # The reference prints some times as `...34.0Z`; both spellings are RFC 3339 for one instant.
    with_fraction = Device.from_dict({**DEVICE, "createdAt": "2021-02-14T19:38:34.0Z"})
    assert with_fraction.created_at == Device.from_dict(DEVICE).created_at


timestamps = st.datetimes(
    min_value=datetime.datetime(1970, 1, 1), max_value=datetime.datetime(2100, 1, 1), timezones=st.just(datetime.UTC)
)


@given(
    created_at=timestamps,
    metadata=st.dictionaries(st.text(min_size=1, max_size=40), st.text(max_size=255), max_size=10),
    name=st.none() | st.text(max_size=50),
    imei=st.none() | st.from_regex(r"\A[0-9]{15,16}\Z"),
    with_user=st.booleans(),
    with_model=st.booleans(),
)
def test_devices_round_trip(created_at, metadata, name, imei, with_user, with_model):
    stamp = created_at.isoformat().replace("+00:00", "Z")
    payload = {
        **DEVICE,
        "createdAt": stamp,
        "metadata": metadata,
        "name": name,
        "imei": imei,
        "user": DEVICE["user"] if with_user else None,
        "model": DEVICE["model"] if with_model else None,
    }
    assert Device.from_dict(payload).to_dict() == payload


def test_update_keeps_null_apart_from_unset():
    # `user: null` unassigns the owner; leaving `user` out keeps it. The client must not blur the two.
    assert DeviceUpdate.from_dict({"user": None}).to_dict() == {"user": None}
    assert DeviceUpdate.from_dict({}).to_dict() == {}
    assert DeviceUpdate.from_dict({"sims": []}).to_dict() == {"sims": []}


# Keys the spec does not name, at every level of a device: what a newer server may add.
KNOWN_KEYS = {*DEVICE, *DEVICE["model"], *DEVICE["user"], *DEVICE["sims"][0]}
unknown_keys = st.dictionaries(
    st.text(min_size=1, max_size=12).filter(lambda key: key not in KNOWN_KEYS),
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    max_size=3,
)


@given(device_extra=unknown_keys, model_extra=unknown_keys, user_extra=unknown_keys, sim_extra=unknown_keys)
def test_unknown_keys_are_kept_at_every_level(device_extra, model_extra, user_extra, sim_extra):
    payload = {
        **DEVICE,
        **device_extra,
        "model": {**DEVICE["model"], **model_extra},
        "user": {**DEVICE["user"], **user_extra},
        "sims": [{**DEVICE["sims"][0], **sim_extra}],
    }
    device = Device.from_dict(payload)
    assert device.additional_properties == device_extra
    assert device.model.additional_properties == model_extra
    assert device.user.additional_properties == user_extra
    assert device.sims[0].additional_properties == sim_extra
    assert device.to_dict() == payload


@pytest.mark.parametrize("field", ["model", "user"])
@pytest.mark.parametrize("value", ["iPhone 12 Pro", 42, ["a"]])
def test_a_malformed_embedded_object_is_an_error_not_a_raw_value(field, value):
    # A nullable object that fails to parse must not come back as the raw value in a typed field.
    with pytest.raises((TypeError, KeyError, ValueError)):
        Device.from_dict({**DEVICE, field: value})
