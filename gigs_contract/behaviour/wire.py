"""Every request of the behavioural suite passes here: paced, 429s waited out, each exchange recorded.

The suite speaks to the server through the generated client; this httpx transport sits beneath it.
- Pace: at most `max_rps` requests a second (GIGS_MAX_RPS), so a run on a live project stays polite.
- Rate limits are the server's right, not a contract failure: a 429 is waited out for its
  `Retry-After` (1 s when absent or unreadable) and sent again, up to a total wait and a number of
  429s in a row (a `Retry-After: 0` adds no wait); past either the run stops with `CannotTest`, since
  a suite that cannot get answers has no verdict to give.
- A request lost with its connection (a kept-alive one the server closed as the request went out)
  is sent once more when that is safe: a GET, HEAD, OPTIONS or DELETE, or a request with an
  `Idempotency-Key`. A server that cannot be reached stops the run with `CannotTest`.
- Every exchange is kept (with the key it really carried) so a failure prints curl lines that repeat
  exactly what was sent.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field

import httpx

from ..curl import curl_line


class CannotTest(BaseException):  # noqa: N818 - a BaseException, so Hypothesis stops at once instead of shrinking
    """The server could not be tested (unreachable, rate-limited into silence, key refused)."""


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    status: int

    def curl(self, token_names: dict[str, str]) -> str:
        """A curl line that sends this request again, with its own Idempotency-Key (a sequence may
        replay one on purpose); a known key is shown by its variable's name."""
        return curl_line(
            self.method, self.url, (_named(h, token_names) for h in self.headers), self.body.decode("utf-8", "replace")
        )


def _named(header: tuple[str, str], token_names: dict[str, str]) -> tuple[str, str]:
    name, value = header
    scheme, _, token = value.partition(" ")
    if name.lower() == "authorization" and token in token_names:
        return name, f"{scheme} ${token_names[token]}"
    return header


@dataclass
class Pace:
    """At most `max_rps` requests a second, shared by every thread (None: no limit)."""

    max_rps: float | None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next: float = 0.0

    def wait(self) -> None:
        if not self.max_rps:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 1 / self.max_rps
        if start > now:
            time.sleep(start - now)


@dataclass
class Wire(httpx.BaseTransport):
    wrapped: httpx.BaseTransport
    pace: Pace
    max_rate_limit_wait: float = 120.0  # seconds of 429s in a row before the run gives up
    max_rate_limited_in_a_row: int = 100  # and 429s: one asking for no wait would be sent again for good
    sleep: object = time.sleep
    exchanges: list[Exchange] = field(default_factory=list)
    requests: int = 0
    rate_limited: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        waited, limited, resent = 0.0, 0, False
        while True:
            self.pace.wait()
            try:
                response = self.wrapped.handle_request(request)
                response.read()
            except LOST_WITH_CONNECTION as error:
                if resent or not _safe_to_resend(request):
                    where = f"{request.method} {request.url.path}"
                    raise CannotTest(f"{where}: the connection was lost ({type(error).__name__})") from None
                resent = True
                continue
            except httpx.TransportError as error:
                raise CannotTest(
                    f"no answer from {request.url.scheme}://{request.url.netloc.decode()}: {type(error).__name__}"
                ) from None
            with self._lock:
                self.requests += 1
            if response.status_code != 429:
                break
            with self._lock:
                self.rate_limited += 1
            delay, limited = retry_after(response), limited + 1
            if waited + delay > self.max_rate_limit_wait or limited >= self.max_rate_limited_in_a_row:
                raise CannotTest(f"rate-limited (429) {limited} times in a row, {waited:.0f} s waited")
            waited += delay
            self.sleep(delay)
        exchange = Exchange(
            request.method,
            str(request.url),
            tuple((k, v) for k, v in request.headers.items()),
            request.content,
            response.status_code,
        )
        with self._lock:
            self.exchanges.append(exchange)
        return response

    def mark(self) -> int:
        """Where the record stands now: `since(mark)` is what was sent after it."""
        with self._lock:
            return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        with self._lock:
            return self.exchanges[mark:]

    def close(self) -> None:
        self.wrapped.close()


# A connection closed under a request: it may never have reached the server, or been done there.
LOST_WITH_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def _safe_to_resend(request: httpx.Request) -> bool:
    return request.method in ("GET", "HEAD", "OPTIONS", "DELETE") or "idempotency-key" in request.headers


def retry_after(response: httpx.Response) -> float:
    """Seconds a 429 asks to wait: `Retry-After` as seconds or an HTTP date; 1 s when it says neither."""
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            seconds = 1.0
    return min(max(seconds, 0.0), 60.0) if seconds == seconds else 1.0  # NaN reads as 1 s
