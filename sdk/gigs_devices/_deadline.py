"""A call's time: its deadline in all, each try's share of it, and the socket reads that keep to both.

`timeout` (seconds) is the call's time in all: every try, every answer read to its end and every
wait between tries. Each try but the last gets at most `timeout_per_try` of it (by default an equal
share: `timeout / (max_retries + 1)`), so that a try that stalls leaves time for another; the last
try gets whatever is left. An `httpx.Timeout` instead sets each try's phases, as httpx has them.

httpx's read timeout bounds each socket read, not a whole answer: a server that trickles its status
line and headers a byte at a time never trips it. The async client bounds each try with anyio's
`fail_after`; the sync client's own connections read through `DeadlineBackend`, which clips every
socket operation to what is left of the try.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

# When the try under way in this thread (or task) must end; None outside a call.
_TRY_ENDS: ContextVar[float | None] = ContextVar("gigs_devices_try_ends", default=None)


class Deadline:
    """The time of one call: its total (None for none), and the budget of each try."""

    def __init__(
        self, timeout: float | httpx.Timeout | None, connect: float, per_try: float | None, tries: int
    ) -> None:
        self.total = float(timeout) if isinstance(timeout, int | float) else None
        self.phases = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(None)
        self.connect = connect
        self.ends = time.monotonic() + self.total if self.total is not None else None
        if per_try is None and self.total is not None:
            per_try = self.total / max(tries, 1)
        self.per_try = per_try

    def left(self) -> float | None:
        return None if self.ends is None else self.ends - time.monotonic()

    def arm(self, request: httpx.Request, last: bool) -> float | None:
        """Give the next try its budget (all that is left when it is the last); the budget."""
        left = self.left()
        if left is not None and left <= 0:
            raise httpx.TimeoutException("no time left", request=request)
        budget = None if last else self.per_try  # the last try gets all that is left
        if left is not None:
            budget = left if budget is None else min(budget, left)
        if budget is None:
            request.extensions["timeout"] = self.phases.as_dict()
        else:
            request.extensions["timeout"] = httpx.Timeout(budget, connect=min(self.connect, budget)).as_dict()
        return budget

    def allows(self, delay: float) -> bool:
        """Whether waiting `delay` seconds still leaves time for another try."""
        left = self.left()
        return left is None or delay < left


@contextlib.contextmanager
def within(budget: float | None) -> Generator[float | None, None, None]:
    """Socket operations of the sync client's own connections end by `budget` seconds from now."""
    ends = None if budget is None else time.monotonic() + budget
    token = _TRY_ENDS.set(ends)
    try:
        yield ends
    finally:
        _TRY_ENDS.reset(token)


def _clipped(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    ends = _TRY_ENDS.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise error("the call's time ran out")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clipped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clipped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> _Stream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, _clipped(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, each socket operation clipped to the try's time left."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        clipped = _clipped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, clipped, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        clipped = _clipped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, clipped, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def keep_to_deadlines(client: httpx.Client) -> bool:
    """Make the connections of a client the SDK made read through DeadlineBackend; whether it could.

    httpx has no public seam for httpcore's network backend (HTTPTransport takes none), so this sets
    the pools' own attribute; tests/client/test_deadlines.py fails if an httpx release moves it."""
    installed = False
    for transport in (getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if (
            pool is not None
            and isinstance(backend, httpcore.NetworkBackend)
            and not isinstance(backend, DeadlineBackend)
        ):
            pool._network_backend = DeadlineBackend(backend)
            installed = True
    return installed


class Until(httpx.SyncByteStream):
    """An answer's body that stops with a timeout once the try's time has passed between its chunks
    (for a client the user gave, whose reads the backend does not clip)."""

    def __init__(self, stream: Any, ends: float, request: httpx.Request) -> None:
        self.stream, self.ends, self.request = stream, ends, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.stream:
            if time.monotonic() > self.ends:
                raise httpx.ReadTimeout("the answer did not end in time", request=self.request)
            yield chunk

    def close(self) -> None:
        self.stream.close()
