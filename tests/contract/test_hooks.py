"""The Schemathesis hooks leave a live project as they found it."""

from __future__ import annotations

import httpx

from gigs_contract import hooks


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

    created = hooks.CreatedDevices()
    for device in ("dev_a", "dev_b"):
        created.created(device, "dev")
    monkeypatch.setattr(hooks, "CREATED", created)
    monkeypatch.setenv("GIGS_BASE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("GIGS_TOKEN", "t")

    hooks.delete_leftovers(transport=httpx.MockTransport(server))

    assert sorted(deleted) == ["dev_a", "dev_b"]
    assert created.live() == {}
