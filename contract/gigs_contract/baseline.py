"""Accepted deviations: a reviewed file of known failures a team has chosen to live with, for a while.

    # contract-baseline.yaml
    accepted:
      - check: list_order            # a behavioural rule, or a Schemathesis check
        operation: listDevices       # its operationId (optional: then any operation)
        reason: "API-123: the order fix ships with the March release"
        expires: 2027-03-31          # after this day the failure counts again

A failure an entry matches is "accepted": shown on every surface as such, and no longer a reason to
fail the run. An entry that matched nothing although its check was examined is "stale" (the server
is fixed: delete the entry); an expired one accepts nothing and says so. The file is checked whole
before any request: a typo in it must not accept what nobody reviewed.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

FIELDS = {"check", "operation", "reason", "expires"}


class BaselineError(ValueError):
    """The baseline file cannot be read as one: which entry and field, and why."""


@dataclass(frozen=True)
class Entry:
    check: str
    operation: str | None  # an operationId; None for any
    reason: str
    expires: datetime.date

    def describe(self) -> str:
        where = f" on {self.operation}" if self.operation else ""
        return f"{self.check}{where} (until {self.expires.isoformat()}: {self.reason})"

    def matches(self, check: str, operation_id: str) -> bool:
        return self.check == check and self.operation in (None, operation_id)


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...]
    today: datetime.date

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.expires >= self.today]

    def expired(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.expires < self.today]

    def accepting(self, check: str, operation_id: str) -> Entry | None:
        """The active entry that accepts a failure of `check` on `operation_id`, if any."""
        return next((entry for entry in self.active() if entry.matches(check, operation_id)), None)


def load(
    path: Path, checks: Iterable[str], operation_ids: Iterable[str], today: datetime.date | None = None
) -> Baseline:
    """Read and check `path`: every entry names a known check and operation, a reason and a date."""
    known_checks, known_operations = set(checks), set(operation_ids)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read it ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        raise BaselineError(f"{path}: not YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(document, dict) or set(document) != {"accepted"} or not isinstance(document["accepted"], list):
        raise BaselineError(f"{path}: expected one key, `accepted`, holding a list of entries")
    entries = []
    for number, raw in enumerate(document["accepted"], 1):
        where = f"{path}: entry {number}"
        if not isinstance(raw, dict):
            raise BaselineError(f"{where}: expected a mapping with {', '.join(sorted(FIELDS))}")
        if unknown := sorted(set(raw) - FIELDS):
            raise BaselineError(
                f"{where}: unknown field {', '.join(unknown)} (the fields: {', '.join(sorted(FIELDS))})"
            )
        check, operation = raw.get("check"), raw.get("operation")
        if check not in known_checks:
            raise BaselineError(f"{where}: check {check!r} is neither a behavioural rule nor a Schemathesis check")
        if operation is not None and operation not in known_operations:
            raise BaselineError(f"{where}: operation {operation!r} is not an operationId of openapi.yaml")
        reason = raw.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise BaselineError(f"{where}: a reason is required: why the failure is accepted, and who decided")
        expires = raw.get("expires")
        if isinstance(expires, str):
            with contextlib.suppress(ValueError):  # then it is no date, refused below
                expires = datetime.date.fromisoformat(expires)
        if not isinstance(expires, datetime.date) or isinstance(expires, datetime.datetime):
            raise BaselineError(f"{where}: expires must be a date (YYYY-MM-DD): an acceptance ends")
        entries.append(Entry(check, operation, reason.strip(), expires))
    return Baseline(path, tuple(entries), today or datetime.date.today())
