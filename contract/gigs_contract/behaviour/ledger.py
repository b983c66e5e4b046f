"""The API's behavioural rules, and the ledger of what each one examined and where it failed.

A rule is counted as examined only when an answer was actually compared with it: a rule that met
nothing to examine is "not run", never "passed".

A failure's transcript is its reproducer, so it is kept short: the writes of its sequence (what
made the state) and the requests of the one view or step that showed the failure. The reads before
that view are dropped: the API's reads change nothing, so they cannot be what made the bug show.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..reproduce import Step
from .wire import Wire

# Each rule, as the API states it (openapi.yaml's descriptions, and the API's public reference).
RULES: dict[str, str] = {
    "answers_parse": "every success answer parses into the generated client's models",
    # Devices
    "device_create": "a 201 create answers the device as sent: imei, name, user, SIMs, metadata set",
    "device_retrieve": "retrieve answers the device as its last write left it",
    "device_update": "an update changes the fields it names and keeps the others",
    "metadata_merge": "metadata merges: a string sets a key, null deletes it, unnamed keys stay",
    "device_delete": "delete answers the device, then it is gone: 404 to retrieve, update and delete",
    "imei_unique": "a second live device with an IMEI is a 422 deviceImeiAlreadyExists naming imei; a deleted one's is free",
    "sim_single_device": "a SIM on another live device is a 422 deviceSimAlreadyUsed naming it; one let go is free",
    "unknown_references": "an unknown user or SIM in a body is a 422 naming the property",
    "imei_or_user": "a device needs an imei or a user: neither, or an update leaving neither, is a 422",
    "idempotent_replay": "a repeat with the same Idempotency-Key answers the first answer and writes nothing; GET and PATCH ignore it",
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
    "request_errors": "a body that is not a JSON object in UTF-8 is a 400 malformed, another media type a 415; any value is refused 4xx, naming what is at fault",
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


class BudgetSpent(ShrinkingDone):
    """The run's budget (--max-minutes, --max-requests) is spent: no new random sequence starts."""


class FirstFailure(BaseException):  # noqa: N818 - a BaseException, so that nothing on the way catches it
    """A run asked to stop at its first failure (the mutation score's judge) has met it."""


class Violation(AssertionError):
    """An answer broke a rule of the API."""

    def __init__(self, rule: str, operation: str, message: str) -> None:
        super().__init__(f"{rule} on {operation}: {message}")
        self.rule, self.operation, self.message = rule, operation, message
        self.transcript: list[Step] = []  # the requests that showed it, the failing one last
        # Met in a view, of a cause the run goes on past (Ledger.viewing): recorded, and the next
        # view is compared, so that one bug does not hide the rules the rest of the step holds.
        self.tolerated = False


def is_write(step: Step) -> bool:
    """Whether a request can change what the server holds (a search is a POST that only reads)."""
    return step.method in ("POST", "PATCH", "DELETE") and not step.url.split("?", 1)[0].endswith("/search")


# What a request can name that an earlier sequence made or let go: devices, SIMs and IMEIs.
_NAMED = re.compile(r"\b(?:dev_|sim_)[A-Za-z0-9]+|(?<![0-9])[0-9]{15,16}(?![0-9])")


def _named(step: Step) -> set[str]:
    return set(_NAMED.findall(f"{step.url} {step.body or ''}"))


def reduced(steps: list[Step], evidence_from: int, harmless: AbstractSet[int] = frozenset()) -> list[Step]:
    """`steps` without what came before `evidence_from` and could not have made the state: reads, and
    writes the server refused that were shown to have changed nothing (`harmless`, by position).
    What is left: the writes that made the state, then the requests of the step that showed the failure."""
    return [
        step for index, step in enumerate(steps) if index >= evidence_from or (is_write(step) and index not in harmless)
    ]


