"""The spec's schemas accept what the API accepts and reject what it rejects, at every documented bound."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_document import ROOT, deref, validator

DEVICE = json.loads((ROOT / "tests/fixtures/reference/Device.schema.json").read_text())


def valid(pointer: str, value) -> bool:
    return validator(pointer).is_valid(value)


def schema(name: str) -> str:
    return f"#/components/schemas/{name}"


@given(st.text(alphabet="0123456789", min_size=15, max_size=16))
def test_imei_of_15_or_16_digits_is_accepted(imei):
    assert valid(schema("DeviceSearch"), {"imei": imei})
    assert valid(schema("Device"), {**DEVICE, "imei": imei})


@given(st.text().filter(lambda s: not (s.isascii() and s.isdigit() and len(s) in (15, 16))))
def test_any_other_imei_is_rejected(imei):
    assert not valid(schema("DeviceSearch"), {"imei": imei})
    assert not valid(schema("DeviceCreate"), {"imei": imei})


@given(st.from_regex(r"\A([0-9]{19}[Ff]?|[0-9]{20})\Z"))
def test_iccid_pattern_accepts_19_digits_with_optional_f_or_20(iccid):
    sim = {**DEVICE["sims"][0], "iccid": iccid}
    assert valid(schema("Sim"), sim)


@pytest.mark.parametrize("iccid", ["898830700000075371", "898830700000075371190F", "8988307000000753711G", ""])
def test_iccid_pattern_rejects_other_forms(iccid):
    assert not valid(schema("Sim"), {**DEVICE["sims"][0], "iccid": iccid})


@given(st.integers())
def test_limit_is_bounded_0_to_200(limit):
    assert valid("#/components/parameters/limit/schema", limit) == (0 <= limit <= 200)


def test_limit_defaults_to_10():
    assert deref({"$ref": "#/components/parameters/limit"})["schema"]["default"] == 10


@given(st.text(min_size=1, max_size=80))
def test_ids_are_at_most_64_characters(object_id):
    assert valid(schema("ObjectId"), object_id) == (len(object_id) <= 64)
    assert valid(schema("DeviceCreate"), {"user": object_id}) == (len(object_id) <= 64)


def test_ids_are_never_empty():
    assert not valid(schema("ObjectId"), "")


metadata_keys = st.text(min_size=1, max_size=40)
metadata_values = st.text(max_size=255)


@given(st.dictionaries(metadata_keys, metadata_values, max_size=10))
def test_metadata_within_bounds_is_accepted(metadata):
    assert valid(schema("Metadata"), metadata)
    assert valid(schema("MetadataUpdate"), metadata)
    assert valid(schema("DeviceCreate"), {"user": "usr_1", "metadata": metadata})


@given(st.dictionaries(metadata_keys, metadata_values, min_size=11, max_size=15))
def test_metadata_of_more_than_10_keys_is_more_than_a_project_may_keep(metadata):
    # The limit is on what a project keeps (ProjectMetadata); an answer may carry Gigs' keys besides,
    # and an update may name more keys than it leaves.
    assert not valid(schema("ProjectMetadata"), metadata)
    assert valid(schema("Metadata"), metadata)
    assert valid(schema("MetadataUpdate"), metadata)


@given(st.text(min_size=41, max_size=60))
def test_metadata_key_over_40_characters_is_rejected(key):
    assert not valid(schema("Metadata"), {key: "v"})
    assert not valid(schema("MetadataUpdate"), {key: "v"})


def test_metadata_empty_key_and_long_value_are_rejected():
    assert not valid(schema("Metadata"), {"": "v"})
    assert not valid(schema("Metadata"), {"k": "x" * 256})
    assert not valid(schema("MetadataUpdate"), {"k": "x" * 256})
    assert valid(schema("Metadata"), {"k": "x" * 255})


def test_metadata_null_deletes_a_key_in_requests_only():
    assert valid(schema("MetadataUpdate"), {"k": None, "e": ""})
    assert not valid(schema("Metadata"), {"k": None})


def test_metadata_itself_cannot_be_null_in_a_request():
    assert not valid(schema("DeviceCreate"), {"user": "usr_1", "metadata": None})
    assert not valid(schema("DeviceUpdate"), {"metadata": None})


@pytest.mark.parametrize("name", ["DeviceCreate", "DeviceUpdate", "DeviceSearch", "DeviceModelSearch"])
def test_request_bodies_reject_unknown_properties(name):
    body = {"imei": "492388841798923"} if "Search" in name else {}
    assert valid(schema(name), body)
    assert not valid(schema(name), {**body, "colour": "red"})


def test_update_accepts_null_user_and_name_and_empty_sims():
    assert valid(schema("DeviceUpdate"), {"user": None, "name": None, "sims": []})
    assert not valid(schema("DeviceUpdate"), {"sims": None})


@pytest.mark.parametrize("field", ["object", "id", "metadata", "createdAt", "imei", "model", "name", "sims", "user"])
def test_every_device_field_is_always_present(field):
    assert not valid(schema("Device"), {k: v for k, v in DEVICE.items() if k != field})


@pytest.mark.parametrize("field", ["imei", "model", "name", "user"])
def test_nullable_device_fields_accept_null(field):
    assert valid(schema("Device"), {**DEVICE, field: None})


def test_list_cursors_are_ids_or_null_never_booleans():
    page = {"object": "list", "items": [], "moreItemsAfter": None, "moreItemsBefore": "dev_1"}
    assert valid(schema("DeviceList"), page)
    assert not valid(schema("DeviceList"), {**page, "moreItemsAfter": True})


def test_formats_are_checked():
    user = DEVICE["user"]
    assert not valid(schema("User"), {**user, "email": "not an address"})
    assert not valid(schema("User"), {**user, "createdAt": "yesterday"})
    assert not valid(schema("User"), {**user, "birthday": "2017-13-45"})


def test_device_model_type_and_sim_enums_hold_the_documented_values():
    # The reference's values must all be there; a value the API adds later must not fail this test
    # (the breaking-change gate says whether a change to an enum is compatible).
    documented = {
        "DeviceModelType": {
            "car", "iot", "laptop", "router", "smartphone", "feature-phone", "smartwatch", "tablet", "wearable", "other",
        },
        "SimType": {"eSIM", "pSIM"},
        "SimStatus": {"inactive", "active", "retired"},
        "UserStatus": {"active", "blocked", "deleted"},
    }  # fmt: skip
    for name, values in documented.items():
        assert values <= set(deref({"$ref": schema(name)})["enum"]), name


def test_error_details_name_the_property():
    error = {"object": "error", "type": "invalid", "message": "m"}
    detail = {
        "object": "propertyErrorDetail",
        "code": "propertyInvalid",
        "message": "m",
        "property": "imei",
        "suggestion": None,
    }
    assert valid(schema("Error"), {**error, "details": [detail]})
    assert not valid(schema("Error"), {**error, "details": [{k: v for k, v in detail.items() if k != "property"}]})
    assert valid(schema("Error"), {**error, "type": "aTypeAddedLater", "code": "aCodeAddedLater"})


def test_an_iccid_may_end_in_a_lower_case_f_as_the_public_pattern_is_case_insensitive():
    iccid = {"type": "string", "pattern": deref({"$ref": schema("Sim")})["properties"]["iccid"]["pattern"]}
    import jsonschema

    for value, ok in (("8901260000000000001F", True), ("8901260000000000001f", True), ("8901260000000000001G", False)):
        assert jsonschema.Draft202012Validator(iccid).is_valid(value) == ok, value


def test_an_answer_may_carry_gigs_metadata_beyond_the_projects_ten_keys():
    carried = {**{f"k{n}": "v" for n in range(10)}, "gigs.com/plan": "p", "gigs.com/source": "s"}
    assert valid(schema("Metadata"), carried)
    assert not valid(schema("ProjectMetadata"), carried)
    assert not valid(schema("ProjectMetadata"), {"gigs.com/plan": "p"})
