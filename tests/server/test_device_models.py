"""The device model catalogue: filters, order, cursors, search by TAC and brands, against the seed."""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import EXAMPLE_IMEI, ROOT, Api
from openapi_document import MAX_LIMIT, deref, validator

from gigs_devices_mock import create_app

SEED_PATH = ROOT / "server/gigs_devices_mock/seed/default.json"
SEED = json.loads(SEED_PATH.read_text())
CATALOGUE = SEED["deviceModels"]  # oldest first
NEWEST_FIRST = [model["id"] for model in reversed(CATALOGUE)]
TYPES = deref({"$ref": "#/components/schemas/DeviceModelType"})["enum"]
SIM_TYPES = deref({"$ref": "#/components/schemas/SimType"})["enum"]
LIST = validator("#/components/schemas/DeviceModelList")


def test_the_seed_uses_only_the_specs_types_and_enough_of_them_to_filter():
    # Not "every type": a value the spec adds later must not fail the tests before the seed has it.
    types, sim_types = {m["type"] for m in CATALOGUE}, {s for m in CATALOGUE for s in m["simTypes"]}
    assert types <= set(TYPES) and len(types) >= 3
    assert sim_types <= set(SIM_TYPES) and len(sim_types) >= 2
    assert all(m["hardwareIdentifiers"] and m["tacs"] for m in CATALOGUE)


def expected(filters: dict[str, list[str]]) -> list[str]:
    fields = {"type": "type", "brand": "brand", "simType": "simTypes", "hardwareIdentifier": "hardwareIdentifiers"}

    def keeps(model):
        for name, wanted in filters.items():
            values = model[fields[name]]
            values = values if isinstance(values, list) else [values]
            if not set(values) & set(wanted):
                return False
        return True

    return [model["id"] for model in reversed(CATALOGUE) if keeps(model)]


def walk(client, limit: int, params: dict) -> list[str]:
    seen, after = [], None
    while True:
        page = client.get("/deviceModels", params={**params, "limit": limit, **({"after": after} if after else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        assert LIST.is_valid(body)
        seen += [m["id"] for m in body["items"]]
        if body["moreItemsAfter"] is None:
            return seen
        after = body["moreItemsAfter"]


filter_values = {
    "type": st.sampled_from(TYPES),
    "brand": st.sampled_from(sorted({m["brand"] for m in CATALOGUE}) + ["NoSuchBrand"]),
    "simType": st.sampled_from(SIM_TYPES),
    "hardwareIdentifier": st.sampled_from(sorted({h for m in CATALOGUE for h in m["hardwareIdentifiers"]})),
}
filter_sets = st.fixed_dictionaries(
    {}, optional={name: st.lists(values, min_size=1, max_size=3, unique=True) for name, values in filter_values.items()}
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=filter_sets, limit=st.integers(1, 12))
def test_filtered_pages_hold_exactly_the_matching_models_newest_first(shared, filters, limit):
    # A comma inside a value (Apple's "iPhone15,2") is escaped as %2C, which goes out as %252C.
    params = {name: ",".join(value.replace(",", "%2C") for value in values) for name, values in filters.items()}
    assert walk(shared, limit, params) == expected(filters)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(1, 10), start=st.integers(0, len(CATALOGUE) - 1))
def test_before_walks_back_towards_the_newest(shared, limit, start):
    seen, before = [], NEWEST_FIRST[start]
    while True:
        body = shared.get("/deviceModels", params={"limit": limit, "before": before}).json()
        seen = [m["id"] for m in body["items"]] + seen
        if body["moreItemsBefore"] is None:
            break
        before = body["moreItemsBefore"]
    assert seen == NEWEST_FIRST[:start]


def test_default_page_is_the_ten_newest(shared):
    body = shared.get("/deviceModels").json()
    assert [m["id"] for m in body["items"]] == NEWEST_FIRST[:10]
    assert body["moreItemsAfter"] == NEWEST_FIRST[9] and body["moreItemsBefore"] is None


def test_unknown_cursor_is_invalid(shared):
    response = shared.get("/deviceModels", params={"after": "dmd_nope"})
    assert response.status_code == 422 and response.json()["details"][0]["property"] == "after"


def test_a_literal_comma_in_a_value_is_sent_as_2C_double_encoded(tmp_path):
    seed = json.loads(SEED_PATH.read_text())
    seed["deviceModels"].append({**CATALOGUE[0], "id": "dmd_comma", "brand": "Foo, Inc.", "tacs": ["99999999"]})
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    with Api(create_app(seed_path=path), "dev", "dev_token") as client:
        # On the wire: brand=Foo%252C%20Inc.,Nokia
        raw = client.get(f"/deviceModels?brand={quote('Foo%2C Inc.', safe='')},Nokia&limit={MAX_LIMIT}").json()
        assert [m["brand"] for m in raw["items"]] == ["Foo, Inc.", "Nokia", "Nokia"]
        assert client.get("/deviceModels?brand=Foo,Inc.").json()["items"] == []
        assert "Foo, Inc." in client.get("/deviceModelBrands").json()["items"]


def test_retrieve(shared):
    model = CATALOGUE[1]
    body = shared.get(f"/deviceModels/{model['id']}").json()
    assert body == {
        "object": "deviceModel",
        **{k: model[k] for k in ("id", "brand", "hardwareIdentifiers", "name", "simTypes", "type")},
    }
    assert list(body) == ["object", "id", "brand", "hardwareIdentifiers", "name", "simTypes", "type"]


def test_search_matches_the_type_allocation_code(shared):
    found = shared.post("/deviceModels/search", json={"imei": EXAMPLE_IMEI}).json()
    assert [m["id"] for m in found["items"]] == ["dmd_0SNlurA04OUskUGfGAn3Rh"]
    for model in CATALOGUE:
        for tac in model["tacs"]:
            items = shared.post("/deviceModels/search", json={"imei": tac + "0000000"}).json()["items"]
            assert model["id"] in [m["id"] for m in items]
    assert shared.post("/deviceModels/search", json={"imei": "000000000000000"}).json()["items"] == []


def test_brands_are_alphabetical_and_complete(shared):
    body = shared.get("/deviceModelBrands").json()
    assert body["object"] == "deviceModelBrands"
    assert body["items"] == sorted({m["brand"] for m in CATALOGUE}, key=str.casefold)
