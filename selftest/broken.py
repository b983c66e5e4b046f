"""Deliberately broken variants of the reference server, for the contract suite's self-test.

    gigs-devices-mock --app selftest.broken:VARIANT [the server's options]

A contract suite that cannot fail proves nothing: tests/contract/test_selftest.py runs the suite
against each variant and shows which check catches it. Each variant breaks one rule of the API and
nothing else, and is built only with the server's public composition API: `create_app(...)` with a
handler replaced or wrapped, a changed copy of the spec, or a middleware in front that sees
requests and answers (selftest/asgi.py). None reaches into the server's storage.

Every variant is a factory taking create_app's keywords, as `--app` calls it.
"""

from __future__ import annotations

import datetime
import itertools
import json
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from gigs_devices_mock import (
    DEFAULT_SPEC_PATH,
    HANDLERS,
    Answer,
    Call,
    Handler,
    MockApp,
    PropertyError,
    create_app,
    invalid,
)

from .asgi import Answer as Reply
from .asgi import AskInner, Request, in_front, json_answer

App = Callable[..., Any]


@dataclass(frozen=True)
class Variant:
    build: Callable[..., App]
    caught_by: str  # the check meant to catch it (others may too)
    part: str  # "schemathesis" or "behaviour": the part of the suite that holds that check

    @property
    def name(self) -> str:
        return self.build.__name__

    @property
    def description(self) -> str:
        return (self.build.__doc__ or "").strip().splitlines()[0]


# Building blocks -------------------------------------------------------------------------------


def with_handler(options: dict[str, Any], operation: str, change: Callable[[Handler], Handler]) -> MockApp:
    """The reference server with one operation's handler changed."""
    return create_app(**options, handlers={operation: change(HANDLERS[operation])})


def changing_answer(edit: Callable[[Call, dict[str, Any]], None]) -> Callable[[Handler], Handler]:
    """A handler whose successful JSON answer is edited in place by `edit`."""

    def change(handler: Handler) -> Handler:
        def changed(backend: Any, call: Call) -> Answer:
            answer = handler(backend, call)
            if answer.status >= 300:
                return answer
            body = json.loads(answer.body)
            edit(call, body)
            return Answer(answer.status, _dumps(body), answer.headers)

        return changed

    return change


def changing_call(edit: Callable[[Call], Call]) -> Callable[[Handler], Handler]:
    """A handler that sees the request as `edit` changes it."""

    def change(handler: Handler) -> Handler:
        def changed(backend: Any, call: Call) -> Answer:
            return handler(backend, edit(call))

        return changed

    return change


def without_body_field(name: str, when: Callable[[Any], bool] = lambda value: True) -> Callable[[Call], Call]:
    def edit(call: Call) -> Call:
        if name in call.body and when(call.body[name]):
            return replace(call, body={k: v for k, v in call.body.items() if k != name})
        return call

    return edit


def without_query(name: str) -> Callable[[Call], Call]:
    def edit(call: Call) -> Call:
        return replace(call, query={k: v for k, v in call.query.items() if k != name})

    return edit


