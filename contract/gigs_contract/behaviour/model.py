"""A model of the devices this run created, written from the API's rules: it predicts every answer.

The model knows only the run's own devices. On a live project other devices may exist and change
meanwhile, so predictions about lists are about the run's devices (their presence, absence and
order relative to each other), never about whole pages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

UNKNOWN: Any = object()  # a part of a device only the server can tell (its model): learned from its first answer


@dataclass
class Expected:
    """One of the run's devices as the model expects the server to answer it."""

    id: str
    order: int  # the order of creation within the run: a later device is newer
    created_at: str
    imei: str | None
    name: str | None
    user: str | None
    sims: list[str]
    metadata: dict[str, str]
    model: Any = UNKNOWN
    deleted: bool = False

    def differences(self, body: Any, *, metadata: bool | None = None) -> list[str]:
        """How a device the server answered differs from this one; [] when it does not.

        `metadata=True` compares only the metadata, `False` everything but it, None everything."""
        if not isinstance(body, dict):
            return [f"the answer is not a device object: {body!r:.80}"]
        user = body.get("user")
        answered = {
            "object": body.get("object"),
            "id": body.get("id"),
            "createdAt": body.get("createdAt"),
            "imei": body.get("imei"),
            "name": body.get("name"),
            "user": user.get("id") if isinstance(user, dict) else user,
            "sims": [s.get("id") for s in body.get("sims") or [] if isinstance(s, dict)],
            "metadata": body.get("metadata"),
        }
        expected = {
            "object": "device",
            "id": self.id,
            "createdAt": self.created_at,
            "imei": self.imei,
            "name": self.name,
            "user": self.user,
            "sims": self.sims,
            "metadata": self.metadata,
        }
        if metadata is not None:
            expected = {k: v for k, v in expected.items() if (k == "metadata") == metadata}
        found = [
            f"{name} is {answered[name]!r:.120}, expected {value!r:.120}"
            for name, value in expected.items()
            if answered[name] != value
        ]
        if self.model is not UNKNOWN and not metadata and body.get("model") != self.model:
            found.append(f"model changed to {body.get('model')!r:.120}")
        return found


@dataclass(frozen=True)
class Refusal:
    """A 422 the rules call for: its rule, the error code it must carry, the properties it may name."""

    rule: str
    properties: tuple[str, ...]
    code: str | None = None

    def names(self, properties: list[str]) -> bool:
        # A SIM is named by `sims` or by its place in the list (`sims.0`, `sims[0]`).
        return any(
            p == wanted or p.startswith((f"{wanted}.", f"{wanted}[")) for p in properties for wanted in self.properties
        )


