"""Every view of a sequence's devices, compared with the model after every write.

A check placed inside one rule runs only when randomness picks that rule next to the right state;
this runs after each step that wrote (or tried to), whatever the step was:

- retrieve of each device the sequence made: as its last write left it, or a 404 once deleted;
- the unfiltered list walked forward in small pages until past the sequence's devices, and back
  again with `before`: exactly the live ones, newest first, each as modelled;
- the pages after and before each device the step wrote (a deleted one's ID keeps its place);
- `user=` for each user the sequence names and `sim=` for each of its SIMs, walked both ways:
  exactly the live devices of that user, or the one holding that SIM;
- a search for every IMEI the sequence used: the live device that has it, if any.

The model decides each answer exactly for the sequence's own devices; on a live project other
devices may stand between them, so their presence, absence, order and content are what is compared.
Which interactions (interactions.py) a pass exercised is counted as each view is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import spec
from . import interactions as on
from . import pages
from .ledger import Violation
from .model import Expected
from .pages import DEVICE_PAGES

if TYPE_CHECKING:
    from .session import Change, Session

WALK_LIMIT = 3  # small pages, so that even a few devices span several of them
_, MAX_LIMIT, _ = spec.limit_bounds()


def settle(session: Session) -> None:
    """After a step that wrote (or tried to): every view against the model. Once they agree, the
    step's refused writes are known to have changed nothing, and leave later transcripts."""
    if session.changes:
        start = session.ledger.step()
        observe(session)
        session.ledger.harmless_since(session.unsettled_from)
        session.unsettled_from = start


def observe(session: Session) -> None:
    changes, session.changes = session.changes, []
    model = session.model
    for device in list(model.devices.values()):
        _view(session, _retrieve, device)
    _mark(session, changes, on.RETRIEVE, lambda change: change.device is not None)
    walked = _view(session, _list, "listDevices", "the list", {}, model.live(), default=True)
    _mark(session, changes, on.LIST, lambda change: True)
    _mark(session, changes, on.LIST_BACK, lambda change: change.device is not None and walked)
    _view(session, _around, changes)
    _mark(session, changes, on.AROUND, lambda change: change.device is not None)
    filters = spec.device_filters()
    for user in model.users if "user" in filters else ():
        expected = [d for d in model.live() if d.user == user]
        _view(session, _list, "listDevices", f"user={user}", {"user": user}, expected, "list_filters")
    _mark(session, changes, on.OWNER, lambda c: c.device is not None and c.device.user in model.users)
    _mark(session, changes, on.FORMER_OWNER, lambda c: c.former_user is not None and c.former_user in model.users)
    for sim in model.sims if "sim" in filters else ():
        _view(session, _sim, sim)
    _mark(session, changes, on.ITS_SIMS, lambda c: bool(set(_sims(c)) & set(model.sims)))
    _mark(session, changes, on.FREED_SIMS, lambda c: bool(set(c.freed_sims) & set(model.sims)))
    imeis = {d.imei for d in model.devices.values() if d.imei} | {c.imei for c in changes if c.imei}
    for imei in sorted(imeis):
        _view(session, _search, imei)
    _mark(session, changes, on.SEARCH, lambda c: bool(c.imei or (c.device and c.device.imei)))


def _view(session: Session, look: Any, *args: Any, default: Any = None) -> Any:
    """One view, compared with the model. A failure of a cause the run goes on past (the ledger
    holds it) moves on to the next view: one bug must not hide the rules the others hold."""
    try:
        with session.ledger.viewing():
            return look(session, *args)
    except Violation as violation:
        if not violation.tolerated:
            raise
        return default


def _sims(change: Change) -> tuple[str, ...]:
    return change.named_sims or (tuple(change.device.sims) if change.device else ())


def _mark(session: Session, changes: list[Change], view: str, applies: Any) -> None:
    """Count the pairs (write, view) this pass exercised: the view had something to say about the write."""
    for change in changes:
        if applies(change) and on.Pair(change.kind, view, ()).name in on.NAMES:
            session.saw(change.kind, view)


def _retrieve(session: Session, device: Expected) -> None:
    session.ledger.step()
    session.expect_device("device_retrieve", "retrieveDevice", device, session.api.retrieve(device.id))


def _past_ours(session: Session, expected: list[Expected]) -> Any:
    """When a walk may stop: every expected device seen, and the list gone past the oldest device the
    sequence ever made (a deleted one that is still listed would be there)."""
    wanted = {d.id for d in expected}
    oldest = min((d.created_at for d in session.model.devices.values()), default="")

    def done(items: list[dict[str, Any]]) -> bool:
        if not wanted <= {item.get("id") for item in items}:
            return False
        last = items[-1] if items else None
        return last is not None and last.get("id") not in session.model.devices and last.get("createdAt", "") < oldest

    return done


