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


def check_page(check: Check, rules: PageRules, page: Reply, limit: int | None, *, first: bool) -> None:
    """A page read forwards (from the start, or after a cursor): at most `limit` items, full whenever
    more follow, and cursors that name its edge items (an empty page has none)."""
    body, ids = page.body, page.ids
    size = DEFAULT_LIMIT if limit is None else limit
    check(rules.size, rules.operation, len(ids) <= size, f"limit={limit} answered {len(ids)} items")
    after, before = body["moreItemsAfter"], body["moreItemsBefore"]
    if after is not None:
        check(
            rules.cursors,
            rules.operation,
            len(ids) == size,
            f"limit={limit}: a page of {len(ids)} items says more follow it",
        )
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
    if first:
        check(rules.cursors, rules.operation, before is None, "the first page says items come before it")


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
        check_page(check, rules, page, limit, first=cursor is None)
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
