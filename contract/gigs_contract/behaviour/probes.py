"""Requests the API must refuse, each changing nothing, and reads at the edges of a list.

Each takes the sequence's `Session` and checks its own answer: wrong keys, bodies that are not JSON
or are past any schema or limit, devices that do not exist (never, or no longer), another project's
devices, users and SIMs, metadata past its bounds, queries the API refuses; a first page at any
limit, and the edges of a list short enough to read whole. What a probe sends the SDK cannot send on
purpose, so it goes through the session's Api as it is, paced and recorded like every request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import orjson

from .. import spec
from . import interactions as on
from . import pages
from .api import Reply, new_key
from .model import Expected, Refusal
from .pages import DEVICE_PAGES
from .session import (
    DEFAULT_LIMIT,
    MAX_KEY_LENGTH,
    MAX_KEYS,
    MAX_LIMIT,
    MAX_VALUE_LENGTH,
    MIN_LIMIT,
    NO_SUCH_PROJECT,
    UNKNOWN_DEVICE,
    Change,
    Session,
)


def key_refused(s: Session, problem: str, request: str, device: Expected | None) -> None:
    """A request without a valid key of the project it names is a 401 `unauthenticated`, whatever
    else is wrong with it (the key is checked first), and does nothing."""
    mark = s.ledger.step()
    key: str | None = {
        "no key": None,
        "not a bearer key": "Basic Y29udHJhY3Q6c3VpdGU=",
        "empty bearer key": "Bearer",
        "unknown key": "Bearer contractSuiteNoSuchKey",
        "another project's path": "own",
    }[problem]
    project = (s.ctx.other.project if s.ctx.other else NO_SUCH_PROJECT) if key == "own" else None
    path, method, params, body = s.devices_path(project), "GET", None, None
    imei = None
    if request == "retrieve":
        path += "/" + (device.id if device else UNKNOWN_DEVICE)
    elif request == "create":
        imei = s.new_imei()
        method, body = "POST", {"imei": imei}
    elif request == "bad query":
        params = {"limit": str(MAX_LIMIT + 1)}  # a 422 for a valid key: the key comes first
    elif request in ("models", "brands"):
        if key == "own":
            return  # global paths: no project for a key to be wrong for
        path = "/deviceModels" if request == "models" else "/deviceModelBrands"
    headers = {"Content-Type": "application/json", "Idempotency-Key": new_key()} if body else None
    reply = s.api.raw(method, path, key=key, headers=headers, params=params, content=_json(body))
    operation = {
        "list": "listDevices",
        "retrieve": "retrieveDevice",
        "create": "createDevice",
        "bad query": "listDevices",
        "models": "listDeviceModels",
        "brands": "listDeviceModelBrands",
    }[request]
    s.expect_error("authentication", operation, reply, 401, "unauthenticated", f"{problem} on {method} {path}")
    if imei is not None:
        found = s.api.search(imei)
        # Only a device of this IMEI (a fresh one of the run's) can be one the refused create made:
        # a search that answers others too must not make the suite delete devices not its own.
        items = found.body.get("items") if found.status == 200 and isinstance(found.body, dict) else None
        strays = [item["id"] for item in items or [] if isinstance(item, dict) and item.get("imei") == imei]
        try:
            s.check("authentication", "createDevice", not strays, f"a refused create made {strays}")
        finally:
            for stray in strays:
                s.api.delete(stray)
    s.probed(mark)


BodyFlaw = Literal["not JSON", "not an object", "not UTF-8", "not JSON media type", "nested past any schema"]
MetadataFlaw = Literal["key too long", "empty key", "value too long", "too many keys", "null"]


def malformed_body(s: Session, flaw: BodyFlaw) -> None:
    """A body that is not JSON, not an object or not UTF-8 is a 400 `malformed`; one sent as another
    media type a 415 `unsupportedMediaType`. Nothing is created."""
    mark = s.ledger.step()
    imei = s.new_imei()
    valid = orjson.dumps({"imei": imei})
    if flaw == "nested past any schema":
        _nested_too_deeply(s, imei, mark)
        return
    content, media = {
        "not JSON": (b'{"imei": "' + imei.encode(), "application/json"),
        "not an object": (b'[{"imei": "' + imei.encode() + b'"}]', "application/json"),
        "not UTF-8": (b'{"imei": "' + imei.encode() + b'", "name": "\xff\xfe"}', "application/json"),
        "not JSON media type": (valid, "text/plain"),
    }[flaw]
    status, kind = (415, "unsupportedMediaType") if flaw == "not JSON media type" else (400, "malformed")
    _create_refused(
        s,
        content,
        lambda reply: s.expect_error("request_errors", "createDevice", reply, status, kind, f"a body {flaw}"),
        media,
    )
    s.probed(mark)


def _nested_too_deeply(s: Session, imei: str, mark: int) -> None:
    """A value nested far deeper than any schema of the API (300 lists in `metadata`) is refused
    422 like any value the schema rejects, its details naming that property and no other."""
    nested = b"[" * 300 + b"]" * 300

    def judge(reply: Reply) -> None:
        s.expect_refusal("createDevice", reply, [Refusal("request_errors", ("metadata",))])
        strangers = [p for p in reply.error()[2] if not Refusal("", ("metadata",)).names([p])]
        s.check("request_errors", "createDevice", not strangers, f"the details also name {strangers}")

    _create_refused(s, b'{"imei": "' + imei.encode() + b'", "metadata": {"k": ' + nested + b"}}", judge)
    s.probed(mark)


def overlong_value(s: Session) -> None:
    """A value far past its schema (an IMEI of 400 digits) is a 422 naming it, however long the value
    the answer has to describe."""
    mark = s.ledger.step()
    _create_refused(
        s,
        orjson.dumps({"imei": "4" * 400}),
        lambda reply: s.expect_refusal("createDevice", reply, [Refusal("request_errors", ("imei",))]),
    )
    s.probed(mark)


def path_not_utf8(s: Session) -> None:
    """A device ID that is not UTF-8 once percent-decoded names no device: refused 404 or 422,
    never a server's failure."""
    s.ledger.step()
    reply = s.api.raw("GET", f"{s.devices_path()}/%FF%FE")
    s.check(
        "request_errors",
        "retrieveDevice",
        reply.status in (404, 422) and reply.error()[0] in ("notFound", "invalid"),
        f"a device ID that is not UTF-8 answered {reply.status} {reply.body!r:.160}",
    )