def merge_metadata(current: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Sent:
    """A keyed write as it was first answered: what a replay with its key must answer again."""

    key: str
    fields: dict[str, Any]
    status: int
    body: Any


@dataclass
class ProjectModel:
    users: list[str]  # users of the project the sequence names
    sims: list[str]  # SIMs of the project no other device held when the run began, that the sequence uses
    max_metadata_keys: int
    devices: dict[str, Expected] = field(default_factory=dict)
    creates: dict[str, Sent] = field(default_factory=dict)  # device ID → the keyed create that made it
    deletes: dict[str, Sent] = field(default_factory=dict)  # device ID → the keyed delete that deleted it
    updated_since_create: set[str] = field(default_factory=set)
    freed_sims: dict[str, str] = field(default_factory=dict)  # SIM → the write that let it go (delete, update)
    _created: int = 0

    def live(self) -> list[Expected]:
        """The run's devices that exist, oldest first."""
        return [d for d in self.devices.values() if not d.deleted]

    def gone(self) -> list[Expected]:
        return [d for d in self.devices.values() if d.deleted]

    def imei_holder(self, imei: str | None) -> Expected | None:
        return next((d for d in self.live() if imei is not None and d.imei == imei), None)

    def sim_holder(self, sim: str) -> Expected | None:
        return next((d for d in self.live() if sim in d.sims), None)

    def free_sims(self) -> list[str]:
        return [s for s in self.sims if self.sim_holder(s) is None]

    def freed_imeis(self) -> list[str]:
        """IMEIs of deleted devices that no live device has taken since: free again."""
        return sorted({d.imei for d in self.gone() if d.imei and self.imei_holder(d.imei) is None})

    # Predictions --------------------------------------------------------------------------------

    def refusals_for_create(self, fields: dict[str, Any]) -> list[Refusal]:
        """The 422s a create must get (any one of them will do); [] when it must succeed."""
        refusals = []
        if fields.get("imei") is None and fields.get("user") is None:
            refusals.append(Refusal("imei_or_user", ("imei", "user")))
        refusals += self._reference_refusals(None, fields)
        if self.imei_holder(fields.get("imei")) is not None:
            refusals.append(Refusal("imei_unique", ("imei",), "deviceImeiAlreadyExists"))
        return refusals

    def refusals_for_update(self, device: Expected, fields: dict[str, Any]) -> list[Refusal]:
        refusals = self._reference_refusals(device, fields)
        user = fields.get("user", device.user)
        if device.imei is None and user is None:
            refusals.append(Refusal("imei_or_user", ("user", "imei")))
        if "metadata" in fields and len(merge_metadata(device.metadata, fields["metadata"])) > self.max_metadata_keys:
            refusals.append(Refusal("metadata_merge", ("metadata",)))
        return refusals

    def _reference_refusals(self, device: Expected | None, fields: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if fields.get("user") is not None and fields["user"] not in self.users:
            refusals.append(Refusal("unknown_references", ("user",)))
        for sim in fields.get("sims") or []:
            holder = self.sim_holder(sim)
            if sim not in self.sims and holder is None:
                refusals.append(Refusal("unknown_references", ("sims",)))
            elif holder is not None and holder is not device:
                refusals.append(Refusal("sim_single_device", ("sims",), "deviceSimAlreadyUsed"))
        return refusals

    # Changes ------------------------------------------------------------------------------------

    def created(self, fields: dict[str, Any], body: dict[str, Any]) -> Expected:
        """Record a device the server created; what the server alone decides is taken from its answer."""
        self._created += 1
        device = Expected(
            id=body["id"],
            order=self._created,
            created_at=body["createdAt"],
            imei=fields.get("imei"),
            name=fields.get("name"),
            user=fields.get("user"),
            sims=list(fields.get("sims") or []),
            metadata=merge_metadata({}, fields.get("metadata") or {}),
            # A device without an IMEI has no model; one with an IMEI has what the catalogue says
            # (checked against searchDeviceModels), learned from the answer.
            model=body.get("model", UNKNOWN) if fields.get("imei") else None,
        )
        self.devices[device.id] = device
        return device

    def updated(self, device: Expected, fields: dict[str, Any]) -> None:
        for name in ("name", "user"):
            if name in fields:
                setattr(device, name, fields[name])
        if "sims" in fields:
            for sim in set(device.sims) - set(fields["sims"]):
                self.freed_sims[sim] = "update"
            device.sims = list(fields["sims"])
        if "metadata" in fields:
            device.metadata = merge_metadata(device.metadata, fields["metadata"])
        self.updated_since_create.add(device.id)

    def deleted(self, device: Expected) -> None:
        device.deleted = True
        for sim in device.sims:
            self.freed_sims[sim] = "delete"


SERIALS = 10_000_000  # an IMEI's seven digits after its TAC
PARTS = ("behaviour", "schemathesis")  # each part of a run draws from a half of them of its own


class ImeiSource:
    """IMEIs no device has: a TAC and a serial of seven digits, padded to a length the spec allows.
    The serials of a run start where its seed puts them (runs on one live project seldom meet), and
    each part of the suite counts up in a half of its own without wrapping: an IMEI one part took and
    let go can never reach the other, whose transcripts could not show where it came from."""

    def __init__(self, run: int, lengths: tuple[int, ...], part: str = "behaviour") -> None:
        half = SERIALS // len(PARTS)
        self._base = (run * 7919) % half + PARTS.index(part) * half
        self._lengths, self._next, self._lock = lengths, 0, threading.Lock()

    def fresh(self, tac: str, length: int | None = None) -> str:
        """With no `length`, each allowed length in turn: generated IMEIs are nearly all of the
        shortest, and a server that refuses the others must meet some."""
        with self._lock:
            self._next += 1
            number = self._next
        length = length or self._lengths[number % len(self._lengths)]
        return f"{tac}{(self._base + number) % SERIALS:07d}".ljust(length, "7")
