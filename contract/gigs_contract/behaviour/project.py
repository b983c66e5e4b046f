"""The rest of the API's rules, around the devices' own: keys, malformed requests, other projects,
idempotency's edges and metadata's bounds, each checked against the model in the same sequences.

These rules send what the generated client cannot (no key, a body that is not JSON, a header the
spec does not list), through the same Wire, so every request is paced and in the reproducers.
"""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from .api import Reply, new_key
from .devices import (
    MAX_KEY_LENGTH,
    MAX_KEYS,
    MAX_LIMIT,
    MAX_VALUE_LENGTH,
    UNKNOWN_DEVICE,
    UNKNOWN_USER,
    DeviceMachine,
)
from .model import Refusal

__all__ = ["ProjectMachine"]

NO_SUCH_PROJECT = "contractSuiteNoSuchProject"
# Ways a request may fail to present a key of the project it names.
KEY_PROBLEMS = ["no key", "not a bearer key", "empty bearer key", "unknown key", "another project's path"]


class ProjectMachine(DeviceMachine):
    def devices_path(self, project: str | None = None) -> str:
        return f"/projects/{project or self.api.project}/devices"

    def expect_error(self, rule_name: str, operation: str, reply: Reply, status: int, kind: str, what: str) -> None:
        found = reply.error()[0]
        self.check(
            rule_name,
            operation,
            reply.status == status and found == kind,
            f"{what}: answered {reply.status} {found!r}, expected {status} {kind!r}",
        )

    # Authentication ---------------------------------------------------------------------------

    @rule(
        data=st.data(),
        problem=st.sampled_from(KEY_PROBLEMS),
        request=st.sampled_from(["list", "retrieve", "create", "bad query", "models", "brands"]),
    )
    def key_refused(self, data: st.DataObject, problem: str, request: str) -> None:
        """A request without a valid key of the project it names is a 401 `unauthenticated`, whatever
        else is wrong with it (the key is checked first), and does nothing."""
        key: str | None = {
            "no key": None,
            "not a bearer key": "Basic Y29udHJhY3Q6c3VpdGU=",
            "empty bearer key": "Bearer",
            "unknown key": "Bearer contractSuiteNoSuchKey",
            "another project's path": "own",
        }[problem]
        project = (self.ctx.other.project if self.ctx.other else NO_SUCH_PROJECT) if key == "own" else None
        path, method, params, body = self.devices_path(project), "GET", None, None
        imei = None
        if request == "retrieve":
            live = self.model.live()
            path += "/" + (data.draw(st.sampled_from(live)).id if live else UNKNOWN_DEVICE)
        elif request == "create":
            imei = self.new_imei(data)
            method, body = "POST", {"imei": imei}
        elif request == "bad query":
            params = {"limit": str(MAX_LIMIT + 1)}  # a 422 for a valid key: the key comes first
        elif request in ("models", "brands"):
            if key == "own":
                return  # global paths: no project for a key to be wrong for
            path = "/deviceModels" if request == "models" else "/deviceModelBrands"
        headers = {"Content-Type": "application/json", "Idempotency-Key": new_key()} if body else None
        reply = self.api.raw(method, path, key=key, headers=headers, params=params, content=_json(body))
        operation = {
            "list": "listDevices",
            "retrieve": "retrieveDevice",
            "create": "createDevice",
            "bad query": "listDevices",
            "models": "listDeviceModels",
            "brands": "listDeviceModelBrands",
        }[request]
        self.expect_error("authentication", operation, reply, 401, "unauthenticated", f"{problem} on {method} {path}")
        if imei is not None:
            found = self.api.search(imei)
            # Only a device of this IMEI (a fresh one of the run's) can be one the refused create made:
            # a search that answers others too must not make the suite delete devices not its own.
            items = found.body.get("items") if found.status == 200 and isinstance(found.body, dict) else None
            strays = [item["id"] for item in items or [] if isinstance(item, dict) and item.get("imei") == imei]
            try:
                self.check("authentication", "createDevice", not strays, f"a refused create made {strays}")
            finally:
                for stray in strays:
                    self.api.delete(stray)

    # Requests the API refuses before reading them ---------------------------------------------

    @rule(data=st.data(), flaw=st.sampled_from(["not JSON", "not an object", "not UTF-8", "not JSON media type"]))
    def malformed_body(self, data: st.DataObject, flaw: str) -> None:
        """A body that is not JSON, not an object or not UTF-8 is a 400 `malformed`; one sent as another
        media type a 415 `unsupportedMediaType`. Nothing is created."""
        imei = self.new_imei(data)
        valid = _json({"imei": imei})
        content, media = {
            "not JSON": (b'{"imei": "' + imei.encode(), "application/json"),
            "not an object": (b'[{"imei": "' + imei.encode() + b'"}]', "application/json"),
            "not UTF-8": (b'{"imei": "' + imei.encode() + b'", "name": "\xff\xfe"}', "application/json"),
            "not JSON media type": (valid, "text/plain"),
        }[flaw]
        headers = {"Content-Type": media, "Idempotency-Key": new_key()}
        reply = self.api.raw("POST", self.devices_path(), headers=headers, content=content)
        status, kind = (415, "unsupportedMediaType") if flaw == "not JSON media type" else (400, "malformed")
        made = reply.body.get("id") if reply.status == 201 and isinstance(reply.body, dict) else None
        try:
            self.expect_error("request_errors", "createDevice", reply, status, kind, f"a body {flaw}")
        finally:
            if made:
                self.api.delete(made)

    @rule(data=st.data(), operation=st.sampled_from(["retrieve", "update", "delete", "update with a bad body"]))
    def unknown_device(self, data: st.DataObject, operation: str) -> None:
        """A device that does not exist (never, or no longer) is a 404 `notFound` to every operation
        on it, before its body is read; a deleted one stays deleted."""
        gone = self.model.gone()
        device = data.draw(st.sampled_from([UNKNOWN_DEVICE, *[d.id for d in gone]]), "device")
        path = f"{self.devices_path()}/{device}"
        if operation == "retrieve":
            reply = self.api.retrieve(device)
        elif operation == "update":
            reply = self.api.update(device, {"name": "contract suite"})
        elif operation == "delete":
            reply = self.api.delete(device)
        else:
            headers = {"Content-Type": "application/json"}
            reply = self.api.raw("PATCH", path, headers=headers, content=_json({"name": 5, "sims": "x"}))
        operation_id = {"retrieve": "retrieveDevice", "delete": "deleteDevice"}.get(operation, "updateDevice")
        self.expect_error("not_found", operation_id, reply, 404, "notFound", f"{operation} of {device}")
        if device != UNKNOWN_DEVICE:
            after = self.api.retrieve(device)
            self.check("device_delete", "retrieveDevice", after.status == 404, f"{device} came back: {after.status}")

    # Other projects ---------------------------------------------------------------------------

    @precondition(lambda self: self.ctx.other is not None and self.model.live())
    @rule(data=st.data(), how=st.sampled_from(["retrieve", "update", "delete", "list", "search"]))
    def other_project_sees_nothing(self, data: st.DataObject, how: str) -> None:
        """A device is out of reach of another project: its key on its own path gets a 404 for the
        device, and does not find it listed or searched; the device stays as it was."""
        other = self.ctx.other
        device = data.draw(st.sampled_from(self.model.live()), "device")
        if how == "retrieve":
            self.expect_error("project_isolation", "retrieveDevice", other.retrieve(device.id), 404, "notFound", how)
        elif how == "update":
            reply = other.update(device.id, {"name": "another project's"})
            self.expect_error("project_isolation", "updateDevice", reply, 404, "notFound", how)
        elif how == "delete":
            self.expect_error("project_isolation", "deleteDevice", other.delete(device.id), 404, "notFound", how)
        elif how == "list":
            listed = other.list(limit=MAX_LIMIT)
            self.check(
                "project_isolation",
                "listDevices",
                listed.status == 200 and device.id not in listed.ids,
                f"{other.project}'s list answered {listed.status} and holds {device.id}: "
                f"{device.id in (listed.ids if listed.status == 200 else [])}",
            )
        elif device.imei:
            found = other.search(device.imei)
            self.check(
                "project_isolation",
                "searchDevices",
                found.status == 200 and device.id not in found.ids,
                f"{other.project}'s search for {device.imei} answered {found.status}, finding {device.id}",
            )
        self.expect_device("project_isolation", "retrieveDevice", device, self.api.retrieve(device.id))

    @precondition(lambda self: self.ctx.other_users or self.ctx.other_sims)
    @rule(data=st.data(), what=st.sampled_from(["user", "sims"]))
    def other_projects_references(self, data: st.DataObject, what: str) -> None:
        """A write may name only its own project's users and SIMs: another project's is a 422
        naming the property, as an unknown one is."""
        options = self.ctx.other_users if what == "user" else self.ctx.other_sims
        if not options:
            return
        named = data.draw(st.sampled_from(options), "other project's ID")
        fields: dict[str, Any] = {"imei": self.new_imei(data)}
        fields[what] = named if what == "user" else [named]
        reply = self.api.create(fields)
        made = reply.body.get("id") if reply.status == 201 and isinstance(reply.body, dict) else None
        try:
            self.expect_refusal("createDevice", reply, [Refusal("project_isolation", (what,))])
        finally:
            if made:
                self.api.delete(made)

    # Idempotency's edges ----------------------------------------------------------------------

    @rule(data=st.data())
    def retry_after_a_failure(self, data: st.DataObject) -> None:
        """A failed request is not kept: its Idempotency-Key may carry a corrected retry, which is
        carried out (a new device), not answered the failure again."""
        key = new_key()
        refused = self.api.create({"imei": self.new_imei(data), "user": UNKNOWN_USER}, key)
        self.expect_refusal("createDevice", refused, [Refusal("unknown_references", ("user",))])
        fields = {"imei": self.new_imei(data), **({"name": "retried"} if data.draw(st.booleans(), "name") else {})}
        reply = self.api.create(fields, key)
        self.check(
            "idempotent_replay",
            "createDevice",
            reply.status == 201,
            f"a corrected retry of a failed create, with its key, answered {reply.status} {reply.body!r:.150}",
        )
        device = self.model.created(fields, reply.body)
        self.check("device_create", "createDevice", not (found := device.differences(reply.body)), "; ".join(found))

    @precondition(lambda self: self.model.live())
    @rule(data=st.data())
    def patch_ignores_the_key(self, data: st.DataObject) -> None:
        """The Idempotency-Key is ignored on PATCH: two updates with one key both take effect."""
        device = data.draw(st.sampled_from(self.model.live()), "device")
        key = new_key()
        for name in ("first name", "second name"):
            reply = self.api.update(device.id, {"name": name}, key)
            self.check("idempotent_replay", "updateDevice", reply.status == 200, f"answered {reply.status}")
            self.model.updated(device, {"name": name})
            self.check(
                "idempotent_replay",
                "updateDevice",
                not (found := device.differences(reply.body)),
                f"a PATCH repeating an Idempotency-Key was not carried out: {'; '.join(found)}",
            )

    @rule(data=st.data())
    def concurrent_keyed_creates(self, data: st.DataObject) -> None:
        """Two creates with one key at once make one device: each is answered it (a replay) or a 409."""
        fields = {"imei": self.new_imei(data)}
        key = new_key()
        replies = self.at_once(lambda: self.api.create(fields, key), lambda: self.api.create(fields, key))
        made = {r.body["id"]: r for r in replies if r.status == 201 and isinstance(r.body, dict) and "id" in r.body}
        if made:
            self.model.created(fields, next(iter(made.values())).body)
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

    # Metadata's bounds ------------------------------------------------------------------------

    @rule(
        data=st.data(),
        flaw=st.sampled_from(["key too long", "empty key", "value too long", "too many keys", "null"]),
        on=st.sampled_from(["create", "update"]),
    )
    def metadata_out_of_bounds(self, data: st.DataObject, flaw: str, on: str) -> None:
        """Metadata keys are 1 to 40 characters, values at most 255, at most 10 keys kept; `"metadata":
        null` is no change but a 422. Each is a 422 naming metadata, and changes nothing."""
        metadata: Any = {
            "key too long": {"k" * (MAX_KEY_LENGTH + 1): "v"},
            "empty key": {"": "v"},
            "value too long": {"crmId": "v" * (MAX_VALUE_LENGTH + 1)},
            "too many keys": {f"k{n}": "v" for n in range(MAX_KEYS + 1)},
            "null": None,
        }[flaw]
        live = self.model.live()
        # Sent as they are: the generated client would refuse some of these bodies itself.
        headers = {"Content-Type": "application/json"}
        if on == "update" and live:
            device = data.draw(st.sampled_from(live), "device")
            path = f"{self.devices_path()}/{device.id}"
            reply = self.api.raw("PATCH", path, headers=headers, content=_json({"metadata": metadata}))
            self.expect_refusal("updateDevice", reply, [Refusal("metadata_limits", ("metadata",))])
            self.expect_device("metadata_limits", "retrieveDevice", device, self.api.retrieve(device.id))
            return
        body = _json({"imei": self.new_imei(data), "metadata": metadata})
        reply = self.api.raw(
            "POST", self.devices_path(), headers={**headers, "Idempotency-Key": new_key()}, content=body
        )
        made = reply.body.get("id") if reply.status == 201 and isinstance(reply.body, dict) else None
        try:
            self.expect_refusal("createDevice", reply, [Refusal("metadata_limits", ("metadata",))])
        finally:
            if made:
                self.api.delete(made)

    # Lists: empty filters, and cursors of another list ----------------------------------------

    @rule(case=st.sampled_from(["empty user", "empty sim", "a model as cursor", "an empty limit"]))
    def query_refused(self, case: str) -> None:
        """An empty filter is a 422, not "no filter" (the API never heals a request); a cursor that
        names no item of this list (a device model's ID) is a 422 naming it."""
        params, named = {
            "empty user": ({"user": ""}, "user"),
            "empty sim": ({"sim": ""}, "sim"),
            "a model as cursor": ({"after": self.some_model_id()}, "after"),
            "an empty limit": ({"limit": ""}, "limit"),
        }[case]
        reply = self.api.raw("GET", self.devices_path(), params=params)
        rule_name = "cursor_errors" if named == "after" else "list_filters" if named != "limit" else "limit_bounds"
        self.expect_refusal("listDevices", reply, [Refusal(rule_name, (named,))])

    def some_model_id(self) -> str:
        for models in self.ctx.model_of_tac.values():
            if models:
                return models[0]["id"]
        found = self.api.list_models(limit=1)
        items = found.body.get("items") if found.status == 200 and isinstance(found.body, dict) else None
        return items[0]["id"] if items else "dmd_contractSuiteNeverIssued"


def _json(value: Any) -> bytes | None:
    return None if value is None else orjson.dumps(value)
