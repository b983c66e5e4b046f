"""The HTTP server under the app: uvicorn with httptools and uvloop, each answer sent in one write.

uvicorn writes an answer's status line and headers in one `transport.write` and its body in another
(`RequestResponseCycle.send`), and uvloop sends each at once: two system calls and two TCP segments
the client reads one by one. Here an answer's writes wait for the end of the event loop's turn and
leave together. In interleaved wrk runs against plain uvicorn (medians), createDevice went from
6,300 to 8,600 req/s and listDevices limit=10 from 9,800 to 15,200. Joining the two writes without
waiting gave createDevice only 6,400: most of the gain is in sending once the turn's work is done.

uvicorn has no option for this, so the transport handed to its protocol is wrapped. The bench serves
its floor (a bare Starlette endpoint) through `run` too, so both stand on the same stack.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
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
        self._transport.close()

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


class _Refused(Exception):
    """Raised in a parser callback to stop reading: httptools reports it as a parser error."""


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, on a transport that gathers an answer's writes, with limits on
    the request head and answers in the API's error format for what never reaches the app."""

    limits = Limits()  # run() sets the server's own

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(GatheringTransport(transport, self.loop))  # type: ignore[arg-type]
        self._refusal: tuple[int, str, str] | None = None
        self._head_bytes = self._header_count = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()  # a connection that never sends a byte is a head that never ends

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._header_count = 0
        self._arm_head_timer()

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
        self._disarm_head_timer()
        super().on_headers_complete()

    def _refuse(self, status: int, type_: str, message: str) -> None:
        self._refusal = (status, type_, message)
        raise _Refused

    def send_400_response(self, msg: str) -> None:
        # A request the parser cannot read (an empty Content-Length, a control character in a header)
        # or that a limit stopped never reaches the app: uvicorn answers it in plain text. Answer it
        # as the API would, in its error format; the connection closes, as the stream is lost.
        status, type_, message = self._refusal or (400, "malformed", MALFORMED_MESSAGE)
        self._answer_and_close(status, type_, message)

    def _answer_and_close(self, status: int, type_: str, message: str) -> None:
        body = orjson.dumps(ApiError(status, type_, message).to_dict())
        head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode()]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            seconds = self.limits.header_timeout
            self._answer_and_close(408, "requestTimeout", f"The request's head did not arrive within {seconds} s.")


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
) -> None:
    """Serve `app` until SIGINT or SIGTERM, then finish the requests in flight (5 s at most)."""
    keep_freed_memory()
    HttpProtocol.limits = limits
    spec = getattr(getattr(app, "backend", None), "spec", None)
    routes = spec.routes if spec is not None else []
    known = {p.name for route in routes for op in route.operations.values() for p in op.query_params.parameters}
    logging.getLogger("uvicorn.access").addFilter(QueryRedaction(known))
    uvicorn.run(
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
    )


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
