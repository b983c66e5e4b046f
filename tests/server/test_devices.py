"""Device semantics: create, read, update, delete, search, and the rules that bind them."""

from __future__ import annotations

import json
import random
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import EXAMPLE_IMEI, EXAMPLE_SIM, EXAMPLE_USER, ROOT, Api
from openapi_document import MAX_LIMIT, document, validator

from gigs_devices_mock.backend import Call
from gigs_devices_mock.handlers.devices import create_device
from gigs_devices_mock.store import NO_FILTER

DEVICE = validator("#/components/schemas/Device")
SEED = json.loads((ROOT / "server/gigs_devices_mock/seed/default.json").read_text())
DEV_SIMS = [sim["id"] for sim in SEED["projects"]["dev"]["sims"]]
DEV_USERS = [user["id"] for user in SEED["projects"]["dev"]["users"]]


def example(name: str) -> dict:
    return document()["components"]["examples"][name]["value"]


def test_the_spec_create_example_succeeds_as_it_stands(api):
    response = api.create(**example("DeviceCreate"))
    assert response.status_code == 201
    device = response.json()
    assert DEVICE.is_valid(device)
    expected = example("Device")
    for field in ("metadata", "imei", "model", "name", "sims", "user"):
        assert device[field] == expected[field], field
    assert device["id"].startswith("dev_") and len(device["id"]) <= 64


def test_created_device_is_read_back_the_same(api):
    created = api.created(imei=EXAMPLE_IMEI, user=EXAMPLE_USER, sims=[EXAMPLE_SIM], name="n", metadata={"a": "b"})
    assert api.device(created["id"]).json() == created
    assert created["createdAt"].endswith("Z")


def test_the_model_comes_from_the_imeis_type_allocation_code(api):
    assert api.created(imei="4923888400000000")["model"]["id"] == "dmd_0SNlurA04OUskUGfGAn3Rh"
    assert api.created(imei="000000000000000")["model"] is None
    assert api.created(user=EXAMPLE_USER)["model"] is None


def test_a_device_needs_an_imei_or_a_user(api):
    response = api.create(name="nameless", sims=[EXAMPLE_SIM])
    assert response.status_code == 422
    assert {d["property"] for d in response.json()["details"]} == {"imei", "user"}
    assert api.created(imei=EXAMPLE_IMEI)["user"] is None  # a factory device
    assert api.created(user=EXAMPLE_USER)["imei"] is None


def test_an_imei_is_unique_among_the_projects_devices(app):
    with Api(app, "dev", "dev_token") as dev, Api(app, "dev2", "dev2_token") as dev2:
        first = dev.created(imei=EXAMPLE_IMEI)
        again = dev.create(imei=EXAMPLE_IMEI)
        assert again.status_code == 422
        assert again.json()["code"] == "deviceImeiAlreadyExists"
        assert again.json()["details"][0]["property"] == "imei"
        assert dev2.create(imei=EXAMPLE_IMEI).status_code == 201  # another project may have it
        dev.delete(f"{dev.devices_path}/{first['id']}")
        assert dev.create(imei=EXAMPLE_IMEI).status_code == 201  # freed by the delete


def test_a_sim_sits_on_at_most_one_device(api):
    first = api.created(user=EXAMPLE_USER, sims=[EXAMPLE_SIM])
    taken = api.create(user=EXAMPLE_USER, sims=[DEV_SIMS[3], EXAMPLE_SIM])
    assert taken.status_code == 422
    assert taken.json()["code"] == "deviceSimAlreadyUsed"
    assert taken.json()["details"][0]["property"] == "sims.1"
    moved = api.patch(f"{api.devices_path}/{first['id']}", json={"sims": []})
    assert moved.json()["sims"] == []
    assert api.create(user=EXAMPLE_USER, sims=[EXAMPLE_SIM]).status_code == 201


def test_unknown_users_and_sims_are_named(app):
    with Api(app, "dev2", "dev2_token") as dev2:
        response = dev2.create(user=EXAMPLE_USER, sims=["sim_nope", EXAMPLE_SIM])  # both belong to dev
        assert response.status_code == 422
        assert [d["property"] for d in response.json()["details"]] == ["user", "sims.0", "sims.1"]


