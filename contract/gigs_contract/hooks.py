"""Schemathesis hooks that keep contract runs safe on a live project, registered by `register()`.

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
- Devices the run created and did not delete are deleted when the process ends. Each create and
  delete is also written to a journal in the run's work folder (`created.journal`), from which the
  parent deletes what is left when this process could not (killed after an interrupt, say).
"""

from __future__ import annotations

import atexit
import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import schemathesis

from . import _schemathesis_compat as compat
from . import spec
from .behaviour.model import ImeiSource
from .checks import schema_valid
from .leftovers import JOURNAL, CreatedDevices, delete_devices
from .target import UNKNOWN_SUFFIX, WORK_ENV

DEVICE_PATH = "/projects/{project}/devices/{device}"
DEVICES_PATH = "/projects/{project}/devices"
# A syntactically valid ID that no server issues: the suite's stand-in for a device it did not create.
FOREIGN_DEVICE = "dev_contractSuiteNeverCreatedThis"


class KnownIds:
    """The project's user and SIM IDs the run may name, and IMEIs no device has."""

    def __init__(self, users: list[str], sims: list[str]) -> None:
        self.users, self.sims = users, set(sims)
        seed = int(os.environ.get("GIGS_CONTRACT_SEED") or os.getpid())
        self._imeis = ImeiSource(seed, spec.imei_lengths(), part="schemathesis")

    @classmethod
    def from_dictionaries(cls, work: Path) -> KnownIds:
        return cls(_read_dictionary(work / "users.dict"), _read_dictionary(work / "sims.dict"))

    def fresh_imei(self, like: object) -> str:
        """An IMEI no device has, of each length the spec allows in turn."""
        # Keep the generated TAC (its first 8 digits), so that the device still gets a model when it has one.
        generated = like[:8] if isinstance(like, str) else ""
        tac = generated if len(generated) == 8 and generated.isascii() and generated.isdigit() else "35000000"
        return self._imeis.fresh(tac)

    def fit_create(self, body: dict[str, Any]) -> None:
        self.fit_references(body)
        if "imei" in body or body.get("user") is None:
            body["imei"] = self.fresh_imei(body.get("imei"))

    def fit_references(self, body: dict[str, Any]) -> None:
        if isinstance(body.get("user"), str) and body["user"] not in self.users and self.users:
            body["user"] = self.users[len(body["user"]) % len(self.users)]
        if isinstance(body.get("sims"), list):
            # Known SIMs only, each once: a dictionary's draws may repeat one, against `uniqueItems`.
            body["sims"] = list(dict.fromkeys(sim for sim in body["sims"] if sim in self.sims))


COMMA_SEPARATED = spec.comma_separated_parameters()


def _read_dictionary(path: Path) -> list[str]:
    """The entries of a libFuzzer dictionary as Target.prepare writes it: one quoted entry a line."""
    if not path.exists():
        return []
    entries = [line.strip()[1:-1] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [entry for entry in entries if not entry.endswith(UNKNOWN_SUFFIX)]


class Hooks:
    """The hooks of one run: the devices it created, and the IDs it may name."""

    def __init__(self, known: KnownIds, created: CreatedDevices | None = None) -> None:
        self.known, self.created = known, created or CreatedDevices()

    def before_call(
        self, context: schemathesis.HookContext, case: schemathesis.Case[Any], kwargs: dict[str, Any]
    ) -> None:
        if case.method in ("POST", "DELETE"):
            case.headers["Idempotency-Key"] = f"contract-{uuid.uuid4()}"
        positive = schema_valid(case)
        if case.method == "GET" and isinstance(case.query, dict):
            compat.escape_commas_in_items(case.query, COMMA_SEPARATED)
        touches_a_device = case.path == DEVICE_PATH and case.method in ("PATCH", "DELETE")
        if touches_a_device and not self.created.owns(case.path_parameters.get("device")):
            ours = self.created.pick(newest=case.method == "PATCH") if positive else None
            case.path_parameters["device"] = ours or FOREIGN_DEVICE
        if positive and isinstance(case.body, dict) and case.path in (DEVICES_PATH, DEVICE_PATH):
            if case.method == "POST" and case.path == DEVICES_PATH:
                self.known.fit_create(case.body)
            elif case.method == "PATCH":
                self.known.fit_references(case.body)

    def after_call(
        self, context: schemathesis.HookContext, case: schemathesis.Case[Any], response: schemathesis.Response
    ) -> None:
        if response.status_code >= 300 or not isinstance(case.path_parameters, dict):
            return
        if case.path == DEVICES_PATH and case.method == "POST":
            try:
                body = response.json()
            except ValueError:
                return
            if isinstance(body, dict) and isinstance(body.get("id"), str):
                self.created.created(body["id"], str(case.path_parameters.get("project")))
        elif case.path == DEVICE_PATH and case.method == "DELETE":
            self.created.deleted(str(case.path_parameters.get("device")))

    def delete_leftovers(self, transport: httpx.BaseTransport | None = None) -> None:
        """Delete what the run created and left, on the server the environment names."""
        base_url, token = os.environ.get("GIGS_BASE_URL"), os.environ.get("GIGS_TOKEN")
        if base_url and token:
            gone = delete_devices(base_url, token, self.created.live(), transport)
            for device_id in gone:
                self.created.deleted(device_id)


_registered: Hooks | None = None


def register(work: Path | None = None) -> Hooks:
    """Register the run's hooks with Schemathesis, for this process, once; the hooks registered.

    `work` holds the run's dictionaries of known IDs (GIGS_CONTRACT_WORK, else .contract/). The
    devices the run created and did not delete are deleted when the process ends."""
    global _registered
    if _registered is None:
        work = work or Path(os.environ.get(WORK_ENV) or ".contract")
        hooks = Hooks(KnownIds.from_dictionaries(work), CreatedDevices(work / JOURNAL))

        # Schemathesis marks the functions it registers, which a bound method cannot take: plain ones.
        def before_call(
            context: schemathesis.HookContext, case: schemathesis.Case[Any], kwargs: dict[str, Any]
        ) -> None:
            hooks.before_call(context, case, kwargs)

        def after_call(
            context: schemathesis.HookContext, case: schemathesis.Case[Any], response: schemathesis.Response
        ) -> None:
            hooks.after_call(context, case, response)

        schemathesis.hook(before_call)
        schemathesis.hook(after_call)
        atexit.register(hooks.delete_leftovers)
        compat.let_scenarios_start_at_project_operations()
        _registered = hooks
    return _registered
