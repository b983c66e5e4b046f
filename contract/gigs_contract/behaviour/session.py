"""One sequence of steps against the server, and the model that predicts every answer.

A `Session` holds a sequence's model and the writes the suite takes, each with explicit arguments
and each checking its own answer against the model: creates (keyed or not), updates, deletes,
replays of either at any later time, and the edges of idempotency. Every write is recorded as a
`Change`; observe.py's `settle` then compares every view with the model and counts the interactions
it exercised. The requests the API must refuse, and reads at a list's edges, are probes.py's.

Two drivers use it: the constructed scenarios (scenarios.py), which bring every interaction about
in every run, and the Hypothesis state machine (machine.py), which draws the arguments and finds
what no one thought of. Each sequence deletes the devices it created when it ends, and touches no
other device.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .. import spec
from . import interactions as on
from .api import Api, Reply, new_key
from .interactions import Coverage
from .ledger import BudgetSpent, Ledger
from .model import Expected, ImeiSource, ProjectModel, Refusal, Sent

MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = spec.limit_bounds()
MAX_ID_LENGTH = 64  # IDs are opaque, case-sensitive, at most 64 characters (the API's compatibility policy)
IMEI_LENGTHS = spec.imei_lengths()
MAX_KEYS, MAX_KEY_LENGTH, MAX_VALUE_LENGTH = spec.metadata_bounds()
# IDs no server issues: the suite's stand-ins for users, SIMs and devices that do not exist.
UNKNOWN_USER, UNKNOWN_SIM, UNKNOWN_DEVICE = (
    "usr_contractSuiteNeverIssued",
    "sim_contractSuiteNeverIssued",
    "dev_contractSuiteNeverIssued",
)
NO_SUCH_PROJECT = "contractSuiteNoSuchProject"
# A sequence's world is kept small, so that comparing every view after every write stays cheap:
# the users and SIMs it names (taken in turn from the project's, so the run meets them all), and
# the devices a random sequence keeps live at once.
USERS_PER_SEQUENCE, SIMS_PER_SEQUENCE, MAX_LIVE = 2, 3, 5
# Ways a request may fail to present a key of the project it names, and requests to present it on.
KEY_PROBLEMS = ("no key", "not a bearer key", "empty bearer key", "unknown key", "another project's path")
KEYED_REQUESTS = ("list", "retrieve", "create", "bad query", "models", "brands")


def _utc_timestamp(value: object) -> bool:
    """An RFC 3339 timestamp in UTC, as the API writes them: `2021-02-14T19:38:34Z` (fractions allowed)."""
    if not isinstance(value, str) or not value.endswith("Z"):
        return False
    try:
        datetime.datetime.fromisoformat(value.removesuffix("Z") + "+00:00")
    except ValueError:
        return False
    return "T" in value


def _rotated(items: list[str], start: int, count: int) -> list[str]:
    if not items:
        return []
    return [items[(start + n) % len(items)] for n in range(min(count, len(items)))]


@dataclass
class Budget:
    """What a run may spend (--max-minutes, --max-requests), checked before each random sequence: the
    scenarios always run, the random sequences stop once it is spent, and the catalogue and the
    clean-up keep what `reserve` estimates they need."""

    deadline: float | None = None  # time.monotonic() by which the run should end
    max_requests: int | None = None  # of the whole run, Schemathesis's included
    spent_before: int = 0  # requests the run made before the behavioural half
    reserve_seconds: float = 0.0
    reserve_requests: int = 0
    stopped: str | None = None  # why the random sequences stopped early, once they have

    def check(self, requests: int) -> None:
        if self.deadline is not None and time.monotonic() + self.reserve_seconds >= self.deadline:
            self.stopped = "the run's time budget (--max-minutes) was spent"
        elif (
            self.max_requests is not None and self.spent_before + requests + self.reserve_requests >= self.max_requests
        ):
            self.stopped = "the run's request budget (--max-requests) was spent"
        if self.stopped:
            raise BudgetSpent(self.stopped)


@dataclass
class Context:
    """What every sequence of a run shares: the server, the ledger and the project's known IDs."""

    api: Api
    ledger: Ledger
    users: list[str]
    free_sims: list[str]
    imeis: ImeiSource
    coverage: Coverage = field(default_factory=Coverage)
    model_of_tac: dict[str, list[Any]] = field(default_factory=dict)
    sequences: int = 0  # sequences started, shrinking's replays included: for progress
    explored: int = 0  # random sequences that explored (not replays of a failure, being shrunk): the budget
    budget: Budget = field(default_factory=lambda: Budget())
    # A second project, when one is configured: its API, and its users and SIMs (which this
    # project's writes may not name).
    other: Api | None = None
    other_users: list[str] = field(default_factory=list)
    other_sims: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One write of a step, as the interaction table tells writes apart."""

    kind: str  # one of interactions' writes
    device: Expected | None = None
    former_user: str | None = None
    freed_sims: tuple[str, ...] = ()
    named_sims: tuple[str, ...] = ()  # a refused create's SIMs
    imei: str | None = None  # a refused create's IMEI


class Session:
    def __init__(self, context: Context, turn: int) -> None:
        """`turn` picks which of the project's users and SIMs the sequence names (in turn, so that a
        run meets them all). Hypothesis draws it: a replay of a sequence must name the same ones."""
        self.ctx = context
        self.api, self.ledger = context.api, context.ledger
        self.check = self.ledger.check  # rule, operation, holds, message (and what it involves, where it ends)
        users = _rotated(context.users, turn, USERS_PER_SEQUENCE)
        sims = _rotated(context.free_sims, turn * SIMS_PER_SEQUENCE, SIMS_PER_SEQUENCE)
        self.model = ProjectModel(users, sims, MAX_KEYS)
        self.changes: list[Change] = []  # the writes since every view was last compared with the model
        self.ledger.begin()
        self.unsettled_from = self.ledger.step()  # where the writes not yet compared with every view begin
        context.sequences += 1

    def end(self) -> None:
        """Delete what the sequence created and did not delete."""
        for device in self.model.live():
            self.api.delete(device.id)

    # Checks -------------------------------------------------------------------------------------

    def saw(self, write: str, then: str) -> None:
        self.ctx.coverage.saw(write, then)

    def changed(self, change: Change) -> None:
        self.changes.append(change)

    def probed(self, mark: int) -> None:
        """A probe's checks passed, its own refusal's harmlessness among them."""
        self.ledger.harmless_since(mark)

    def expect_error(self, rule_name: str, operation: str, reply: Reply, status: int, kind: str, what: str) -> None:
        found = reply.error()[0]
        self.check(
            rule_name,
            operation,
            reply.status == status and found == kind,
            f"{what}: answered {reply.status} {found!r}, expected {status} {kind!r}",
        )

    def expect_refusal(self, operation: str, reply: Reply, refusals: list[Refusal]) -> None:
        rules = " or ".join(sorted({r.rule for r in refusals}))
        kind, code, properties = reply.error()
        rule_name = refusals[0].rule
        self.check(rule_name, operation, reply.status == 422, f"answered {reply.status}, expected 422 ({rules})")
        self.check(rule_name, operation, kind == "invalid", f"error type {kind!r}, expected 'invalid'")
        fitting = [r for r in refusals if r.names(properties) and (r.code is None or r.code == code)]
        wanted = "; ".join(f"{r.code or 'a detail'} naming {'/'.join(r.properties)}" for r in refusals)
        self.check(
            rule_name, operation, bool(fitting), f"error code {code!r}, details name {properties}: expected {wanted}"
        )

    def expect_device(self, rule_name: str, operation: str, device: Expected, reply: Reply) -> None:
        """An answer about one device: 404 notFound once it is deleted, else 200 and the device as modelled."""
        if device.deleted:
            self.check(
                "device_delete",
                operation,
                reply.status == 404 and reply.error()[0] == "notFound",
                f"the deleted device {device.id} answered {reply.status} to {operation}",
            )
            return
        self.check(rule_name, operation, reply.status == 200, f"answered {reply.status}: {reply.body!r:.200}")
        self.check(rule_name, operation, not (d := device.differences(reply.body)), "; ".join(d))

    def devices_path(self, project: str | None = None) -> str:
        return f"/projects/{project or self.api.project}/devices"

    # Writes -------------------------------------------------------------------------------------

    def new_imei(self, tac: str | None = None, length: int | None = None) -> str:
        """An IMEI no device has (the spec's example TAC names a model of the catalogue; "99" ones seldom do)."""
        return self.ctx.imeis.fresh(tac or spec.example_imei()[:8], length)

    def create(
        self, fields: dict[str, Any], key: str | None = None, *, keyed: bool = True
    ) -> tuple[Reply, Expected | None]:
        """Send a create and check its answer against the model; the device, when one was made.
        `keyed=False` sends it without an Idempotency-Key, as the API allows."""
        self.ledger.step()
        key = (key or new_key()) if keyed else None
        refusals = self.model.refusals_for_create(fields)
        # Whatever the verdict, the Api keeps what it made for the clean-up.
        reply = self.api.create(fields, key) if key else self.api.create_unkeyed(fields)
        sent = self.ledger.wire.mark()  # the create is the failing request, whatever is read after it
        if refusals:
            self._saw_refused_create(fields, refusals)
            self.changed(Change(on.CREATE_REFUSED, named_sims=tuple(fields.get("sims") or ()), imei=fields.get("imei")))
            try:
                self.expect_refusal("createDevice", reply, refusals)  # first: the failing request ends its transcript
            finally:
                if reply.status == 201 and isinstance(reply.body, dict):
                    self.api.delete(reply.body["id"])
            return reply, None
        self._saw_freed_references(fields)
        foreign, involved = self.holders(fields, reply)
        if foreign:
            return reply, None
        code = reply.error()[1]
        rule_name = {"deviceImeiAlreadyExists": "imei_unique", "deviceSimAlreadyUsed": "sim_single_device"}.get(
            code or "", "device_create"
        )
        why = self._refused_why(fields, reply, involved)
        self.check(
            rule_name, "createDevice", reply.status == 201, why, involved + self._taken(fields, code), until=sent
        )
        device = self.model.created(fields, reply.body)
        if key:
            self.model.creates[device.id] = Sent(key, dict(fields), reply.status, reply.body)
        for sim in device.sims:
            self.model.freed_sims.pop(sim, None)
        self.changed(Change(on.CREATE, device))
        differences = device.differences(reply.body)
        self.check("device_create", "createDevice", not differences, "; ".join(differences))
        self.check(
            "device_create",
            "createDevice",
            isinstance(device.id, str) and 0 < len(device.id) <= MAX_ID_LENGTH and _utc_timestamp(device.created_at),
            f"id {device.id!r:.80} (at most {MAX_ID_LENGTH} characters), createdAt {device.created_at!r}"
            " (RFC 3339 in UTC, as 2021-02-14T19:38:34Z)",
        )
        if fields.get("imei"):
            self.check_model_of(device)
        return reply, device

    @staticmethod
    def _taken(fields: dict[str, Any], code: str | None) -> list[str]:
        """What a refusal said was taken: an earlier sequence's writes that named it may be why."""
        if code == "deviceSimAlreadyUsed":
            return list(fields.get("sims") or [])
        if code == "deviceImeiAlreadyExists" and fields.get("imei"):
            return [fields["imei"]]
        return []

    def _refused_why(self, fields: dict[str, Any], reply: Reply, involved: list[str]) -> str:
        freed = {d.imei: d.id for d in self.model.gone() if d.imei}
        where = f"; the run's own {', '.join(involved)}, deleted, holds it" if involved else ""
        if not involved and reply.error()[1] in ("deviceSimAlreadyUsed", "deviceImeiAlreadyExists"):
            where = "; no device holds it now (a list by it and a search find none): a device that held it was deleted"
        if fields.get("imei") in freed:
            where = f"; its IMEI was {freed[fields['imei']]}'s, which was deleted"
        let_go = [s for s in fields.get("sims") or [] if s in self.model.freed_sims]
        if let_go:
            where += f"; {', '.join(let_go)} was let go by a {self.model.freed_sims[let_go[0]]}"
        return f"answered {reply.status}: {reply.body!r:.200}{where}"

    def _saw_refused_create(self, fields: dict[str, Any], refusals: list[Refusal]) -> None:
        rules = {r.rule for r in refusals}
        if "imei_unique" in rules:
            self.saw(on.CREATE, "create with its IMEI")
        if "sim_single_device" in rules:
            self.saw(on.CREATE, "create with its SIM")

    def _saw_freed_references(self, fields: dict[str, Any]) -> None:
        if fields.get("imei") in self.model.freed_imeis():
            self.saw(on.DELETE, "create with its IMEI")
        for sim in fields.get("sims") or []:
            freed_by = self.model.freed_sims.get(sim)
            if freed_by == "delete":
                self.saw(on.DELETE, "create with its SIM")
            elif freed_by == "update":
                self.saw(on.UPDATE_SIMS, "create with a SIM it let go")

    def holders(self, fields: dict[str, Any], reply: Reply) -> tuple[bool, list[str]]:
        """For a 422 the model did not predict (an IMEI or a SIM said to be taken): whether a device of
        someone else's holds it (on a live project, the run's own devices are not the only ones), and
        the devices of the run's earlier sequences that do, which a failure is then about."""
        _, code, _ = reply.error()
        if reply.status != 422:
            return False, []
        ours = self.api.ever_created
        found: list[str] = []
        if code == "deviceImeiAlreadyExists" and fields.get("imei"):
            search = self.api.search(fields["imei"])
            found = search.ids if search.status == 200 else []
        elif code == "deviceSimAlreadyUsed":
            for sim in fields.get("sims") or []:
                listed = self.api.list(sim=sim, limit=MAX_LIMIT)
                if listed.status == 200 and any(i not in ours for i in listed.ids):
                    self.model.sims.remove(sim)
                    return True, []
                found += listed.ids if listed.status == 200 else []
        if any(i not in ours for i in found):
            return True, []
        return False, [i for i in found if i not in self.model.devices]

    def check_model_of(self, device: Expected) -> None:
        """A device's model is what searchDeviceModels answers for its IMEI (null when nothing)."""
        assert device.imei is not None
        tac = device.imei[:8]
        if tac not in self.ctx.model_of_tac:
            found = self.api.search_models(device.imei)
            if found.status != 200:
                return
            self.ctx.model_of_tac[tac] = found.body["items"]
        models = self.ctx.model_of_tac[tac]
        self.check(
            "catalogue_search",
            "createDevice",
            device.model in models if models else device.model is None,
            f"the device of IMEI {device.imei} has model {device.model!r:.100}; searchDeviceModels answers"
            f" {[m.get('id') for m in models]}",
        )

    def update(self, device: Expected, fields: dict[str, Any]) -> Reply:
        """Send an update and check its answer: the device as changed, or the refusal the rules call for
        and the device as it was."""
        self.ledger.step()
        refusals = self.model.refusals_for_update(device, fields)
        if any(r.rule == "sim_single_device" for r in refusals):
            self.saw(on.CREATE, "update of another device to its SIM")
        reply = self.api.update(device.id, fields)
        sent = self.ledger.wire.mark()
        if refusals:
            self.changed(Change(on.UPDATE_REFUSED, device))
            self.expect_refusal("updateDevice", reply, refusals)
            after = self.api.retrieve(device.id)  # a refused update changes nothing
            self.check(
                "device_update",
                "retrieveDevice",
                not (d := device.differences(after.body)),
                f"after a refused update: {'; '.join(d)}",
            )
            return reply
        self._saw_freed_references(fields)
        foreign, involved = self.holders(fields, reply)
        if foreign:
            return reply
        code = reply.error()[1]
        rule_name = {"deviceSimAlreadyUsed": "sim_single_device"}.get(code or "", "device_update")
        why = self._refused_why(fields, reply, involved)
        self.check(
            rule_name, "updateDevice", reply.status == 200, why, involved + self._taken(fields, code), until=sent
        )
        former_user, former_sims = device.user, list(device.sims)
        self.model.updated(device, fields)
        for sim in device.sims:
            if sim not in former_sims:
                self.model.freed_sims.pop(sim, None)
        if "user" in fields and fields["user"] != former_user:
            self.changed(Change(on.UPDATE_USER, device, former_user=former_user))
        if "sims" in fields and set(fields["sims"]) != set(former_sims):
            self.changed(Change(on.UPDATE_SIMS, device, freed_sims=tuple(set(former_sims) - set(device.sims))))
        self.changed(Change(on.UPDATE, device))
        self.check(
            "device_update", "updateDevice", not (d := device.differences(reply.body, metadata=False)), "; ".join(d)
        )
        if "metadata" in fields:
            self.check(
                "metadata_merge", "updateDevice", not (d := device.differences(reply.body, metadata=True)), "; ".join(d)
            )
        return reply

    def delete(self, device: Expected, key: str | None = None) -> Reply:
        """Delete `device`: it answers the device, then it is gone. A deleted one is a 404."""
        self.ledger.step()
        key = key or new_key()
        was_deleted = device.deleted
        reply = self.api.delete(device.id, key)
        if was_deleted:
            self.saw(on.DELETE, "delete of it")
            self.expect_device("device_delete", "deleteDevice", device, reply)
            return reply
        self.expect_device("device_delete", "deleteDevice", device, reply)
        self.model.deleted(device)
        self.model.deletes[device.id] = Sent(key, {}, reply.status, reply.body)
        self.changed(Change(on.DELETE, device, former_user=device.user, freed_sims=tuple(device.sims)))
        return reply

    def replay_create(self, device: Expected) -> None:
        """The create that made `device`, sent again with its key, at any later time: it answers the
        first answer (not the device as it is now) and writes nothing (no device, none revived)."""
        first = self.model.creates[device.id]
        self.ledger.step()
        if device.deleted:
            self.saw(on.DELETE, "replay of its create")
        elif device.id in self.model.updated_since_create:
            self.saw(on.UPDATE, "replay of its create")
        again = self.api.create(first.fields, first.key)
        made = again.body.get("id") if again.status == 201 and isinstance(again.body, dict) else None
        if made and made not in self.model.devices:
            self.api.delete(made)  # a second device: a broken replay; the suite cleans up after it
        self.changed(Change(on.REPLAYED_CREATE, device))
        self.check(
            "idempotent_replay",
            "createDevice",
            (again.status, again.body) == (first.status, first.body),
            f"a replay answered {again.status} {again.body!r:.160}, the first {first.status} {first.body!r:.160}",
        )

    def replay_delete(self, device: Expected) -> None:
        """The delete of `device`, sent again with its key: the first answer again, and nothing deleted
        (a device that took its IMEI since stays)."""
        first = self.model.deletes[device.id]
        self.ledger.step()
        if device.imei and self.model.imei_holder(device.imei) is not None:
            self.saw(on.CREATE, "replay of a delete that freed its IMEI")
        again = self.api.delete(device.id, first.key)
        self.changed(Change(on.REPLAYED_DELETE, device))
        self.check(
            "idempotent_replay",
            "deleteDevice",
            (again.status, again.body) == (first.status, first.body),
            f"a replayed delete answered {again.status} {again.body!r:.160}, the first {first.status}",
        )

    def retry_after_a_failure(self, name: str | None) -> None:
        """A failed request is not kept: its Idempotency-Key may carry a corrected retry, which is
        carried out (a new device), not answered the failure again."""
        key = new_key()
        refused, _ = self.create({"imei": self.new_imei(), "user": UNKNOWN_USER}, key)
        self.saw(on.CREATE_REFUSED, "create again with its key")
        fields = {"imei": self.new_imei(), **({"name": name} if name is not None else {})}
        self.ledger.step()
        reply = self.api.create(fields, key)
        self.check(
            "idempotent_replay",
            "createDevice",
            reply.status == 201,
            f"a corrected retry of a failed create, with its key, answered {reply.status} {reply.body!r:.150}",
        )
        device = self.model.created(fields, reply.body)
        self.model.creates[device.id] = Sent(key, fields, reply.status, reply.body)
        self.changed(Change(on.CREATE, device))
        self.check("device_create", "createDevice", not (found := device.differences(reply.body)), "; ".join(found))

    def patch_ignores_the_key(self, device: Expected) -> None:
        """The Idempotency-Key is ignored on PATCH: two updates with one key both take effect."""
        key = new_key()
        for name in ("first name", "second name"):
            self.ledger.step()
            reply = self.api.update(device.id, {"name": name}, key)
            self.check("idempotent_replay", "updateDevice", reply.status == 200, f"answered {reply.status}")
            self.model.updated(device, {"name": name})
            self.changed(Change(on.UPDATE, device))
            self.check(
                "idempotent_replay",
                "updateDevice",
                not (found := device.differences(reply.body)),
                f"a PATCH repeating an Idempotency-Key was not carried out: {'; '.join(found)}",
            )

    def get_ignores_the_key(self) -> None:
        """The Idempotency-Key is ignored on GET: a list read again with the same key answers the list
        as it is now (with the device created in between), not the first answer."""
        key = new_key()
        headers = {"Idempotency-Key": key}
        self.ledger.step()
        self.api.raw("GET", self.devices_path(), headers=headers, params={"limit": "1"})
        _, device = self.create({"imei": self.new_imei(), "name": "made between two reads"})
        if device is None:
            return
        self.ledger.step()
        again = self.api.raw("GET", self.devices_path(), headers=headers, params={"limit": "1"})
        items = again.body.get("items") if again.status == 200 and isinstance(again.body, dict) else None
        first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
        self.check(
            "idempotent_replay",
            "listDevices",
            first.get("id") == device.id,
            f"a list read again with its Idempotency-Key answered {again.status} {again.body!r:.200}, without"
            f" {device.id}, made in between: a GET ignores the key",
        )

    def concurrent_keyed_creates(self) -> None:
        """Two creates with one key at once make one device: each is answered it (a replay) or a 409."""
        self.ledger.step()
        fields = {"imei": self.new_imei()}
        key = new_key()
        replies = self.at_once(lambda: self.api.create(fields, key), lambda: self.api.create(fields, key))
        made = {r.body["id"]: r for r in replies if r.status == 201 and isinstance(r.body, dict) and "id" in r.body}
        if made:
            first = next(iter(made.values()))
            device = self.model.created(fields, first.body)
            self.model.creates[device.id] = Sent(key, fields, first.status, first.body)
            self.changed(Change(on.CREATE, device))
        statuses = sorted(r.status for r in replies)
        try:
            self.check(
                "idempotent_replay",
                "createDevice",
                len(made) == 1 and set(statuses) <= {201, 409},
                f"two creates at once with one key answered {statuses}, making {len(made)} devices",
            )
        finally:
            for extra in list(made)[1:]:
                self.api.delete(extra)

    def concurrent_duplicates(self) -> None:
        """Two creates of one new IMEI at once: exactly one device is made."""
        self.ledger.step()
        imei = self.new_imei()
        replies = self.at_once(lambda: self.api.create({"imei": imei}), lambda: self.api.create({"imei": imei}))
        made = [r for r in replies if r.status == 201]
        if made:
            self.changed(Change(on.CREATE, self.model.created({"imei": imei}, made[0].body)))
        statuses = sorted(r.status for r in replies)
        codes = [r.error()[1] for r in replies if r.status != 201]
        try:
            self.check(
                "imei_unique",
                "createDevice",
                statuses == [201, 422] and codes == ["deviceImeiAlreadyExists"],
                f"two concurrent creates of IMEI {imei} answered {statuses} {codes}",
            )
        finally:
            for extra in made[1:]:
                self.api.delete(extra.body["id"])

    @staticmethod
    def at_once(*calls: Any) -> list[Reply]:
        """Each call in a thread of its own, started together; their replies in the calls' order."""
        replies: list[Any] = [None] * len(calls)
        raised: list[BaseException] = []
        start = threading.Barrier(len(calls))

        def one(index: int) -> None:
            try:
                start.wait(timeout=30)
                replies[index] = calls[index]()
            except threading.BrokenBarrierError:
                return  # the caller was interrupted before every call started: none is sent
            except BaseException as error:  # noqa: BLE001 - raised again in the calling thread
                raised.append(error)

        # Daemon threads, and a barrier broken on the way out: an interrupt while they start must
        # neither leave one waiting for the others nor keep the process from exiting.
        threads = [threading.Thread(target=one, args=(index,), daemon=True) for index in range(len(calls))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            start.abort()
        if raised:
            raise raised[0]
        return replies
