"""Schemathesis hooks that keep contract runs safe on a live project, loaded by schemathesis.toml.

- Each POST and DELETE carries a fresh `Idempotency-Key`, as a real client's logical request does. A
  generated key repeats (the spec's example, short strings), and a repeated key is a replay by design,
  which would make unrelated cases answer each other's results.
- PATCH and DELETE only reach devices this run created. A schema-valid (positive) case is given one
  of them, so that it is exercised on a real device; any other case gets an ID that cannot exist, so
  a generated ID can never name a real device of a live project.
- A positive createDevice or updateDevice is made to succeed where the API's rules allow: a fresh IMEI
  (a generated or example one is often taken), a user and SIMs the project has (known IDs, written by
  gigs_contract for each run), and an IMEI when it would have neither IMEI nor user. Refusals stay
  tested: negative cases are left alone, and the behavioural suite holds each rule.
- Devices the run created and did not delete are deleted when the process ends.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import os
import re
import signal
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import schemathesis
from schemathesis import cli
from schemathesis.core.parameters import DelimitedValue, EncodedPath

from .behaviour import spec
from .behaviour.model import ImeiSource
from .behaviour.wire import CannotTest, Pace, Wire
from .checks import schema_valid  # importing the API's checks registers them with Schemathesis
from .target import UNKNOWN_SUFFIX, WORK_ENV

DEVICE_PATH = "/projects/{project}/devices/{device}"
DEVICES_PATH = "/projects/{project}/devices"
# A syntactically valid ID that no server issues: the suite's stand-in for a device it did not create.
FOREIGN_DEVICE = "dev_contractSuiteNeverCreatedThis"


class CreatedDevices:
    """The devices this run created (by ID) and whether it has deleted them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: dict[str, str] = {}  # device ID → project
        self._ever: set[str] = set()

    def created(self, device_id: str, project: str) -> None:
        with self._lock:
            self._live[device_id] = project
            self._ever.add(device_id)

    def deleted(self, device_id: str) -> None:
        with self._lock:
            self._live.pop(device_id, None)

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


CREATED = CreatedDevices()


class KnownIds:
    """The project's user and SIM IDs the run may name, and IMEIs no device has."""

    def __init__(self, users: list[str], sims: list[str]) -> None:
        self.users, self.sims = users, set(sims)
        self._imeis = ImeiSource(int(os.environ.get("GIGS_CONTRACT_SEED") or os.getpid()), spec.imei_lengths())

    @classmethod
    def from_dictionaries(cls) -> KnownIds:
        work = Path(os.environ.get(WORK_ENV) or ".contract")
        return cls(_read_dictionary(work / "users.dict"), _read_dictionary(work / "sims.dict"))

    def fresh_imei(self, like: object) -> str:
        """An IMEI no device has, of each length the spec allows in turn."""
        # Keep the generated TAC (its first 8 digits), so that the device still gets a model when it has one.
        generated = like[:8] if isinstance(like, str) else ""
        tac = generated if len(generated) == 8 and generated.isascii() and generated.isdigit() else "35000000"
        return self._imeis.fresh(tac)

    def fit_create(self, body: dict) -> None:
        self.fit_references(body)
        if "imei" in body or body.get("user") is None:
            body["imei"] = self.fresh_imei(body.get("imei"))

    def fit_references(self, body: dict) -> None:
        if isinstance(body.get("user"), str) and body["user"] not in self.users and self.users:
            body["user"] = self.users[len(body["user"]) % len(self.users)]
        if isinstance(body.get("sims"), list):
            # Known SIMs only, each once: a dictionary's draws may repeat one, against `uniqueItems`.
            body["sims"] = list(dict.fromkeys(sim for sim in body["sims"] if sim in self.sims))


COMMA_SEPARATED = spec.comma_separated_parameters()


def _escape_commas_in_items(query: dict) -> None:
    """A comma inside one item of a comma-separated list is sent double-encoded (`%252C`), as the API
    documents; Schemathesis 4.32 sends it once encoded (`%2C`), which the API reads as a separator.
    Its values arrive here already encoded, in its own string types (tied to the pinned version)."""
    for name in COMMA_SEPARATED & query.keys():
        value = query[name]
        if isinstance(value, DelimitedValue):
            query[name] = DelimitedValue(str(value), _IN_ITEM_COMMA.sub("%252C", value.encoded))
        elif isinstance(value, EncodedPath):
            query[name] = EncodedPath(_IN_ITEM_COMMA.sub("%252C", value))


_IN_ITEM_COMMA = re.compile("%2C", re.IGNORECASE)


