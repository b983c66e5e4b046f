"""When to send a request again, and how long to wait first.

What is retried, with exponential backoff and jitter (or the server's `Retry-After`):
connection failures and dropped answers, and the statuses 408, 409, 429 and 5xx. GET, PATCH and
DELETE are retried as the API makes them safe to repeat. A POST is retried only with an
`Idempotency-Key`: one is added to every POST and DELETE that has none, once per logical call,
so that every retry of it carries the same key and the server replays rather than repeats.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx

logger = logging.getLogger("gigs_devices")

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.TimeoutException,
)
KEYED_METHODS = frozenset({"POST", "DELETE"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PATCH", "DELETE", "PUT"})


@dataclass(frozen=True)
class Backoff:
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


def prepare(request: httpx.Request) -> bool:
    """Give a POST or DELETE its idempotency key; whether the request may be sent again."""
    if request.method in KEYED_METHODS and "idempotency-key" not in request.headers:
        request.headers["Idempotency-Key"] = f"gigs-{uuid.uuid4()}"
    return request.method in SAFE_METHODS or "idempotency-key" in request.headers


class Attempts:
    """The retry decisions for one logical request, shared by the sync and async transports."""

    def __init__(
        self, request: httpx.Request, max_retries: int, backoff: Backoff, jitter: Callable[[], float] = random.random
    ) -> None:
        self.request, self.backoff, self.jitter = request, backoff, jitter
        self.retries = max_retries if prepare(request) else 0
        self.made = 0

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
        return None if delay is None else self._log(delay, str(response.status_code))

    def _log(self, delay: float, reason: str) -> float:
        logger.info("retrying %s %s after %s in %.2fs", self.request.method, self.request.url.path, reason, delay)
        return delay
