"""Devices and idempotent answers in SQLite (stdlib): in memory by default, or a durable file.

Lists page by keyset on `seq`, the order of creation: `after`/`before` become one index range seek,
so the cost of a page does not grow with the number of stored devices. A deleted device stays as a
tombstone row, so a cursor naming it keeps its place in the list. The unfiltered list is paged from
a read model in memory (live_list.py); filtered lists, and the tests' reference for it, from here.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import orjson

from .live_list import LiveList, Page

SCHEMA = """
-- Clustered on the list order: an unfiltered page is one range of the table, read without a second seek.
CREATE TABLE IF NOT EXISTS devices (
    project TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,   -- 1: a tombstone, kept so that its ID stays a valid cursor
    seq INTEGER NOT NULL,                 -- the order of creation, counted by the Store
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    imei TEXT,
    model_id TEXT,
    name TEXT,
    user_id TEXT,
    metadata TEXT NOT NULL,
    body BLOB NOT NULL,                   -- the device object as answered, JSON
    PRIMARY KEY (project, deleted, seq)
) WITHOUT ROWID;
-- Rows are found by seq through the primary key (a live device is (project, 0, seq)): an index on seq
-- alone would cost every insert a fifth more. Files written before are brought in line.
DROP INDEX IF EXISTS devices_by_seq;
CREATE INDEX IF NOT EXISTS devices_by_user ON devices (project, user_id, deleted, seq);
-- An IMEI is unique among a project's live devices (and searches by IMEI use this index).
CREATE UNIQUE INDEX IF NOT EXISTS devices_live_imei ON devices (project, imei)
    WHERE deleted = 0 AND imei IS NOT NULL;