@dataclass
class Ledger:
    wire: Wire
    shrink_seconds: float = 10.0  # after a first failure, how long to look for shorter sequences
    fail_fast: bool = False  # stop the run at its first failure (FirstFailure), as a judge of mutants wants
    answers: dict[str, set[int]] = field(default_factory=dict)  # rule → the exchanges it examined
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # The shortest failing sequence of each cause (rule and operation): one failure per cause.
    violations: dict[tuple[str, str], Violation] = field(default_factory=dict)
    _start: int = 0
    _evidence: int = 0
    _first_failure: float | None = None
    _found_before: set[tuple[str, str]] = field(default_factory=set)
    _harmless: set[int] = field(default_factory=set)  # exchanges (by mark): refused writes shown to change nothing
    # Whether a failure in a view lets the next view be compared: always in the constructed scenarios,
    # which nothing shrinks; in Hypothesis's sequences, for causes an earlier round has shrunk already.
    keep_going: bool = False
    _viewing: bool = False

    def begin(self) -> None:
        """A new sequence of steps starts: a failure's transcript begins here."""
        self._start = self._evidence = self.wire.mark()

    @property
    def shrinking(self) -> bool:
        """Whether this round of Hypothesis's sequences has met a failure: the sequences it starts
        now replay and shrink it, and are no new exploration."""
        return self._first_failure is not None

    def start_shrinking_clock(self) -> None:
        """A round of Hypothesis's sequences begins: its time to shrink counts from its own first
        failure, not from one found before. A failure of a cause found before, outside a view, ends
        the round at once: its short transcript is in hand, and shrinking it again is time lost."""
        self._first_failure = None
        self._found_before = set(self.violations)

    @contextmanager
    def viewing(self) -> Iterator[None]:
        """One view of the state (a retrieve, a list walk, a search), which changes nothing: a
        failure in it of a cause the run goes on past is `tolerated`, and the caller moves on."""
        self._viewing = True
        try:
            yield
        finally:
            self._viewing = False

    def stop_when_shrunk(self) -> None:
        """Before each of Hypothesis's sequences: once a failure has had its time to be shrunk, stop."""
        if self._first_failure is not None and time.monotonic() - self._first_failure > self.shrink_seconds:
            raise ShrinkingDone

    def step(self) -> int:
        """A new step or view starts: what a failure shows begins here (earlier reads are dropped)."""
        self._evidence = self.wire.mark()
        return self._evidence

    def harmless_since(self, mark: int) -> None:
        """Every view agreed with the model after the writes since `mark` (or a probe checked its own):
        those the server refused changed nothing, and a later failure's transcript leaves them out."""
        steps = self.wire.since(mark)
        with self._lock:
            self._harmless.update(
                mark + index
                for index, step in enumerate(steps)
                if is_write(step) and step.status is not None and step.status >= 400
            )

    def _history(self, named: set[str]) -> list[Step]:
        """The writes before this sequence that named `named` (devices, SIMs, IMEIs), made one of those
        devices, or touched a device made with one of them: what left a SIM or an IMEI taken, or a
        device listed, so that the reproducer stands on its own on a fresh server."""
        earlier = [step for step in self.wire.since(0)[: self._start] if is_write(step)]
        things = {name for name in named if not name.startswith("dev_")}
        devices = {name for name in named if name.startswith("dev_")} | {
            step.created for step in earlier if step.created and any(t in (step.body or "") for t in things)
        }
        return [
            step
            for step in earlier
            if step.created in devices
            or any(f"/devices/{device}" in step.url for device in devices)
            or any(thing in (step.body or "") for thing in things)
        ]

    @property
    def examined(self) -> dict[str, int]:
        """How many answers each rule was compared with."""
        with self._lock:
            return {rule: len(marks) for rule, marks in self.answers.items()}

    def check(
        self,
        rule: str,
        operation: str,
        holds: bool,
        message: str,
        involves: Iterable[str] = (),
        until: int | None = None,
    ) -> None:
        """Count an examined answer of `rule`; raise its Violation when it does not hold. `involves`:
        devices of earlier sequences the failure is about, whose writes the transcript then begins
        with; `until`: where the failing request ends (a mark), when reads that only explain it came
        after (the failing request is a reproducer's last)."""
        if rule not in RULES:
            raise KeyError(f"no rule named {rule!r}")
        with self._lock:
            self.answers.setdefault(rule, set()).add(self.wire.mark())
        if not holds:
            violation = Violation(rule, operation, message)
            harmless = {mark - self._start for mark in self._harmless if mark >= self._start}
            steps = self.wire.since(self._start)
            if until is not None:
                steps = steps[: max(0, until - self._start)]
            evidence = steps[max(0, self._evidence - self._start) :]
            named = set(involves) | {name for step in evidence for name in _named(step)}
            violation.transcript = self._history(named) + reduced(steps, max(0, self._evidence - self._start), harmless)
            violation.tolerated = self._viewing and (self.keep_going or (rule, operation) in self._found_before)
            with self._lock:
                if violation.tolerated:
                    pass  # no round ends on it: it is shrunk already, or nothing shrinks it
                elif (rule, operation) in self._found_before:
                    self._first_failure = -math.inf
                elif self._first_failure is None:
                    self._first_failure = time.monotonic()
                known = self.violations.get((rule, operation))
                if known is None or len(violation.transcript) < len(known.transcript):
                    self.violations[(rule, operation)] = violation
            if self.fail_fast:
                raise FirstFailure
            raise violation
