"""Deliberately broken variants of the reference server, for the contract suite's self-test.

    python -m gigs_contract.broken VARIANT --port PORT

A contract suite that cannot fail proves nothing: `make contract-selftest` runs the suite against each
variant and shows which check catches it. Each variant breaks one rule of the API and nothing else,
and is composed from the reference server's parts (a handler wrapped or replaced, a middleware in
front, a spec bound changed, an index dropped), never by patching its modules.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
import yaml

from gigs_devices_mock import MockApp, create_app, server
from gigs_devices_mock.backend import Answer, Backend, Call, cursor_positions, list_answer
from gigs_devices_mock.errors import PropertyError, invalid
from gigs_devices_mock.handlers import HANDLERS, LOADERS, Handler
from gigs_devices_mock.spec import DEFAULT_SPEC_PATH

App = Callable[..., Any]


@dataclass(frozen=True)
class Variant:
    build: Callable[[], App]
    caught_by: str  # the check meant to catch it (others may too)
    part: str  # "schemathesis" or "behaviour": the part of the suite that holds that check

    @property
    def description(self) -> str:
        return (self.build.__doc__ or "").strip().splitlines()[0]


# Building blocks -------------------------------------------------------------------------------


def with_handler(operation: str, change: Callable[[Handler], Handler]) -> MockApp:
    """The reference server with one operation's handler changed."""
    return create_app(handlers={operation: change(HANDLERS[operation])})


def changing_answer(edit: Callable[[Call, dict[str, Any]], None]) -> Callable[[Handler], Handler]:
    """A handler whose successful JSON answer is edited in place by `edit`."""

    def change(handler: Handler) -> Handler:
        def changed(backend: Backend, call: Call) -> Answer:
            answer = handler(backend, call)
            if answer.status >= 300:
                return answer
            body = orjson.loads(answer.body)
            edit(call, body)
            return Answer(answer.status, orjson.dumps(body), answer.headers)

        return changed

    return change


def changing_call(edit: Callable[[Call], Call]) -> Callable[[Handler], Handler]:
    """A handler that sees the request as `edit` changes it."""

    def change(handler: Handler) -> Handler:
        def changed(backend: Backend, call: Call) -> Answer:
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


def in_front(app: MockApp, middleware: Callable[[MockApp], App]) -> App:
    wrapped = middleware(app)
    wrapped.backend = app.backend  # what server.run and the tests read
    return wrapped


def with_spec_change(change: Callable[[dict[str, Any]], None]) -> MockApp:
    """The reference server compiled from a changed copy of openapi.yaml."""
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    change(document)
    path = Path(tempfile.mkdtemp(prefix="gigs-broken-")) / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return create_app(spec_path=path)


def rows(backend: Backend, project: str, *, deleted_too: bool = False) -> list[tuple[int, bytes]]:
    """Every device of a project as (position, body), newest first."""
    where = "" if deleted_too else "AND deleted = 0"
    return backend.store.db.execute(
        f"SELECT seq, body FROM devices WHERE project = ? {where} ORDER BY seq DESC", (project,)
    ).fetchall()


def tombstone(backend: Backend, project: str | None, device_id: str) -> bytes | None:
    """The last body of a deleted device, if the project had one by that ID."""
    row = backend.store.db.execute(
        "SELECT body FROM devices WHERE project = ? AND id = ? AND deleted = 1", (project, device_id)
    ).fetchone()
    return row[0] if row else None


def page_of(backend: Backend, call: Call, listed: list[tuple[int, bytes]], *, oldest_first: bool = False) -> Answer:
    """Page `listed` as the reference pages its list (cursors checked the same way, a deleted device's ID
    keeping its place, `moreItems*` at the edges), in the order given."""
    query = call.query
    listed = [(seq, body) for seq, body in listed if _filters_keep(query, orjson.loads(body))]
    after, before = cursor_positions(query, lambda device_id: backend.store.cursor_position(call.project, device_id))

    def comes_after(seq: int, cursor: int) -> bool:
        return seq > cursor if oldest_first else seq < cursor

    limit = query["limit"]
    if before is not None:
        end = sum(1 for seq, _ in listed if comes_after(before, seq))
        start = max(0, end - limit)
    else:
        start = 0 if after is None else sum(1 for seq, _ in listed if not comes_after(seq, after))
        end = start + limit
    chosen = [body for _, body in listed[start:end]]
    more_after = orjson.loads(chosen[-1])["id"] if chosen and end < len(listed) else None
    more_before = orjson.loads(chosen[0])["id"] if chosen and start > 0 else None
    return list_answer(chosen, more_after, more_before)