def test_update_changes_only_what_is_given(api):
    device = api.created(imei=EXAMPLE_IMEI, user=EXAMPLE_USER, sims=[EXAMPLE_SIM], name="old", metadata={"a": "1"})
    path = f"{api.devices_path}/{device['id']}"
    renamed = api.patch(path, json={"name": "new"}).json()
    assert renamed == {**device, "name": "new"}
    unassigned = api.patch(path, json={"user": None, "name": None}).json()
    assert (unassigned["user"], unassigned["name"], unassigned["sims"]) == (None, None, device["sims"])
    reassigned = api.patch(path, json={"user": DEV_USERS[1], "sims": [DEV_SIMS[3], DEV_SIMS[4]]}).json()
    assert reassigned["user"]["id"] == DEV_USERS[1]
    assert [s["id"] for s in reassigned["sims"]] == [DEV_SIMS[3], DEV_SIMS[4]]
    assert api.device(device["id"]).json() == reassigned
    assert api.patch(path, json={}).json() == reassigned


def test_a_device_without_imei_keeps_a_user(api):
    device = api.created(user=EXAMPLE_USER)
    response = api.patch(f"{api.devices_path}/{device['id']}", json={"user": None})
    assert response.status_code == 422
    assert api.device(device["id"]).json()["user"]["id"] == EXAMPLE_USER


def test_a_failed_update_changes_nothing(api):
    device = api.created(user=EXAMPLE_USER, name="kept")
    holder = api.created(user=EXAMPLE_USER, sims=[EXAMPLE_SIM])
    path = f"{api.devices_path}/{device['id']}"
    assert api.patch(path, json={"name": "lost", "sims": ["sim_unknown"]}).status_code == 422
    refused = api.patch(path, json={"name": "lost", "sims": [EXAMPLE_SIM]})  # refused by the store itself
    assert refused.json()["code"] == "deviceSimAlreadyUsed"
    assert api.device(device["id"]).json() == device
    assert api.list().json()["items"][:2] == [holder, device]  # and the list, served from memory


metadata_keys = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"])
changes = st.dictionaries(metadata_keys, st.none() | st.text(max_size=5), max_size=6)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=st.dictionaries(metadata_keys, st.text(max_size=5), max_size=6), updates=st.lists(changes, max_size=4))
def test_metadata_merges_key_by_key(app, initial, updates):
    with Api(app, "dev", "dev_token") as api:
        device = api.created(user=EXAMPLE_USER, metadata=initial)
        expected = dict(initial)
        assert device["metadata"] == expected
        for update in updates:
            merged = dict(expected)
            for key, value in update.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            response = api.patch(f"{api.devices_path}/{device['id']}", json={"metadata": update})
            if len(merged) > 10:
                assert response.status_code == 422
                assert response.json()["details"][0]["property"] == "metadata"
            else:
                assert response.status_code == 200, response.text
                expected = merged
            assert api.device(device["id"]).json()["metadata"] == expected


def test_create_metadata_null_values_delete_nothing_and_are_not_stored(api):
    assert api.created(user=EXAMPLE_USER, metadata={"a": None, "b": ""})["metadata"] == {"b": ""}


def test_delete_answers_the_device_and_forgets_it(api):
    device = api.created(imei=EXAMPLE_IMEI, user=EXAMPLE_USER, sims=[EXAMPLE_SIM])
    deleted = api.delete(f"{api.devices_path}/{device['id']}")
    assert (deleted.status_code, deleted.json()) == (200, device)
    assert api.device(device["id"]).status_code == 404
    assert api.delete(f"{api.devices_path}/{device['id']}").status_code == 404
    assert api.patch(f"{api.devices_path}/{device['id']}", json={}).status_code == 404
    assert device["id"] not in [d["id"] for d in api.list(limit=MAX_LIMIT).json()["items"]]
    assert api.create(user=EXAMPLE_USER, sims=[EXAMPLE_SIM]).status_code == 201  # its SIM is free again


def test_devices_of_another_project_are_not_found(app):
    with Api(app, "dev", "dev_token") as dev, Api(app, "dev2", "dev2_token") as dev2:
        device = dev.created(imei=EXAMPLE_IMEI)
        assert dev2.device(device["id"]).status_code == 404
        assert device["id"] not in [d["id"] for d in dev2.list(limit=MAX_LIMIT).json()["items"]]
        assert dev2.post(f"{dev2.devices_path}/search", json={"imei": EXAMPLE_IMEI}).json()["items"] == []


