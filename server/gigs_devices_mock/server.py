"""The HTTP server under the app: uvicorn with httptools and uvloop, each answer sent in one write.

uvicorn writes an answer's status line and headers in one `transport.write` and its body in another
(`RequestResponseCycle.send`), and uvloop sends each at once: two system calls and two TCP segments
the client reads one by one. Here an answer's writes wait for the end of the event loop's turn and
leave together: fewer system calls and segments, and most of the gain is in sending once the turn's
work is done, not in joining the two writes alone (the wrk figures are in bench/README.md).

uvicorn has no option for this, so the transport handed to its protocol is wrapped. The bench serves
its floor (a bare Starlette endpoint) through `run` too, so both stand on the same stack.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import dataclasses
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .errors import ApiError


class GatheringTransport:
    """A transport whose writes within one turn of the event loop leave together at its end."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        # Called for every request: bound once here rather than found through __getattr__ each time.
        self.is_closing = transport.is_closing
        self.pause_reading = transport.pause_reading
        self.resume_reading = transport.resume_reading
        self.get_extra_info = transport.get_extra_info
        self._loop = loop
        self._pending: list[bytes] = []
        # Asked before each close: True when the protocol closes the connection later, lingering.
        self.linger: Callable[[], bool] | None = None

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending or self._transport.is_closing():  # the peer left: nothing to send
            return
        self._transport.writelines(pending)  # uvloop sends a list with one writev, without joining it

    def close(self) -> None:
        self.flush()  # what was written before a close is still sent, as by the transport itself
        if self.linger is not None and self.linger():
            return
        self._transport.close()

    def close_now(self) -> None:
        """Close without asking whether to linger: the end of a linger."""
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._pending = []
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        # Everything else (flow control, extra info, protocol switches) is the transport's own.
        return getattr(self._transport, name)


@dataclass(frozen=True)
class Limits:
    """What the server reads of a request's head before it refuses it, and how long it waits for it.

    Checked as the head arrives, so that nothing past a limit is buffered: a URL or a header value
    that never ends once held every client up for seconds while it was copied again and again."""

    max_url_bytes: int = 8 * 1024  # 414 past it
    max_header_bytes: int = 16 * 1024  # 431 past it: names and values together
    max_headers: int = 100  # 431 past it
    header_timeout: float = 10.0  # seconds for a connection's next request head; 408 after it
    body_timeout: float = 30.0  # seconds for a body to arrive whole once its head has; 408 after it
    # Seconds an idle kept-alive connection is held. Longer than clients keep theirs (httpx 5 s,
    # browsers about 60): closing one as its client sends a request on it loses the request. nginx's
    # default; idle connections never keep out a new one (see max_connections).
    keep_alive_timeout: float = 75.0
    # Connections held at once. Past it, the connection idle longest is closed to make room; when
    # every one is busy with a request, the new one is answered 503 and closed. run() lowers the
    # bound to what the process's file descriptor limit leaves room for.
    max_connections: int = 1000


