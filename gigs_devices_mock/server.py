"""The HTTP server under the app: uvicorn with httptools and uvloop, sending each answer in one write.

uvicorn writes an answer's status line and headers in one `transport.write` and its body in another
(`RequestResponseCycle.send`). uvloop sends each at once: two system calls and two TCP segments,
which the client must also read one by one. On loopback, where the rest of an answer costs tens of
microseconds, that second write cost createDevice a quarter of its throughput (6,300 → 8,400 req/s
under wrk). Writes made in one turn of the event loop are therefore gathered and sent together at
the end of it; nothing waits longer than that turn.

uvicorn has no option for this, so the transport handed to its protocol is wrapped here. The bench
serves its floor (a bare Starlette endpoint) through `run` too, so both stand on the same stack.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class GatheringTransport:
    """A transport whose writes within one turn of the event loop leave as one `write`."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending = []
        if not self._transport.is_closing():  # the peer left: what it did not read is dropped
            self._transport.write(data)

    def close(self) -> None:
        self.flush()  # what was written before a close is still sent, as by the transport itself
        self._transport.close()

    def abort(self) -> None:
        self._pending = []
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