-- A SIM is attached to at most one device.
CREATE TABLE IF NOT EXISTS device_sims (
    project TEXT NOT NULL,
    sim_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (project, sim_id)
);
CREATE INDEX IF NOT EXISTS device_sims_by_device ON device_sims (device_seq, position);
CREATE TABLE IF NOT EXISTS idempotent_answers (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
-- Every keyed write deletes the expired answers first: found through this index, not a scan.
CREATE INDEX IF NOT EXISTS idempotent_answers_by_expiry ON idempotent_answers (expires_at);
"""


SWEEP_SECONDS = 1.0


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT under the store's lock, ROLLBACK on any error; with a pending
    idempotent answer, the answer is written in the same transaction, after the write.

    A class rather than a @contextmanager generator: a keyed write opened two of those, and their
    machinery cost a sixth of a create (bench/README.md)."""

    __slots__ = ("store", "pending", "answer")

    def __init__(self, store: Store, pending: PendingAnswer | None = None, answer: bytes = b"") -> None:
        self.store, self.pending, self.answer = store, pending, answer

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.store._lock.release()
            raise
        return self.store.db

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        db, pending = self.store.db, self.pending
        try:
            if kind is not None:
                db.execute("ROLLBACK")
                return
            try:
                if pending is not None:
                    self.store._store_answer(db, pending, self.answer)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            if pending is not None:
                pending.stored = True
        finally:
            self.store._lock.release()


@dataclass
class PendingAnswer:
    """The idempotent answer a keyed request will store, with its first write (see Store._write)."""

    scope: str
    key: str
    fingerprint: str
    status: int  # the operation's success status: a write's answer
    now: float
    expires_at: float
    stored: bool = False


@dataclass(slots=True)
class DeviceRecord:
    id: str
    project: str
    created_at: str
    imei: str | None
    model_id: str | None
    name: str | None
    user_id: str | None
    sim_ids: list[str]
    metadata: dict[str, str]
    body: bytes = b""
    seq: int | None = None  # given by the store on insert

    @property
    def stored_seq(self) -> int:
        if self.seq is None:
            raise ValueError(f"device {self.id} has not been stored")
        return self.seq


def _page(bodies: list[bytes], more_older: bool, more_newer: bool) -> Page:
    # The cursors are the IDs of the first and last items, read back from their stored JSON.
    return Page(
        bodies=bodies,
        more_after=_device_id(bodies[-1]) if bodies and more_older else None,
        more_before=_device_id(bodies[0]) if bodies and more_newer else None,
    )


def _device_id(body: bytes) -> str:
    return str(orjson.loads(body)["id"])


@dataclass(slots=True)  # built on every list request: slots build four times faster than frozen
class DeviceFilter:
    user: str | None = None
    sim: str | None = None
    imei: str | None = None

    def sql(self, project: str) -> tuple[str, str, list[Any]]:
        """The index to read by, the WHERE clauses after project and liveness, and their arguments."""
        # SQLite, without statistics, walks the primary key (the whole list) and tests each row's
        # user: a page of an owner of old devices then costs a scan of every newer device. Their
        # index gives it the same cost at any store size. A SIM names one device at most, which
        # beats both.
        index = "INDEXED BY devices_by_user" if self.user is not None and self.sim is None else ""
        clauses, args = [], []
        if self.user is not None:
            clauses.append("AND user_id = ?")
            args.append(self.user)
        if self.imei is not None:
            clauses.append("AND imei = ?")
            args.append(self.imei)
        if self.sim is not None:
            # A SIM is on at most one device: its number is looked up first, and the device by it.
            clauses.append("AND seq = (SELECT device_seq FROM device_sims WHERE project = ? AND sim_id = ?)")
            args += [project, self.sim]
        return index, " ".join(clauses), args


NO_FILTER = DeviceFilter()


class StoreError(Exception):
    """The store cannot be opened; the message says which file and why."""


class Conflict(Exception):
    """A uniqueness rule would break: `imei` taken, or a SIM already attached elsewhere."""

    def __init__(self, code: str, property: str) -> None:
        super().__init__(code)
        self.code, self.property = code, property


@dataclass
class Store:
    path: str | None = None  # None: in memory
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise StoreError(
                    f"{self.path} is in use by another server (one server writes a file at a time)"
                ) from None
            raise StoreError(f"{self.path} cannot be used as a device store: {error}") from None
        self._last_seq = self.db.execute("SELECT coalesce(max(seq), 0) FROM devices").fetchone()[0]
        self._live = LiveList()
        self._next_sweep = 0.0  # when expired idempotent answers are next deleted
        self._live.load(self.db.execute("SELECT project, seq, id, body FROM devices WHERE deleted = 0 ORDER BY seq"))

    def _open(self) -> sqlite3.Connection:
        # No waiting for a lock: the only other holder of a file can be another server (see below).
        db = sqlite3.connect(self.path or ":memory:", isolation_level=None, check_same_thread=False, timeout=0)
        try:
            if self.path:
                # The sequence counter and the read model of the unfiltered lists live in this process,
                # so one server writes a file at a time: it holds the file's lock from here until it
                # closes, and a second one is refused at start rather than left to corrupt the list.
                db.execute("PRAGMA locking_mode = EXCLUSIVE")
                # Every acknowledged write survives a crash: WAL with a full sync at each commit.
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
                db.execute("BEGIN IMMEDIATE")  # takes the lock now, not at the first write
                db.execute("COMMIT")
            db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (each commit is already durable)."""
        if self.path:
            with self._lock:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def transaction(self) -> Transaction:
        return Transaction(self)

    def is_empty(self) -> bool:
        empty: int = self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM devices)").fetchone()[0]
        return empty == 1

    def clear(self, project: str) -> None:
        """Forget one project's devices and idempotent answers (their scope is the project)."""
        with self.transaction() as db:
            db.execute("DELETE FROM device_sims WHERE project = ?", (project,))
            db.execute("DELETE FROM devices WHERE project = ?", (project,))
            db.execute("DELETE FROM idempotent_answers WHERE scope = ?", (project,))
        self._live.clear(project)

    # Devices ---------------------------------------------------------------------------------------

    # Uniqueness (an IMEI per project's live devices, a SIM on one device) is kept by the schema's
    # unique indexes, inside the write itself; only a write they refuse is looked into, to say which
    # property broke the rule. The read model changes once the write has committed.

    def _write(self, answer: bytes, pending: PendingAnswer | None) -> Transaction:
        """A transaction for a write of the request being answered, which also stores the request's
        idempotent answer when it has a key (`pending`): both commit, or neither does. Apart, a
        crash between the two kept the device but not the answer, and a retry made a second device."""
        return Transaction(self, pending, answer)

    # Each write takes the idempotent answer of the keyed request it answers (Idempotency.run), if any.

    def insert_device(self, record: DeviceRecord, pending: PendingAnswer | None = None) -> None:
        with self._lock:
            try:
                # A device without SIMs and without a key to answer is one statement, atomic on its own:
                # a transaction around it would cost a quarter of the insert.
                alone = not record.sim_ids and pending is None
                with nullcontext(self.db) if alone else self._write(record.body, pending) as db:
                    self._insert(db, record)
            except sqlite3.IntegrityError:
                self._explain_conflict(record)
                raise
            self._live.append(record.project, record.stored_seq, record.id, record.body)

    def insert_devices(self, records: list[DeviceRecord]) -> None:
        """Store many new devices in one transaction (a project's seed on reset; a large store for the
        bench): all of them or, when one breaks a constraint, none."""
        with self._lock:
            with self.transaction() as db:
                for record in records:
                    self._insert(db, record)
            for record in records:
                self._live.append(record.project, record.stored_seq, record.id, record.body)

    def replace_device(self, record: DeviceRecord, pending: PendingAnswer | None = None) -> None:
        with self._lock:
            try:
                with self._write(record.body, pending) as db:
                    db.execute(
                        "UPDATE devices SET name = ?, user_id = ?, metadata = ?, body = ?"
                        " WHERE project = ? AND deleted = 0 AND seq = ?",
                        (
                            record.name,
                            record.user_id,
                            orjson.dumps(record.metadata),
                            record.body,
                            record.project,
                            record.seq,
                        ),
                    )
                    db.execute("DELETE FROM device_sims WHERE device_seq = ?", (record.seq,))
                    self._attach_sims(db, record)
            except sqlite3.IntegrityError:
                self._explain_conflict(record)
                raise
            self._live.replace(record.project, record.stored_seq, record.body)

    def delete_device(self, record: DeviceRecord, pending: PendingAnswer | None = None) -> None:
        with self._lock:
            with self._write(record.body, pending) as db:
                db.execute("DELETE FROM device_sims WHERE device_seq = ?", (record.seq,))
                db.execute(
                    "UPDATE devices SET deleted = 1 WHERE project = ? AND deleted = 0 AND seq = ?",
                    (record.project, record.seq),
                )
            self._live.remove(record.project, record.stored_seq)

    def device(self, project: str, device_id: str) -> DeviceRecord | None:
        row = self.db.execute(
            "SELECT seq, id, project, created_at, imei, model_id, name, user_id, metadata, body FROM devices"
            " WHERE id = ? AND project = ? AND deleted = 0",
            (device_id, project),
        ).fetchone()
        if row is None:
            return None
        sims = self.db.execute(
            "SELECT sim_id FROM device_sims WHERE device_seq = ? ORDER BY position", (row[0],)
        ).fetchall()
        seq, id_, project, created_at, imei, model_id, name, user_id, metadata, body = row
        return DeviceRecord(
            id_,
            project,
            created_at,
            imei,
            model_id,
            name,
            user_id,
            [s for (s,) in sims],
            orjson.loads(metadata),
            body,
            seq,
        )

    def cursor_position(self, project: str, device_id: str) -> int | None:
        """Where a device ID stands in the project's list, deleted devices included."""
        row = self.db.execute("SELECT seq FROM devices WHERE id = ? AND project = ?", (device_id, project)).fetchone()
        return row[0] if row else None

    def page(
        self,
        project: str,
        filters: DeviceFilter,
        limit: int,
        after: int | None = None,
        before: int | None = None,
    ) -> Page:
        """One page, newest first, of the project's live devices that pass `filters`."""
        if filters == NO_FILTER:
            with self._lock:
                return self._live.newest_first(project, limit, after, before)
        return self.query_page(project, filters, limit, after, before)

    def query_page(
        self,
        project: str,
        filters: DeviceFilter,
        limit: int,
        after: int | None = None,
        before: int | None = None,
    ) -> Page:
        """`page`, read from SQLite: the way for filtered lists, and the reference for the read model."""
        index, where, args = filters.sql(project)
        base = f"FROM devices {index} WHERE project = ? AND deleted = 0 {where}"
        base_args = [project, *args]
        # Only bodies are read. "Are there more on the cursor's side?" is asked from the cursor itself:
        # no live item lies between the cursor and the page, so any beyond the page's edge lies at or
        # beyond the cursor. The first page has nothing newer by definition.
        if before is not None:
            bodies = self._bodies(f"{base} AND seq > ? ORDER BY seq ASC LIMIT ?", [*base_args, before, limit + 1])
            more_newer = len(bodies) > limit
            bodies = bodies[:limit][::-1]
            more_older = bool(bodies) and self._exists(base, base_args, "seq <= ?", before)
        else:
            bound, bound_args = ("AND seq < ?", [after]) if after is not None else ("", [])
            bodies = self._bodies(f"{base} {bound} ORDER BY seq DESC LIMIT ?", [*base_args, *bound_args, limit + 1])
            more_older = len(bodies) > limit
            bodies = bodies[:limit]
            more_newer = bool(bodies) and after is not None and self._exists(base, base_args, "seq >= ?", after)
        return _page(bodies, more_older, more_newer)

    def _bodies(self, query: str, args: list[Any]) -> list[bytes]:
        return [body for (body,) in self.db.execute(f"SELECT body {query}", args)]

    def _exists(self, base: str, args: list[Any], bound: str, seq: int) -> bool:
        exists: int = self.db.execute(f"SELECT EXISTS (SELECT 1 {base} AND {bound})", [*args, seq]).fetchone()[0]
        return exists == 1

    def _explain_conflict(self, record: DeviceRecord) -> None:
        """After a unique index refused `record`'s write: raise the Conflict that names the property."""
        if (
            record.imei is not None
            and self.db.execute(
                "SELECT 1 FROM devices WHERE project = ? AND imei = ? AND deleted = 0 AND seq IS NOT ?",
                (record.project, record.imei, record.seq),
            ).fetchone()
        ):
            raise Conflict("deviceImeiAlreadyExists", "imei") from None
        for position, sim_id in enumerate(record.sim_ids):
            if self.db.execute(
                "SELECT 1 FROM device_sims WHERE project = ? AND sim_id = ? AND device_seq IS NOT ?",
                (record.project, sim_id, record.seq),
            ).fetchone():
                raise Conflict("deviceSimAlreadyUsed", f"sims.{position}") from None

    def _insert(self, db: sqlite3.Connection, record: DeviceRecord) -> None:
        # Numbers are counted here rather than read back from SQLite, which cost a third of the insert.
        # A number lost to a refused write only leaves a gap, which no order minds.
        self._last_seq += 1
        record.seq = self._last_seq
        db.execute(
            "INSERT INTO devices (seq, id, project, created_at, imei, model_id, name, user_id, metadata, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.seq,
                record.id,
                record.project,
                record.created_at,
                record.imei,
                record.model_id,
                record.name,
                record.user_id,
                orjson.dumps(record.metadata),
                record.body,
            ),
        )
        self._attach_sims(db, record)

    def _attach_sims(self, db: sqlite3.Connection, record: DeviceRecord) -> None:
        if not record.sim_ids:
            return
        db.executemany(
            "INSERT INTO device_sims (project, sim_id, device_seq, position) VALUES (?, ?, ?, ?)",
            [(record.project, sim_id, record.seq, position) for position, sim_id in enumerate(record.sim_ids)],
        )

    # Idempotent answers ------------------------------------------------------------------------------

    def idempotent_answer(self, scope: str, key: str, now: float) -> tuple[str, int, bytes] | None:
        row = self.db.execute(
            "SELECT fingerprint, status, body FROM idempotent_answers WHERE scope = ? AND key = ? AND expires_at > ?",
            (scope, key, now),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def save_idempotent_answer(self, pending: PendingAnswer, body: bytes) -> None:
        """Store the answer of a keyed request that wrote nothing (a refusal is never stored)."""
        with self.transaction() as db:
            self._store_answer(db, pending, body)
        pending.stored = True

    def insert_idempotent_answers(self, answers: list[tuple[PendingAnswer, bytes]]) -> None:
        """Store many answers in one transaction, for loading large stores (the bench)."""
        with self._lock, self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO idempotent_answers VALUES (?, ?, ?, ?, ?, ?)",
                [(p.scope, p.key, p.fingerprint, p.status, body, p.expires_at) for p, body in answers],
            )

    def _store_answer(self, db: sqlite3.Connection, pending: PendingAnswer, body: bytes) -> None:
        # Expired answers are swept at most once a second: a lookup skips them anyway (see
        # idempotent_answer), and a sweep on every keyed write cost a statement each.
        if pending.now >= self._next_sweep:
            db.execute("DELETE FROM idempotent_answers WHERE expires_at <= ?", (pending.now,))
            self._next_sweep = pending.now + SWEEP_SECONDS
        db.execute(
            "INSERT OR REPLACE INTO idempotent_answers VALUES (?, ?, ?, ?, ?, ?)",
            (pending.scope, pending.key, pending.fingerprint, pending.status, body, pending.expires_at),
        )
