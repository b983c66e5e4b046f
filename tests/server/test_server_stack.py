"""The server stack under the app: an answer's writes gathered into one, over a real event loop and socket."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn
from hypothesis import given
from hypothesis import strategies as st
from mock_server import EXAMPLE_USER, exchange, running_server
from openapi_document import MAX_LIMIT

from gigs_devices_mock import create_app
from gigs_devices_mock.protocol import HttpProtocol, Limits
from gigs_devices_mock.transport import GatheringTransport


class RecordingTransport:
    """Stands in for a socket transport: records what is written and whether it was closed."""

    def __init__(self) -> None:
        self.writes: list[list[bytes]] = []  # one list per writelines call
        self.closed = self.aborted = False

    def writelines(self, data: list[bytes]) -> None:
        assert not self.closed, "written after close"
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = self.closed = True

    def get_extra_info(self, name: str) -> str:
        return f"extra:{name}"

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...

    def set_protocol(self, protocol) -> str:
        return f"now {protocol}"


def in_one_turn(steps) -> RecordingTransport:
    """Run `steps(gathering)` within one turn of an event loop, then let the loop turn once more."""

    async def main() -> RecordingTransport:
        transport = RecordingTransport()
        steps(GatheringTransport(transport, asyncio.get_running_loop()))
        await asyncio.sleep(0)
        return transport

    return asyncio.run(main())


@given(st.lists(st.binary(min_size=1), min_size=1, max_size=8))
def test_writes_in_one_turn_leave_together_in_order_at_its_end(chunks):
    def steps(gathering):
        for chunk in chunks:
            gathering.write(chunk)
        assert gathering._transport.writes == []  # nothing leaves before the turn ends

    assert in_one_turn(steps).writes == [chunks]


def test_a_close_sends_what_was_written_first():
    def steps(gathering):
        gathering.write(b"head")
        gathering.write(b"half a bo")
        gathering.close()

    transport = in_one_turn(steps)
    assert transport.writes == [[b"head", b"half a bo"]] and transport.closed


def test_nothing_is_written_once_the_peer_left_or_after_an_abort():
    def peer_leaves(gathering):
        gathering.write(b"answer")
        gathering._transport.closed = True  # the connection was lost before the turn ended

    assert in_one_turn(peer_leaves).writes == []

    def aborted(gathering):
        gathering.write(b"answer")
        gathering.abort()

    transport = in_one_turn(aborted)
    assert transport.writes == [] and transport.aborted


def test_everything_else_is_the_transports_own():
    def steps(gathering):
        assert gathering.get_extra_info("peername") == "extra:peername"
        assert gathering.set_protocol("ws") == "now ws"
        assert not gathering.is_closing()

    in_one_turn(steps)


def request(method: str, path: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer dev_token", *headers]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def test_pipelined_requests_get_whole_answers_in_order():
    with running_server() as url:
        raw = exchange(
            url,
            request("GET", "/deviceModelBrands")
            + request("POST", "/projects/dev/devices", body=b'{"imei":"492388841798923"}')
            + request("GET", "/projects/dev/devices/dev_missing", "Connection: close"),
        )
    # Each answer follows the previous body directly: cut by content-length, every one is whole.
    answers = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head).group(1))
        answers.append((int(head.split(b" ")[1]), json.loads(rest[:length])))
        raw = rest[length:]
    assert [(status, body["object"]) for status, body in answers] == [
        (200, "deviceModelBrands"),
        (201, "device"),
        (404, "error"),
    ]


def test_a_dropped_answer_is_cut_halfway_over_the_wire():
    with running_server() as url:
        raw = exchange(url, request("GET", "/deviceModelBrands", "Prefer: drop"))
    head, _, body = raw.partition(b"\r\n\r\n")
    declared = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")).split()[1])
    assert head.startswith(b"HTTP/1.1 200") and 0 < len(body) < declared


def test_a_websocket_upgrade_is_answered_as_plain_http():
    with running_server() as url:
        raw = exchange(
            url,
            request(
                "GET",
                "/deviceModelBrands",
                "Connection: Upgrade, close",
                "Upgrade: websocket",
                "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            ),
        )
    assert raw.startswith(b"HTTP/1.1 200 ") and b'"object":"deviceModelBrands"' in raw


@pytest.mark.parametrize(
    "broken_header",
    ["Content-Length:", "Content-Length: ten", "Content-Length: 1, 2", "Bad Header: x", "X-Control: a\x01b"],
)
def test_a_request_that_is_not_valid_http_gets_a_gigs_error(broken_header):
    # Schemathesis's fuzzing sends such headers: the answer must be the API's documented 400, in the
    # API's error format, not uvicorn's plain text.
    with running_server() as url:
        raw = exchange(url, request("GET", "/deviceModelBrands", broken_header))
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)
    assert (error["object"], error["type"]) == ("error", "malformed") and error["message"]


def _answer(url: str, raw: bytes) -> tuple[int, dict]:
    received = exchange(url, raw)
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


def test_a_url_past_the_limit_is_refused_before_it_is_read_whole():
    with running_server("--max-url-bytes", "4096") as url:
        long_query = "/deviceModelBrands?x=" + "a" * 5000
        status, error = _answer(url, request("GET", long_query))
        assert (status, error["object"], error["type"]) == (414, "error", "uriTooLong")
        fits = "/deviceModelBrands?x=" + "a" * 3000
        assert _answer(url, request("GET", fits, "Connection: close"))[0] == 200


@pytest.mark.parametrize(
    "headers",
    [[f"X-Big: {'v' * 9000}"], [f"X-H{n}: v" for n in range(120)]],
    ids=["a header block too large", "too many headers"],
)
def test_headers_past_the_limits_are_a_431(headers):
    with running_server("--max-header-bytes", "8192", "--max-headers", "100") as url:
        status, error = _answer(url, request("GET", "/deviceModelBrands", *headers))
    assert (status, error["type"]) == (431, "headersTooLarge")


def test_a_connection_that_never_finishes_its_headers_is_closed_with_a_408():
    with running_server("--header-timeout", "0.5") as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as silent:
            silent.sendall(b"GET /deviceModelBrands HTTP/1.1\r\nHost: x\r\n")  # and nothing more
            raw = b"".join(iter(lambda: silent.recv(65536), b""))
        with socket.create_connection((host, int(port)), timeout=10) as idle:  # sends nothing at all
            idle_raw = b"".join(iter(lambda: idle.recv(65536), b""))
    assert raw.startswith(b"HTTP/1.1 408 ") and b'"type":"requestTimeout"' in raw
    assert idle_raw.startswith(b"HTTP/1.1 408 ")


def test_a_body_that_stalls_halfway_is_a_408_and_the_connection_closes():
    with running_server("--body-timeout", "0.5") as url:
        host, port = url.removeprefix("http://").split(":")
        head = request("POST", "/projects/dev/devices", body=b"x" * 100)[:-100]  # declares 100 bytes
        with socket.create_connection((host, int(port)), timeout=10) as stalled:
            stalled.sendall(head + b'{"name": ')  # and nothing more
            raw = b"".join(iter(lambda: stalled.recv(65536), b""))
    assert raw.startswith(b"HTTP/1.1 408 ") and b'"type":"requestTimeout"' in raw


class CountingProtocol(HttpProtocol):
    """The server's protocol, counting the bytes each connection has read."""

    received = 0

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        super().data_received(data)


