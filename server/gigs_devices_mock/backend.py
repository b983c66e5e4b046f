"""What handlers work with: the store, the seed, the spec, and the shapes of a call and an answer."""

from __future__ import annotations

import datetime
import functools
import random
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from .errors import PropertyError, invalid
from .seed import Seed
from .spec import Spec
from .store import PendingAnswer, Store

# Base 62 in ASCII order, so that IDs sort as text in the order of the times they start with.
_ID_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
# Maps each random byte to a base-62 character in one C call (the bias of 256 % 62 is no concern here).
_ID_TABLE = bytes(_ID_ALPHABET.encode()[byte % len(_ID_ALPHABET)] for byte in range(256))
_ID_TIME_CHARS, _ID_RANDOM_CHARS = 8, 20  # 62**8 milliseconds last until the year 8888
# A generator of its own, seeded from the system: whoever seeds the global one (Hypothesis does, for
# every example) must not make IDs repeat.
_ID_SOURCE = random.Random()


@dataclass(frozen=True, slots=True)
class Call:
    """A request that passed authentication, routing and validation: built once, complete."""

    project: str  # the authenticated project
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any = None
    resource: Any = None  # the object the path names, loaded before query and body are checked
    pending: PendingAnswer | None = None  # a keyed write's idempotent answer, stored with the write


# Built on every request, so slots rather than frozen: a frozen dataclass costs a microsecond to build.
@dataclass(slots=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    cut_short: bool = False  # a forced fault: the connection drops halfway through the body


@dataclass
class Backend:
    spec: Spec
    seed: Seed
    store: Store

    def __post_init__(self) -> None:
        self._metadata = self.spec.schema_validator("ProjectMetadata")

    def new_id(self, prefix: str) -> str:
        # Same shape as the API's IDs (`dev_0SNlurA049MEWV55CrA9qMvI2FVJ`): a type prefix and 28
        # base-62 characters, which begin with the time, as the API's do. Time-ordered IDs land at the
        # end of the ID index, so a create costs the same with a million devices stored as with none;
        # random ones cost 1.5x as much from 100,000 on, as each lands on a cold page of the index.
        # The rest must be unique, not secret: `random` draws it without the system call `secrets` makes.
        return (
            f"{prefix}_{_id_time(time.time_ns() // 1_000_000)}"
            + _ID_SOURCE.randbytes(_ID_RANDOM_CHARS).translate(_ID_TABLE).decode()
        )

    @staticmethod
    def now() -> str:
        return _timestamp(int(time.time()))

    def merge_metadata(self, current: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
        """Apply metadata changes: a string sets a key, null deletes it; the result keeps the spec's bounds."""
        merged = dict(current)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        error = next(self._metadata.iter_errors(merged), None)
        if error is not None:
            raise invalid(PropertyError("metadata", f"after merging, {error.message}"))
        return merged


@functools.lru_cache(maxsize=2)
def _id_time(millisecond: int) -> str:
    digits = []
    for _ in range(_ID_TIME_CHARS):
        millisecond, digit = divmod(millisecond, len(_ID_ALPHABET))
        digits.append(_ID_ALPHABET[digit])
    return "".join(reversed(digits))


@functools.lru_cache(maxsize=2)
def _timestamp(second: int) -> str:
    # Formatting a time costs more than the rest of a create; within one second the text is the same.
    return datetime.datetime.fromtimestamp(second, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cursor_positions(query: dict[str, Any], locate: Callable[[str], int | None]) -> tuple[int | None, int | None]:
    """The list positions that `after` and `before` name, by `locate`; both at once, or a stranger, is a 422."""
    if "after" in query and "before" in query:
        raise invalid(PropertyError("before", "cannot be combined with after"))
    positions = []
    for name in ("after", "before"):
        position = None
        if name in query:
            position = locate(query[name])
            if position is None:
                raise invalid(PropertyError(name, "names no object of this list"))
        positions.append(position)
    return positions[0], positions[1]


def json_answer(status: int, payload: Any) -> Answer:
    return Answer(status, orjson.dumps(payload))


def list_answer(bodies: list[bytes], more_after: str | None, more_before: str | None) -> Answer:
    # Items are stored already serialised, so a page is joined rather than re-encoded: the cost of
    # a page stays that of copying its bytes, once (each `+` would copy the whole page again).
    tail = orjson.dumps({"moreItemsAfter": more_after, "moreItemsBefore": more_before})
    return Answer(200, b"".join((b'{"object":"list","items":[', b",".join(bodies), b"]," + tail[1:])))
