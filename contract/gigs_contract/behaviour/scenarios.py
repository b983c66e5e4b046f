"""Sequences written down, so that every run exercises every interaction and every rule.

Random sequences find what no one thought of, but they reach a given pair (a delete, then a create
with the deleted device's IMEI) only when the draw happens to: these bring each pair of the
interaction table (interactions.py) and each rule about in every run, before the random ones. Each
is a generator over a fresh `Session`: every `yield` ends a step, after which every view is compared
with the model. A scenario that fails is recorded and the next one starts, so one bug does not hide
the rules after it. Where the project lacks what a step needs (a second user, free SIMs, a second
project), the step is left out and the report names what was not exercised.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from typing import Any, get_args

from . import probes
from .ledger import Violation
from .observe import settle
from .session import (
    DEFAULT_LIMIT,
    KEY_PROBLEMS,
    KEYED_REQUESTS,
    MAX_KEY_LENGTH,
    MAX_KEYS,
    MAX_LIMIT,
    MAX_VALUE_LENGTH,
    UNKNOWN_DEVICE,
    UNKNOWN_SIM,
    UNKNOWN_USER,
    Context,
    Session,
)

Scenario = Callable[[Session], Iterator[None]]


def _user(session: Session, index: int) -> str | None:
    users = session.model.users
    return users[index] if index < len(users) else None


def _sim(session: Session, index: int) -> list[str]:
    sims = session.model.sims
    return [sims[index]] if index < len(sims) else []


def _device(session: Session, **fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, [])}


# No bound on a device's name is documented: a long one, in any script, comes back whole.
LONG_NAME = "Анна's phone, the one with the cracked screen — " * 6


def changed_in_place(s: Session) -> Iterator[None]:
    """A device renamed, its name removed, its metadata merged: every view shows it as it is now."""
    _, device = s.create(
        _device(s, imei=s.new_imei(), user=_user(s, 0), sims=_sim(s, 0), name=LONG_NAME, metadata={"crmId": "c-1"})
    )
    yield
    if device is None:  # refused for a device of someone else's (a live project): nothing to change
        return
    s.update(device, {"name": None, "metadata": {"crmId": None, "plan": "p", "empty": ""}})
    yield
    s.update(device, {"name": LONG_NAME[::-1], "metadata": {"region": "eu"}})
    yield


def moved_to_another_user(s: Session) -> Iterator[None]:
    """A device given to another user, then to none: the former owner's list lets it go at once."""
    first, second = _user(s, 0), _user(s, 1)
    _, device = s.create(_device(s, imei=s.new_imei(), user=first))
    yield
    if device is None:
        return
    if second:
        s.update(device, {"user": second})
        yield
    s.update(device, {"user": None})
    yield


def sims_swapped(s: Session) -> Iterator[None]:
    """A device's SIM swapped for another: the one it let go is free for the next device."""
    first, second = _sim(s, 0), _sim(s, 1)
    _, device = s.create(_device(s, imei=s.new_imei(), sims=first))
    yield
    if device is None:
        return
    if second:
        s.update(device, {"sims": second})
        yield
        s.create(_device(s, imei=s.new_imei(), sims=first), keyed=False)
        yield
    s.update(device, {"sims": []})
    yield


def deleted_and_taken_again(s: Session) -> Iterator[None]:
    """A deleted device leaves every view; its IMEI and SIMs are free again; it stays a 404."""
    _, device = s.create(_device(s, imei=s.new_imei(), user=_user(s, 0), sims=_sim(s, 0), name="gone soon"))
    yield
    if device is None:
        return
    s.delete(device)
    yield
    for operation in ("delete", "retrieve", "update", "update with a bad body"):
        probes.unknown_device(s, device.id, operation)
        yield
    s.create(_device(s, imei=device.imei, sims=device.sims))
    yield


