"""The interactions every run must exercise: what each kind of write does to each view, and to the
writes that come after it.

A rule checked only when a random sequence happens to reach it is a rule that usually goes
unchecked. Every view is compared with the model after every write (observe.py), so a pair below
is exercised whenever its write happens in a state where the view has something to say about it:
the user filter of a device's former owner after an update that moved it, the page after a deleted
device's ID. The constructed scenarios (scenarios.py) bring every pair about in every run; random
sequences add more. `Coverage` counts them, and the report shows the table: a pair a run could not
bring about is named there, and the run does not pass for it.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from .. import spec

# Writes, as the model tells them apart.
CREATE = "create"
CREATE_REFUSED = "refused create"
UPDATE = "update of name, metadata"
UPDATE_USER = "update moving the user"
UPDATE_SIMS = "update changing the SIMs"
UPDATE_REFUSED = "refused update"
DELETE = "delete"
REPLAYED_CREATE = "replayed create"
REPLAYED_DELETE = "replayed delete"

# Views of one device, each read after every write.
RETRIEVE = "retrieve"
LIST = "list, walked forward"
LIST_BACK = "list, walked back"
AROUND = "pages after= and before= its ID"
OWNER = "user= its owner"
FORMER_OWNER = "user= its former owner"
ITS_SIMS = "sim= its SIMs"
FREED_SIMS = "sim= the SIMs it let go"
SEARCH = "search by its IMEI"


@dataclass(frozen=True)
class Pair:
    write: str
    then: str  # a view, or a later write
    rules: tuple[str, ...]  # the rules it can show broken

    @property
    def name(self) -> str:
        return f"{self.write} → {self.then}"


def _views(write: str, views: tuple[str, ...], rules: tuple[str, ...]) -> list[Pair]:
    return [Pair(write, view, rules) for view in views]


_SHOWN = ("views_agree", "device_retrieve", "list_filters", "search_devices", "list_cursors")
_GONE = ("list_deleted", "device_delete", "list_filters", "search_devices")
_UNCHANGED = ("views_agree", "device_retrieve", "list_filters", "search_devices")

_EVERY_PAIR: tuple[Pair, ...] = (
    *_views(CREATE, (RETRIEVE, LIST, LIST_BACK, AROUND, OWNER, ITS_SIMS, SEARCH), (*_SHOWN, "list_order")),
    *_views(UPDATE, (RETRIEVE, LIST, AROUND, OWNER, ITS_SIMS, SEARCH), _SHOWN),
    *_views(UPDATE_USER, (RETRIEVE, LIST, OWNER, FORMER_OWNER, SEARCH), _SHOWN),
    *_views(UPDATE_SIMS, (RETRIEVE, LIST, ITS_SIMS, FREED_SIMS), _SHOWN),
    *_views(DELETE, (RETRIEVE, LIST, LIST_BACK, AROUND, FORMER_OWNER, FREED_SIMS, SEARCH), _GONE),
    *_views(CREATE_REFUSED, (LIST, SEARCH, ITS_SIMS), _UNCHANGED),
    *_views(UPDATE_REFUSED, (RETRIEVE, LIST, OWNER, ITS_SIMS), _UNCHANGED),
    *_views(REPLAYED_CREATE, (RETRIEVE, LIST, SEARCH), ("idempotent_replay", *_UNCHANGED)),
    *_views(REPLAYED_DELETE, (RETRIEVE, LIST), ("idempotent_replay", *_UNCHANGED)),
    # What a write leaves for the writes after it.
    Pair(DELETE, "create with its IMEI", ("imei_unique",)),
    Pair(DELETE, "create with its SIM", ("sim_single_device",)),
    Pair(DELETE, "update of it", ("not_found",)),
    Pair(DELETE, "delete of it", ("device_delete",)),
    Pair(UPDATE_SIMS, "create with a SIM it let go", ("sim_single_device",)),
    Pair(CREATE, "create with its IMEI", ("imei_unique",)),
    Pair(CREATE, "create with its SIM", ("sim_single_device",)),
    Pair(CREATE, "update of another device to its SIM", ("sim_single_device",)),
    Pair(UPDATE, "replay of its create", ("idempotent_replay",)),
    Pair(DELETE, "replay of its create", ("idempotent_replay",)),
    Pair(CREATE, "replay of a delete that freed its IMEI", ("idempotent_replay",)),
    Pair(CREATE_REFUSED, "create again with its key", ("idempotent_replay",)),
)
# The views that read a filter of listDevices: a pair of them is exercised only while the spec has it.
FILTER_OF_VIEW = {OWNER: "user", FORMER_OWNER: "user", ITS_SIMS: "sim", FREED_SIMS: "sim"}
PAIRS = tuple(p for p in _EVERY_PAIR if FILTER_OF_VIEW.get(p.then, "") in {"", *spec.device_filters()})
NAMES = {pair.name: pair for pair in PAIRS}


@dataclass
class Coverage:
    """How many times a run exercised each pair (threads of one run share it)."""

    counts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def saw(self, write: str, then: str) -> None:
        name = Pair(write, then, ()).name
        if name not in NAMES:
            raise KeyError(f"no interaction named {name!r}")
        with self._lock:
            self.counts[name] += 1

    def missing(self) -> list[str]:
        with self._lock:
            return [pair.name for pair in PAIRS if not self.counts[pair.name]]

    def table(self) -> list[dict[str, object]]:
        """Each pair with how often the run exercised it, in the table's order."""
        with self._lock:
            return [
                {"write": p.write, "then": p.then, "rules": list(p.rules), "exercised": self.counts[p.name]}
                for p in PAIRS
            ]
