"""The HTTP server under the app: uvicorn with httptools and uvloop, sending small answers in one write.

uvicorn writes an answer's status line and headers in one `transport.write` and its body in another
(`RequestResponseCycle.send`), and uvloop sends each at once: two system calls and two TCP segments
the client reads one by one. Here an answer's writes wait for the end of the event loop's turn and
leave as one. Under wrk, createDevice went from 5,600 to 8,100 req/s (medians of interleaved runs);
joining the two writes without waiting gave only 6,400, so most of the gain is in sending after the
turn's work is done rather than in the system call saved. Past JOIN_LIMIT an answer leaves at once,
as uvicorn sends it: a 200-device page (80 KB) gains nothing from waiting or from a copy.

uvicorn has no option for this, so the transport handed to its protocol is wrapped. The bench serves
its floor (a bare Starlette endpoint) through `run` too, so both stand on the same stack.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

JOIN_LIMIT = 16 * 1024  # answers up to this size are joined and sent at the end of the turn


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
        self._size = 0

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)
        self._size += len(data)
        if self._size > JOIN_LIMIT:
            self.flush()  # a large answer gains nothing from waiting: it leaves now, as it came

    def flush(self) -> None:
        pending, size = self._pending, self._size
        self._pending, self._size = [], 0
        if not pending or self._transport.is_closing():  # the peer left: nothing to send
            return
        if size <= JOIN_LIMIT:
            self._transport.write(b"".join(pending))
        else:  # copying a large body would cost more than the system calls it saves
            for data in pending:
                self._transport.write(data)

    def close(self) -> None:
        self.flush()  # what was written before a close is still sent, as by the transport itself
        self._transport.close()

    def abort(self) -> None:
        self._pending, self._size = [], 0
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        # Everything else (flow control, extra info, protocol switches) is the transport's own.
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, on a transport that gathers an answer's writes."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(GatheringTransport(transport, self.loop))  # type: ignore[arg-type]


def run(app: Any, *, host: str, port: int, log_level: str = "info", access_log: bool = True) -> None:
    """Serve `app` until SIGINT or SIGTERM, then finish the requests in flight (5 s at most)."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=HttpProtocol,
        ws="none",  # the API has no WebSockets
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=5,
    )
