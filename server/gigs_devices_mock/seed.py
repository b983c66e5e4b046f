"""Seed data: the device model catalogue, and each project's users, SIMs and starting devices.

The format is documented in README.md ("Seed data"). Every object is checked against the spec's
schemas on load, so a bad seed file fails at start-up with the object and property at fault.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

from .spec import Spec

DEFAULT_SEED_PATH = Path(__file__).resolve().parent / "seed" / "default.json"


class SeedError(ValueError):
    """The seed file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class DeviceModelEntry:
    seq: int  # position in the catalogue: later entries are newer
    body: dict[str, Any]  # the deviceModel object as the API answers it
    tacs: tuple[str, ...]  # type allocation codes: the first 8 digits of its IMEIs

    @property
    def id(self) -> str:
        return str(self.body["id"])

    @functools.cached_property
    def json(self) -> bytes:
        return orjson.dumps(self.body)


@dataclass(frozen=True)
class Catalogue:
    newest_first: tuple[DeviceModelEntry, ...]
    by_id: dict[str, DeviceModelEntry] = field(init=False)
    by_tac: dict[str, list[DeviceModelEntry]] = field(init=False)
    brands: list[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {m.id: m for m in self.newest_first})
        by_tac: dict[str, list[DeviceModelEntry]] = {}
        for model in self.newest_first:
            for tac in model.tacs:
                by_tac.setdefault(tac, []).append(model)
        object.__setattr__(self, "by_tac", by_tac)
        object.__setattr__(self, "brands", sorted({m.body["brand"] for m in self.newest_first}, key=str.casefold))

    def for_imei(self, imei: str | None) -> list[DeviceModelEntry]:
        return self.by_tac.get(imei[:8], []) if imei else []


@dataclass(frozen=True)
class ProjectSeed:
    users: dict[str, dict[str, Any]]  # user objects by ID, as the API answers them
    sims: dict[str, dict[str, Any]]
    devices: list[dict[str, Any]]  # createDevice-like records with `id` and `createdAt`


@dataclass(frozen=True)
class Seed:
    catalogue: Catalogue
    projects: dict[str, ProjectSeed]

    def project(self, name: str) -> ProjectSeed:
        """A project's seed; a project that only has a key starts with no users, SIMs or devices."""
        return self.projects.get(name) or ProjectSeed({}, {}, [])


def load_seed(spec: Spec, path: Path = DEFAULT_SEED_PATH) -> Seed:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SeedError(f"{path}: cannot read a JSON seed: {error}") from error
    if not isinstance(data, dict) or set(data) != {"deviceModels", "projects"}:
        raise SeedError(f"{path}: a seed is an object with exactly `deviceModels` and `projects`")
    check = _Checker(spec, path)
    models = []
    for index, raw in enumerate(data["deviceModels"]):
        body = check.ordered("DeviceModel", {"object": "deviceModel", **{k: v for k, v in raw.items() if k != "tacs"}})
        check("DeviceModel", body, f"deviceModels[{index}]")
        tacs = raw.get("tacs", [])
        if not all(isinstance(tac, str) and len(tac) == 8 and tac.isdigit() for tac in tacs):
            raise SeedError(f"{path}: deviceModels[{index}].tacs must be a list of 8-digit strings")
        models.append(DeviceModelEntry(index, body, tuple(tacs)))
    projects = {}
    for name, project in data["projects"].items():
        users = {u["id"]: check.ordered("User", {"object": "user", **u}) for u in project.get("users", [])}
        sims = {s["id"]: check.ordered("Sim", {"object": "sim", **s}) for s in project.get("sims", [])}
        for user in users.values():
            check("User", user, f"projects.{name}.users[{user['id']}]")
        for sim in sims.values():
            check("Sim", sim, f"projects.{name}.sims[{sim['id']}]")
        devices = sorted(project.get("devices", []), key=lambda d: d["createdAt"])
        holders: dict[str, str] = {}  # "IMEI 35…" or "SIM sim_…" → the device that has it
        for device in devices:
            where = f"projects.{name}.devices[{device.get('id')}]"
            check("DeviceCreate", {k: v for k, v in device.items() if k not in ("id", "createdAt")}, where)
            unknown = [s for s in device.get("sims", []) if s not in sims]
            if device.get("user") is not None and device["user"] not in users or unknown:
                raise SeedError(f"{path}: {where} names a user or SIM the project does not have")
            # As the API keeps them: an IMEI on one live device of a project, a SIM on one device.
            held = [f"IMEI {device['imei']}"] if device.get("imei") else []
            for thing in [*held, *(f"SIM {sim}" for sim in device.get("sims", []))]:
                if thing in holders:
                    raise SeedError(f"{path}: {where} has {thing}, which devices[{holders[thing]}] has too")
                holders[thing] = device.get("id", "?")
        projects[name] = ProjectSeed(users, sims, devices)
    return Seed(Catalogue(tuple(reversed(models))), projects)


class _Checker:
    def __init__(self, spec: Spec, path: Path) -> None:
        self.spec, self.path = spec, path
        self.validators: dict[str, jsonschema_rs.Validator] = {}

    def ordered(self, schema: str, value: dict[str, Any]) -> dict[str, Any]:
        """The object with its fields in the schema's order, as the API writes them."""
        order = self.spec.resolve({"$ref": f"#/components/schemas/{schema}"})["properties"]
        return {name: value[name] for name in order if name in value} | value

    def __call__(self, schema: str, value: Any, where: str) -> None:
        if schema not in self.validators:
            self.validators[schema] = self.spec.schema_validator(schema)
        error = next(self.validators[schema].iter_errors(value), None)
        if error is not None:
            at = ".".join(str(p) for p in error.instance_path)
            raise SeedError(f"{self.path}: {where}{'.' + at if at else ''}: {error.message}")
