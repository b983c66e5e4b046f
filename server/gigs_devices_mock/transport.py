"""A transport that sends an answer's writes together, at the end of the event loop's turn.

uvicorn writes an answer's status line and headers in one `transport.write` and its body in another
(`RequestResponseCycle.send`), and uvloop sends each at once: two system calls and two TCP segments
the client reads one by one. Here an answer's writes wait for the end of the event loop's turn and
leave together: fewer system calls and segments, and most of the gain is in sending once the turn's
work is done, not in joining the two writes alone (the figures are in bench/README.md). uvicorn has
no option for this, so the transport handed to its protocol (protocol.py) is wrapped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


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