def _filters_keep(query: dict[str, Any], device: dict[str, Any]) -> bool:
    if "user" in query and (device["user"] or {}).get("id") != query["user"]:
        return False
    return "sim" not in query or query["sim"] in [sim["id"] for sim in device["sims"]]


# The variants ----------------------------------------------------------------------------------


def delete_keeps_device() -> App:
    """DELETE answers the device as deleted, and keeps it."""
    return create_app(handlers={"deleteDevice": lambda backend, call: Answer(200, call.resource.body)})


def server_error_on_limit_0() -> App:
    """listDeviceModels fails with a 500 for `limit=0`."""

    def fail_on_zero(call: Call) -> Call:
        if call.query["limit"] == 0:
            raise RuntimeError("limit=0 was never tried")
        return call

    return with_handler("listDeviceModels", changing_call(fail_on_zero))


def sixteen_digit_imei_refused() -> App:
    """createDevice refuses a 16-digit IMEI (the API takes 15 or 16 digits) with a 422 naming `imei`."""

    def fifteen_digits_only(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["DeviceCreate"]["properties"]["imei"] = {
            "type": "string",
            "pattern": "^[0-9]{15}$",
        }

    return with_spec_change(fifteen_digits_only)


def missing_required_field() -> App:
    """retrieveDevice leaves `sims` out of the device."""
    return with_handler("retrieveDevice", changing_answer(lambda call, device: device.pop("sims")))


def auth_ignored() -> App:
    """listDeviceModelBrands answers without a valid key."""
    app = create_app()
    token = next(iter(app.keys)).encode()

    def middleware(inner: MockApp) -> App:
        async def wrapped(scope, receive, send):
            if scope["type"] == "http" and scope["path"] == "/deviceModelBrands":
                headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
                scope = {**scope, "headers": [*headers, (b"authorization", b"Bearer " + token)]}
            await inner(scope, receive, send)

        return wrapped

    return in_front(app, middleware)


def cursor_skips_item() -> App:
    """listDeviceModels skips the model right after an `after` cursor."""
    return with_handler(
        "listDeviceModels",
        changing_answer(lambda call, page: page["items"].pop(0) if "after" in call.query and page["items"] else None),
    )


def other_project_visible() -> App:
    """retrieveDevice finds devices of every project."""

    def load_any(backend: Backend, project: str, device_id: str) -> Any:
        for candidate in [project, *backend.seed.projects]:
            record = backend.store.device(candidate, device_id)
            if record is not None:
                return record
        return LOADERS["device"](backend, project, device_id)

    return create_app(loaders={"device": load_any})


def list_oldest_first() -> App:
    """listDevices lists the oldest device first."""
    return create_app(
        handlers={
            "listDevices": lambda backend, call: page_of(
                backend, call, rows(backend, call.project)[::-1], oldest_first=True
            )
        }
    )


def limit_ignored() -> App:
    """listDevices pages by 10 whatever `limit` says."""
    return with_handler("listDevices", changing_call(lambda call: replace(call, query={**call.query, "limit": 10})))


def default_limit_20() -> App:
    """`limit` defaults to 20, not 10."""
    return with_spec_change(lambda doc: doc["components"]["parameters"]["limit"]["schema"].update(default=20))


def limit_0_rejected() -> App:
    """listDevices answers `limit=0` with a 422."""

    def reject_zero(call: Call) -> Call:
        if call.query["limit"] == 0:
            raise invalid(PropertyError("limit", "must be at least 1"))
        return call

    return with_handler("listDevices", changing_call(reject_zero))


def more_after_on_last_page() -> App:
    """listDevices names a `moreItemsAfter` cursor on the last page too."""

    def always_more(call: Call, page: dict[str, Any]) -> None:
        if page["items"]:
            page["moreItemsAfter"] = page["items"][-1]["id"]

    return with_handler("listDevices", changing_answer(always_more))


def before_page_reversed() -> App:
    """listDevices answers a `before` page oldest first."""

    def reverse(call: Call, page: dict[str, Any]) -> None:
        if "before" in call.query:
            page["items"].reverse()

    return with_handler("listDevices", changing_answer(reverse))


def deleted_still_listed() -> App:
    """listDevices keeps listing deleted devices."""
    return create_app(
        handlers={
            "listDevices": lambda backend, call: page_of(backend, call, rows(backend, call.project, deleted_too=True))
        }
    )


def metadata_replaced_on_update() -> App:
    """updateDevice replaces the metadata with the update's instead of merging."""

    def forget_metadata(call: Call) -> Call:
        if "metadata" in call.body:
            return replace(call, resource=replace(call.resource, metadata={}))
        return call

    return with_handler("updateDevice", changing_call(forget_metadata))


def metadata_null_kept() -> App:
    """updateDevice ignores a `null` in metadata, keeping the key."""

    def drop_nulls(call: Call) -> Call:
        if "metadata" in call.body:
            metadata = {k: v for k, v in call.body["metadata"].items() if v is not None}
            return replace(call, body={**call.body, "metadata": metadata})
        return call

    return with_handler("updateDevice", changing_call(drop_nulls))


def metadata_ignored_on_create() -> App:
    """createDevice ignores the metadata it is given."""
    return with_handler("createDevice", changing_call(without_body_field("metadata")))


def duplicate_imei_accepted() -> App:
    """createDevice accepts a second device with an IMEI the project already has."""
    app = create_app()
    app.backend.store.db.execute("DROP INDEX devices_live_imei")
    return app


def search_ignores_imei() -> App:
    """searchDevices answers every device of the project, whatever the IMEI."""

    def search_all(backend: Backend, call: Call) -> Answer:
        return list_answer([body for _, body in rows(backend, call.project)][:200], None, None)

    return create_app(handlers={"searchDevices": search_all})


def user_filter_ignored() -> App:
    """listDevices ignores the `user` filter."""
    return with_handler("listDevices", changing_call(without_query("user")))


def sim_filter_ignored() -> App:
    """listDevices ignores the `sim` filter."""
    return with_handler("listDevices", changing_call(without_query("sim")))


def type_list_as_one_value() -> App:
    """listDeviceModels reads `type=smartphone,tablet` as one type."""

    def join(call: Call) -> Call:
        if len(call.query.get("type", [])) > 1:
            return replace(call, query={**call.query, "type": [",".join(call.query["type"])]})
        return call

    return with_handler("listDeviceModels", changing_call(join))


def idempotency_key_ignored() -> App:
    """The server ignores `Idempotency-Key`: a replayed create makes a second device."""

    def middleware(inner: MockApp) -> App:
        async def wrapped(scope, receive, send):
            if scope["type"] == "http":
                scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"idempotency-key"]}
            await inner(scope, receive, send)

        return wrapped

    return in_front(create_app(), middleware)


