"""Each project's live devices in list order, in memory: the unfiltered device list is paged from here.

SQLite stays the store of record; this is a read model of it, changed only after a write has
committed. It exists because handing rows from SQLite to Python costs far more than slicing Python
lists (bench/README.md, "Why the code is shaped so"): a page is served at the cost of copying its
bytes. A page is a binary search and a slice, so its cost does not grow with the number of devices.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class _Project:
    seqs: list[int] = field(default_factory=list)  # ascending: the order of creation
    ids: list[str] = field(default_factory=list)  # kept for the cursors, which are IDs
    bodies: list[bytes] = field(default_factory=list)  # the device objects as answered, JSON


@dataclass(slots=True)  # built on every list request: slots build four times faster than frozen
class Page:
    """Device bodies, newest first, and the cursors to the pages beyond them (None: nothing there)."""

    bodies: list[bytes]
    more_after: str | None  # the ID of the last (oldest) item, when older devices follow
    more_before: str | None  # the ID of the first (newest) item, when newer devices precede


class LiveList:
    """Sequence numbers, IDs and bodies of live devices per project. Callers hold the store's lock."""

    def __init__(self) -> None:
        self._projects: dict[str, _Project] = {}

    def load(self, rows: Iterable[tuple[str, int, str, bytes]]) -> None:
        """Rows of (project, seq, id, body), ascending by seq within each project."""
        self._projects.clear()
        for project, seq, device_id, body in rows:
            self._push(project, seq, device_id, body)  # SQLite hands out right-sized bytes: no copy

    def clear(self, project: str) -> None:
        self._projects.pop(project, None)

    def append(self, project: str, seq: int, device_id: str, body: bytes) -> None:
        """A new device: sequence numbers only grow, so it goes last."""
        self._push(project, seq, device_id, _right_sized(body))

    def replace(self, project: str, seq: int, body: bytes) -> None:
        entry = self._projects[project]
        entry.bodies[self._index(entry, seq)] = _right_sized(body)

    def remove(self, project: str, seq: int) -> None:
        entry = self._projects[project]
        index = self._index(entry, seq)
        del entry.seqs[index], entry.ids[index], entry.bodies[index]

    def newest_first(self, project: str, limit: int, after: int | None = None, before: int | None = None) -> Page:
        """Up to `limit` devices older than `after`, newer than `before`, or from the newest."""
        entry = self._projects.get(project) or _Project()
        if before is not None:
            start = bisect_right(entry.seqs, before)
            end = min(start + limit, len(entry.seqs))
        else:
            end = len(entry.seqs) if after is None else bisect_left(entry.seqs, after)
            start = max(end - limit, 0)
        if start == end:
            return Page([], None, None)
        return Page(
            entry.bodies[start:end][::-1],
            more_after=entry.ids[start] if start > 0 else None,
            more_before=entry.ids[end - 1] if end < len(entry.seqs) else None,
        )

    def _push(self, project: str, seq: int, device_id: str, body: bytes) -> None:
        entry = self._projects.setdefault(project, _Project())
        entry.seqs.append(seq)
        entry.ids.append(device_id)
        entry.bodies.append(body)

    @staticmethod
    def _index(entry: _Project, seq: int) -> int:
        index = bisect_left(entry.seqs, seq)
        if index == len(entry.seqs) or entry.seqs[index] != seq:
            raise KeyError(seq)
        return index


def _right_sized(body: bytes) -> bytes:
    # orjson (3.12 on) answers bytes whose buffer keeps its growth capacity, several times the
    # device's own size. Kept for the life of the process, that is many times the memory (figures
    # in bench/README.md); a copy holds just the bytes.
    return bytes(memoryview(body))