def test_filters_by_user_and_sim(api):
    mine = api.created(user=EXAMPLE_USER, sims=[EXAMPLE_SIM])
    theirs = api.created(user=DEV_USERS[2], sims=[DEV_SIMS[4]])
    assert [d["id"] for d in api.list(user=EXAMPLE_USER).json()["items"]] == [mine["id"]]
    assert [d["id"] for d in api.list(user=DEV_USERS[2]).json()["items"]] == [theirs["id"]]
    assert [d["id"] for d in api.list(sim=DEV_SIMS[4]).json()["items"]] == [theirs["id"]]
    assert api.list(user="usr_nobody").json()["items"] == []  # a valid query that matches nothing
    assert api.list(sim="sim_nothing").json() == {
        "object": "list",
        "items": [],
        "moreItemsAfter": None,
        "moreItemsBefore": None,
    }


def test_search_finds_the_device_with_the_imei(api):
    assert api.post(f"{api.devices_path}/search", json={"imei": EXAMPLE_IMEI}).json()["items"] == []
    device = api.created(imei=EXAMPLE_IMEI, user=EXAMPLE_USER)
    api.created(imei="492388841798924")
    found = api.post(f"{api.devices_path}/search", json={"imei": EXAMPLE_IMEI})
    assert found.status_code == 200
    assert found.json() == {"object": "list", "items": [device], "moreItemsAfter": None, "moreItemsBefore": None}


@pytest.mark.parametrize("operation", ["list", "retrieve"])
def test_every_device_answer_embeds_model_sims_and_user(api, operation):
    device = api.created(imei=EXAMPLE_IMEI, user=EXAMPLE_USER, sims=[EXAMPLE_SIM])
    answer = api.list().json()["items"][0] if operation == "list" else api.device(device["id"]).json()
    assert answer["model"]["object"] == "deviceModel"
    assert answer["sims"][0]["object"] == "sim"
    assert answer["user"]["object"] == "user"
    assert DEVICE.is_valid(answer)


def test_ids_stay_unique_when_the_global_random_generator_is_seeded(app):
    # Hypothesis seeds `random` for every example; IDs drawn from it would repeat across examples.
    random.seed(1)
    first = app.backend.new_id("dev")
    random.seed(1)
    assert app.backend.new_id("dev") != first


def test_a_stored_device_costs_about_its_body_in_memory(app):
    # The read model keeps every live device's JSON for the life of the process; serialisers may
    # hand out buffers far larger than their text (orjson's hold 4 KiB), which must not be what stays.
    backend, count = app.backend, 2_000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        bodies = [create_device(backend, Call("dev2", {}, {}, {"imei": f"{n:015d}"})).body for n in range(count)]
        del bodies  # the answers; what stays is the store's
        per_device = (tracemalloc.get_traced_memory()[0] - before) / count
    finally:
        tracemalloc.stop()
    body = backend.store.page("dev2", NO_FILTER, 1).bodies[0]
    assert per_device < 2 * len(body), f"{per_device:.0f} B per device, for a {len(body)}-B body"


def test_gigs_metadata_cannot_be_written_through_the_api(api):
    # Keys beginning `gigs.com` are Gigs-managed: the public docs say the API does not write them.
    for body in ({"imei": EXAMPLE_IMEI, "metadata": {"gigs.com/plan": "x"}},):
        refused = api.create(**body)
        assert refused.status_code == 422
        assert [d["property"].split(".")[0] for d in refused.json()["details"]] == ["metadata"]
    device = api.created(user=EXAMPLE_USER)
    refused = api.patch(f"{api.devices_path}/{device['id']}", json={"metadata": {"gigs.com/plan": "x"}})
    assert refused.status_code == 422 and refused.json()["details"][0]["property"].startswith("metadata")


def test_the_ten_key_limit_applies_to_the_merged_metadata_not_to_the_update(api):
    full = {f"k{n}": "v" for n in range(10)}
    device = api.created(user=EXAMPLE_USER, metadata=full)
    # Naming eleven keys (ten deleted, one set) leaves one: a valid update.
    swap = api.patch(f"{api.devices_path}/{device['id']}", json={"metadata": {**dict.fromkeys(full), "new": "v"}})
    assert swap.status_code == 200, swap.text
    assert swap.json()["metadata"] == {"new": "v"}
    # Adding ten to the one leaves eleven: refused, naming metadata.
    grown = api.patch(f"{api.devices_path}/{device['id']}", json={"metadata": full})
    assert grown.status_code == 422 and grown.json()["details"][0]["property"] == "metadata"


def test_a_missing_property_and_an_invalid_one_carry_gigs_detail_codes(api):
    neither = api.create(name="no imei, no user").json()
    assert {d["code"] for d in neither["details"]} == {"propertyRequired"}
    bad = api.create(imei="12").json()
    assert [d["code"] for d in bad["details"]] == ["propertyInvalid"]