def repeated_delete_200() -> App:
    """Deleting a deleted device answers 200 with it again, not 404."""
    app = create_app()

    def middleware(inner: MockApp) -> App:
        async def wrapped(scope, receive, send):
            if scope["type"] != "http" or scope["method"] != "DELETE":
                await inner(scope, receive, send)
                return
            sent: list[dict[str, Any]] = []

            async def keep(message):
                sent.append(message)

            await inner(scope, receive, keep)
            project, _, device_id = scope["path"].removeprefix("/projects/").partition("/devices/")
            body = tombstone(app.backend, project, device_id) if sent[0]["status"] == 404 else None
            if body is not None:
                sent = [
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    },
                    {"type": "http.response.body", "body": body},
                ]
            for message in sent:
                await send(message)

        return wrapped

    return in_front(app, middleware)


def name_capped_at_50() -> App:
    """createDevice cuts names down to 50 characters."""

    def cap(call: Call) -> Call:
        if isinstance(call.body.get("name"), str):
            return replace(call, body={**call.body, "name": call.body["name"][:50]})
        return call

    return with_handler("createDevice", changing_call(cap))


def deleted_cursor_rejected() -> App:
    """listDevices refuses a cursor naming a deleted device, instead of keeping its place."""

    def refuse_tombstones(backend: Backend, call: Call) -> Answer:
        for name in ("after", "before"):
            if name in call.query and tombstone(backend, call.project, call.query[name]) is not None:
                raise invalid(PropertyError(name, "names no object of this list"))
        return HANDLERS["listDevices"](backend, call)

    return create_app(handlers={"listDevices": refuse_tombstones})


