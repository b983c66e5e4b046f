"""The API's behavioural rules, and the ledger of what each one examined and where it failed.

A rule is counted as examined only when an answer was actually compared with it: a rule that met
nothing to examine is "not run", never "passed".
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..reproduce import Step
from .wire import Wire

# Each rule, as the API states it (shared/reference/api-facts.md and openapi.yaml's descriptions).
RULES: dict[str, str] = {
    "answers_parse": "every success answer parses into the generated client's models",
    # Devices
    "device_create": "a 201 create answers the device as sent: imei, name, user, SIMs, metadata set",
    "device_retrieve": "retrieve answers the device as its last write left it",
    "device_update": "an update changes the fields it names and keeps the others",
    "metadata_merge": "metadata merges: a string sets a key, null deletes it, unnamed keys stay",
    "device_delete": "delete answers the device, then it is gone: 404 to retrieve, update and delete",
    "imei_unique": "a second live device with the same IMEI is a 422 deviceImeiAlreadyExists naming imei",
    "sim_single_device": "a SIM on another device is a 422 deviceSimAlreadyUsed naming the SIM",
    "unknown_references": "an unknown user or SIM in a body is a 422 naming the property",
    "imei_or_user": "a device needs an imei or a user: neither, or an update leaving neither, is a 422",
    "idempotent_replay": "a repeat with the same Idempotency-Key answers the first answer and writes nothing",
    "list_order": "device lists are newest first: a device created later comes first",
    "list_limit": "a page holds min(limit, what is left) items; limit defaults to 10; limit=0 is an empty page",
    "list_cursors": "moreItemsAfter/Before name the page's edge items when more follow, else null; walks agree",
    "list_deleted": "a deleted device leaves every list, and its ID keeps its place as a cursor",
    "list_filters": "user= and sim= lists hold exactly the live devices of that user or with that SIM; an empty one is a 422",
    "views_agree": "every list, filter and search shows a device as its last write left it, at once",
    "search_devices": "searchDevices answers the live devices with that IMEI, and only those",
    "cursor_errors": "after with before, or a cursor that names no item of the list, is a 422 naming it",
    "limit_bounds": "limit outside the spec's bounds is a 422 naming limit",
    "not_found": "a device that does not exist, or no longer, is a 404 notFound to every operation, before its body",
    "authentication": "no key, a malformed or unknown one, or one on another project's path is a 401, checked first",
    "request_errors": "a body that is not a JSON object in UTF-8 is a 400 malformed; another media type a 415",
    "project_isolation": "another project's devices are a 404, absent from lists and searches; its users and SIMs a 422",
    "metadata_limits": "metadata keys are 1-40 characters, values at most 255, at most 10 keys; null is a 422",
    # The device model catalogue
    "catalogue_paging": "the catalogue walks the same in every page size, both ways, with cursors at its edges",
    "catalogue_filters": "type, brand, simType and hardwareIdentifier keep the models with one of the values",
    "catalogue_search": "searchDeviceModels answers the models of the IMEI's TAC, as a device's model shows",
    "catalogue_retrieve": "retrieveDeviceModel answers the model as listed; an unknown ID is a 404",
    "catalogue_brands": "brands are the catalogue's, each once, in alphabetical order",
}


class ShrinkingDone(BaseException):  # noqa: N818 - a BaseException, so Hypothesis lets it through
    """The time to look for shorter failing sequences is up: the shortest found so far is reported."""


class Violation(AssertionError):
    """An answer broke a rule of the API."""

    def __init__(self, rule: str, operation: str, message: str) -> None:
        super().__init__(f"{rule} on {operation}: {message}")
        self.rule, self.operation, self.message = rule, operation, message
        self.transcript: list[Step] = []  # the requests that showed it, the failing one last


@dataclass
class Ledger:
    wire: Wire
    shrink_seconds: float = 10.0  # after a first failure, how long to look for shorter sequences
    answers: dict[str, set[int]] = field(default_factory=dict)  # rule → the exchanges it examined
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # The shortest failing sequence of each cause (rule and operation): one failure per cause.
    violations: dict[tuple[str, str], Violation] = field(default_factory=dict)
    _start: int = 0
    _first_failure: float | None = None

    def begin(self) -> None:
        """A new sequence of steps starts: a failure's transcript begins here."""
        if self._first_failure is not None and time.monotonic() - self._first_failure > self.shrink_seconds:
            raise ShrinkingDone
        self._start = self.wire.mark()

    @property
    def examined(self) -> dict[str, int]:
        """How many answers each rule was compared with."""
        with self._lock:
            return {rule: len(marks) for rule, marks in self.answers.items()}

    def check(self, rule: str, operation: str, holds: bool, message: str) -> None:
        if rule not in RULES:
            raise KeyError(f"no rule named {rule!r}")
        with self._lock:
            self.answers.setdefault(rule, set()).add(self.wire.mark())
        if not holds:
            violation = Violation(rule, operation, message)
            violation.transcript = self.wire.since(self._start)
            with self._lock:
                if self._first_failure is None:
                    self._first_failure = time.monotonic()
                known = self.violations.get((rule, operation))
                if known is None or len(violation.transcript) < len(known.transcript):
                    self.violations[(rule, operation)] = violation
            raise violation