def unknown_device(s: Session, device_id: str, operation: str) -> None:
    """A device that does not exist (never, or no longer) is a 404 `notFound` to every operation
    on it, before its body is read; a deleted one stays deleted."""
    mark = s.ledger.step()
    gone = s.model.devices.get(device_id)
    if gone is not None and operation.startswith("update"):
        s.saw(on.DELETE, "update of it")
    elif gone is not None and operation == "delete":
        s.saw(on.DELETE, "delete of it")
    path = f"{s.devices_path()}/{device_id}"
    if operation == "retrieve":
        reply = s.api.retrieve(device_id)
    elif operation == "update":
        reply = s.api.update(device_id, {"name": "contract suite"})
    elif operation == "delete":
        reply = s.api.delete(device_id)
    else:
        headers = {"Content-Type": "application/json"}
        reply = s.api.raw("PATCH", path, headers=headers, content=_json({"name": 5, "sims": "x"}))
    operation_id = {"retrieve": "retrieveDevice", "delete": "deleteDevice"}.get(operation, "updateDevice")
    # A device the sequence deleted is what a delete left behind; one that never was, not_found's.
    rule = "device_delete" if gone is not None else "not_found"
    what = f"{operation} of {device_id}{' (deleted)' if gone is not None else ''}"
    s.expect_error(rule, operation_id, reply, 404, "notFound", what)
    if gone is not None:
        s.changed(Change(on.UPDATE_REFUSED, gone))  # and every view still shows it gone
    else:
        s.probed(mark)


def other_project_sees_nothing(s: Session, device: Expected, how: str) -> None:
    """A device is out of reach of another project: its key on its own path gets a 404 for the
    device, and does not find it listed or searched; the device stays as it was."""
    other = s.ctx.other
    assert other is not None
    s.ledger.step()
    if how == "retrieve":
        s.expect_error("project_isolation", "retrieveDevice", other.retrieve(device.id), 404, "notFound", how)
    elif how == "update":
        reply = other.update(device.id, {"name": "another project's"})
        s.expect_error("project_isolation", "updateDevice", reply, 404, "notFound", how)
        s.changed(Change(on.UPDATE_REFUSED, device))
    elif how == "delete":
        s.expect_error("project_isolation", "deleteDevice", other.delete(device.id), 404, "notFound", how)
        s.changed(Change(on.UPDATE_REFUSED, device))
    elif how == "list":
        listed = other.list(limit=MAX_LIMIT)
        s.check(
            "project_isolation",
            "listDevices",
            listed.status == 200 and device.id not in listed.ids,
            f"{other.project}'s list answered {listed.status} and holds {device.id}: "
            f"{device.id in (listed.ids if listed.status == 200 else [])}",
        )
    elif device.imei:
        found = other.search(device.imei)
        s.check(
            "project_isolation",
            "searchDevices",
            found.status == 200 and device.id not in found.ids,
            f"{other.project}'s search for {device.imei} answered {found.status}, finding {device.id}",
        )


