"""The random half of the behavioural suite: a Hypothesis state machine over a `Session`.

Its rules draw the arguments (which device, which fields, which flaw) and take the session's
actions; its invariant compares every view with the model after each step that wrote. Hypothesis
explores orders no one wrote down, and shrinks a failure to the fewest steps that still show it.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from . import probes
from . import session as s
from .model import Expected
from .observe import settle
from .session import (
    IMEI_LENGTHS,
    KEY_PROBLEMS,
    KEYED_REQUESTS,
    MAX_KEYS,
    MAX_LIMIT,
    MAX_LIVE,
    MIN_LIMIT,
    UNKNOWN_DEVICE,
    UNKNOWN_SIM,
    UNKNOWN_USER,
    Context,
    Session,
)

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20)
# No bound on a device's name is documented: long names must come back whole.
names = (
    st.none() | text | st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=51, max_size=300)
)
metadata_keys = st.sampled_from(["crmId", "plan", "region", "k" * s.MAX_KEY_LENGTH, "x"]) | st.text(
    st.characters(min_codepoint=48, max_codepoint=122), min_size=1, max_size=s.MAX_KEY_LENGTH
)
metadata_values = st.none() | st.just("") | text | st.just("v" * s.MAX_VALUE_LENGTH)
# What makes a write wrong on purpose, one name per idea: mypy refuses a name not listed here.
CreateFlaw = Literal["neither imei nor user", "unknown user", "unknown SIM", "duplicate imei", "SIM on another device"]
UpdateFlaw = Literal[
    "neither imei nor user", "unknown user", "unknown SIM", "SIM on another device", "metadata past its bound"
]
# Three writes in four or more are meant to succeed: a sequence needs devices to hold the views to.
CREATE_FLAWS: list[CreateFlaw | None] = [None, None, None, *get_args(CreateFlaw)]
UPDATE_FLAWS: list[UpdateFlaw | None] = [None, None, None, *get_args(UpdateFlaw)]


def metadata_changes(current: dict[str, str] | None = None) -> st.SearchStrategy[dict[str, str | None]]:
    """Changes to metadata; for an update, often to the keys the device has (to delete or overwrite them)."""
    keys = st.sampled_from(sorted(current)) | metadata_keys if current else metadata_keys
    return st.dictionaries(keys, metadata_values, max_size=MAX_KEYS)


class ProjectMachine(RuleBasedStateMachine):
    """A sequence begins in `begin` (an initialize rule, so that which users and SIMs it names is a
    draw of its own: a replay while shrinking must be the same sequence)."""

    def __init__(self, context: Context) -> None:
        super().__init__()
        context.ledger.stop_when_shrunk()
        if not context.ledger.shrinking:
            context.budget.check(context.ledger.wire.requests)
            context.explored += 1
        self.context = context

    def teardown(self) -> None:
        if hasattr(self, "session"):
            self.session.end()

    @invariant()
    def every_view_agrees_with_the_model(self) -> None:
        if hasattr(self, "session"):
            settle(self.session)

    # Drawing ------------------------------------------------------------------------------------

    def new_imei(self, data: st.DataObject) -> str:
        tac = data.draw(st.sampled_from([None, "99000000"]), "TAC")
        return self.session.new_imei(tac, data.draw(st.sampled_from(IMEI_LENGTHS), "IMEI length"))

    def fields_for_create(self, data: st.DataObject, flaw: CreateFlaw | None) -> dict[str, Any]:
        model = self.model
        with_imei, with_user = data.draw(st.sampled_from([(True, False), (False, True), (True, True)]), "imei/user")
        fields: dict[str, Any] = {}
        if with_imei or flaw == "duplicate imei":
            freed = model.freed_imeis()
            reuse = bool(freed) and data.draw(st.booleans(), "reuse a deleted device's IMEI")
            fields["imei"] = data.draw(st.sampled_from(freed), "freed IMEI") if reuse else self.new_imei(data)
        if with_user:
            fields["user"] = data.draw(st.sampled_from(model.users), "user") if model.users else UNKNOWN_USER
        free = model.free_sims()
        if bool(free) and data.draw(st.booleans(), "with sims"):
            fields["sims"] = data.draw(st.lists(st.sampled_from(free), max_size=2, unique=True), "sims")
        if data.draw(st.booleans(), "with name"):
            fields["name"] = data.draw(names, "name")
        if data.draw(st.booleans(), "with metadata"):
            fields["metadata"] = data.draw(metadata_changes(), "metadata")
        if flaw == "neither imei nor user":
            fields.pop("imei", None)
            fields.pop("user", None)
        elif flaw == "unknown user":
            fields["user"] = UNKNOWN_USER
        elif flaw == "unknown SIM":
            fields["sims"] = [UNKNOWN_SIM]
        elif flaw == "duplicate imei" and model.live():
            taken = [d.imei for d in model.live() if d.imei]
            if taken:
                fields["imei"] = data.draw(st.sampled_from(taken), "taken IMEI")
        elif flaw == "SIM on another device":
            taken = [sim for d in model.live() for sim in d.sims]
            if taken:
                fields["sims"] = [data.draw(st.sampled_from(taken), "taken SIM")]
        return fields

    def fields_for_update(self, device: Expected, data: st.DataObject, flaw: UpdateFlaw | None) -> dict[str, Any]:
        model = self.model
        fields: dict[str, Any] = {}
        if data.draw(st.booleans(), "change name"):
            fields["name"] = data.draw(names, "name")
        if device.imei is not None and data.draw(st.booleans(), "change user"):
            fields["user"] = data.draw(st.none() | st.sampled_from(model.users or [UNKNOWN_USER]), "user")
        free = model.free_sims() + device.sims
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
            taken = [sim for d in model.live() if d is not device for sim in d.sims]
            if taken:
                fields["sims"] = [data.draw(st.sampled_from(taken), "taken SIM")]
        elif flaw == "metadata past its bound":
            extra = {f"extra{n}": "x" for n in range(MAX_KEYS + 1 - len(device.metadata))}
            fields["metadata"] = dict(list(extra.items())[:MAX_KEYS])
        elif flaw == "neither imei nor user" and device.imei is None:
            fields["user"] = None
        return fields

    def some(self, data: st.DataObject, devices: list[Expected], label: str) -> Expected:
        return data.draw(st.sampled_from(devices), label)

    # Rules --------------------------------------------------------------------------------------

    @initialize(data=st.data(), turn=st.integers(0, 11), count=st.integers(1, 3))
    def begin(self, data: st.DataObject, turn: int, count: int) -> None:
        """Every sequence starts with devices of its own. Hypothesis leaves rules out of a sequence at
        random (swarm testing); without this, one that leaves out creates tests no update or delete."""
        self.session = Session(self.context, turn)
        self.model = self.session.model
        for _ in range(count):
            self.session.create(self.fields_for_create(data, None))

    @precondition(lambda self: len(self.model.live()) < MAX_LIVE)
    @rule(data=st.data(), flaw=st.sampled_from(CREATE_FLAWS))
    def create_device(self, data: st.DataObject, flaw: CreateFlaw | None) -> None:
        self.session.create(self.fields_for_create(data, flaw))

    @precondition(lambda self: self.model.live())
    @rule(data=st.data(), flaw=st.sampled_from(UPDATE_FLAWS))
    def update_device(self, data: st.DataObject, flaw: UpdateFlaw | None) -> None:
        device = self.some(data, self.model.live(), "device")
        self.session.update(device, self.fields_for_update(device, data, flaw))

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def delete_device(self, data: st.DataObject) -> None:
        self.session.delete(self.some(data, self.model.live(), "device"))

    @precondition(lambda self: self.model.creates)
    @rule(data=st.data())
    def replay_a_create(self, data: st.DataObject) -> None:
        """Any create of the sequence, sent again with its key whatever happened since."""
        device_id = data.draw(st.sampled_from(sorted(self.model.creates)), "created device")
        self.session.replay_create(self.model.devices[device_id])

    @precondition(lambda self: self.model.deletes)
    @rule(data=st.data())
    def replay_a_delete(self, data: st.DataObject) -> None:
        device_id = data.draw(st.sampled_from(sorted(self.model.deletes)), "deleted device")
        self.session.replay_delete(self.model.devices[device_id])

    @precondition(lambda self: self.model.gone())
    @rule(data=st.data(), operation=st.sampled_from(["retrieve", "update", "delete", "update with a bad body"]))
    def write_to_a_deleted_device(self, data: st.DataObject, operation: str) -> None:
        probes.unknown_device(self.session, self.some(data, self.model.gone(), "deleted device").id, operation)

    @rule(operation=st.sampled_from(["retrieve", "update", "delete", "update with a bad body"]))
    def write_to_an_unknown_device(self, operation: str) -> None:
        probes.unknown_device(self.session, UNKNOWN_DEVICE, operation)

    @rule(limit=st.none() | st.integers(MIN_LIMIT, MAX_LIMIT) | st.sampled_from([MIN_LIMIT, MAX_LIMIT, 1]))
    def first_page(self, limit: int | None) -> None:
        probes.first_page(self.session, limit)

    @rule(case=st.sampled_from(probes.QUERY_CASES))
    def query_refused(self, case: str) -> None:
        probes.query_refused(self.session, case)

    @rule(data=st.data(), problem=st.sampled_from(KEY_PROBLEMS), request=st.sampled_from(KEYED_REQUESTS))
    def key_refused(self, data: st.DataObject, problem: str, request: str) -> None:
        live = self.model.live()
        probes.key_refused(self.session, problem, request, self.some(data, live, "device") if live else None)

    @rule(flaw=st.sampled_from(get_args(probes.BodyFlaw)))
    def malformed_body(self, flaw: probes.BodyFlaw) -> None:
        probes.malformed_body(self.session, flaw)

    @precondition(lambda self: self.session.ctx.other is not None and self.model.live())
    @rule(data=st.data(), how=st.sampled_from(["retrieve", "update", "delete", "list", "search"]))
    def other_project_sees_nothing(self, data: st.DataObject, how: str) -> None:
        probes.other_project_sees_nothing(self.session, self.some(data, self.model.live(), "device"), how)

    @precondition(lambda self: self.session.ctx.other_users or self.session.ctx.other_sims)
    @rule(data=st.data(), what=st.sampled_from(["user", "sims"]))
    def other_projects_reference(self, data: st.DataObject, what: str) -> None:
        options = self.session.ctx.other_users if what == "user" else self.session.ctx.other_sims
        if options:
            probes.other_projects_reference(
                self.session, what, data.draw(st.sampled_from(options), "other project's ID")
            )

    @rule(name=st.none() | st.just("retried"))
    def retry_after_a_failure(self, name: str | None) -> None:
        self.session.retry_after_a_failure(name)

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def patch_ignores_the_key(self, data: st.DataObject) -> None:
        self.session.patch_ignores_the_key(self.some(data, self.model.live(), "device"))

    @rule()
    def concurrent_keyed_creates(self) -> None:
        self.session.concurrent_keyed_creates()

    @rule()
    def concurrent_duplicates(self) -> None:
        self.session.concurrent_duplicates()

    @rule(
        data=st.data(),
        flaw=st.sampled_from(get_args(probes.MetadataFlaw)),
        on_update=st.booleans(),
    )
    def metadata_out_of_bounds(self, data: st.DataObject, flaw: probes.MetadataFlaw, on_update: bool) -> None:
        live = self.model.live()
        device = self.some(data, live, "device") if on_update and live else None
        probes.metadata_out_of_bounds(self.session, flaw, device)