def _read_dictionary(path: Path) -> list[str]:
    """The entries of a libFuzzer dictionary as Target.prepare writes it: one quoted entry a line."""
    if not path.exists():
        return []
    entries = [line.strip()[1:-1] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [entry for entry in entries if not entry.endswith(UNKNOWN_SUFFIX)]


KNOWN = KnownIds.from_dictionaries()


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method in ("POST", "DELETE"):
        case.headers["Idempotency-Key"] = f"contract-{uuid.uuid4()}"
    positive = schema_valid(case)
    if case.method == "GET" and isinstance(case.query, dict):
        _escape_commas_in_items(case.query)
    touches_a_device = case.path == DEVICE_PATH and case.method in ("PATCH", "DELETE")
    if touches_a_device and not CREATED.owns(case.path_parameters.get("device")):
        ours = CREATED.pick(newest=case.method == "PATCH") if positive else None
        case.path_parameters["device"] = ours or FOREIGN_DEVICE
    if positive and isinstance(case.body, dict) and case.path in (DEVICES_PATH, DEVICE_PATH):
        if case.method == "POST" and case.path == DEVICES_PATH:
            KNOWN.fit_create(case.body)
        elif case.method == "PATCH":
            KNOWN.fit_references(case.body)


@schemathesis.hook
def after_call(context, case, response):
    if response.status_code >= 300 or not isinstance(case.path_parameters, dict):
        return
    if case.path == DEVICES_PATH and case.method == "POST":
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("id"), str):
            CREATED.created(body["id"], str(case.path_parameters.get("project")))
    elif case.path == DEVICE_PATH and case.method == "DELETE":
        CREATED.deleted(case.path_parameters.get("device"))


def delete_leftovers(transport: httpx.BaseTransport | None = None) -> None:
    """Delete what the run created and left, on the server the environment names.

    Through the behavioural suite's Wire, so a 429 is waited out for its `Retry-After` rather than
    leaving the device behind: a rate limit is most likely at the end of a busy run."""
    leftovers = CREATED.live()
    base_url, token = os.environ.get("GIGS_BASE_URL"), os.environ.get("GIGS_TOKEN")
    if not leftovers or not base_url or not token:
        return
    wire = Wire(transport or httpx.HTTPTransport(), Pace(None))
    auth = {"Authorization": f"Bearer {token}"}
    with _uninterrupted(), httpx.Client(base_url=base_url, headers=auth, timeout=10, transport=wire) as client:
        for device_id, project in leftovers.items():
            try:
                response = client.delete(f"/projects/{project}/devices/{device_id}")
            except (httpx.HTTPError, CannotTest):
                continue
            if response.status_code in (200, 404):
                CREATED.deleted(device_id)


atexit.register(delete_leftovers)


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


def _interrupt(signum, frame):
    # A CI cancel sends SIGTERM to the whole group: stop as Ctrl-C does, so the atexit clean-up runs.
    raise KeyboardInterrupt


# Only in the Schemathesis process `make contract` starts: a test runner that loads these hooks keeps
# its own signal handling.
if os.environ.get("GIGS_CONTRACT_RUN") == "1":
    signal.signal(signal.SIGTERM, _interrupt)


def _let_scenarios_start_at_project_operations() -> None:
    """Let stateful scenarios start at createDevice, as our configuration allows.

    Schemathesis 4.32 starts a stateful scenario only at an operation its dependency analysis deems
    likely to succeed. It reads the `project` path parameter as a reference to a "Project" resource
    that no operation produces, so it never starts at createDevice, and create → retrieve → update →
    delete is never walked. schemathesis.toml fixes `project` to the key's project, so that input is
    no obstacle: the analysis is asked again without it. There is no setting for this, hence the
    wrapper; it is tied to the pinned version, and tests/contract checks that the chain is walked.
    """
    from schemathesis.specs.openapi import stateful

    original = stateful.is_likely_root_transition

    def is_likely_root_transition(operation, node, produced_anywhere):
        if node is not None:
            inputs = [
                slot
                for slot in node.inputs
                if not (slot.parameter_location == "path" and slot.parameter_name == "project")
            ]
            node = dataclasses.replace(node, inputs=inputs)
        return original(operation, node, produced_anywhere)

    stateful.is_likely_root_transition = is_likely_root_transition


_let_scenarios_start_at_project_operations()


@cli.handler()
class WarningsToFile(cli.EventHandler):
    """Write Schemathesis's warnings where the contract summary reads them (GIGS_CONTRACT_WARNINGS):
    the CLI prints them above its own summary, where they scroll away, and no report carries them."""

    def __init__(self, *args, **params) -> None:
        self.path = os.environ.get("GIGS_CONTRACT_WARNINGS")

    def handle_event(self, ctx, event) -> None:
        pass

    def shutdown(self, ctx) -> None:
        if not self.path:
            return
        from schemathesis.cli.commands.run.handlers.output import warning_blocks

        warnings = []
        for block in warning_blocks(ctx):
            operations = sorted({item.text for group in block.groups for item in group.items})
            text = f"{block.title}: {block.summary}" + (f" ({', '.join(operations[:5])})" if operations else "")
            # The contract verdict weighs 429s itself, over the whole run (report.MAX_RATE_LIMITED_SHARE):
            # a correct server that limits its rate may answer one operation's few cases mostly 429.
            affects_verdict = block.affects_verdict and block.title != "Rate limited"
            warnings.append({"text": text, "affects_verdict": affects_verdict})
        unresolved = len({failure.id for failure in ctx.statistic.extraction_failures})
        if unresolved:
            text = f"{unresolved} stateful links found nothing to follow in an answer (an empty list, say)"
            warnings.append({"text": text, "affects_verdict": False})
        Path(self.path).write_text(json.dumps(warnings), encoding="utf-8")