def _list(
    session: Session,
    operation: str,
    shown: str,
    query: dict[str, str],
    expected: list[Expected],
    rule: str = "list_cursors",
) -> bool:
    """Walk a list forward in small pages, then back with `before`; compare both with the model.
    Whether there was a way back to walk."""
    session.ledger.step()
    items = pages.walk(
        session.ledger.check,
        DEVICE_PAGES,
        lambda **paging: session.api.list(**query, **paging),
        WALK_LIMIT,
        done=_past_ours(session, expected),
    )
    if query:
        strangers = [i.get("id") for i in items if not _kept_by(i, query)]
        session.check(rule, operation, not strangers, f"{shown} answers devices it does not ask for: {strangers[:3]}")
    try:
        check_view(session, rule, operation, f"{shown}, walked with limit={WALK_LIMIT}", items, expected)
        check_order(session, operation, items, expected)
    except Violation:
        _shown_in_one_page(session, operation, shown, query, items, expected, rule)
        raise
    if len(items) < 2:
        return False
    _walk_back(session, operation, shown, query, items)
    return True


def _shown_in_one_page(
    session: Session,
    operation: str,
    shown: str,
    query: dict[str, str],
    items: list[dict[str, Any]],
    expected: list[Expected],
    rule: str,
) -> None:
    """A walked list that breaks a rule, read again from its top in one page: a reproducer then needs
    no cursor, which may name a device it cannot make (another client's, or the Schemathesis half's).
    When the one page shows the failure too, its Violation is raised with that one request as the
    failing step; when it does not, the walk's stands."""
    if not 1 < len(items) <= MAX_LIMIT:
        return
    session.ledger.step()
    page = session.api.list(**query, limit=len(items))
    if page.status == 200 and isinstance(page.body, dict):
        check_view(session, rule, operation, f"{shown}, read in one page", page.body["items"], expected)
        check_order(session, operation, page.body["items"], expected)


def _kept_by(item: dict[str, Any], query: dict[str, str]) -> bool:
    if "user" in query:
        return isinstance(item.get("user"), dict) and item["user"].get("id") == query["user"]
    if "sim" in query:
        return query["sim"] in [s.get("id") for s in item.get("sims") or [] if isinstance(s, dict)]
    return True


def _walk_back(
    session: Session, operation: str, shown: str, query: dict[str, str], forward: list[dict[str, Any]]
) -> None:
    """From the forward walk's last item, `before` pages lead back to its start, each page newest first."""
    session.ledger.step()
    cursor, back = forward[-1]["id"], list[dict[str, Any]]()
    for _ in range(200):
        page = session.api.list(**query, before=cursor, limit=WALK_LIMIT)
        session.check("list_cursors", operation, page.status == 200, f"{shown}: before={cursor} answered {page.status}")
        # The cursor is an item of the page after this one: items follow it.
        pages.check_page(session.ledger.check, DEVICE_PAGES, page, WALK_LIMIT, back=True, older=True)
        if cursor != forward[-1]["id"]:  # a cursor the server gave leads to more items
            session.check(
                "list_cursors", operation, bool(page.ids), f"{shown}: moreItemsBefore={cursor} led to an empty page"
            )
        back = page.body["items"] + back
        cursor = page.body["moreItemsBefore"]
        if cursor is None or not page.ids:
            break
    own = session.model.devices
    forward_own = [i["id"] for i in forward[:-1] if i["id"] in own]
    back_own = [i["id"] for i in back if i["id"] in own]
    session.check(
        "list_cursors",
        operation,
        back_own == forward_own,
        f"{shown}: walking back with before= gives {back_own}, forward gave {forward_own}",
    )


def _around(session: Session, changes: list[Change]) -> None:
    """The pages right after and right before each device the step wrote: of the sequence's live
    devices, the nearest older ones and the nearest newer ones, in order. A deleted device's ID keeps
    its place."""
    written = {c.device.id: c.device for c in changes if c.device is not None}
    newest_first = sorted(session.model.live(), key=lambda d: -d.order)
    for device in written.values():
        for side in ("after", "before"):
            session.ledger.step()
            reply = session.api.list(**{side: device.id, "limit": WALK_LIMIT})
            rule = "list_deleted" if device.deleted else "list_cursors"
            session.check(
                rule,
                "listDevices",
                reply.status == 200,
                f"{side}={device.id}{' (deleted)' if device.deleted else ''} answered {reply.status}: {reply.body!r:.200}",
            )
            newer = side == "before"
            on_side = [d.id for d in newest_first if (d.order > device.order) == newer and d.id != device.id]
            # The cursor's own side of the page holds the cursor when it is live; when it was deleted,
            # it is known to hold live devices only if the sequence has some there.
            cursor_side = [d for d in newest_first if (d.order > device.order) != newer and d.id != device.id]
            beyond = True if not device.deleted or cursor_side else None
            pages.check_page(
                session.ledger.check,
                DEVICE_PAGES,
                reply,
                WALK_LIMIT,
                back=newer,
                **({"older": beyond} if newer else {"newer": beyond}),
            )
            own = [i for i in reply.ids if i in session.model.devices]
            nearest = on_side[len(on_side) - len(own) :] if newer else on_side[: len(own)]
            whole = len(reply.ids) < WALK_LIMIT  # a page that is not full holds every item on that side
            session.check(
                rule,
                "listDevices",
                own == nearest and (own == on_side or not whole),
                f"{side}={device.id}{' (deleted)' if device.deleted else ''} gives the sequence's devices {own},"
                f" expected {on_side[:WALK_LIMIT] if not newer else on_side[-WALK_LIMIT:]}",
            )


