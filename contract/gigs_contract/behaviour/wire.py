"""Every request of the behavioural suite passes here: paced, 429s waited out, each exchange recorded.

The suite speaks to the server through the generated client; this httpx transport sits beneath it.
- Pace: at most `max_rps` requests a second (GIGS_MAX_RPS), so a run on a live project stays polite.
- Rate limits are the server's right, not a contract failure: a 429 is waited out for its
  `Retry-After` (1 s when absent or unreadable) and sent again, up to a total wait and a number of
  429s in a row (a `Retry-After: 0` adds no wait); past either the run stops with `CannotTest`, since
  a suite that cannot get answers has no verdict to give.
- A request lost with its connection (a kept-alive one the server closed as the request went out)
  is sent once more when that is safe, as the SDK judges it too: a GET, HEAD, OPTIONS, PUT, PATCH
  or DELETE (the API makes each safe to repeat; it ignores an `Idempotency-Key` on GET and PATCH),
  or a POST with an `Idempotency-Key`. A server that cannot be reached stops the run with `CannotTest`.
- Every exchange is kept as a reproducer's step (`reproduce.Step`: the key by its variable's name,
  the ID a create answered) so that a failure's lines repeat exactly what was sent.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import orjson

from ..reproduce import Step, recorded


class CannotTest(BaseException):  # noqa: N818 - a BaseException, so Hypothesis stops at once instead of shrinking
    """The server could not be tested (unreachable, rate-limited into silence, key refused)."""


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
    sleep: Callable[[float], None] = time.sleep
    keys: dict[str, str] = field(default_factory=dict)  # a key → the variable that holds it (GIGS_TOKEN)
    exchanges: list[Step] = field(default_factory=list)
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
                    f"no answer from {request.url.scheme}://{request.url.netloc.decode()}: {_cause(error)}"
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
        exchange = recorded(
            request.method,
            str(request.url),
            request.headers.items(),
            request.content.decode("utf-8", "replace") or None,
            response.status_code,
            _created(request, response),
            self.keys,
        )
        with self._lock:
            self.exchanges.append(exchange)
        return response

    def mark(self) -> int:
        """Where the record stands now: `since(mark)` is what was sent after it."""
        with self._lock:
            return len(self.exchanges)

    def since(self, mark: int) -> list[Step]:
        with self._lock:
            return self.exchanges[mark:]

    def close(self) -> None:
        self.wrapped.close()


# A connection closed under a request: it may never have reached the server, or been done there.
LOST_WITH_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def _cause(error: httpx.TransportError) -> str:
    """Why no answer came, in words: refused, not resolved, timed out, or what the error says."""
    text = str(error)
    if isinstance(error, httpx.TimeoutException):
        return f"timed out ({type(error).__name__})"
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
        return "name not resolved"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _created(request: httpx.Request, response: httpx.Response) -> str | None:
    """The ID a successful POST's answer names: the object it created, which later requests may name."""
    if request.method != "POST" or not 200 <= response.status_code < 300:
        return None
    try:
        answer = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None
    return answer.get("id") if isinstance(answer, dict) and isinstance(answer.get("id"), str) else None


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})


def _safe_to_resend(request: httpx.Request) -> bool:
    return request.method in SAFE_METHODS or "idempotency-key" in request.headers


def retry_after(response: httpx.Response) -> float:
    """Seconds a 429 asks to wait: `Retry-After` as seconds or an HTTP date; 1 s when it says neither.

    The SDK reads the header the same way (sdk/gigs_devices/_retries.py: the products share no code);
    where it finds neither, the SDK leaves the wait to its backoff, and the suite, which has none, waits 1 s."""
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            seconds = 1.0
    return min(max(seconds, 0.0), 60.0) if seconds == seconds else 1.0  # NaN reads as 1 s