def update_ignores_sims() -> App:
    """updateDevice leaves the SIMs as they were."""
    return with_handler("updateDevice", changing_call(without_body_field("sims")))


def null_name_ignored() -> App:
    """updateDevice ignores `"name": null` instead of removing the name."""
    return with_handler("updateDevice", changing_call(without_body_field("name", lambda value: value is None)))


def unknown_sim_ignored() -> App:
    """createDevice drops SIM IDs that name no SIM of the project, instead of a 422."""

    def drop_unknown(backend: Backend, call: Call) -> Answer:
        if "sims" in call.body:
            known = backend.seed.project(call.project).sims
            call = replace(call, body={**call.body, "sims": [s for s in call.body["sims"] if s in known]})
        return HANDLERS["createDevice"](backend, call)

    return create_app(handlers={"createDevice": drop_unknown})


def after_and_before_accepted() -> App:
    """listDevices takes `after` and `before` together (using `after`) instead of a 422."""

    def keep_after(call: Call) -> Call:
        if "after" in call.query:
            return replace(call, query={k: v for k, v in call.query.items() if k != "before"})
        return call

    return with_handler("listDevices", changing_call(keep_after))


def brands_unsorted() -> App:
    """listDeviceModelBrands lists brands in catalogue order, not alphabetically."""

    def catalogue_order(backend: Backend, call: Call) -> Answer:
        brands = list(dict.fromkeys(m.body["brand"] for m in backend.seed.catalogue.newest_first))
        return Answer(200, orjson.dumps({"object": "deviceModelBrands", "items": brands}))

    return create_app(handlers={"listDeviceModelBrands": catalogue_order})


def model_search_finds_nothing() -> App:
    """searchDeviceModels finds no model for any IMEI."""
    return create_app(handlers={"searchDeviceModels": lambda backend, call: list_answer([], None, None)})


def rate_limited() -> App:
    """The correct server, answering every 7th request of a valid key 429 with `Retry-After: 0`.

    Authentication comes first, as the API documents, so a request without a valid key still gets
    its 401: a limiter counts a key's requests."""
    app = create_app()
    counter = iter(range(1, 1 << 62))
    keys = {f"Bearer {key}".encode() for key in app.keys}

    def middleware(inner: MockApp) -> App:
        async def wrapped(scope, receive, send):
            authorization = dict(scope.get("headers", [])).get(b"authorization")
            if scope["type"] == "http" and authorization in keys and next(counter) % 7 == 0:
                body = b'{"object":"error","type":"rateLimited","message":"Too many requests."}'
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                await send(
                    {"type": "http.response.start", "status": 429, "headers": [*headers, (b"retry-after", b"0")]}
                )
                await send({"type": "http.response.body", "body": body})
                return
            await inner(scope, receive, send)

        return wrapped

    return in_front(app, middleware)


def unauthenticated_as_403() -> App:
    """A refused key is answered 403, which no operation lists, instead of 401."""

    def middleware(inner: MockApp) -> App:
        async def wrapped(scope, receive, send):
            async def forbid(message):
                if message["type"] == "http.response.start" and message["status"] == 401:
                    message = {**message, "status": 403}
                await send(message)

            await inner(scope, receive, forbid)

        return wrapped

    return in_front(create_app(), middleware)


# Servers that keep every rule: the suite must pass them (no false alarm).
CORRECT: dict[str, Callable[[], App]] = {"reference": create_app, "rate-limited": rate_limited}

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
}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m gigs_contract.broken", description=__doc__.split("\n\n")[0])
    cli.add_argument("variant", choices=sorted([*VARIANTS, *CORRECT]))
    cli.add_argument("--port", type=int, required=True)
    cli.add_argument("--no-access-log", action="store_true")
    args = cli.parse_args(argv)
    build = CORRECT[args.variant] if args.variant in CORRECT else VARIANTS[args.variant].build
    server.run(build(), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