def deleted_at_the_edges(s: Session) -> Iterator[None]:
    """Deletes in the middle, at the top and at the bottom of the sequence's devices: the pages
    around each deleted ID still lead to their neighbours."""
    made = [s.create({"imei": s.new_imei(), "name": f"device {n}"})[1] for n in range(3)]
    yield
    oldest, middle, newest = made
    for device in (middle, newest, oldest):
        if device is not None:
            s.delete(device)
            yield


def duplicates_refused(s: Session) -> Iterator[None]:
    """An IMEI or a SIM a live device has is refused to the next create or update, which changes nothing."""
    sim = _sim(s, 0)
    _, device = s.create(_device(s, imei=s.new_imei(), user=_user(s, 0), sims=sim))
    yield
    if device is None:
        return
    s.create({"imei": device.imei})
    yield
    if sim:
        s.create({"imei": s.new_imei(), "sims": sim})
        yield
        s.create(
            {"imei": s.new_imei(), "user": _user(s, 0), "sims": sim}, keyed=False
        )  # no key: one write all the same
        yield
        _, other = s.create({"imei": s.new_imei()})
        yield
        if other is not None:
            s.update(other, {"sims": sim})
            yield


def references_refused(s: Session) -> Iterator[None]:
    """Users and SIMs the project does not have, neither IMEI nor user, and metadata merged past its
    bound: each refused, and nothing changes."""
    owner = _user(s, 0)
    # The refusals first, on a project as the scenario found it: what an earlier scenario's bug left
    # behind (a SIM still held, say) must not end this one before its own rules are examined.
    s.create({"name": "neither imei nor user"})
    s.create({"imei": s.new_imei(), "user": UNKNOWN_USER})
    s.create({"imei": s.new_imei(), "sims": [UNKNOWN_SIM]})
    yield
    _, device = s.create(_device(s, imei=s.new_imei(), user=owner, sims=_sim(s, 0)))
    yield
    if device is None:
        return
    s.update(device, {"user": UNKNOWN_USER})
    yield
    s.update(device, {"sims": [UNKNOWN_SIM]})
    yield
    s.update(device, {"metadata": {f"extra{n}": "x" for n in range(MAX_KEYS)}, "name": "not kept"})
    yield
    if owner:
        _, owned = s.create({"user": owner, "name": "no IMEI"})
        yield
        if owned is not None:
            s.update(owned, {"user": None})  # it would have neither IMEI nor user
            yield
    if s.ctx.other_users:
        probes.other_projects_reference(s, "user", s.ctx.other_users[0])
    if s.ctx.other_sims:
        probes.other_projects_reference(s, "sims", s.ctx.other_sims[0])


def replayed_after_an_update(s: Session) -> Iterator[None]:
    """A replayed create answers the first answer, not the device as it is now, and makes nothing."""
    _, device = s.create(_device(s, imei=s.new_imei(), user=_user(s, 0), name="first"))
    yield
    if device is None:
        return
    s.replay_create(device)
    yield
    s.update(device, {"name": "changed since"})
    yield
    s.replay_create(device)
    yield


def replayed_after_a_delete(s: Session) -> Iterator[None]:
    """After a delete, a replayed delete answers the first answer again, a replayed create does not
    bring the device back, and a replayed delete does not touch the device that took its IMEI."""
    _, device = s.create({"imei": s.new_imei(), "name": "first"})
    yield
    if device is None:
        return
    s.delete(device)
    yield
    s.replay_delete(device)
    yield
    s.replay_create(device)
    yield
    s.create({"imei": device.imei, "name": "successor"})
    yield
    s.replay_delete(device)
    yield


def keys_at_their_edges(s: Session) -> Iterator[None]:
    """A failed create's key carries a corrected retry; PATCH ignores the key; two creates at once,
    with one key or one IMEI, make one device."""
    s.retry_after_a_failure("retried")
    yield
    s.get_ignores_the_key()
    yield
    live = s.model.live()
    if live:
        s.patch_ignores_the_key(live[0])
        yield
    s.concurrent_keyed_creates()
    yield
    s.concurrent_duplicates()
    yield


