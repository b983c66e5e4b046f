"""A deadline and retries that work together, against a scripted socket server, sync and async
(asyncio and trio).

Each connection the server accepts plays the next part of its script (tests/scripted_server.py):
`stall`, `trickle` (a status line and headers a byte at a time), `answer`. A try that stalls is
retried while the call's time allows; a trickling head fails in the call's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import anyio
import httpx
import orjson
import pytest
from openapi_document import document
from scripted_server import Scripted

from gigs_devices import APITimeoutError, AsyncGigs, Gigs, GigsError
from gigs_devices._deadline import DeadlineBackend, keep_to_deadlines

TOKEN = "test-key"
DEVICE = document()["components"]["examples"]["Device"]["value"]  # the spec's own example answer


@pytest.fixture
def scripted() -> Iterator[Callable[..., Scripted]]:
    made: list[Scripted] = []

    def make(*script: str, **kwargs: object) -> Scripted:
        server = Scripted(*script, **kwargs)  # type: ignore[arg-type]
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def sync_list(url: str, **options: object) -> float:
    began = time.monotonic()
    with Gigs(TOKEN, project="dev", base_url=url, sleep=lambda s: None, **options) as gigs:  # type: ignore[arg-type]
        gigs.devices.list()
    return time.monotonic() - began


async def async_list(url: str, **options: object) -> float:
    began = time.monotonic()

    async def no_wait(seconds: float) -> None:
        return None

    async with AsyncGigs(TOKEN, project="dev", base_url=url, sleep=no_wait, **options) as gigs:  # type: ignore[arg-type]
        await gigs.devices.list()
    return time.monotonic() - began


def run_async(backend: str, url: str, **options: object) -> float:
    return anyio.run(lambda: async_list(url, **options), backend=backend)


CLIENTS = {
    "sync": lambda url, **options: sync_list(url, **options),
    "asyncio": lambda url, **options: run_async("asyncio", url, **options),
    "trio": lambda url, **options: run_async("trio", url, **options),
}


@pytest.mark.parametrize("client", CLIENTS)
def test_a_try_that_stalls_is_retried_within_the_call_s_time(scripted, client):
    server = scripted("stall", "answer")
    took = CLIENTS[client](server.url, timeout=6, max_retries=2)
    assert len(server.requests) == 2  # the first try stalled: its share (6 / 3 s) ran out, the second answered
    assert took < 6


@pytest.mark.parametrize("client", CLIENTS)
def test_a_trickling_status_line_and_headers_end_in_the_call_s_time(scripted, client):
    server = scripted("trickle")
    began = time.monotonic()
    with pytest.raises(APITimeoutError, match="timed out after 1.5 s"):
        CLIENTS[client](server.url, timeout=1.5, max_retries=0)
    assert time.monotonic() - began < 5  # 1.5 s and a loaded machine's slack; it once took the 15 s


@pytest.mark.parametrize("client", CLIENTS)
def test_a_call_that_may_not_be_sent_again_gets_the_whole_time(scripted, client):
    """With no retry left a try is the last, and takes all the time: one stall is the whole call."""
    server = scripted("stall", "answer")
    began = time.monotonic()
    with pytest.raises(APITimeoutError):
        CLIENTS[client](server.url, timeout=1.5, max_retries=0)
    assert len(server.requests) == 1 and time.monotonic() - began >= 1.4


def test_a_keyed_create_that_stalls_is_retried_with_the_same_key(scripted):
    server = scripted("stall", "answer", body=orjson.dumps(DEVICE), status="201 Created")
    with Gigs(TOKEN, project="dev", base_url=server.url, timeout=6, max_retries=2, sleep=lambda s: None) as gigs:
        assert gigs.devices.create(imei="356938035643809").id == DEVICE["id"]
    keys = [
        line.split(b":", 1)[1].strip()
        for request in server.requests
        for line in request.split(b"\r\n")
        if line.lower().startswith(b"idempotency-key:")
    ]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_timeout_per_try_sets_each_try_s_share(scripted):
    server = scripted("stall", "stall", "answer")
    took = sync_list(server.url, timeout=10, timeout_per_try=0.5, max_retries=2)
    assert len(server.requests) == 3 and took < 5


def test_the_sdk_s_own_client_reads_through_the_deadline_backend_and_a_given_one_is_left_alone():
    """httpx has no public seam for the network backend: if a release moves the pool's attribute,
    this fails rather than the deadline silently going."""
    with Gigs(TOKEN, project="dev", base_url="http://127.0.0.1:9") as gigs:
        assert isinstance(gigs._http._transport._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]
    given = httpx.Client()
    with Gigs(TOKEN, project="dev", base_url="http://127.0.0.1:9", http_client=given):
        assert not isinstance(given._transport._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]
    assert keep_to_deadlines(given) and not keep_to_deadlines(given)  # once
    given.close()


# The first loop's connection is stranded by the very misuse under test: its transport is collected
# unclosed once the loop is gone, which Python reports as an unraisable warning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_client_used_in_a_second_event_loop_is_told_so_not_called_closed(scripted):
    import asyncio
    import gc

    server = scripted("keep")
    gigs = AsyncGigs(TOKEN, project="dev", base_url=server.url)

    async def call(client: AsyncGigs) -> None:
        await client.devices.list()

    asyncio.run(call(gigs))
    with pytest.raises(GigsError) as raised:
        asyncio.run(call(gigs))
    message = str(raised.value)
    assert "event loop" in message and "closed" in message and "HTTP client is closed" not in message
    del gigs, raised
    gc.collect()  # the stranded transport is reported here, within the test that made it
