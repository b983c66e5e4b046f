"""Idempotency-Key: the first successful answer is replayed for 24 hours; a running duplicate is 409."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from mock_server import EXAMPLE_IMEI, EXAMPLE_USER, Api
from openapi_document import MAX_LIMIT

from gigs_devices_mock.idempotency import TTL_SECONDS


def test_a_repeated_create_is_replayed_not_repeated(api):
    headers = {"Idempotency-Key": "create-1"}
    first = api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers)
    again = api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert len(api.list().json()["items"]) == 3  # two seeded devices and this one


def test_a_repeated_delete_is_replayed(api):
    device = api.created(user=EXAMPLE_USER)
    path = f"{api.devices_path}/{device['id']}"
    first = api.delete(path, headers={"Idempotency-Key": "del"})
    again = api.delete(path, headers={"Idempotency-Key": "del"})
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json() == device
    assert api.delete(path).status_code == 404


def test_a_failed_request_can_be_retried_with_the_same_key(api):
    headers = {"Idempotency-Key": "retry"}
    assert api.post(api.devices_path, json={"imei": "1"}, headers=headers).status_code == 422
    assert api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers).status_code == 201


def test_a_key_reused_for_another_request_is_refused(api):
    headers = {"Idempotency-Key": "same"}
    assert api.post(api.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers).status_code == 201
    other = api.post(api.devices_path, json={"imei": "492388841798924"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["details"][0]["property"] == "Idempotency-Key"


def test_keys_belong_to_a_project(app):
    with Api(app, "dev", "dev_token") as dev, Api(app, "dev2", "dev2_token") as dev2:
        headers = {"Idempotency-Key": "shared-key"}
        a = dev.post(dev.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers)
        b = dev2.post(dev2.devices_path, json={"imei": EXAMPLE_IMEI}, headers=headers)
        assert (a.status_code, b.status_code) == (201, 201)
        assert a.json()["id"] != b.json()["id"]


def test_answers_expire_after_24_hours(app):
    now = [1_000_000.0]
    app.idempotency.clock = lambda: now[0]
    with Api(app, "dev", "dev_token") as api:
        headers = {"Idempotency-Key": "day"}
        device = api.post(api.devices_path, json={"user": EXAMPLE_USER}, headers=headers).json()
        now[0] += TTL_SECONDS - 1
        assert api.post(api.devices_path, json={"user": EXAMPLE_USER}, headers=headers).json() == device
        now[0] += 2
        later = api.post(api.devices_path, json={"user": EXAMPLE_USER}, headers=headers)
        assert later.status_code == 201 and later.json()["id"] != device["id"]


@pytest.mark.parametrize("method", ["GET", "PATCH"])
def test_the_key_is_ignored_on_get_and_patch(api, method):
    device = api.created(user=EXAMPLE_USER, name="a")
    path = f"{api.devices_path}/{device['id']}"
    for name in ("b", "c"):
        kwargs = {"json": {"name": name}} if method == "PATCH" else {}
        response = api.request(method, path, headers={"Idempotency-Key": "k"}, **kwargs)
        assert response.status_code == 200 and "idempotent-replayed" not in response.headers
    assert api.device(device["id"]).json()["name"] == ("c" if method == "PATCH" else "a")


def test_a_duplicate_of_a_running_request_is_409(app):
    async def race():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            headers = {"Authorization": "Bearer dev_token", "Idempotency-Key": "slow"}
            slow = client.post(
                "/projects/dev/devices", json={"imei": EXAMPLE_IMEI}, headers={**headers, "Prefer": "delay=300"}
            )
            first = asyncio.ensure_future(slow)
            async with asyncio.timeout(10):  # the first request holds its key: polled, no sleep guesses when
                while not app.idempotency._running:
                    await asyncio.sleep(0)
            duplicate = await client.post("/projects/dev/devices", json={"imei": EXAMPLE_IMEI}, headers=headers)
            return await first, duplicate

    first, duplicate = asyncio.run(race())
    assert first.status_code == 201
    assert duplicate.status_code == 409 and duplicate.json()["type"] == "conflict"


def test_a_search_with_a_key_answers_what_is_there_now(api):
    # A search changes nothing, so there is nothing to replay: a key on it must not freeze its answer.
    imei = "356938035643809"
    headers = {"Idempotency-Key": "search-1"}
    before = api.post(f"{api.devices_path}/search", json={"imei": imei}, headers=headers)
    created = api.post(api.devices_path, json={"imei": imei}).json()
    after = api.post(f"{api.devices_path}/search", json={"imei": imei}, headers=headers)
    assert before.json()["items"] == []
    assert [d["id"] for d in after.json()["items"]] == [created["id"]]
    assert "idempotent-replayed" not in after.headers


@pytest.mark.parametrize("operation", ["create", "delete"])
def test_a_crash_after_a_write_cannot_double_it_on_retry(tmp_path, monkeypatch, operation):
    # The write and its idempotent answer are one transaction. They were two: a crash between them
    # (kill -9) kept the device but not the answer, and the client's retry, same key, made a second
    # device (4 crash cycles in 6). Here the process "dies" at the moment the answer was stored apart.
    from gigs_devices_mock import create_app
    from gigs_devices_mock.store import Store

    db = str(tmp_path / "devices.sqlite")

    def server(**options):
        app = create_app(db_path=db)
        return app, Api(app, "dev", "dev_token", **options)

    app, client = server()
    with client as api:
        target = api.create(user=EXAMPLE_USER).json()["id"] if operation == "delete" else None
    app.backend.store.close()

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(Store, "save_idempotent_answer", crash)
    send = (
        (lambda api: api.post(api.devices_path, json={"user": EXAMPLE_USER}, headers={"Idempotency-Key": "k-1"}))
        if operation == "create"
        else (lambda api: api.delete(f"{api.devices_path}/{target}", headers={"Idempotency-Key": "k-1"}))
    )
    app, client = server(raise_server_exceptions=False)
    with client as api:
        send(api)
    app.backend.store.close()
    monkeypatch.undo()
    app, client = server()  # the restarted server
    with client as api:
        before = [d["id"] for d in api.list(limit=MAX_LIMIT).json()["items"]]
        retried = send(api)
        after = [d["id"] for d in api.list(limit=MAX_LIMIT).json()["items"]]
    app.backend.store.close()
    assert retried.status_code == (201 if operation == "create" else 200)
    assert retried.headers.get("idempotent-replayed") == "true"
    assert after == before
