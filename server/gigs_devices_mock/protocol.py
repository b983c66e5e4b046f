"""uvicorn's httptools protocol, with limits on a request's head, on connections held at once, and
answers in the API's error format for what never reaches the app (a head too long, a head that never
ends, a request the parser cannot read)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .errors import ApiError
from .transport import GatheringTransport

LINGER_SECONDS = 2.0
# Orders connections by their last activity: the event loop's clock is read once a turn, and ties
# among the connections accepted in one turn would leave the choice of the idlest to chance.
_activity = itertools.count()
MAX_LINGERING = 16  # connections answered and lingering at once, beyond those held
MALFORMED_MESSAGE = "The request is not valid HTTP: a request line or header could not be read."


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
        self._gathering = gathering
        super().connection_made(gathering)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        self._body_unread = False  # a request's head came and its body has not all come yet
        self._refusal: tuple[int, str, str] | None = None
        self._head_bytes = self._header_count = 0
        self._timer: asyncio.TimerHandle | None = None
        self._answered_before_close = False
        self._last_active = next(_activity)
        self._evicted = False
        if len(self.server_state.connections) > self.limits.max_connections and not self._make_room():
            held = self.server_state.connections
            if sum(1 for c in held if isinstance(c, HttpProtocol) and c._answered_before_close) >= MAX_LINGERING:
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
        self._arm_timer(LINGER_SECONDS, self._gathering.close_now)

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