@contextlib.contextmanager
def in_process(**limits: float) -> Iterator[tuple[str, Callable[[], list[CountingProtocol]]]]:
    """The reference server on its own stack (HttpProtocol) in a thread of this process: its URL, and
    the connections it holds, so that a test waits for the state it needs rather than sleeping."""
    saved, HttpProtocol.limits = HttpProtocol.limits, dataclasses.replace(Limits(), **limits)
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=0, http=CountingProtocol, ws="none", log_level="warning"
    )
    server = uvicorn.Server(config)  # off the main thread, uvicorn installs no signal handlers
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        until(lambda: server.started and bool(server.servers), "the server listening")
        port = server.servers[0].sockets[0].getsockname()[1]

        def connections() -> list[CountingProtocol]:
            return [c for c in list(server.server_state.connections) if isinstance(c, CountingProtocol)]

        yield f"http://127.0.0.1:{port}", connections
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        HttpProtocol.limits = saved


def until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.005)


def test_a_request_whose_client_left_before_its_body_ended_is_not_performed():
    # A body shorter than its Content-Length that is whole JSON all the same: once the client is
    # gone, the server must not create a device nobody will hear of.
    with in_process() as (url, connections):
        host, port = url.removeprefix("http://").split(":")
        whole = json.dumps({"name": "never acknowledged", "user": EXAMPLE_USER}).encode()
        head = request("POST", "/projects/dev/devices", body=whole + b" " * 20)[: -len(whole) - 20]
        with socket.create_connection((host, int(port)), timeout=10) as leaving:
            leaving.sendall(head + whole)
            until(
                lambda: any(c._body_unread and c.received == len(head + whole) for c in connections()),
                "the server to have read all that came, and to wait for the rest",
            )
        listed = exchange(url, request("GET", f"/projects/dev/devices?limit={MAX_LIMIT}", "Connection: close"))
    assert b"never acknowledged" not in listed


