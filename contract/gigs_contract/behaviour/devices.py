"""The devices of a project as a Hypothesis state machine: every answer is compared with the model.

Rules act on the server through the generated client (creates, retrieves, updates, deletes, list
walks, filters, searches, idempotent replays, concurrent duplicates, error cases); `ProjectModel`
predicts each answer. A difference fails with the shortest sequence of steps Hypothesis finds.
Each sequence deletes the devices it created when it ends, and touches no other device.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from .. import spec
from . import pages
from .api import Api, Reply, new_key
from .ledger import Ledger
from .model import Expected, ImeiSource, ProjectModel, Refusal
from .pages import DEVICE_PAGES

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


def _utc_timestamp(value: object) -> bool:
    """An RFC 3339 timestamp in UTC, as the API writes them: `2021-02-14T19:38:34Z` (fractions allowed)."""
    if not isinstance(value, str) or not value.endswith("Z"):
        return False
    try:
        datetime.datetime.fromisoformat(value.removesuffix("Z") + "+00:00")
    except ValueError:
        return False
    return "T" in value


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20)
# No bound on a device's name is documented: long names must come back whole.
names = (
    st.none() | text | st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=51, max_size=300)
)
metadata_keys = st.sampled_from(["crmId", "plan", "region", "k" * MAX_KEY_LENGTH, "", "x"]).filter(bool) | st.text(
    st.characters(min_codepoint=48, max_codepoint=122), min_size=1, max_size=MAX_KEY_LENGTH
)
metadata_values = st.none() | st.just("") | text | st.just("v" * MAX_VALUE_LENGTH)


def metadata_changes(current: dict[str, str] | None = None) -> st.SearchStrategy[dict[str, str | None]]:
    """Changes to metadata; for an update, often to the keys the device has (to delete or overwrite them)."""
    keys = st.sampled_from(sorted(current)) | metadata_keys if current else metadata_keys
    return st.dictionaries(keys, metadata_values, max_size=MAX_KEYS)


@dataclass
class Context:
    """What every sequence of steps shares: the server, the ledger and the project's known IDs."""

    api: Api
    ledger: Ledger
    users: list[str]
    free_sims: list[str]
    imeis: ImeiSource
    model_of_tac: dict[str, list[Any]] = field(default_factory=dict)
    sequences: int = 0  # sequences started, shrinking's replays included: for progress
    # A second project, when one is configured: its API, and its users and SIMs (which this
    # project's writes may not name).
    other: Api | None = None
    other_users: list[str] = field(default_factory=list)
    other_sims: list[str] = field(default_factory=list)


