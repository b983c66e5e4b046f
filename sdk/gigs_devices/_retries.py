"""When to send a request again, and how long to wait first.

What is retried, with exponential backoff and jitter (or the server's `Retry-After`):
connection failures and dropped answers, and the statuses 408, 409, 429 and 5xx. GET, PATCH and
DELETE are retried as the API makes them safe to repeat. A POST is retried only with an
idempotency key: every method whose operation takes one (openapi.yaml's `x-sdk: {role:
idempotency-key}` header) sends a fresh key per call when none is given, so that every retry of
the call carries the same key and the server replays rather than repeats.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from gigs_devices_client.client import IDEMPOTENCY_HEADER

logger = logging.getLogger("gigs_devices")

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.TimeoutException,
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PATCH", "DELETE", "PUT"})


@dataclass(frozen=True)
class Backoff:
    """How long to wait between tries: exponential with jitter, or the server's `Retry-After` up to
    `max_retry_after` (`Gigs(backoff=Backoff(...))`)."""

    initial: float = 0.5  # seconds before the first retry (before jitter)
    maximum: float = 8.0
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the error is raised

    def delay(self, attempt: int, response: httpx.Response | None, jitter: Callable[[], float]) -> float | None:
        """Seconds to wait before retry `attempt` (1-based); None to give up now."""
        retry_after = _retry_after(response) if response is not None else None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(attempt, jitter)

    def backoff(self, attempt: int, jitter: Callable[[], float]) -> float:
        """Seconds to wait before retry `attempt` (1-based) when the server did not say."""
        # Jitter with a floor: each wait falls in the upper half of its window, so a burst of clients
        # failing at once spreads out over it instead of retrying together near zero.
        return min(self.initial * 2.0 ** (attempt - 1), self.maximum) * (0.5 + 0.5 * jitter())


DEFAULT_BACKOFF = Backoff()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return None  # unreadable ("soon"): the backoff decides
    return max(0.0, seconds) if seconds == seconds else None  # NaN reads as unreadable


def may_resend(request: httpx.Request) -> bool:
    """Whether the request may be sent again: its method is safe to repeat, or it carries an
    idempotency key (each method that takes one sends a fresh key per call, the same on each retry)."""
    return request.method in SAFE_METHODS or bool(IDEMPOTENCY_HEADER and IDEMPOTENCY_HEADER in request.headers)


class Attempts:
    """The retry decisions for one logical request, shared by the sync and async transports."""

    def __init__(
        self, request: httpx.Request, max_retries: int, backoff: Backoff, jitter: Callable[[], float] = random.random
    ) -> None:
        self.request, self.backoff, self.jitter = request, backoff, jitter
        self.retries = max_retries if may_resend(request) else 0
        self.made = 0  # tries made so far
        self.note: str | None = None  # why an answer that could have been retried was not

    @property
    def final(self) -> bool:
        """Whether the next try is the last one."""
        return self.made >= self.retries

    def after_error(self, error: Exception) -> float:
        """Seconds to wait after a failed try; re-raises when no retry is left."""
        self.made += 1
        if self.made > self.retries:
            raise error
        return self._log(self.backoff.backoff(self.made, self.jitter), type(error).__name__)

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before trying again, or None to return this answer."""
        self.made += 1
        if response.status_code not in RETRY_STATUSES or self.made > self.retries:
            return None
        delay = self.backoff.delay(self.made, response, self.jitter)
        if delay is None:
            asked = _retry_after(response)
            self.note = (
                f"not tried again: Retry-After asks for {asked:g} s, over max_retry_after"
                f" ({self.backoff.max_retry_after:g} s; Gigs(max_retry_after=...) raises it)"
            )
            return None
        return self._log(delay, str(response.status_code))

    def _log(self, delay: float, reason: str) -> float:
        logger.info("retrying %s %s after %s in %.2fs", self.request.method, self.request.url.path, reason, delay)
        return delay