def other_projects_reference(s: Session, what: str, named: str) -> None:
    """A write may name only its own project's users and SIMs: another project's is a 422
    naming the property, as an unknown one is."""
    mark = s.ledger.step()
    fields: dict[str, Any] = {"imei": s.new_imei()}
    fields[what] = named if what == "user" else [named]
    reply = s.api.create(fields)
    made = reply.body.get("id") if reply.status == 201 and isinstance(reply.body, dict) else None
    try:
        s.expect_refusal("createDevice", reply, [Refusal("project_isolation", (what,))])
    finally:
        if made:
            s.api.delete(made)
    s.probed(mark)


def metadata_out_of_bounds(s: Session, flaw: MetadataFlaw, device: Expected | None) -> None:
    """Metadata keys are 1 to 40 characters, values at most 255, at most 10 keys kept; `"metadata":
    null` is no change but a 422. Each is a 422 naming metadata, and changes nothing (an update of
    `device`, or a create when it is None)."""
    mark = s.ledger.step()
    metadata: Any = {
        "key too long": {"k" * (MAX_KEY_LENGTH + 1): "v"},
        "empty key": {"": "v"},
        "value too long": {"crmId": "v" * (MAX_VALUE_LENGTH + 1)},
        "too many keys": {f"k{n}": "v" for n in range(MAX_KEYS + 1)},
        "null": None,
    }[flaw]
    # Sent as they are: the generated client would refuse some of these bodies itself.
    headers = {"Content-Type": "application/json"}
    if device is not None:
        path = f"{s.devices_path()}/{device.id}"
        reply = s.api.raw("PATCH", path, headers=headers, content=orjson.dumps({"metadata": metadata}))
        s.changed(Change(on.UPDATE_REFUSED, device))
        s.expect_refusal("updateDevice", reply, [Refusal("metadata_limits", ("metadata",))])
        return
    _create_refused(
        s,
        orjson.dumps({"imei": s.new_imei(), "metadata": metadata}),
        lambda reply: s.expect_refusal("createDevice", reply, [Refusal("metadata_limits", ("metadata",))]),
    )
    s.probed(mark)


# The ways a device list's query is refused: an empty filter only for the filters the spec has.
QUERY_CASES = (
    "after and before",
    "unknown after",
    "unknown before",
    "a model as cursor",
    *(f"empty {name}" for name in ("user", "sim") if name in spec.device_filters()),
    "an empty limit",
    "limit too large",
    "limit too small",
)


def query_refused(s: Session, case: str) -> None:
    """An empty filter or limit is a 422, not "no filter" (the API never heals a request); `after`
    with `before`, a cursor that names no item of this list (a device model's ID, or none at all),
    and a limit past its bounds are each a 422 naming the parameter."""
    s.ledger.step()
    anchor = s.model.live()[0].id if s.model.live() else UNKNOWN_DEVICE
    params, named, rule_name = {
        "empty user": ({"user": ""}, ("user",), "list_filters"),
        "empty sim": ({"sim": ""}, ("sim",), "list_filters"),
        "an empty limit": ({"limit": ""}, ("limit",), "limit_bounds"),
        "limit too large": ({"limit": str(MAX_LIMIT + 1)}, ("limit",), "limit_bounds"),
        "limit too small": ({"limit": str(MIN_LIMIT - 1)}, ("limit",), "limit_bounds"),
        "after and before": ({"after": anchor, "before": anchor}, ("after", "before"), "cursor_errors"),
        "unknown after": ({"after": UNKNOWN_DEVICE}, ("after",), "cursor_errors"),
        "unknown before": ({"before": UNKNOWN_DEVICE}, ("before",), "cursor_errors"),
        "a model as cursor": ({"after": some_model_id(s)}, ("after",), "cursor_errors"),
    }[case]
    reply = s.api.raw("GET", s.devices_path(), params=params)
    s.expect_refusal("listDevices", reply, [Refusal(rule_name, named)])


def some_model_id(s: Session) -> str:
    for models in s.ctx.model_of_tac.values():
        if models:
            return str(models[0]["id"])
    found = s.api.list_models(limit=1)
    items = found.body.get("items") if found.status == 200 and isinstance(found.body, dict) else None
    return str(items[0]["id"]) if items else "dmd_contractSuiteNeverIssued"