class _Refused(Exception):
    """Raised in a parser callback to stop reading: httptools reports it as a parser error."""


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, on a transport that gathers an answer's writes, with limits on
    the request head and answers in the API's error format for what never reaches the app."""

    limits = Limits()  # run() sets the server's own

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        gathering = GatheringTransport(transport, self.loop)
        gathering.linger = self._linger_if_unread
        super().connection_made(gathering)  # type: ignore[arg-type]
        self._body_unread = False  # a request's head came and its body has not all come yet
        self._refusal: tuple[int, str, str] | None = None
        self._head_bytes = self._header_count = 0
        self._timer: asyncio.TimerHandle | None = None
        self._answered_before_close = False
        self._last_active = next(_activity)
        self._evicted = False
        if len(self.server_state.connections) > self.limits.max_connections and not self._make_room():
            if sum(1 for c in self.server_state.connections if c._answered_before_close) >= MAX_LINGERING:
                self.transport.abort()  # a flood: the descriptors of lingering refusals are spent
                return
            limit = self.limits.max_connections
            message = f"The server holds {limit} connections, each busy with a request; try again shortly."
            self._answer_and_close(503, "unavailable", message, retry_after=1)
            return
        self._arm_timer(self.limits.header_timeout, self._head_timed_out)  # silence is a head that never ends

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._answered_before_close:
            return  # read and dropped (see _answer_and_close)
        self._last_active = next(_activity)
        super().data_received(data)

    def _make_room(self) -> bool:
        """Close the held connection that has waited longest without a request in the app, if any.

        As nginx drains its idle keep-alive connections when it runs out: a socket that sends nothing,
        or dribbles a head, must not keep out a client with a request. Closing an idle HTTP/1.1
        connection is always allowed (clients retry a request that crossed the close); a connection
        whose request is being handled is never closed."""
        held = [c for c in self.server_state.connections if isinstance(c, HttpProtocol) and c is not self]
        if sum(1 for c in held if not c._evicted) < self.limits.max_connections:
            return True  # room was made by an eviction whose close is still on its way
        idle = [c for c in held if c._idle()]
        if not idle:
            return False
        idlest = min(idle, key=lambda c: c._last_active)
        idlest._evicted = True
        idlest._disarm_timer()
        idlest.transport.close()
        return True

    def _idle(self) -> bool:
        """Holding no request the app has: waiting for one, or still reading its head."""
        if self._evicted or self._answered_before_close or self.pipeline:
            return False
        return self.cycle is None or self.cycle.response_complete

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._header_count = 0
        self._arm_timer(self.limits.header_timeout, self._head_timed_out)

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self.limits.max_url_bytes:
            self._refuse(414, "uriTooLong", f"The URL must not be longer than {self.limits.max_url_bytes} bytes.")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_bytes += len(name) + len(value)
        self._header_count += 1
        if self._head_bytes > self.limits.max_header_bytes or self._header_count > self.limits.max_headers:
            self._refuse(
                431,
                "headersTooLarge",
                f"The headers must not hold more than {self.limits.max_header_bytes} bytes"
                f" or {self.limits.max_headers} fields.",
            )
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        # The body's clock starts; a request without one completes at once and stops it.
        self._body_unread = True
        self._arm_timer(self.limits.body_timeout, self._body_timed_out)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._body_unread = False
        self._disarm_timer()
        super().on_message_complete()
        if self.cycle.response_complete and not self.pipeline and self.timeout_keep_alive_task is None:
            # Answered before its body ended (a 413, say), the rest read and dropped: the connection is
            # idle from now. uvicorn armed its keep-alive timer with the answer, and the body's bytes
            # that came after cancelled it; without this the connection would stay open for good.
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    def on_response_complete(self) -> None:
        if self._answered_before_close:
            return  # closing, lingering
        # Answered before its body came whole (a 413, a 429, say): on a kept-alive connection the rest
        # is read and dropped by the parser, as the body timeout bounds; the connection stays open.
        # (Closing it here instead raced with the client's next request on it.)
        super().on_response_complete()

    def _refuse(self, status: int, type_: str, message: str) -> None:
        self._refusal = (status, type_, message)
        raise _Refused

    def send_400_response(self, msg: str) -> None:
        # A request the parser cannot read (an empty Content-Length, a control character in a header)
        # or that a limit stopped never reaches the app: uvicorn answers it in plain text. Answer it
        # as the API would, in its error format; the connection closes, as the stream is lost.
        status, type_, message = self._refusal or (400, "malformed", MALFORMED_MESSAGE)
        self._answer_and_close(status, type_, message)

    def _answer_and_close(self, status: int, type_: str, message: str, retry_after: int | None = None) -> None:
        body = orjson.dumps(ApiError(status, type_, message).to_dict())
        head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode()]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        if retry_after is not None:
            head.append(f"retry-after: {retry_after}\r\n".encode())
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self._linger()

    def _linger_if_unread(self) -> bool:
        if self._answered_before_close:
            return True  # lingering already: the linger's own timer closes
        if not self._body_unread:
            return False
        self._linger()
        return True

    def _linger(self) -> None:
        """Close once the client has read the answer: a close with unread bytes in the socket makes
        the kernel reset the connection, and the client may lose the answer with it (a 413 sent
        before the body was read, say). The sending side is shut, what the client still sends is read
        and dropped, and the socket closes when the client closes its own or after LINGER_SECONDS."""
        self._answered_before_close = True
        self.flow.resume_reading()
        self.transport.write_eof()
        self._arm_timer(LINGER_SECONDS, self.transport.close_now)

    def _arm_timer(self, seconds: float, expire: Callable[[], None]) -> None:
        self._disarm_timer()
        self._timer = self.loop.call_later(seconds, expire)

    def _disarm_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _head_timed_out(self) -> None:
        self._timer = None
        if not self.transport.is_closing():
            seconds = self.limits.header_timeout
            self._answer_and_close(408, "requestTimeout", f"The request's head did not arrive within {seconds} s.")

    def _body_timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()  # answered already (a 401, say) and the rest never came: nothing to add
            return
        # The app, waiting for the rest of the body, learns that the client is gone and answers nothing.
        seconds = self.limits.body_timeout
        self._answer_and_close(408, "requestTimeout", f"The request's body did not arrive whole within {seconds} s.")


