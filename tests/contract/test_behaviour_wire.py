"""The suite's own requests (the behavioural Wire, the checks'): rate limits and lost connections stop a run or a
check with a clear reason, never a stall or a silent pass; a request lost with its connection is resent when safe."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import httpx
import pytest

from gigs_contract import checks
from gigs_contract.behaviour.wire import CannotTest, Pace, Wire


def always_rate_limited(request: httpx.Request) -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": "0"}, json={"object": "error", "type": "rateLimited"})


def test_a_server_that_rate_limits_with_no_wait_forever_stops_the_run():
    # Retry-After: 0 adds nothing to the time waited: counted in seconds alone, it was waited out for good.
    wire = Wire(httpx.MockTransport(always_rate_limited), Pace(None))
    outcome: list[BaseException] = []

    def send() -> None:
        try:
            with httpx.Client(transport=wire) as client:
                client.get("http://127.0.0.1/deviceModels")
        except BaseException as error:  # noqa: BLE001 - CannotTest is one, on purpose
            outcome.append(error)

    sending = threading.Thread(target=send, daemon=True)
    sending.start()
    sending.join(timeout=10)
    assert not sending.is_alive(), "the wire kept sending into a 429 that asks for no wait"
    assert len(outcome) == 1 and isinstance(outcome[0], CannotTest)
    assert "rate-limited (429)" in str(outcome[0])
    assert wire.rate_limited == wire.requests


def test_a_check_whose_own_requests_stay_rate_limited_fails_saying_so_rather_than_passing(monkeypatch):
    # pagination_consistency reads the next page and a page twice as long: if the server never
    # answers them, the check had nothing to compare, and a green verdict would be a false one.
    monkeypatch.setattr(checks, "_transport", lambda: httpx.MockTransport(always_rate_limited))
    page = {"object": "list", "items": [{"id": "dmd_a"}], "moreItemsAfter": "dmd_a", "moreItemsBefore": None}
    request = httpx.Request("GET", "http://127.0.0.1/deviceModels?limit=1", headers={"Authorization": "Bearer t"})
    response = SimpleNamespace(status_code=200, json=lambda: page, request=request)
    case = SimpleNamespace(method="GET", path="/deviceModels", query={"limit": 1})
    with pytest.raises(AssertionError, match=r"could not examine: rate-limited \(429\)"):
        checks.pagination_consistency(None, response, case)


@pytest.mark.parametrize(
    ("method", "headers", "resent"),
    [
        ("GET", {}, True),
        ("DELETE", {}, True),
        ("POST", {"Idempotency-Key": "k-1"}, True),
        ("PATCH", {"Idempotency-Key": "k-2"}, True),
        ("PATCH", {}, True),  # the same changes twice leave the device as once: the API needs no key on PATCH
        ("POST", {}, False),  # sent again, it could make a second device
    ],
)
def test_a_request_lost_with_its_connection_is_sent_again_only_when_that_is_safe(method, headers, resent):
    # A kept-alive connection a server closes as a request goes out on it loses that request: any
    # server behind a keep-alive timeout does this now and then, and it is no reason to stop a run.
    attempts: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        return httpx.Response(200, json={})

    wire = Wire(httpx.MockTransport(server), Pace(None))
    with httpx.Client(transport=wire, headers=headers) as client:
        if resent:
            assert client.request(method, "http://127.0.0.1/projects/dev/devices/dev_1").status_code == 200
            assert len(attempts) == 2 and [e.status for e in wire.exchanges] == [200]
        else:
            with pytest.raises(CannotTest, match="RemoteProtocolError"):
                client.request(method, "http://127.0.0.1/projects/dev/devices")
            assert len(attempts) == 1


def test_calls_made_at_once_leave_no_thread_behind_when_interrupted_as_they_start(monkeypatch):
    """A Ctrl-C between two threads' starts once left the first waiting for the second for good, and
    the run never exited (found by sending SIGTERM to runs, 60 times, at times a few ms apart)."""
    import threading

    from gigs_contract.behaviour.session import Session

    started = []
    real_start = threading.Thread.start

    def start(thread):
        if started:
            raise KeyboardInterrupt
        started.append(thread)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    called = []
    with pytest.raises(KeyboardInterrupt):
        Session.at_once(lambda: called.append(1), lambda: called.append(2))
    started[0].join(5)
    assert not started[0].is_alive() and called == []  # none sent: the pair goes together or not at all