def pages_of_every_size(s: Session) -> Iterator[None]:
    """Lists longer than a page: the default limit, limit 0, pages exactly as long as what is left,
    and the edges of the list; one user's list longer than a page too."""
    for limit in (0, MAX_LIMIT):
        probes.first_page(s, limit)
    owner = _user(s, 0)
    for number in range(DEFAULT_LIMIT):  # one step: with the devices already there, more than a page
        s.create(_device(s, imei=s.new_imei(), name=f"device {number}", user=owner if number % 2 else None))
    yield
    for asked in (None, 1, DEFAULT_LIMIT):
        probes.first_page(s, asked)
    probes.list_edges(s)
    if owner:
        probes.list_edges(s, user=owner)


def metadata_at_its_bounds(s: Session) -> Iterator[None]:
    """Metadata at its bounds is kept whole: ten keys of 40 characters with values of 255 (a body of some
    3 KB, which a server must take whatever its body limit); past them it is a 422 that changes nothing."""
    edges = {f"{'k' * (MAX_KEY_LENGTH - 1)}{n}": "v" * MAX_VALUE_LENGTH for n in range(MAX_KEYS - 1)}
    edges["empty"] = ""
    _, device = s.create({"imei": s.new_imei(), "name": LONG_NAME, "metadata": edges})
    yield
    if device is None:
        return
    s.update(device, {"metadata": {"empty": None, "crmId": "c-2"}})
    yield
    for flaw in get_args(probes.MetadataFlaw):
        probes.metadata_out_of_bounds(s, flaw, device)
        probes.metadata_out_of_bounds(s, flaw, None)
    yield


def queries_refused(s: Session) -> Iterator[None]:
    """Queries the API refuses, each a 422 naming the parameter: `after` with `before`, cursors that
    name no item of the list, empty filters, limits past their bounds."""
    _, device = s.create({"imei": s.new_imei(), "name": "a cursor"})
    yield
    for case in probes.QUERY_CASES:
        probes.query_refused(s, case)


def refused_before_anything(s: Session) -> Iterator[None]:
    """Wrong keys, bodies that are not JSON, devices that do not exist, another project's key: each
    refused before anything else is checked, and nothing changes."""
    _, device = s.create({"imei": s.new_imei(), "name": "kept"})
    yield
    for problem in KEY_PROBLEMS:
        for request in KEYED_REQUESTS:
            probes.key_refused(s, problem, request, device)
    for flaw in get_args(probes.BodyFlaw):
        probes.malformed_body(s, flaw)
    probes.path_not_utf8(s)
    probes.overlong_value(s)
    probes.too_large_body(s)
    for operation in ("retrieve", "update", "delete", "update with a bad body"):
        probes.unknown_device(s, UNKNOWN_DEVICE, operation)
    if s.ctx.other is not None and device is not None:
        for how in ("retrieve", "update", "delete", "list", "search"):
            probes.other_project_sees_nothing(s, device, how)
    yield


SCENARIOS: tuple[Scenario, ...] = (
    changed_in_place,
    moved_to_another_user,
    sims_swapped,
    deleted_and_taken_again,
    deleted_at_the_edges,
    duplicates_refused,
    references_refused,
    replayed_after_an_update,
    replayed_after_a_delete,
    keys_at_their_edges,
    pages_of_every_size,
    metadata_at_its_bounds,
    queries_refused,
    refused_before_anything,
)


def run(context: Context) -> list[str]:
    """Each scenario in a sequence of its own; a failure ends that scenario only. The tracebacks of
    errors in the suite's own code, which are no failure of the server's."""
    errors = []
    for turn, scenario in enumerate(SCENARIOS):
        session = Session(context, turn)
        try:
            for _ in scenario(session):
                settle(session)
            settle(session)
        except Violation:
            pass  # the ledger holds it, with its transcript
        except Exception:  # noqa: BLE001 - the suite's own error: reported as such, and the next scenario runs
            errors.append(f"in scenario {scenario.__name__}:\n{traceback.format_exc()}")
        finally:
            session.end()
    return errors