def with_spec_change(options: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> MockApp:
    """The reference server compiled from a changed copy of openapi.yaml."""
    document = yaml.safe_load(Path(options.pop("spec_path", DEFAULT_SPEC_PATH)).read_text(encoding="utf-8"))
    change(document)
    path = Path(tempfile.mkdtemp(prefix="gigs-broken-")) / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return create_app(**options, spec_path=path)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _device_list(request: Request) -> bool:
    parts = request.path.strip("/").split("/")
    return request.method == "GET" and len(parts) == 3 and parts[0] == "projects" and parts[2] == "devices"


def _device_path(request: Request) -> tuple[str, str] | None:
    """(project, device) when the request names one device."""
    parts = request.path.strip("/").split("/")
    if len(parts) == 4 and parts[0] == "projects" and parts[2] == "devices" and parts[3] != "search":
        return parts[1], parts[3]
    return None


async def _walk(ask_inner: AskInner, request: Request) -> list[dict[str, Any]]:
    """Every device a list request's filters keep, newest first, read from the reference server."""
    items: list[dict[str, Any]] = []
    query = {k: v for k, v in request.query.items() if k not in ("after", "before", "limit")}
    cursor = None
    while True:
        page = await ask_inner(
            replace(request, query={**query, "limit": "200", **({"after": cursor} if cursor else {})})
        )
        body = page.json()
        items += body["items"]
        cursor = body["moreItemsAfter"]
        if cursor is None:
            return items


def _page(items: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any] | None:
    """`items` paged as the API pages a list; None when a cursor names none of them."""
    ids = [item["id"] for item in items]
    limit = int(query.get("limit", "10"))
    if "before" in query:
        if query["before"] not in ids:
            return None
        end = ids.index(query["before"])
        start = max(0, end - limit)
    else:
        if "after" in query and query["after"] not in ids:
            return None
        start = ids.index(query["after"]) + 1 if "after" in query else 0
        end = start + limit
    chosen = items[start:end]
    return {
        "object": "list",
        "items": chosen,
        "moreItemsAfter": chosen[-1]["id"] if chosen and end < len(items) else None,
        "moreItemsBefore": chosen[0]["id"] if chosen and start > 0 else None,
    }


class Deleted:
    """What a middleware saw deleted: each device's last body, by project and ID."""

    def __init__(self) -> None:
        self.bodies: dict[tuple[str, str], dict[str, Any]] = {}

    def see(self, request: Request, answer: Reply) -> None:
        named = _device_path(request)
        if request.method == "DELETE" and named and answer.status == 200:
            self.bodies[named] = answer.json()

    def of(self, project: str) -> list[dict[str, Any]]:
        return [body for (owner, _), body in self.bodies.items() if owner == project]


# The variants ----------------------------------------------------------------------------------


def delete_keeps_device(**options: Any) -> App:
    """DELETE answers the device as deleted, and keeps it."""
    return create_app(**options, handlers={"deleteDevice": lambda backend, call: Answer(200, call.resource.body)})


def server_error_on_limit_0(**options: Any) -> App:
    """listDeviceModels fails with a 500 for `limit=0`."""

    def fail_on_zero(call: Call) -> Call:
        if call.query["limit"] == 0:
            raise RuntimeError("limit=0 was never tried")
        return call

    return with_handler(options, "listDeviceModels", changing_call(fail_on_zero))


def sixteen_digit_imei_refused(**options: Any) -> App:
    """createDevice refuses a 16-digit IMEI (the API takes 15 or 16 digits) with a 422 naming `imei`."""

    def fifteen_digits_only(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["DeviceCreate"]["properties"]["imei"] = {
            "type": "string",
            "pattern": "^[0-9]{15}$",
        }

    return with_spec_change(options, fifteen_digits_only)


def missing_required_field(**options: Any) -> App:
    """retrieveDevice leaves `sims` out of the device."""
    return with_handler(options, "retrieveDevice", changing_answer(lambda call, device: device.pop("sims")))


def auth_ignored(**options: Any) -> App:
    """listDeviceModelBrands answers without a valid key."""
    app = create_app(**options)
    token = next(iter(app.keys)).encode()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        if request.path == "/deviceModelBrands":
            headers = [(k, v) for k, v in request.headers if k.lower() != b"authorization"]
            request = replace(request, headers=[*headers, (b"authorization", b"Bearer " + token)])
        return await ask_inner(request)

    return in_front(app, handle)


def cursor_skips_item(**options: Any) -> App:
    """listDeviceModels skips the model right after an `after` cursor."""
    return with_handler(
        options,
        "listDeviceModels",
        changing_answer(lambda call, page: page["items"].pop(0) if "after" in call.query and page["items"] else None),
    )


def other_project_visible(**options: Any) -> App:
    """retrieveDevice finds devices of every project, asking each project with its own key."""
    app = create_app(**options)

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        named = _device_path(request)
        if request.method != "GET" or not named or answer.status != 404:
            return answer
        for token, project in app.keys.items():
            elsewhere = replace(
                request,
                path=f"/projects/{project}/devices/{named[1]}",
                headers=[(k, v) for k, v in request.headers if k.lower() != b"authorization"]
                + [(b"authorization", f"Bearer {token}".encode())],
            )
            found = await ask_inner(elsewhere)
            if found.status == 200:
                return found
        return answer

    return in_front(app, handle)


async def _oldest_first(request: Request, ask_inner: AskInner) -> Reply:
    answer = await ask_inner(request)  # the reference's refusals (bounds, cursors) stand
    if not _device_list(request) or answer.status != 200:
        return answer
    page = _page((await _walk(ask_inner, request))[::-1], request.query)
    return json_answer(200, page, answer.headers) if page is not None else answer


def list_oldest_first(**options: Any) -> App:
    """listDevices lists the oldest device first."""
    return in_front(create_app(**options), _oldest_first)


def two_bugs(**options: Any) -> App:
    """DELETE keeps the device, and listDevices lists the oldest device first: one run must report both."""
    return in_front(delete_keeps_device(**options), _oldest_first)


def limit_ignored(**options: Any) -> App:
    """listDevices pages by 10 whatever `limit` says."""
    return with_handler(
        options, "listDevices", changing_call(lambda call: replace(call, query={**call.query, "limit": 10}))
    )


def default_limit_20(**options: Any) -> App:
    """`limit` defaults to 20, not 10."""
    return with_spec_change(options, lambda doc: doc["components"]["parameters"]["limit"]["schema"].update(default=20))


def limit_0_rejected(**options: Any) -> App:
    """listDevices answers `limit=0` with a 422."""

    def reject_zero(call: Call) -> Call:
        if call.query["limit"] == 0:
            raise invalid(PropertyError("limit", "must be at least 1"))
        return call

    return with_handler(options, "listDevices", changing_call(reject_zero))


def more_after_on_last_page(**options: Any) -> App:
    """listDevices names a `moreItemsAfter` cursor on the last page too."""

    def always_more(call: Call, page: dict[str, Any]) -> None:
        if page["items"]:
            page["moreItemsAfter"] = page["items"][-1]["id"]

    return with_handler(options, "listDevices", changing_answer(always_more))


def before_page_reversed(**options: Any) -> App:
    """listDevices answers a `before` page oldest first."""

    def reverse(call: Call, page: dict[str, Any]) -> None:
        if "before" in call.query:
            page["items"].reverse()

    return with_handler(options, "listDevices", changing_answer(reverse))


def deleted_still_listed(**options: Any) -> App:
    """listDevices keeps listing deleted devices, where their creation time puts them."""
    deleted = Deleted()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        deleted.see(request, answer)
        if not _device_list(request) or answer.status != 200 or {"user", "sim"} & request.query.keys():
            return answer
        page = answer.json()
        items = page["items"]
        if not items:
            return answer
        newest, oldest = items[0]["createdAt"], items[-1]["createdAt"]
        last = page["moreItemsAfter"] is None
        ghosts = [
            d
            for d in deleted.of(request.path.split("/")[2])
            if d["createdAt"] <= newest and (last or d["createdAt"] >= oldest)
        ]
        # Where their creation time puts them, in a page no longer than asked for: only the deleted
        # devices are wrong, not the page's size.
        merged = sorted(items + ghosts, key=lambda d: d["createdAt"], reverse=True)
        limit = int(request.query.get("limit", "10"))
        page["items"] = merged[:limit]
        if page["moreItemsAfter"] is not None or len(merged) > limit:
            page["moreItemsAfter"] = page["items"][-1]["id"] if page["items"] else None
        return json_answer(200, page, answer.headers)

    return in_front(create_app(**options), handle)


def metadata_replaced_on_update(**options: Any) -> App:
    """updateDevice replaces the metadata with the update's instead of merging."""

    def forget_metadata(call: Call) -> Call:
        if "metadata" in call.body:
            return replace(call, resource=replace(call.resource, metadata={}))
        return call

    return with_handler(options, "updateDevice", changing_call(forget_metadata))


def metadata_null_kept(**options: Any) -> App:
    """updateDevice ignores a `null` in metadata, keeping the key."""

    def drop_nulls(call: Call) -> Call:
        if "metadata" in call.body:
            metadata = {k: v for k, v in call.body["metadata"].items() if v is not None}
            return replace(call, body={**call.body, "metadata": metadata})
        return call

    return with_handler(options, "updateDevice", changing_call(drop_nulls))


def metadata_ignored_on_create(**options: Any) -> App:
    """createDevice ignores the metadata it is given."""
    return with_handler(options, "createDevice", changing_call(without_body_field("metadata")))


def duplicate_imei_accepted(**options: Any) -> App:
    """createDevice answers a second device with an IMEI the project has 201, as if it made it."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        error = answer.json() if answer.status == 422 else None
        if not (isinstance(error, dict) and error.get("code") == "deviceImeiAlreadyExists"):
            return answer
        body = request.json()
        search = replace(request, path=request.path + "/search", body=_dumps({"imei": body["imei"]}))
        twin = (await ask_inner(search)).json()["items"][0]
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = {k: body[k] for k in ("name", "metadata") if k in body}
        device = {
            **twin,
            "id": f"dev_{uuid.uuid4().hex[:24]}",
            "createdAt": now,
            "name": None,
            "metadata": {},
            **fields,
        }
        return json_answer(201, device)

    return in_front(create_app(**options), handle)


def search_ignores_imei(**options: Any) -> App:
    """searchDevices answers every device of the project, whatever the IMEI."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        if request.method == "POST" and request.path.endswith("/devices/search"):
            listing = replace(
                request, method="GET", path=request.path.removesuffix("/search"), query={"limit": "200"}, body=b""
            )
            page = (await ask_inner(listing)).json()
            return json_answer(200, {**page, "moreItemsAfter": None, "moreItemsBefore": None})
        return await ask_inner(request)

    return in_front(create_app(**options), handle)


def user_filter_ignored(**options: Any) -> App:
    """listDevices ignores the `user` filter."""
    return with_handler(options, "listDevices", changing_call(without_query("user")))


def sim_filter_ignored(**options: Any) -> App:
    """listDevices ignores the `sim` filter."""
    return with_handler(options, "listDevices", changing_call(without_query("sim")))


def type_list_as_one_value(**options: Any) -> App:
    """listDeviceModels reads `type=smartphone,tablet` as one type."""

    def join(call: Call) -> Call:
        if len(call.query.get("type", [])) > 1:
            return replace(call, query={**call.query, "type": [",".join(call.query["type"])]})
        return call

    return with_handler(options, "listDeviceModels", changing_call(join))


def idempotency_key_ignored(**options: Any) -> App:
    """The server ignores `Idempotency-Key`: a replayed create makes a second device."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        headers = [(k, v) for k, v in request.headers if k.lower() != b"idempotency-key"]
        return await ask_inner(replace(request, headers=headers))

    return in_front(create_app(**options), handle)


def repeated_delete_200(**options: Any) -> App:
    """Deleting a deleted device answers 200 with it again, not 404."""
    deleted = Deleted()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        deleted.see(request, answer)
        named = _device_path(request)
        if request.method == "DELETE" and answer.status == 404 and named in deleted.bodies:
            return json_answer(200, deleted.bodies[named])
        return answer

    return in_front(create_app(**options), handle)


def name_capped_at_50(**options: Any) -> App:
    """createDevice cuts names down to 50 characters."""

    def cap(call: Call) -> Call:
        if isinstance(call.body.get("name"), str):
            return replace(call, body={**call.body, "name": call.body["name"][:50]})
        return call

    return with_handler(options, "createDevice", changing_call(cap))


def deleted_cursor_rejected(**options: Any) -> App:
    """listDevices refuses a cursor naming a deleted device, instead of keeping its place."""
    deleted = Deleted()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        if _device_list(request):
            project = request.path.split("/")[2]
            for name in ("after", "before"):
                if (project, request.query.get(name)) in deleted.bodies:
                    detail = {
                        "object": "propertyErrorDetail",
                        "code": "propertyInvalid",
                        "property": name,
                        "message": "names no object of this list",
                        "suggestion": None,
                    }
                    error = {"object": "error", "type": "invalid", "message": "Invalid request.", "details": [detail]}
                    return json_answer(422, error)
        answer = await ask_inner(request)
        deleted.see(request, answer)
        return answer

    return in_front(create_app(**options), handle)


def update_ignores_sims(**options: Any) -> App:
    """updateDevice leaves the SIMs as they were."""
    return with_handler(options, "updateDevice", changing_call(without_body_field("sims")))


def null_name_ignored(**options: Any) -> App:
    """updateDevice ignores `"name": null` instead of removing the name."""
    return with_handler(options, "updateDevice", changing_call(without_body_field("name", lambda value: value is None)))


def unknown_sim_ignored(**options: Any) -> App:
    """createDevice drops SIM IDs that name no SIM of the project, instead of a 422."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.method != "POST" or not request.path.endswith("/devices") or answer.status != 422:
            return answer
        details = answer.json().get("details") or []
        unknown = {
            int(d["property"].split(".")[1])
            for d in details
            if str(d.get("property", "")).startswith("sims.") and d.get("code") != "deviceSimAlreadyUsed"
        }
        if not unknown:
            return answer
        body = request.json()
        body["sims"] = [sim for index, sim in enumerate(body["sims"]) if index not in unknown]
        return await ask_inner(replace(request, body=_dumps(body)))

    return in_front(create_app(**options), handle)


def after_and_before_accepted(**options: Any) -> App:
    """listDevices takes `after` and `before` together (using `after`) instead of a 422."""

    def keep_after(call: Call) -> Call:
        if "after" in call.query:
            return replace(call, query={k: v for k, v in call.query.items() if k != "before"})
        return call

    return with_handler(options, "listDevices", changing_call(keep_after))


def brands_unsorted(**options: Any) -> App:
    """listDeviceModelBrands lists brands in reverse alphabetical order."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.path == "/deviceModelBrands" and answer.status == 200:
            body = answer.json()
            return json_answer(200, {**body, "items": body["items"][::-1]}, answer.headers)
        return answer

    return in_front(create_app(**options), handle)


def model_search_finds_nothing(**options: Any) -> App:
    """searchDeviceModels finds no model for any IMEI."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.path == "/deviceModels/search" and answer.status == 200:
            return json_answer(200, {**answer.json(), "items": []}, answer.headers)
        return answer

    return in_front(create_app(**options), handle)


def _with_key(request: Request, token: str) -> Request:
    headers = [(k, v) for k, v in request.headers if k.lower() != b"authorization"]
    return replace(request, headers=[*headers, (b"authorization", f"Bearer {token}".encode())])


def _refusal(
    property_: str, message: str, code: str | None = None, detail_code: str = "propertyInvalid"
) -> dict[str, Any]:
    detail = {
        "object": "propertyErrorDetail",
        "code": detail_code,
        "property": property_,
        "message": message,
        "suggestion": None,
    }
    return {
        "object": "error",
        "type": "invalid",
        "message": f"{property_}: {message}",
        **({"code": code} if code else {}),
        "details": [detail],
    }


def brands_as_one_string(**options: Any) -> App:
    """listDeviceModelBrands answers its brands as one comma-separated string, not a list."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.path == "/deviceModelBrands" and answer.status == 200:
            body = answer.json()
            return json_answer(200, {**body, "items": ",".join(body["items"])}, answer.headers)
        return answer

    return in_front(create_app(**options), handle)


def query_checked_before_key(**options: Any) -> App:
    """listDevices checks `limit` before the key: no key and limit=201 is a 422, not a 401."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        limit = request.query.get("limit", "")
        if _device_list(request) and limit.isdigit() and int(limit) > 200:
            return json_answer(422, _refusal("limit", "must be at most 200"))
        return await ask_inner(request)

    return in_front(create_app(**options), handle)


def catalogue_before_cursor_missing(**options: Any) -> App:
    """listDeviceModels never names `moreItemsBefore`, even on a page with models before it."""
    return with_handler(
        options, "listDeviceModels", changing_answer(lambda call, page: page.update(moreItemsBefore=None))
    )


def device_list_before_cursor_missing(**options: Any) -> App:
    """listDevices never names `moreItemsBefore`, even on a page with devices before it."""
    return with_handler(options, "listDevices", changing_answer(lambda call, page: page.update(moreItemsBefore=None)))


def model_retrieved_without_identifiers(**options: Any) -> App:
    """retrieveDeviceModel answers the model without its hardwareIdentifiers (an empty list)."""
    return with_handler(
        options, "retrieveDeviceModel", changing_answer(lambda call, model: model.update(hardwareIdentifiers=[]))
    )


def retrieve_cached(**options: Any) -> App:
    """retrieveDevice answers from a cache that a delete clears and an update forgets to."""
    cache: dict[tuple[str, bytes | None], Reply] = {}  # by path and key: a wrong key is still refused

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        named = _device_path(request)
        if named and request.method == "DELETE":
            for cached in [entry for entry in cache if entry[0] == request.path]:
                del cache[cached]
        if not named or request.method != "GET":
            return await ask_inner(request)
        entry = (request.path, request.authorization)
        if entry not in cache:
            answer = await ask_inner(request)
            if answer.status != 200:
                return answer
            cache[entry] = answer
        return cache[entry]

    return in_front(create_app(**options), handle)


def user_kept_when_imei_missing(**options: Any) -> App:
    """updateDevice ignores `"user": null` on a device without an IMEI, answering 200, instead of a 422."""

    def keep_user(call: Call) -> Call:
        if call.body.get("user", "") is None and call.resource.imei is None:
            return replace(call, body={k: v for k, v in call.body.items() if k != "user"})
        return call

    return with_handler(options, "updateDevice", changing_call(keep_user))


def limit_past_bound_taken(**options: Any) -> App:
    """`limit` is taken up to 1000 (pages hold 200 at most), instead of a 422 past 200."""

    def raise_bound(document: dict[str, Any]) -> None:
        document["components"]["parameters"]["limit"]["schema"]["maximum"] = 1000

    def cap(call: Call) -> Call:
        return replace(call, query={**call.query, "limit": min(call.query["limit"], 200)})

    app = with_spec_change(options, raise_bound)
    for operation in ("listDevices", "listDeviceModels"):
        app.handlers = {**app.handlers, operation: changing_call(cap)(app.handlers[operation])}
    return app


def metadata_values_unbounded(**options: Any) -> App:
    """Metadata values may be longer than 255 characters."""

    def unbound(document: dict[str, Any]) -> None:
        for name in ("Metadata", "ProjectMetadata", "MetadataUpdate"):
            document["components"]["schemas"][name]["additionalProperties"].pop("maxLength")

    return with_spec_change(options, unbound)


def body_checked_before_device(**options: Any) -> App:
    """updateDevice refuses a bad body 422 before it looks the device up: an unknown device gets a 422."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        body = request.json()
        patch = request.method == "PATCH" and _device_path(request) and isinstance(body, dict)
        if patch and "name" in body and not isinstance(body["name"], str | None):
            return json_answer(422, _refusal("name", "must be a string or null"))
        return await ask_inner(request)

    return in_front(create_app(**options), handle)


def search_across_projects(**options: Any) -> App:
    """searchDevices finds the devices of every project, asking each with its own key."""
    app = create_app(**options)

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.method != "POST" or not request.path.endswith("/devices/search") or answer.status != 200:
            return answer
        body = answer.json()
        for token, project in app.keys.items():
            elsewhere = _with_key(replace(request, path=f"/projects/{project}/devices/search"), token)
            found = await ask_inner(elsewhere)
            if found.status == 200:
                body["items"] += [d for d in found.json()["items"] if d not in body["items"]]
        return json_answer(200, body, answer.headers)

    return in_front(app, handle)


def text_body_read_as_json(**options: Any) -> App:
    """A body sent as text/plain is read as JSON, instead of a 415."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        headers = [
            (k, b"application/json" if k.lower() == b"content-type" and v.startswith(b"text/plain") else v)
            for k, v in request.headers
        ]
        return await ask_inner(replace(request, headers=headers))

    return in_front(create_app(**options), handle)


class Released:
    """What a middleware saw deleted devices let go: their SIMs and IMEIs, by project."""

    def __init__(self) -> None:
        self.sims: dict[str, set[str]] = {}
        self.imeis: dict[str, set[str]] = {}

    def see(self, request: Request, answer: Reply) -> None:
        named = _device_path(request)
        if request.method == "DELETE" and named and answer.status == 200:
            device = answer.json()
            self.sims.setdefault(named[0], set()).update(s["id"] for s in device["sims"])
            if device["imei"]:
                self.imeis.setdefault(named[0], set()).add(device["imei"])


def _written_body(request: Request) -> dict[str, Any] | None:
    """The body of a create or an update of a device, and the project it names."""
    parts = request.path.strip("/").split("/")
    writes = request.method == "POST" and len(parts) == 3 or request.method == "PATCH" and _device_path(request)
    body = request.json() if writes and parts[:1] == ["projects"] else None
    return body if isinstance(body, dict) else None


def deleted_device_keeps_its_sims(**options: Any) -> App:
    """A deleted device's SIMs stay taken: a later device naming one is refused deviceSimAlreadyUsed."""
    released = Released()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        body = _written_body(request)
        project = request.path.split("/")[2] if request.path.startswith("/projects/") else ""
        held = released.sims.get(project, set())
        for position, sim in enumerate((body or {}).get("sims") or []):
            if sim in held:
                message = "This SIM is already attached to another device."
                return json_answer(422, _refusal(f"sims.{position}", message, code="deviceSimAlreadyUsed"))
        answer = await ask_inner(request)
        released.see(request, answer)
        return answer

    return in_front(create_app(**options), handle)


def deleted_device_keeps_its_imei(**options: Any) -> App:
    """A deleted device's IMEI stays taken: a later device with it is refused deviceImeiAlreadyExists."""
    released = Released()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        body = _written_body(request)
        project = request.path.split("/")[2] if request.path.startswith("/projects/") else ""
        if body and request.method == "POST" and body.get("imei") in released.imeis.get(project, set()):
            message = "Another device of the project already has this IMEI."
            return json_answer(422, _refusal("imei", message, code="deviceImeiAlreadyExists"))
        answer = await ask_inner(request)
        released.see(request, answer)
        return answer

    return in_front(create_app(**options), handle)


def search_shows_devices_as_created(**options: Any) -> App:
    """searchDevices answers each device as it was created, from a copy updates do not refresh."""
    as_created: dict[str, dict[str, Any]] = {}

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.method == "POST" and request.path.endswith("/devices") and answer.status == 201:
            device = answer.json()
            as_created.setdefault(device["id"], device)
        elif request.method == "POST" and request.path.endswith("/devices/search") and answer.status == 200:
            body = answer.json()
            body["items"] = [as_created.get(item["id"], item) for item in body["items"]]
            return json_answer(200, body, answer.headers)
        return answer

    return in_front(create_app(**options), handle)


def former_owner_still_lists(**options: Any) -> App:
    """A device moved to another user stays in its former owner's `user=` list too."""
    former: dict[tuple[str, str], set[str]] = {}  # (project, user) → devices that were theirs

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        named = _device_path(request)
        if request.method == "PATCH" and named and "user" in (request.json() or {}):
            before = await ask_inner(replace(request, method="GET", body=b""))
            if before.status == 200 and before.json()["user"]:
                former.setdefault((named[0], before.json()["user"]["id"]), set()).add(named[1])
        answer = await ask_inner(request)
        if not _device_list(request) or answer.status != 200 or "user" not in request.query:
            return answer
        project = request.path.split("/")[2]
        page = answer.json()
        listed = {item["id"] for item in page["items"]}
        for device_id in former.get((project, request.query["user"]), set()) - listed:
            found = await ask_inner(replace(request, path=f"{request.path}/{device_id}", query={}))
            if found.status == 200 and len(page["items"]) < int(request.query.get("limit", "10")):
                page["items"].append(found.json())
        return json_answer(200, page, answer.headers)

    return in_front(create_app(**options), handle)


def replay_answers_the_device_as_it_is(**options: Any) -> App:
    """A replayed create answers the device as it is now (or 404 once deleted), not the first answer."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        replayed = (b"idempotent-replayed", b"true") in [(k.lower(), v) for k, v in answer.headers]
        if request.method == "POST" and request.path.endswith("/devices") and replayed:
            device_id = answer.json()["id"]
            return await ask_inner(replace(request, method="GET", path=f"{request.path}/{device_id}", body=b""))
        return answer

    return in_front(create_app(**options), handle)


def replay_after_delete_creates_again(**options: Any) -> App:
    """A create replayed after its device was deleted makes the device again, instead of answering
    the first answer."""
    deleted = Deleted()

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        deleted.see(request, answer)
        replayed = (b"idempotent-replayed", b"true") in [(k.lower(), v) for k, v in answer.headers]
        if request.method == "POST" and request.path.endswith("/devices") and replayed:
            project = request.path.split("/")[2]
            if (project, answer.json()["id"]) in deleted.bodies:
                headers = [(k, v) for k, v in request.headers if k.lower() != b"idempotency-key"]
                return await ask_inner(replace(request, headers=headers))
        return answer

    return in_front(create_app(**options), handle)


def catalogue_filters_joined_with_or(**options: Any) -> App:
    """listDeviceModels keeps the models that match any one of the filters, not all of them."""
    filters = ("type", "brand", "simType", "hardwareIdentifier")

    def change(handler: Handler) -> Handler:
        def either(backend: Any, call: Call) -> Answer:
            asked = [name for name in filters if name in call.query]
            if len(asked) < 2:
                return handler(backend, call)
            kept: dict[str, dict[str, Any]] = {}
            for name in asked:
                query = {k: v for k, v in call.query.items() if k not in filters or k == name}
                one = handler(backend, replace(call, query={**query, "limit": 200}))
                kept.update((m["id"], m) for m in json.loads(one.body)["items"])
            models = [m.body for m in backend.seed.catalogue.newest_first if m.id in kept]
            page = _page(models, {k: str(v) for k, v in call.query.items() if k in ("after", "before", "limit")})
            return Answer(200, _dumps(page)) if page else handler(backend, call)

        return either

    return with_handler(options, "listDeviceModels", change)


def valid_key_refused_on_filters(**options: Any) -> App:
    """listDeviceModels refuses a valid key 401 when the query filters by brand (a gateway rule gone wrong)."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        if request.path == "/deviceModels" and "brand" in request.query and answer.status == 200:
            error = {"object": "error", "type": "unauthenticated", "message": "Invalid authorization token"}
            return json_answer(401, error)
        return answer

    return in_front(create_app(**options), handle)


def rate_limited(**options: Any) -> App:
    """The correct server, answering every 7th request of a valid key 429 with `Retry-After: 0`.

    Authentication comes first, as the API documents, so a request without a valid key still gets
    its 401: a limiter counts a key's requests."""
    app = create_app(**options)
    counter = itertools.count(1)
    keys = {f"Bearer {key}".encode() for key in app.keys}

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        if request.authorization in keys and next(counter) % 7 == 0:
            error = {"object": "error", "type": "rateLimited", "message": "Too many requests."}
            return json_answer(429, error, [(b"retry-after", b"0")])
        return await ask_inner(request)

    return in_front(app, handle)


def unauthenticated_as_403(**options: Any) -> App:
    """A refused key is answered 403, which no operation lists, instead of 401."""

    async def handle(request: Request, ask_inner: AskInner) -> Reply:
        answer = await ask_inner(request)
        return replace(answer, status=403) if answer.status == 401 else answer

    return in_front(create_app(**options), handle)


def reference(**options: Any) -> App:
    """The reference server itself."""
    return create_app(**options)


# Servers that keep every rule: the suite must pass them (no false alarm).
CORRECT: dict[str, Callable[..., App]] = {"reference": reference, "rate-limited": rate_limited}

VARIANTS: dict[str, Variant] = {
    # Shape and protocol: Schemathesis's checks, and the pagination and isolation checks beside them.
    "delete-keeps-device": Variant(delete_keeps_device, "use_after_free", "schemathesis"),
    "server-error-on-limit-0": Variant(server_error_on_limit_0, "not_a_server_error", "schemathesis"),
    "missing-required-field": Variant(missing_required_field, "response_schema_conformance", "schemathesis"),
    "auth-ignored": Variant(auth_ignored, "ignored_auth", "schemathesis"),
    "cursor-skips-item": Variant(cursor_skips_item, "pagination_consistency", "schemathesis"),
    "other-project-visible": Variant(other_project_visible, "cross_project_isolation", "schemathesis"),
    "sixteen-digit-imei-refused": Variant(sixteen_digit_imei_refused, "documented_refusal", "schemathesis"),
    "unauthenticated-as-403": Variant(unauthenticated_as_403, "listed_status", "schemathesis"),
    "valid-key-refused-on-filters": Variant(valid_key_refused_on_filters, "keyed_request_accepted", "schemathesis"),
    # Behaviour: the model-based suite.
    "list-oldest-first": Variant(list_oldest_first, "list_order", "behaviour"),
    "limit-ignored": Variant(limit_ignored, "list_limit", "behaviour"),
    "default-limit-20": Variant(default_limit_20, "list_limit", "behaviour"),
    "limit-0-rejected": Variant(limit_0_rejected, "list_limit", "behaviour"),
    "more-after-on-last-page": Variant(more_after_on_last_page, "list_cursors", "behaviour"),
    "before-page-reversed": Variant(before_page_reversed, "list_cursors", "behaviour"),
    "deleted-still-listed": Variant(deleted_still_listed, "list_deleted", "behaviour"),
    "metadata-replaced-on-update": Variant(metadata_replaced_on_update, "metadata_merge", "behaviour"),
    "metadata-null-kept": Variant(metadata_null_kept, "metadata_merge", "behaviour"),
    "metadata-ignored-on-create": Variant(metadata_ignored_on_create, "device_create", "behaviour"),
    "duplicate-imei-accepted": Variant(duplicate_imei_accepted, "imei_unique", "behaviour"),
    "search-ignores-imei": Variant(search_ignores_imei, "search_devices", "behaviour"),
    "user-filter-ignored": Variant(user_filter_ignored, "list_filters", "behaviour"),
    "sim-filter-ignored": Variant(sim_filter_ignored, "list_filters", "behaviour"),
    "type-list-as-one-value": Variant(type_list_as_one_value, "catalogue_filters", "behaviour"),
    "idempotency-key-ignored": Variant(idempotency_key_ignored, "idempotent_replay", "behaviour"),
    "repeated-delete-200": Variant(repeated_delete_200, "device_delete", "behaviour"),
    "name-capped-at-50": Variant(name_capped_at_50, "device_create", "behaviour"),
    "deleted-cursor-rejected": Variant(deleted_cursor_rejected, "list_deleted", "behaviour"),
    "update-ignores-sims": Variant(update_ignores_sims, "device_update", "behaviour"),
    "null-name-ignored": Variant(null_name_ignored, "device_update", "behaviour"),
    "unknown-sim-ignored": Variant(unknown_sim_ignored, "unknown_references", "behaviour"),
    "after-and-before-accepted": Variant(after_and_before_accepted, "cursor_errors", "behaviour"),
    "brands-unsorted": Variant(brands_unsorted, "catalogue_brands", "behaviour"),
    "model-search-finds-nothing": Variant(model_search_finds_nothing, "catalogue_search", "behaviour"),
    # Rules no earlier variant broke, and what a write does to the other views and later writes.
    "brands-as-one-string": Variant(brands_as_one_string, "answers_parse", "behaviour"),
    "query-checked-before-key": Variant(query_checked_before_key, "authentication", "behaviour"),
    "catalogue-before-cursor-missing": Variant(catalogue_before_cursor_missing, "catalogue_paging", "behaviour"),
    "device-list-before-cursor-missing": Variant(device_list_before_cursor_missing, "list_cursors", "behaviour"),
    "model-retrieved-without-identifiers": Variant(
        model_retrieved_without_identifiers, "catalogue_retrieve", "behaviour"
    ),
    "retrieve-cached": Variant(retrieve_cached, "device_retrieve", "behaviour"),
    "user-kept-when-imei-missing": Variant(user_kept_when_imei_missing, "imei_or_user", "behaviour"),
    "limit-past-bound-taken": Variant(limit_past_bound_taken, "limit_bounds", "behaviour"),
    "metadata-values-unbounded": Variant(metadata_values_unbounded, "metadata_limits", "behaviour"),
    "body-checked-before-device": Variant(body_checked_before_device, "not_found", "behaviour"),
    "search-across-projects": Variant(search_across_projects, "project_isolation", "behaviour"),
    "text-body-read-as-json": Variant(text_body_read_as_json, "request_errors", "behaviour"),
    "deleted-device-keeps-its-sims": Variant(deleted_device_keeps_its_sims, "sim_single_device", "behaviour"),
    "deleted-device-keeps-its-imei": Variant(deleted_device_keeps_its_imei, "imei_unique", "behaviour"),
    "search-shows-devices-as-created": Variant(search_shows_devices_as_created, "views_agree", "behaviour"),
    "former-owner-still-lists": Variant(former_owner_still_lists, "list_filters", "behaviour"),
    "replay-answers-the-device-as-it-is": Variant(replay_answers_the_device_as_it_is, "idempotent_replay", "behaviour"),
    "replay-after-delete-creates-again": Variant(replay_after_delete_creates_again, "idempotent_replay", "behaviour"),
    "catalogue-filters-joined-with-or": Variant(catalogue_filters_joined_with_or, "catalogue_filters", "behaviour"),
}


# Servers with more than one bug: a failure must not hide the next one.
SEVERAL = {"two-bugs": two_bugs}


def app_reference(name: str) -> str:
    """The `--app` value that serves a variant or a correct server by its name."""
    build = CORRECT[name] if name in CORRECT else SEVERAL[name] if name in SEVERAL else VARIANTS[name].build
    return f"{__name__}:{build.__name__}"