class DeviceMachine(RuleBasedStateMachine):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.ctx = context
        self.api, self.ledger = self.ctx.api, self.ctx.ledger
        self.model = ProjectModel(list(self.ctx.users), list(self.ctx.free_sims), MAX_KEYS)
        self.ledger.begin()
        self.ctx.sequences += 1

    def teardown(self) -> None:
        for device in self.model.live():
            self.api.delete(device.id)

    # Helpers ------------------------------------------------------------------------------------

    def check(self, rule_name: str, operation: str, holds: bool, message: str) -> None:
        self.ledger.check(rule_name, operation, holds, message)

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
                f"a deleted device answered {reply.status} to {operation}",
            )
            return
        self.check(rule_name, operation, reply.status == 200, f"answered {reply.status}: {reply.body!r:.200}")
        self.check(rule_name, operation, not (d := device.differences(reply.body)), "; ".join(d))

    def fields_for_create(self, data: st.DataObject, flaw: str | None) -> dict[str, Any]:
        with_imei, with_user = data.draw(st.sampled_from([(True, False), (False, True), (True, True)]), "imei/user")
        fields: dict[str, Any] = {}
        if with_imei or flaw == "duplicate imei":
            fields["imei"] = self.new_imei(data)
        if with_user:
            fields["user"] = data.draw(st.sampled_from(self.model.users), "user") if self.model.users else UNKNOWN_USER
        free = self.model.free_sims()
        if free and data.draw(st.booleans(), "with sims"):
            fields["sims"] = data.draw(st.lists(st.sampled_from(free), max_size=2, unique=True), "sims")
        if data.draw(st.booleans(), "with name"):
            fields["name"] = data.draw(names, "name")
        if data.draw(st.booleans(), "with metadata"):
            fields["metadata"] = data.draw(metadata_changes(), "metadata")
        if flaw == "neither imei nor user":
            fields.pop("imei", None), fields.pop("user", None)
        elif flaw == "unknown user":
            fields["user"] = UNKNOWN_USER
        elif flaw == "unknown SIM":
            fields["sims"] = [UNKNOWN_SIM]
        elif flaw == "duplicate imei" and self.model.live():
            fields["imei"] = data.draw(
                st.sampled_from([d.imei for d in self.model.live() if d.imei] or [fields["imei"]])
            )
        elif flaw == "SIM on another device":
            taken = [s for d in self.model.live() for s in d.sims]
            if taken:
                fields["sims"] = [data.draw(st.sampled_from(taken), "taken SIM")]
        return fields

    def new_imei(self, data: st.DataObject) -> str:
        # The spec's example IMEI names a model of the catalogue; "99" TACs are unlikely to name one.
        tac = data.draw(st.sampled_from([spec.example_imei()[:8], "99000000"]), "TAC")
        return self.ctx.imeis.fresh(tac, data.draw(st.sampled_from(IMEI_LENGTHS), "IMEI length"))

    def create(self, fields: dict[str, Any], key: str | None = None) -> tuple[Reply, Expected | None]:
        """Send a create and check its answer against the model; the device, when one was made."""
        refusals = self.model.refusals_for_create(fields)
        reply = self.api.create(fields, key)  # whatever the verdict, the Api keeps what it made for the clean-up
        if refusals:
            try:
                self.expect_refusal("createDevice", reply, refusals)  # first: the failing request ends its transcript
            finally:
                if reply.status == 201 and isinstance(reply.body, dict):
                    self.api.delete(reply.body["id"])
            return reply, None
        if reply.status == 422 and self.explained_by_others(fields, reply):
            return reply, None
        self.check(
            "device_create", "createDevice", reply.status == 201, f"answered {reply.status}: {reply.body!r:.200}"
        )
        device = self.model.created(fields, reply.body)
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

    def explained_by_others(self, fields: dict[str, Any], reply: Reply) -> bool:
        """Whether a 422 the model did not predict is due to a device of someone else (live projects)."""
        _, code, _ = reply.error()
        if code == "deviceImeiAlreadyExists" and fields.get("imei"):
            found = self.api.search(fields["imei"])
            return found.status == 200 and any(i not in self.model.devices for i in found.ids)
        if code == "deviceSimAlreadyUsed":
            for sim in fields.get("sims") or []:
                holders = self.api.list(sim=sim, limit=MAX_LIMIT)
                if holders.status == 200 and any(i not in self.model.devices for i in holders.ids):
                    self.model.sims.remove(sim)
                    return True
        return False

    def check_model_of(self, device: Expected) -> None:
        """A device's model is what searchDeviceModels answers for its IMEI (null when nothing)."""
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
            f"the device of IMEI {device.imei} has model {device.model!r:.100}; searchDeviceModels answers {[m.get('id') for m in models]}",
        )

    def walk(self, limit: int | None, **query: Any) -> list[dict[str, Any]]:
        """Page the device list from its start, as a client does, until the run's live devices are all seen."""
        wanted = {d.id for d in self.model.live()}
        return pages.walk(
            self.ledger.check,
            DEVICE_PAGES,
            lambda **paging: self.api.list(**query, **paging),
            limit,
            done=lambda items: wanted <= {item["id"] for item in items},
        )

    def check_order(self, operation: str, items: list[dict[str, Any]], devices: list[Expected]) -> None:
        """The run's devices among `items` are newest first, and the list's timestamps never rise."""
        times = [item.get("createdAt") or "" for item in items]
        rising = next((i for i in range(1, len(times)) if times[i] > times[i - 1]), None)
        self.check(
            "list_order",
            operation,
            rising is None,
            f"{items[rising]['id'] if rising else ''} (createdAt {times[rising] if rising else ''}) follows an older device",
        )
        own = [item["id"] for item in items if item["id"] in self.model.devices]
        newest_first = [d.id for d in sorted(devices, key=lambda d: -d.order) if d.id in own]
        self.check(
            "list_order",
            operation,
            own == newest_first,
            f"the run's devices come as {own}, newest first is {newest_first}",
        )

    def check_view(
        self, rule_name: str, operation: str, query: str, items: list[dict[str, Any]], expected: list[Expected]
    ) -> None:
        """What a list, filter or search answered, against the model: of the run's devices, exactly
        `expected` (none deleted), each as its last write left it."""
        own = [item for item in items if isinstance(item, dict) and item.get("id") in self.model.devices]
        gone = [item["id"] for item in own if self.model.devices[item["id"]].deleted]
        self.check("list_deleted", operation, not gone, f"{query} still answers deleted devices {gone[:3]}")
        ids = [item["id"] for item in own]
        missing = [d.id for d in expected if d.id not in ids]
        self.check(rule_name, operation, not missing, f"{query} leaves out {missing[:3]}, which it should answer")
        wanted = {d.id for d in expected}
        extra = [i for i in ids if i not in wanted]
        self.check(rule_name, operation, not extra, f"{query} answers {extra[:3]}, which it should not")
        for item in own:
            found = self.model.devices[item["id"]].differences(item)
            self.check("views_agree", operation, not found, f"{query} shows {item['id']} as it was: {'; '.join(found)}")

    # Rules --------------------------------------------------------------------------------------

    @initialize(data=st.data(), count=st.integers(1, 3))
    def start_with_devices(self, data: st.DataObject, count: int) -> None:
        """Every sequence starts with devices of its own. Hypothesis leaves rules out of a sequence at
        random (swarm testing); without this, one that leaves out creates tests no update or delete."""
        for _ in range(count):
            self.create(self.fields_for_create(data, None))
        # And with an update of one of them, whatever rules the sequence leaves out: the edges of an
        # update (a null name, a user unset, SIMs detached, metadata keys deleted) are met every run.
        if self.model.live():
            self.update(data.draw(st.sampled_from(self.model.live()), "device to update"), data, None)

    @rule(
        data=st.data(),
        flaw=st.sampled_from(
            [
                None,
                None,
                None,
                "neither imei nor user",
                "unknown user",
                "unknown SIM",
                "duplicate imei",
                "SIM on another device",
            ]
        ),
    )
    def create_device(self, data: st.DataObject, flaw: str | None) -> None:
        self.create(self.fields_for_create(data, flaw))

    @rule(data=st.data(), count=st.integers(2, 12))
    def create_many(self, data: st.DataObject, count: int) -> None:
        """Enough devices that default and small page sizes are full (a list longer than its page); each
        with a name and metadata for later updates to change or remove."""
        for number in range(count):
            self.create({"imei": self.new_imei(data), "name": f"device {number}", "metadata": {"crmId": f"c-{number}"}})

    @precondition(lambda self: self.model.devices)
    @rule(data=st.data())
    def retrieve_device(self, data: st.DataObject) -> None:
        device = data.draw(st.sampled_from(list(self.model.devices.values())), "device")
        self.expect_device("device_retrieve", "retrieveDevice", device, self.api.retrieve(device.id))

    @precondition(lambda self: self.model.live())
    @rule(
        data=st.data(),
        flaw=st.sampled_from(
            [
                None,
                None,
                None,
                "unknown user",
                "unknown SIM",
                "SIM on another device",
                "metadata past its bound",
                "no imei nor user",
            ]
        ),
    )
    def update_device(self, data: st.DataObject, flaw: str | None) -> None:
        self.update(data.draw(st.sampled_from(self.model.live()), "device"), data, flaw)

    def update(self, device: Expected, data: st.DataObject, flaw: str | None) -> None:
        """Send an update drawn for `device` (with `flaw`, one the rules refuse) and check its answer."""
        fields: dict[str, Any] = {}
        if data.draw(st.booleans(), "change name"):
            fields["name"] = data.draw(names, "name")
        if device.imei is not None and data.draw(st.booleans(), "change user"):
            fields["user"] = data.draw(st.none() | st.sampled_from(self.model.users or [UNKNOWN_USER]), "user")
        free = self.model.free_sims() + device.sims
        if data.draw(st.booleans(), "change sims"):
            fields["sims"] = data.draw(
                st.lists(st.sampled_from(free), max_size=2, unique=True) if free else st.just([]), "sims"
            )
        if data.draw(st.booleans(), "change metadata"):
            fields["metadata"] = data.draw(metadata_changes(device.metadata), "metadata")
        if flaw == "unknown user":
            fields["user"] = UNKNOWN_USER
        elif flaw == "unknown SIM":
            fields["sims"] = [UNKNOWN_SIM]
        elif flaw == "SIM on another device":
            taken = [s for d in self.model.live() if d is not device for s in d.sims]
            if taken:
                fields["sims"] = [data.draw(st.sampled_from(taken), "taken SIM")]
        elif flaw == "metadata past its bound":
            fields["metadata"] = {f"extra{n}": "x" for n in range(MAX_KEYS + 1 - len(device.metadata))}
            fields["metadata"] = dict(list(fields["metadata"].items())[:MAX_KEYS])
        elif flaw == "no imei nor user" and device.imei is None:
            fields["user"] = None
        refusals = self.model.refusals_for_update(device, fields)
        reply = self.api.update(device.id, fields)
        if refusals:
            self.expect_refusal("updateDevice", reply, refusals)
            after = self.api.retrieve(device.id)  # a refused update changes nothing
            self.check(
                "device_update",
                "retrieveDevice",
                not (d := device.differences(after.body)),
                f"after a refused update: {'; '.join(d)}",
            )
            return
        if reply.status == 422 and self.explained_by_others(fields, reply):
            return
        self.check(
            "device_update", "updateDevice", reply.status == 200, f"answered {reply.status}: {reply.body!r:.200}"
        )
        self.model.updated(device, fields)
        self.check(
            "device_update", "updateDevice", not (d := device.differences(reply.body, metadata=False)), "; ".join(d)
        )
        if "metadata" in fields:
            self.check(
                "metadata_merge", "updateDevice", not (d := device.differences(reply.body, metadata=True)), "; ".join(d)
            )

    @precondition(lambda self: self.model.devices)
    @rule(data=st.data(), replay=st.booleans())
    def delete_device(self, data: st.DataObject, replay: bool) -> None:
        device = data.draw(st.sampled_from(list(self.model.devices.values())), "device")
        key = new_key()
        reply = self.api.delete(device.id, key)
        was_deleted = device.deleted
        self.expect_device("device_delete", "deleteDevice", device, reply)
        if was_deleted:
            return
        device.deleted = True
        if replay:
            again = self.api.delete(device.id, key)
            self.check(
                "idempotent_replay",
                "deleteDevice",
                (again.status, again.body) == (reply.status, reply.body),
                f"a replayed delete answered {again.status}, the first {reply.status}",
            )
        after = self.api.retrieve(device.id)
        self.check(
            "device_delete",
            "retrieveDevice",
            after.status == 404,
            f"a deleted device answered {after.status} to retrieve",
        )

    @rule(data=st.data())
    def replay_create(self, data: st.DataObject) -> None:
        fields = self.fields_for_create(data, None)
        key = new_key()
        first, device = self.create(fields, key)
        again = self.api.create(fields, key)
        if (
            again.status == 201
            and isinstance(again.body, dict)
            and again.body.get("id") != (device.id if device else None)
        ):
            self.api.delete(again.body["id"])
        self.check(
            "idempotent_replay",
            "createDevice",
            (again.status, again.body) == (first.status, first.body),
            f"a replay answered {again.status} {again.body!r:.120}, the first {first.status} {first.body!r:.120}",
        )

    @rule(data=st.data())
    def concurrent_duplicates(self, data: st.DataObject) -> None:
        """Two creates of one new IMEI at once: exactly one device is made."""
        imei = self.new_imei(data)
        replies = self.at_once(lambda: self.api.create({"imei": imei}), lambda: self.api.create({"imei": imei}))
        made = [r for r in replies if r.status == 201]
        if made:
            self.model.created({"imei": imei}, made[0].body)
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

    @rule(limit=st.none() | st.integers(MIN_LIMIT, MAX_LIMIT) | st.sampled_from([MIN_LIMIT, MAX_LIMIT, 1]))
    def first_page(self, limit: int | None) -> None:
        reply = self.api.list(**({"limit": limit} if limit is not None else {}))
        self.check(
            "list_limit",
            "listDevices",
            reply.status == 200,
            f"limit={limit} answered {reply.status}: {reply.body!r:.200}",
        )
        size = DEFAULT_LIMIT if limit is None else limit
        pages.check_page(self.ledger.check, DEVICE_PAGES, reply, limit, first=True)
        known = len(self.model.live())  # the list holds at least the run's own live devices
        self.check(
            "list_limit",
            "listDevices",
            len(reply.ids) >= min(size, known),
            f"limit={limit} answered {len(reply.ids)} items, though at least {known} exist",
        )
        if known > size > 0:
            self.check(
                "list_limit",
                "listDevices",
                reply.body["moreItemsAfter"] is not None,
                f"limit={limit}: {known} devices exist, yet moreItemsAfter is null",
            )

    @rule(limit=st.none() | st.integers(1, 12) | st.just(MAX_LIMIT))
    def walk_the_list(self, limit: int | None) -> None:
        items = self.walk(limit)
        ids = {item["id"] for item in items}
        missing = [d.id for d in self.model.live() if d.id not in ids]
        self.check(
            "list_cursors", "listDevices", not missing, f"walking with limit={limit} never reached {missing[:3]}"
        )
        self.check_view("list_cursors", "listDevices", f"walking with limit={limit}", items, self.model.live())
        self.check_order("listDevices", items, self.model.live())
        self.walk_back("listDevices", items, limit)

    def walk_back(self, operation: str, forward: list[dict[str, Any]], limit: int | None) -> None:
        """From the walk's last item, `before` pages lead back to its start, each page newest first."""
        if len(forward) < 2:
            return
        cursor, back = forward[-1]["id"], []
        for _ in range(200):
            page = self.api.list(before=cursor, **({"limit": limit} if limit is not None else {}))
            self.check("list_cursors", operation, page.status == 200, f"before={cursor} answered {page.status}")
            if page.body["moreItemsAfter"] is not None:
                self.check(
                    "list_cursors",
                    operation,
                    page.body["moreItemsAfter"] == page.ids[-1],
                    "moreItemsAfter is not the last item's ID",
                )
            back = page.body["items"] + back
            cursor = page.body["moreItemsBefore"]
            if cursor is None or not page.ids:
                break
        own = [d.id for d in self.model.live()]
        forward_own = [i["id"] for i in forward[:-1] if i["id"] in own]
        back_own = [i["id"] for i in back if i["id"] in own]
        self.check(
            "list_cursors",
            operation,
            back_own == forward_own,
            f"walking back with before= gives {back_own}, forward gave {forward_own}",
        )

    @precondition(lambda self: self.model.gone())
    @rule(data=st.data(), side=st.sampled_from(["after", "before"]))
    def page_from_a_deleted_device(self, data: st.DataObject, side: str) -> None:
        gone = data.draw(st.sampled_from(self.model.gone()), "deleted device")
        reply = self.api.list(**{side: gone.id, "limit": MAX_LIMIT})
        self.check(
            "list_deleted",
            "listDevices",
            reply.status == 200,
            f"{side}= a deleted device answered {reply.status}: {reply.body!r:.200}",
        )
        own = [i for i in reply.ids if i in self.model.devices]
        # `after` pages the older devices from the cursor's place on; `before` the newer ones up to it.
        newer = side == "before"
        expected = [d.id for d in sorted(self.model.live(), key=lambda d: -d.order) if (d.order > gone.order) == newer]
        nearest = expected[len(expected) - len(own) :] if newer else expected[: len(own)]
        whole = len(reply.ids) < MAX_LIMIT  # a page that is not full holds every item on that side
        self.check(
            "list_deleted",
            "listDevices",
            own == nearest and (own == expected or not whole),
            f"{side}={gone.id} (deleted) gives the run's devices {own}, expected {expected}",
        )

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def filter_by_user(self, data: st.DataObject) -> None:
        user = data.draw(st.sampled_from(self.model.users + [UNKNOWN_USER]), "user")
        items = self.walk(MAX_LIMIT, user=user)
        strangers = [i["id"] for i in items if (i.get("user") or {}).get("id") != user]
        self.check(
            "list_filters", "listDevices", not strangers, f"user={user} lists devices of other owners: {strangers[:3]}"
        )
        expected = [d for d in self.model.live() if d.user == user]
        self.check_view("list_filters", "listDevices", f"user={user}", items, expected)
        self.check_order("listDevices", items, expected)

    @rule(data=st.data())
    def filter_by_sim(self, data: st.DataObject) -> None:
        sim = data.draw(st.sampled_from(self.model.sims + [UNKNOWN_SIM]), "SIM")
        reply = self.api.list(sim=sim, limit=MAX_LIMIT)
        self.check("list_filters", "listDevices", reply.status == 200, f"sim={sim} answered {reply.status}")
        strangers = [i["id"] for i in reply.body["items"] if sim not in [s.get("id") for s in i.get("sims") or []]]
        self.check("list_filters", "listDevices", not strangers, f"sim={sim} lists devices without it: {strangers[:3]}")
        holder = self.model.sim_holder(sim)
        self.check_view("list_filters", "listDevices", f"sim={sim}", reply.body["items"], [holder] if holder else [])

    @rule(data=st.data())
    def search_by_imei(self, data: st.DataObject) -> None:
        known = [d.imei for d in self.model.devices.values() if d.imei]
        imei = data.draw(st.sampled_from(known) if known else st.just(self.new_imei(data)), "imei")
        reply = self.api.search(imei)
        self.check(
            "search_devices", "searchDevices", reply.status == 200, f"answered {reply.status}: {reply.body!r:.200}"
        )
        others = [i["id"] for i in reply.body["items"] if i.get("imei") != imei]
        self.check(
            "search_devices", "searchDevices", not others, f"imei={imei} finds devices of other IMEIs: {others[:3]}"
        )
        holder = self.model.imei_holder(imei)
        self.check_view(
            "search_devices", "searchDevices", f"imei={imei}", reply.body["items"], [holder] if holder else []
        )

    @rule(
        data=st.data(),
        case=st.sampled_from(
            [
                "after and before",
                "unknown after",
                "unknown before",
                "limit too large",
                "limit too small",
                "unknown device",
            ]
        ),
    )
    def error_case(self, data: st.DataObject, case: str) -> None:
        anchor = self.model.live()[0].id if self.model.live() else UNKNOWN_DEVICE
        if case == "unknown device":
            reply = self.api.retrieve(UNKNOWN_DEVICE)
            kind = reply.error()[0]
            self.check(
                "not_found",
                "retrieveDevice",
                reply.status == 404 and kind == "notFound",
                f"an unknown device answered {reply.status} {kind!r}",
            )
            return
        query, named, rule_name = {
            "after and before": ({"after": anchor, "before": anchor}, ("after", "before"), "cursor_errors"),
            "unknown after": ({"after": UNKNOWN_DEVICE}, ("after",), "cursor_errors"),
            "unknown before": ({"before": UNKNOWN_DEVICE}, ("before",), "cursor_errors"),
            "limit too large": ({"limit": MAX_LIMIT + 1}, ("limit",), "limit_bounds"),
            "limit too small": ({"limit": MIN_LIMIT - 1}, ("limit",), "limit_bounds"),
        }[case]
        self.expect_refusal("listDevices", self.api.list(**query), [Refusal(rule_name, named)])
