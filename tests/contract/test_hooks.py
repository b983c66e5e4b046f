"""The Schemathesis hooks leave a live project as they found it."""

from __future__ import annotations

import re
import signal

import httpx
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.core.parameters import DelimitedValue

from gigs_contract import _schemathesis_compat as compat
from gigs_contract import hooks, leftovers, spec


def test_leftovers_are_deleted_even_when_the_server_rate_limits_the_clean_up(monkeypatch):
    refused: set[str] = set()
    deleted: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        device = request.url.path.rsplit("/", 1)[-1]
        if device not in refused:  # each clean-up DELETE is refused once, as a rate limiter may
            refused.add(device)
            return httpx.Response(429, headers={"Retry-After": "0"}, json={"object": "error", "type": "rateLimited"})
        deleted.append(device)
        return httpx.Response(200, json={"object": "device", "id": device})

    created = leftovers.CreatedDevices()
    for device in ("dev_a", "dev_b"):
        created.created(device, "dev")
    run_hooks = hooks.Hooks(hooks.KnownIds([], []), created)
    monkeypatch.setenv("GIGS_BASE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("GIGS_TOKEN", "t")

    handlers = {stop: signal.getsignal(stop) for stop in (signal.SIGINT, signal.SIGTERM)}

    run_hooks.delete_leftovers(transport=httpx.MockTransport(server))

    assert sorted(deleted) == ["dev_a", "dev_b"]
    assert created.live() == {}
    # It holds off interrupts while it runs, and leaves the process's signal handling as it was.
    assert {stop: signal.getsignal(stop) for stop in handlers} == handlers


USERS, SIMS = ["usr_a", "usr_b"], ["sim_a", "sim_b", "sim_c"]
ids = st.text(st.characters(codec="ascii"), min_size=1, max_size=12)
create_bodies = st.fixed_dictionaries(
    {},
    optional={
        "imei": st.from_regex(r"\A[0-9]{15,16}\Z"),
        "user": st.sampled_from(USERS) | ids,
        "sims": st.lists(st.sampled_from(SIMS) | ids, max_size=6),
        "name": st.none() | st.text(max_size=5),
    },
)


@given(create_bodies)
def test_a_valid_create_is_fitted_to_succeed_on_the_project(body):
    known = hooks.KnownIds(USERS, SIMS)
    sent = dict(body)
    known.fit_create(sent)
    # The API's rules met: an unused IMEI or a user of the project; SIMs of the project, each once.
    assert sent.get("imei") is not None or sent.get("user") in USERS
    assert sent.get("user", USERS[0]) in USERS
    assert len(set(sent.get("sims", []))) == len(sent.get("sims", [])) and set(sent.get("sims", [])) <= set(SIMS)
    # Still what the schema allows, and otherwise as generated.
    if "imei" in sent:
        assert re.fullmatch(r"[0-9]{15,16}", sent["imei"])
    assert sent.get("name") == body.get("name")


def test_fresh_imeis_do_not_repeat_and_take_every_length_the_spec_allows():
    known = hooks.KnownIds(USERS, SIMS)
    imeis = [known.fresh_imei("490154203237518") for _ in range(1000)]
    assert len(set(imeis)) == 1000 and all(imei.startswith("49015420") for imei in imeis)
    assert {len(imei) for imei in imeis} == set(spec.imei_lengths()) == {15, 16}


def test_a_comma_inside_an_item_is_sent_double_encoded():
    query = {"brand": DelimitedValue("A%2Cb,Samsung", "A%2Cb,Samsung"), "limit": "5"}
    compat.escape_commas_in_items(query, hooks.COMMA_SEPARATED)
    assert query["brand"].encoded == "A%252Cb,Samsung" and query["limit"] == "5"


def test_positive_cases_reach_the_runs_own_devices_and_others_never_reach_a_real_one():
    created = leftovers.CreatedDevices()
    assert created.pick(newest=True) is None
    for device in ("dev_1", "dev_2", "dev_3"):
        created.created(device, "dev")
    created.deleted("dev_1")
    assert (created.pick(newest=True), created.pick(newest=False)) == ("dev_3", "dev_2")