def test_at_the_connection_bound_an_idle_connection_makes_room_and_a_busy_one_never_does():
    with in_process(max_connections=4) as (url, connections):
        host, port = url.removeprefix("http://").split(":")
        idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(4)]
        until(lambda: len(connections()) == 4, "the four idle connections to be held")
        try:
            # Four sockets that send nothing: the one idle longest is closed for a client with a request.
            status, _ = _answer(url, request("GET", "/deviceModelBrands", "Connection: close"))
            assert status == 200
            assert idle[0].recv(100) == b""  # the first of them, closed without an answer
        finally:
            for connection in idle:
                connection.close()
        busy = [socket.create_connection((host, int(port)), timeout=10) for _ in range(4)]
        try:
            for connection in busy:
                connection.sendall(request("GET", "/deviceModelBrands", "Prefer: delay=3000", "Connection: close"))
            until(
                lambda: sum(1 for c in connections() if c.cycle and not c.cycle.response_complete) == 4,
                "the four requests to be in the app",
            )
            # Four requests being handled: none is cut off, and the new connection is refused.
            status, error = _answer(url, request("GET", "/deviceModelBrands"))
            assert (status, error["object"], error["type"]) == (503, "error", "unavailable")
            for connection in busy:
                assert b"".join(iter(lambda c=connection: c.recv(65536), b"")).startswith(b"HTTP/1.1 200 ")
        finally:
            for connection in busy:
                connection.close()


def test_a_kept_alive_connection_outlives_the_idle_time_clients_keep_it_for():
    # httpx reuses a connection idle up to 5 s; a server closing it at 5 s too raced with the
    # client's next request on it, which then got no answer (ReadError: one create in 60).
    idle = httpx.Limits().keepalive_expiry
    with running_server() as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(request("GET", "/deviceModelBrands"))
            assert connection.recv(65536).startswith(b"HTTP/1.1 200 ")
            time.sleep(idle + 0.5)
            connection.sendall(request("GET", "/deviceModelBrands", "Connection: close"))
            assert connection.recv(65536).startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("connection", ["close", "keep-alive"])
def test_a_body_past_the_cap_gets_its_413_not_a_reset(connection):
    # The 413 is answered before the body is read; closing on the unread rest made the kernel reset
    # the connection, and the client lost the answer.
    body = b'{"name": "' + b"n" * (2 * 1024 * 1024) + b'"}'
    with running_server("--keep-alive-timeout", "1") as url:  # a kept-alive one is read until it closes
        status, error = _answer(url, request("POST", "/projects/dev/devices", f"Connection: {connection}", body=body))
    assert (status, error["type"]) == (413, "payloadTooLarge")


def test_after_an_early_answer_the_server_reads_what_the_client_still_sends_before_it_closes():
    body = b'{"name": "' + b"n" * (2 * 1024 * 1024) + b'"}'
    head = request("POST", "/projects/dev/devices", "Connection: close", body=body)[: -len(body)]
    with in_process() as (url, connections):
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as client:
            client.sendall(head + body[:65536])
            answer = b""
            while b'"}' not in answer:
                answer += client.recv(65536)
            assert answer.startswith(b"HTTP/1.1 413 ")
            # Answered, its sending side shut, the connection open for reading: lingering, not closed.
            until(lambda: any(c._answered_before_close for c in connections()), "the server to linger")
            assert all(not c.transport.is_closing() for c in connections())
            client.sendall(body[65536:])  # a reset connection would refuse this
            assert client.recv(65536) == b""  # and then it closes
