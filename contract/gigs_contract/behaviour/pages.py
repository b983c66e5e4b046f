"""A list walked page after page, as a client walks it, held to the API's pagination rules.

Device lists and the device model catalogue page alike; only the rules' names differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import spec
from .api import Reply

_, _, DEFAULT_LIMIT = spec.limit_bounds()
Check = Callable[[str, str, bool, str], None]  # rule, operation, holds, message: Ledger.check


@dataclass(frozen=True)
class PageRules:
    operation: str
    size: str  # the rule a page's size answers to
    cursors: str  # the rule its cursors answer to


DEVICE_PAGES = PageRules("listDevices", "list_limit", "list_cursors")
MODEL_PAGES = PageRules("listDeviceModels", "catalogue_paging", "catalogue_paging")


def check_page(
    check: Check,
    rules: PageRules,
    page: Reply,
    limit: int | None,
    *,
    back: bool = False,
    newer: bool | None = None,
    older: bool | None = None,
) -> None:
    """A page's size and cursors: at most `limit` items; full whenever more follow it in the direction
    it was read (`back`: read with `before`, towards the newest); cursors that name its edge items (an
    empty page has none). `newer` and `older` say whether items are known to precede or follow the
    page (True: its cursor on that side must name its edge item; False: must be null; None: unknown)."""
    body, ids = page.body, page.ids
    size = DEFAULT_LIMIT if limit is None else limit
    check(rules.size, rules.operation, len(ids) <= size, f"limit={limit} answered {len(ids)} items")
    after, before = body["moreItemsAfter"], body["moreItemsBefore"]
    onward = before if back else after
    if onward is not None:
        check(
            rules.cursors,
            rules.operation,
            len(ids) == size,
            f"limit={limit}: a page of {len(ids)} items says more {'precede' if back else 'follow'} it",
        )
    if after is not None:
        check(
            rules.cursors,
            rules.operation,
            bool(ids) and after == ids[-1],
            f"moreItemsAfter is {after!r}, not the last item's ID",
        )
    if before is not None:
        check(
            rules.cursors,
            rules.operation,
            bool(ids) and before == ids[0],
            f"moreItemsBefore is {before!r}, not the first item's ID",
        )
    for known, cursor, name, where in (
        (newer, before, "moreItemsBefore", "before"),
        (older, after, "moreItemsAfter", "after"),
    ):
        if known is False:
            check(
                rules.cursors,
                rules.operation,
                cursor is None,
                f"{name} is {cursor!r}, yet nothing comes {where} the page",
            )
        elif known and ids:
            check(
                rules.cursors, rules.operation, cursor is not None, f"{name} is null, yet items come {where} the page"
            )


def walk(
    check: Check,
    rules: PageRules,
    fetch: Callable[..., Reply],
    limit: int | None,
    done: Callable[[list[dict[str, Any]]], bool] = lambda items: False,
    max_pages: int = 1000,
) -> list[dict[str, Any]]:
    """Items from the list's start, following `moreItemsAfter` until it is null or `done(items)`.

    `fetch(**query)` reads one page; every page is checked, and so is the walk: no item twice, and
    a cursor always leads to more items."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    cursor = None
    for _ in range(max_pages):
        query = {"limit": limit} if limit is not None else {}
        page = fetch(**query, **({"after": cursor} if cursor else {}))
        check(
            rules.cursors,
            rules.operation,
            page.status == 200,
            f"{query} after={cursor} answered {page.status}: {page.body!r:.200}",
        )
        # The cursor is an item of the page before: items precede this one.
        check_page(check, rules, page, limit, newer=cursor is not None)
        ids = page.ids
        repeated = seen.intersection(ids)
        check(rules.cursors, rules.operation, not repeated, f"after={cursor} repeats {sorted(repeated)[:3]}")
        if cursor is not None:
            check(rules.cursors, rules.operation, bool(ids), f"moreItemsAfter={cursor} led to an empty page")
        seen.update(ids)
        items += page.body["items"]
        cursor = page.body["moreItemsAfter"]
        if cursor is None or done(items):
            break
    return items