LINGER_SECONDS = 2.0
# Orders connections by their last activity: the event loop's clock is read once a turn, and ties
# among the connections accepted in one turn would leave the choice of the idlest to chance.
_activity = itertools.count()
MAX_LINGERING = 16  # connections answered and lingering at once, beyond those held
MALFORMED_MESSAGE = "The request is not valid HTTP: a request line or header could not be read."


class QueryRedaction(logging.Filter):
    """Keeps the values of query parameters the spec does not know out of the access log.

    A client may put its key in the URL (`?access_token=...`); the spec's own parameters (`limit`,
    `after`, `brand`, ...) keep their values, which are what a reader of the log needs."""

    def __init__(self, known: set[str]) -> None:
        super().__init__()
        self.known = known

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and "?" in args[2]:
            path, _, query = args[2].partition("?")
            shown = [
                pair if pair.partition("=")[0] in self.known else pair.partition("=")[0] + "=[redacted]"
                for pair in query.split("&")
            ]
            record.args = (args[0], args[1], f"{path}?{'&'.join(shown)}", args[3], args[4])
        return True


def run(
    app: Any,
    *,
    host: str,
    port: int,
    log_level: str = "info",
    access_log: bool = True,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `app` until SIGINT or SIGTERM, then finish the requests in flight (5 s at most).

    `on_ready(url)` is called once the socket listens, with the URL it is reached at: with port 0
    the system picks a free port, and this is where the caller learns which."""
    keep_freed_memory()
    HttpProtocol.limits = within_descriptor_limit(limits)
    spec = getattr(getattr(app, "backend", None), "spec", None)
    routes = spec.routes if spec is not None else []
    known = {p.name for route in routes for op in route.operations.values() for p in op.query_params.parameters}
    logging.getLogger("uvicorn.access").addFilter(QueryRedaction(known))
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=HttpProtocol,
        # The API has no WebSockets: an Upgrade request is answered as plain HTTP. With uvicorn's
        # WebSocket support on, the app's refusal of the handshake became a 500.
        ws="none",
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=5,
        timeout_keep_alive=HttpProtocol.limits.keep_alive_timeout,
    )
    server = _AnnouncingServer(config, on_ready)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the signal once it has shut down
        server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's status for a failed start (the port taken, say): it has said why


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, calling back with its URL once it listens (uvicorn has no hook for it)."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str], None] | None) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_ready is not None and self.servers:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            self._on_ready(f"http://{f'[{host}]' if ':' in host else host}:{port}")


# Descriptors kept free of connections: the store and its journal, logs, the listening socket.
RESERVED_DESCRIPTORS = 32


def within_descriptor_limit(limits: Limits) -> Limits:
    """`limits` with at most as many connections as the process may open files, less a reserve.

    Past the descriptor limit, accepting fails before any code of ours runs, and the store cannot
    open its journal: the bound must bite first."""
    try:
        import resource
    except ImportError:  # not on Windows
        return limits
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    room = soft - RESERVED_DESCRIPTORS - MAX_LINGERING
    if soft == resource.RLIM_INFINITY or room >= limits.max_connections:
        return limits
    return dataclasses.replace(limits, max_connections=max(1, room))


# mallopt(3) parameters, from glibc's malloc.h.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> None:
    """Keep freed memory in the process rather than hand it back to the system after every answer.

    A page of 200 devices is an 80-200 KB body, and joined behind its head a second one. Freed, they
    leave more than glibc's 128 KiB trim threshold at the top of the heap, which it gives back to the
    system, only to grow the heap (and fault its pages in) again for the next answer: that halved the
    throughput of listDevices limit=200. Up to 64 MiB of freed memory is kept instead, and blocks up
    to 4 MiB come from the heap rather than from a fresh mapping each time. Python cannot set these
    (GLIBC_TUNABLES is read only at process start), so glibc's own mallopt is called; elsewhere
    (musl, macOS) there is nothing to tune.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)
    mallopt(_M_MMAP_THRESHOLD, 4 * 1024 * 1024)
