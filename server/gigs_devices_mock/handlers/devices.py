"""Devices of a project: create, read, update, delete, list and search by IMEI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from ..backend import Answer, Backend, Call, cursor_positions, list_answer
from ..errors import PropertyError, invalid, not_found
from ..store import Conflict, DeviceFilter, DeviceRecord, PendingAnswer

_CONFLICT_MESSAGES = {
    "deviceImeiAlreadyExists": "Another device of the project already has this IMEI.",
    "deviceSimAlreadyUsed": "This SIM is already attached to another device.",
}


def load_device(backend: Backend, project: str, device_id: str) -> DeviceRecord:
    record = backend.store.device(project, device_id)
    if record is None:
        raise not_found("device", device_id)
    return record


def list_devices(backend: Backend, call: Call) -> Answer:
    query = call.query
    after, before = cursor_positions(query, lambda device_id: backend.store.cursor_position(call.project, device_id))
    page = backend.store.page(
        call.project, DeviceFilter(user=query.get("user"), sim=query.get("sim")), query["limit"], after, before
    )
    return list_answer(page.bodies, page.more_after, page.more_before)


def search_devices(backend: Backend, call: Call) -> Answer:
    # Only factory devices (no user) and devices of this project's users are found. Devices are kept
    # per project and their users checked on write, so this holds for every stored device; the check
    # stays to state the rule where it is applied.
    users = backend.seed.project(call.project).users
    page = backend.store.page(call.project, DeviceFilter(imei=call.body["imei"]), limit=200)
    found = [body for body in page.bodies if (owner := orjson.loads(body)["user"]) is None or owner["id"] in users]
    return list_answer(found, None, None)


def retrieve_device(backend: Backend, call: Call) -> Answer:
    return Answer(200, call.resource.body)


def create_device(backend: Backend, call: Call) -> Answer:
    body = call.body
    imei, user = body.get("imei"), body.get("user")
    if imei is None and user is None:
        raise invalid(
            PropertyError("imei", "give an imei, a user or both", code="propertyRequired"),
            PropertyError("user", "give an imei, a user or both", code="propertyRequired"),
            message="A device needs an imei, a user or both.",
        )
    record = new_record(backend, call.project, body)
    _check_references(backend, record)
    _save(backend, record, backend.store.insert_device, call.pending)
    return Answer(201, record.body)


def update_device(backend: Backend, call: Call) -> Answer:
    record: DeviceRecord = call.resource
    body = call.body
    if "name" in body:
        record.name = body["name"]
    if "user" in body:
        record.user_id = body["user"]
    if "sims" in body:
        record.sim_ids = body["sims"]
    if "metadata" in body:
        record.metadata = backend.merge_metadata(record.metadata, body["metadata"])
    if record.imei is None and record.user_id is None:
        raise invalid(PropertyError("user", "a device without an IMEI must keep a user"))
    _check_references(backend, record)
    _save(backend, record, backend.store.replace_device, call.pending)
    return Answer(200, record.body)


def delete_device(backend: Backend, call: Call) -> Answer:
    backend.store.delete_device(call.resource, call.pending)
    return Answer(200, call.resource.body)


def reset(backend: Backend, project: str) -> None:
    """Forget a project's devices and idempotent answers, then store its seed's devices again.

    One project only: the key that asks names it, and no key may reach another project's data."""
    backend.store.clear(project)
    records = []
    for device in backend.seed.project(project).devices:
        record = new_record(backend, project, device, device_id=device["id"], created_at=device["createdAt"])
        record.body = orjson.dumps(render(backend, record))
        records.append(record)
    backend.store.insert_devices(records)  # one transaction: the seed is stored whole or not at all


def new_record(
    backend: Backend, project: str, fields: dict[str, Any], device_id: str | None = None, created_at: str | None = None
) -> DeviceRecord:
    """A device not stored yet, from createDevice's fields; its model follows from the IMEI."""
    models = backend.seed.catalogue.for_imei(fields.get("imei"))
    return DeviceRecord(
        id=device_id or backend.new_id("dev"),
        project=project,
        created_at=created_at or backend.now(),
        imei=fields.get("imei"),
        model_id=models[0].id if models else None,
        name=fields.get("name"),
        user_id=fields.get("user"),
        sim_ids=fields.get("sims", []),
        metadata=backend.merge_metadata({}, fields["metadata"]) if "metadata" in fields else {},
    )


def _check_references(backend: Backend, record: DeviceRecord) -> None:
    project = backend.seed.project(record.project)
    problems = []
    if record.user_id is not None and record.user_id not in project.users:
        problems.append(PropertyError("user", "names no user of this project"))
    problems += [
        PropertyError(f"sims.{position}", "names no SIM of this project")
        for position, sim_id in enumerate(record.sim_ids)
        if sim_id not in project.sims
    ]
    if problems:
        raise invalid(*problems)


def _save(
    backend: Backend,
    record: DeviceRecord,
    write: Callable[[DeviceRecord, PendingAnswer | None], None],
    pending: PendingAnswer | None,
) -> None:
    record.body = orjson.dumps(render(backend, record))
    try:
        write(record, pending)
    except Conflict as conflict:
        message = _CONFLICT_MESSAGES[conflict.code]
        raise invalid(PropertyError(conflict.property, message, code=conflict.code), code=conflict.code) from None


def render(backend: Backend, record: DeviceRecord) -> dict[str, Any]:
    """The device object, with its model, SIMs and owner embedded."""
    project = backend.seed.project(record.project)
    model = None if record.model_id is None else backend.seed.catalogue.by_id.get(record.model_id)
    return {
        "object": "device",
        "id": record.id,
        "metadata": record.metadata,
        "createdAt": record.created_at,
        "imei": record.imei,
        "model": model.body if model else None,
        "name": record.name,
        "sims": [project.sims[sim_id] for sim_id in record.sim_ids],
        "user": project.users.get(record.user_id) if record.user_id else None,
    }