def _sim(session: Session, sim: str) -> None:
    session.ledger.step()
    reply = session.api.list(sim=sim, limit=WALK_LIMIT)
    session.check("list_filters", "listDevices", reply.status == 200, f"sim={sim} answered {reply.status}")
    pages.check_page(session.ledger.check, DEVICE_PAGES, reply, WALK_LIMIT, newer=False)
    items = reply.body["items"]
    strangers = [i.get("id") for i in items if not _kept_by(i, {"sim": sim})]
    session.check("list_filters", "listDevices", not strangers, f"sim={sim} lists devices without it: {strangers[:3]}")
    holder = session.model.sim_holder(sim)
    check_view(session, "list_filters", "listDevices", f"sim={sim}", items, [holder] if holder else [])


def _search(session: Session, imei: str) -> None:
    session.ledger.step()
    reply = session.api.search(imei)
    session.check(
        "search_devices",
        "searchDevices",
        reply.status == 200,
        f"imei={imei} answered {reply.status}: {reply.body!r:.200}",
    )
    others = [i.get("id") for i in reply.body["items"] if i.get("imei") != imei]
    session.check(
        "search_devices", "searchDevices", not others, f"imei={imei} finds devices of other IMEIs: {others[:3]}"
    )
    holder = session.model.imei_holder(imei)
    # The IMEIs a sequence uses are the run's own: no device but the one that holds it now may be found,
    # not even one the model never heard of (a refused create that left a device behind).
    strangers = [i.get("id") for i in reply.body["items"] if i.get("id") not in session.model.devices]
    session.check(
        "search_devices", "searchDevices", not strangers, f"imei={imei} finds {strangers[:3]}, which no write made"
    )
    check_view(
        session, "search_devices", "searchDevices", f"imei={imei}", reply.body["items"], [holder] if holder else []
    )


def check_view(
    session: Session, rule: str, operation: str, shown: str, items: list[dict[str, Any]], expected: list[Expected]
) -> None:
    """What a list, filter or search answered, against the model: of the sequence's devices, exactly
    `expected` (none deleted), each as its last write left it."""
    devices, deleted = session.model.devices, session.api.deleted
    own = [item for item in items if isinstance(item, dict) and item.get("id") in devices]
    # Any device the run deleted, in whichever sequence, is gone for good.
    gone: list[str] = [
        item["id"]
        for item in items
        if isinstance(item, dict)
        and (item.get("id") in deleted or (item.get("id") in devices and devices[item["id"]].deleted))
    ]
    earlier = [device_id for device_id in gone if device_id not in devices]  # deleted by an earlier sequence
    session.check(
        "list_deleted", operation, not gone, f"{shown} still answers deleted devices {gone[:3]}", involves=earlier
    )
    ids = [item["id"] for item in own]
    missing = [d.id for d in expected if d.id not in ids]
    session.check(rule, operation, not missing, f"{shown} leaves out {missing[:3]}, which it should answer")
    wanted = {d.id for d in expected}
    extra = [i for i in ids if i not in wanted]
    session.check(rule, operation, not extra, f"{shown} answers {extra[:3]}, which it should not")
    for item in own:
        found = devices[item["id"]].differences(item)
        session.check("views_agree", operation, not found, f"{shown} shows {item['id']} as it was: {'; '.join(found)}")


def check_order(session: Session, operation: str, items: list[dict[str, Any]], devices: list[Expected]) -> None:
    """The sequence's devices among `items` are newest first, and the list's timestamps never rise."""
    times = [item.get("createdAt") or "" for item in items]
    rising = next((i for i in range(1, len(times)) if times[i] > times[i - 1]), None)
    session.check(
        "list_order",
        operation,
        rising is None,
        f"{items[rising]['id'] if rising else ''} (createdAt {times[rising] if rising else ''}) follows an older device",
    )
    own = [item["id"] for item in items if item["id"] in session.model.devices]
    newest_first = [d.id for d in sorted(devices, key=lambda d: -d.order) if d.id in own]
    session.check(
        "list_order",
        operation,
        own == newest_first,
        f"the sequence's devices come as {own}, newest first is {newest_first}",
    )
