"""Cursor pagination of devices, checked against a model: newest first, nothing skipped or repeated."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, precondition, rule
from mock_server import EXAMPLE_SIM, EXAMPLE_USER, Api

from gigs_devices_mock import create_app
from gigs_devices_mock.backend import Call
from gigs_devices_mock.handlers.devices import create_device
from gigs_devices_mock.store import NO_FILTER, DeviceFilter

limits = st.integers(min_value=1, max_value=7)


def traverse_forward(api: Api, limit: int, **filters) -> list[str]:
    seen, after, first = [], None, True
    while True:
        page = api.list(limit=limit, **filters, **({"after": after} if after else {})).json()
        if first:
            assert page["moreItemsBefore"] is None
            first = False
        elif page["items"]:
            assert page["moreItemsBefore"] == page["items"][0]["id"]
        seen += [item["id"] for item in page["items"]]
        assert len(page["items"]) <= limit
        if page["moreItemsAfter"] is None:
            return seen
        assert page["moreItemsAfter"] == page["items"][-1]["id"] and len(page["items"]) == limit
        after = page["moreItemsAfter"]


def traverse_backward(api: Api, limit: int, start: str) -> list[str]:
    """Every item before `start` (exclusive), walking pages towards the newest with `before`."""
    seen, before = [], start
    while True:
        page = api.list(limit=limit, before=before).json()
        seen = [item["id"] for item in page["items"]] + seen
        if page["items"]:
            assert page["moreItemsAfter"] == page["items"][-1]["id"]
        if page["moreItemsBefore"] is None:
            return seen
        before = page["moreItemsBefore"]


class DevicePages(RuleBasedStateMachine):
    """Creates, deletes and page walks in any order; the model is the list of live IDs, oldest first."""

    devices = Bundle("devices")

    def __init__(self) -> None:
        super().__init__()
        self.app = create_app()
        self.api = Api(self.app, "dev2", "dev2_token").__enter__()  # dev2 starts with no devices
        self.live: list[str] = []
        self.created: list[str] = []  # deleted ones too: their IDs stay valid cursors
        self.created_count = 0  # IMEIs are unique per project, so each device gets the next number
        self.walk: dict | None = None  # a forward walk in progress, with others writing meanwhile

    def teardown(self) -> None:
        self.api.__exit__(None, None, None)

    @rule(target=devices, count=st.integers(1, 4))
    def create(self, count):
        ids = [self.api.created(imei=f"{self.created_count + n:015d}")["id"] for n in range(count)]
        self.created_count += count
        self.live += ids
        self.created += ids
        return ids[-1]

    @rule(device=consumes(devices))
    def delete(self, device):
        if device in self.live:
            assert self.api.delete(f"{self.api.devices_path}/{device}").status_code == 200
            self.live.remove(device)

    @rule(limit=limits)
    def walk_forward_whole_list(self, limit):
        assert traverse_forward(self.api, limit) == self.live[::-1]

    @precondition(lambda self: self.live)
    @rule(limit=limits)
    def walk_backward_from_the_oldest(self, limit):
        oldest = self.live[0]
        assert traverse_backward(self.api, limit, oldest) == self.live[:0:-1]

    @rule(limit=st.integers(0, 7))
    def first_page(self, limit):
        page = self.api.list(limit=limit).json()
        assert [item["id"] for item in page["items"]] == self.live[::-1][:limit]
        more = len(self.live) > limit and limit > 0
        assert page["moreItemsAfter"] == (page["items"][-1]["id"] if more else None)

    @precondition(lambda self: self.walk is None)
    @rule(limit=limits)
    def start_walk(self, limit):
        self.walk = {"limit": limit, "after": None, "seen": [], "at_start": list(self.live), "done": False}
        self.step_walk()

    @precondition(lambda self: self.walk is not None and not self.walk["done"])
    @rule()
    def step_walk(self):
        walk = self.walk
        params = {"limit": walk["limit"], **({"after": walk["after"]} if walk["after"] else {})}
        page = self.api.list(**params).json()
        walk["seen"] += [item["id"] for item in page["items"]]
        walk["after"] = page["moreItemsAfter"]
        walk["done"] = page["moreItemsAfter"] is None

    @precondition(lambda self: self.walk is not None and self.walk["done"])
    @rule()
    def finish_walk(self):
        walk, self.walk = self.walk, None
        seen = walk["seen"]
        assert len(seen) == len(set(seen)), "an item was repeated"
        order = {device: index for index, device in enumerate(walk["at_start"])}
        assert all(device in order for device in seen), "an item created during the walk appeared behind the cursor"
        assert [order[d] for d in seen] == sorted((order[d] for d in seen), reverse=True), "not newest first"
        kept = [d for d in walk["at_start"] if d in self.live]
        assert set(kept) <= set(seen), "an item that lived through the walk was skipped"

    @precondition(lambda self: self.created)
    @rule(data=st.data(), limit=st.integers(0, 7), side=st.sampled_from(["after", "before", None]))
    def read_model_pages_as_sqlite_does(self, data, limit, side):
        # The unfiltered list is served from memory; SQLite, which filtered lists read, is the reference.
        store = self.app.backend.store
        cursor = {}
        if side is not None:
            device = data.draw(st.sampled_from(self.created))
            cursor[side] = store.cursor_position("dev2", device)
        assert store.page("dev2", NO_FILTER, limit, **cursor) == store.query_page("dev2", NO_FILTER, limit, **cursor)

    @invariant()
    def unknown_cursor_is_invalid(self):
        response = self.api.list(after="dev_never_existed")
        assert response.status_code == 422 and response.json()["details"][0]["property"] == "after"


DevicePages.TestCase.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestDevicePages = DevicePages.TestCase


def test_a_deleted_cursor_keeps_its_place(api):
    ids = [api.created(user=EXAMPLE_USER, name=str(n))["id"] for n in range(5)]  # newest last
    page = api.list(limit=2).json()
    assert [d["id"] for d in page["items"]] == [ids[4], ids[3]] + [] and page["moreItemsAfter"] == ids[3]
    api.delete(f"{api.devices_path}/{ids[3]}")
    api.delete(f"{api.devices_path}/{ids[2]}")
    following = api.list(limit=2, after=ids[3]).json()
    assert [d["id"] for d in following["items"]][:2] == [ids[1], ids[0]]
    assert following["moreItemsBefore"] == ids[1]


def test_after_and_before_together_are_invalid(api):
    response = api.list(after="dev_a", before="dev_b")
    assert response.status_code == 422
    assert response.json()["details"][0]["property"] == "before"


def test_a_cursor_from_another_project_is_invalid(app):
    with Api(app, "dev", "dev_token") as dev, Api(app, "dev2", "dev2_token") as dev2:
        device = dev.created(user=EXAMPLE_USER)
        assert dev2.list(after=device["id"]).status_code == 422


def test_filters_page_with_the_same_rules(api):
    mine = [api.created(user=EXAMPLE_USER)["id"] for _ in range(7)]
    api.created(imei="111111111111111")
    assert traverse_forward(api, 3, user=EXAMPLE_USER) == mine[::-1]


def test_large_stores_page_completely(app):
    backend = app.backend
    for n in range(1500):
        create_device(backend, Call("dev2", {}, {}, {"imei": f"{n:015d}"}))
    with Api(app, "dev2", "dev2_token") as api:
        ids = traverse_forward(api, 200)
        assert len(ids) == len(set(ids)) == 1500
        assert traverse_backward(api, 200, ids[-1]) == ids[:-1]


# A keyset page touches only what it answers: `devices` is reached through the filter's own index,
# or by the one number a SIM names, and never walked along the list testing each row.
INDEX_SEARCH = re.compile(
    r"SEARCH devices USING (COVERING )?INDEX (devices_by_user|devices_live_imei) \(.*\)"
    r"|SEARCH devices USING PRIMARY KEY \(project=\? AND deleted=\? AND seq=\?\)"
)


@pytest.fixture(scope="module")
def filtered_store():
    app = create_app()
    for n in range(60):
        fields = {"imei": f"{n:015d}"} | ({"user": EXAMPLE_USER} if n < 10 else {})
        create_device(app.backend, Call("dev", {}, {}, fields))
    create_device(
        app.backend, Call("dev", {}, {}, {"imei": "999999999999999", "user": EXAMPLE_USER, "sims": [EXAMPLE_SIM]})
    )
    return app.backend.store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filters=st.builds(
        DeviceFilter,
        user=st.sampled_from([None, EXAMPLE_USER]),
        sim=st.sampled_from([None, EXAMPLE_SIM]),
        imei=st.sampled_from([None, "000000000000005"]),
    ).filter(lambda f: f != NO_FILTER),
    cursor=st.sampled_from([{}, {"after": 5}, {"before": 5}, {"after": 61}, {"before": 61}]),
    limit=limits,
)
def test_filtered_pages_never_walk_the_list(filtered_store, filters, cursor, limit):
    statements = []
    filtered_store.db.set_trace_callback(statements.append)
    try:
        filtered_store.query_page("dev", filters, limit, **cursor)
    finally:
        filtered_store.db.set_trace_callback(None)
    assert statements
    for statement in statements:
        plan = [row[3] for row in filtered_store.db.execute(f"EXPLAIN QUERY PLAN {statement}")]
        on_devices = [step for step in plan if " devices " in f"{step} "]
        assert on_devices and all(INDEX_SEARCH.fullmatch(step) for step in on_devices), (statement, plan)
