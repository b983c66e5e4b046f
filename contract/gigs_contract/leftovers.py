"""The devices a run created and has not deleted: kept in memory, written to a journal, deleted at the end.

Schemathesis runs in a child process, whose hooks (hooks.py) record each device it creates and
deletes, and delete what is left when it exits. A child killed before it could (an interrupt it
did not finish within its grace) leaves its journal behind: the parent reads it and deletes the rest,
so that "the devices the run created were deleted" stays true, or names those it could not delete.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx

from .behaviour.wire import CannotTest, Pace, Wire

JOURNAL = "created.journal"  # in the run's work folder: `+ id project` for a create, `- id` for a delete


class CreatedDevices:
    """The devices this run created (by ID) and whether it has deleted them; written as they change
    to `journal` too, when given, so that another process can clean up after this one."""

    def __init__(self, journal: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._live: dict[str, str] = {}  # device ID → project
        self._ever: set[str] = set()
        self._journal = journal

    def created(self, device_id: str, project: str) -> None:
        with self._lock:
            self._live[device_id] = project
            self._ever.add(device_id)
            self._write(f"+ {device_id} {project}\n")  # the project last: it is the rest of the line

    def deleted(self, device_id: str) -> None:
        with self._lock:
            if self._live.pop(device_id, None) is not None:
                self._write(f"- {device_id}\n")

    def _write(self, line: str) -> None:
        # Appended and closed at once: a process killed a moment later has still written it.
        if self._journal is not None:
            with self._journal.open("a", encoding="utf-8") as journal:
                journal.write(line)

    def owns(self, device_id: object) -> bool:
        with self._lock:
            return device_id in self._ever

    def live(self) -> dict[str, str]:
        with self._lock:
            return dict(self._live)

    def pick(self, *, newest: bool) -> str | None:
        """A live device of the run: the newest (to change it) or the oldest (to delete it)."""
        with self._lock:
            if not self._live:
                return None
            return next(reversed(self._live)) if newest else next(iter(self._live))


def journal_leftovers(path: Path) -> dict[str, str]:
    """The devices a journal says were created and not deleted: ID → project."""
    live: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return live
    for line in lines:
        match line.split(" ", 2):
            case ["+", device_id, project]:
                live[device_id] = project
            case ["-", device_id]:
                live.pop(device_id, None)
    return live


def delete_devices(
    base_url: str, token: str, devices: dict[str, str], transport: httpx.BaseTransport | None = None
) -> set[str]:
    """Delete `devices` (ID → project); the IDs now gone (deleted, or not found).

    Through the behavioural suite's Wire, so a 429 is waited out for its `Retry-After` rather than
    leaving the device behind: a rate limit is most likely at the end of a busy run."""
    gone: set[str] = set()
    if not devices:
        return gone
    wire = Wire(transport or httpx.HTTPTransport(), Pace(None))
    auth = {"Authorization": f"Bearer {token}"}
    with _uninterrupted(), httpx.Client(base_url=base_url, headers=auth, timeout=10, transport=wire) as client:
        for device_id, project in devices.items():
            try:
                response = client.delete(f"/projects/{project}/devices/{device_id}")
            except (httpx.HTTPError, CannotTest):
                continue
            if response.status_code in (200, 404):
                gone.add(device_id)
    return gone


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold off SIGINT and SIGTERM for the block, then put their handlers back.

    A Ctrl-C or CI cancel reaches the whole process group, often just as the clean-up runs at exit,
    and must not cut it short; `make contract` bounds it (INTERRUPT_GRACE_SECONDS). The handlers are
    the process's, not ours: they are restored, so a test runner that calls this keeps its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {stop: signal.signal(stop, signal.SIG_IGN) for stop in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for stop, handler in saved.items():
            signal.signal(stop, handler)