def first_page(s: Session, limit: int | None) -> Reply:
    """A first page holds min(limit, what there is) items, 10 without a limit, none for 0; a full
    one that is not the whole list says so."""
    s.ledger.step()
    reply = s.api.list(**({"limit": limit} if limit is not None else {}))
    s.check(
        "list_limit",
        "listDevices",
        reply.status == 200,
        f"limit={limit} answered {reply.status}: {reply.body!r:.200}",
    )
    size = DEFAULT_LIMIT if limit is None else limit
    pages.check_page(s.ledger.check, DEVICE_PAGES, reply, limit, newer=False)
    known = len(s.model.live())  # the list holds at least the run's own live devices
    s.check(
        "list_limit",
        "listDevices",
        len(reply.ids) >= min(size, known),
        f"limit={limit} answered {len(reply.ids)} items, though at least {known} exist",
    )
    if known > size > 0:
        s.check(
            "list_limit",
            "listDevices",
            reply.body["moreItemsAfter"] is not None,
            f"limit={limit}: {known} devices exist, yet moreItemsAfter is null",
        )
    return reply


def list_edges(s: Session, **query: str) -> None:
    """The edges of a whole list (or a filtered one, `query`), where it is short enough to read in
    one page: a page exactly as long as the list says nothing follows, one shorter by one names its
    last item; `before` its oldest item with as long a limit reaches the top and says nothing
    precedes; `before` its newest and `after` its oldest are empty pages with no cursors."""
    shown = "".join(f"{name}={value} " for name, value in query.items()) or "the list: "
    s.ledger.step()
    whole = s.api.list(**query, limit=MAX_LIMIT)
    s.check("list_limit", "listDevices", whole.status == 200, f"{shown}limit={MAX_LIMIT} answered {whole.status}")
    ids = whole.ids
    if whole.body["moreItemsAfter"] is not None or not ids:
        return  # a list longer than a page (a live project): its end is not the run's to know
    last_but_one = ids[-2] if len(ids) > 1 else None
    edges: list[tuple[dict[str, Any], list[str], str | None, str | None]] = [
        ({"limit": len(ids)}, ids, None, None),
        ({"limit": len(ids) - 1}, ids[:-1], last_but_one, None),
        ({"before": ids[-1], "limit": len(ids) - 1}, ids[:-1], last_but_one, None),
        ({"before": ids[0], "limit": MAX_LIMIT}, [], None, None),
        ({"after": ids[-1], "limit": MAX_LIMIT}, [], None, None),
    ]
    for paging, expected, after, before in edges:
        s.ledger.step()
        page = s.api.list(**query, **paging)
        answered = (
            (page.ids, page.body.get("moreItemsAfter"), page.body.get("moreItemsBefore"))
            if page.status == 200
            else page.status
        )
        s.check(
            "list_cursors",
            "listDevices",
            answered == (expected, after, before),
            f"{shown}{paging} of a list of {len(ids)} answered {answered!r:.300}: expected {len(expected)} items,"
            f" moreItemsAfter {after!r} and moreItemsBefore {before!r}",
        )


def too_large_body(s: Session) -> None:
    """A body past the server's limit (which the API leaves to it) is refused 413 payloadTooLarge; a
    server whose limit is higher takes it (a name has no documented bound), and the device is deleted."""
    mark = s.ledger.step()
    name = "n" * (1100 * 1024)  # past 1 MiB, a common limit
    body = orjson.dumps({"imei": s.new_imei(), "name": name})

    def judge(reply: Reply) -> None:
        kind = reply.error()[0]
        s.check(
            "request_errors",
            "createDevice",
            reply.status == 201 or (reply.status == 413 and kind == "payloadTooLarge"),
            f"a body of {len(body)} bytes answered {reply.status} {kind!r}: expected 413 payloadTooLarge (or 201)",
        )

    _create_refused(s, body, judge)
    s.probed(mark)


def _create_refused(
    s: Session, content: bytes, judge: Callable[[Reply], None], media: str = "application/json"
) -> None:
    """A create sent as it is (the SDK would not send these bodies), its answer judged; a device it
    made all the same is deleted, whatever the verdict."""
    headers = {"Content-Type": media, "Idempotency-Key": new_key()}
    reply = s.api.raw("POST", s.devices_path(), headers=headers, content=content)
    made = reply.body.get("id") if reply.status == 201 and isinstance(reply.body, dict) else None
    try:
        judge(reply)
    finally:
        if made:
            s.api.delete(made)


def _json(value: Any) -> bytes | None:
    return None if value is None else orjson.dumps(value)
