"""Fault injection for client tests, through the `Prefer` request header (as Prism reads it).

    Prefer: code=429                  answer 429 (with `Retry-After: 1`) instead of handling the request
    Prefer: code=429, retry-after=3   ... with `Retry-After: 3`
    Prefer: code=503                  a server failure: 500, 502, 503 and 504 may always be forced
    Prefer: delay=250                 wait 250 ms before handling (at most 10 000)
    Prefer: drop                      handle the request, then cut the connection mid-answer
    Prefer: code=503, times=2         fault only the first 2 tries of this request, as a client's
                                      retries send it (same Idempotency-Key, or same method, URL
                                      and Prefer); later tries are handled normally

A forced status must be one the operation documents, or a 5xx; the answer carries the spec's
example error for that status. Preferences the server does not know are ignored (RFC 7240).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field

import orjson

from .backend import Answer
from .errors import PropertyError, invalid
from .params import whole_number
from .spec import Operation

HEADER = "Prefer"
SERVER_FAILURES = {500: "internal", 502: "badGateway", 503: "unavailable", 504: "gatewayTimeout"}
MAX_DELAY_MS = 10_000


@dataclass(frozen=True)
class Preference:
    code: int | None = None
    delay_ms: int = 0
    retry_after: int = 1
    drop: bool = False
    times: int | None = None  # None: every try

    @property
    def active(self) -> bool:
        return self.code is not None or self.delay_ms > 0 or self.drop


NONE = Preference()


@dataclass
class FaultBudget:
    """How many tries of each request a `times=N` fault has already hit."""

    limit: int = 10_000  # requests remembered; the oldest are forgotten first
    _tries: OrderedDict[bytes, int] = field(default_factory=OrderedDict)

    def take(self, request: tuple[str, ...], times: int | None) -> bool:
        """Whether this try of the request gets its fault."""
        if times is None:
            return True
        # Remembered by a digest: a request's text (its Prefer value, its URL) may be a megabyte.
        key = hashlib.blake2b(repr(request).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        tries = self._tries.pop(key, 0) + 1
        self._tries[key] = tries
        while len(self._tries) > self.limit:
            self._tries.popitem(last=False)
        return tries <= times


def parse(value: str | None) -> Preference:
    if not value:
        return NONE
    tokens = {}
    for token in value.replace(";", ",").split(","):
        name, _, raw = token.strip().partition("=")
        tokens[name.strip().lower()] = raw.strip().strip('"')
    numbers = {}
    for name in ("code", "delay", "retry-after", "times"):
        if name in tokens:
            number = whole_number(tokens[name])
            if number is None or number < 0:
                raise invalid(PropertyError(HEADER, f"{name} must be a whole number of ASCII digits"))
            numbers[name] = number
    if numbers.get("delay", 0) > MAX_DELAY_MS:
        raise invalid(PropertyError(HEADER, f"delay must be at most {MAX_DELAY_MS} ms"))
    return Preference(
        numbers.get("code"),
        numbers.get("delay", 0),
        numbers.get("retry-after", 1),
        "drop" in tokens,
        numbers.get("times"),
    )


async def apply(preference: Preference, operation: Operation) -> Answer | None:
    """Wait as asked, then give the forced answer, if any; a forced success status changes nothing."""
    if preference.delay_ms:
        await asyncio.sleep(preference.delay_ms / 1000)
    code = preference.code
    if code is None or code == operation.success_status:
        return None
    if code not in operation.statuses and code not in SERVER_FAILURES:
        raise invalid(PropertyError(HEADER, f"code={code} is not an answer {operation.id} documents, nor a 5xx"))
    body = operation.error_examples.get(code) or {
        "object": "error",
        "type": SERVER_FAILURES.get(code, "error"),
        "message": f"Answer {code} forced by the Prefer header.",
    }
    headers = {"Retry-After": str(preference.retry_after)} if code == 429 else {}
    return Answer(code, orjson.dumps(body), headers)
