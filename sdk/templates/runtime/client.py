"""What every generated resource method stands on: request options, pages, raw answers and argument
checks. Rendered as it is into the generated package's `client.py` (templates/client.py.jinja), in
place of the generator's functional `Client`: the generated package depends on nothing else of ours,
and the SDK (`gigs_devices`) depends on it, one way.

The resource classes (`gigs.devices`, `gigs.device_models`, ...) are generated from openapi.yaml
into `api.<tag>` (templates/endpoint_init.py.jinja); each method builds its request with the
operation's generated `_get_kwargs` and hands it to its client, a `SyncClient` or `AsyncClient`
(the SDK's `Gigs` and `AsyncGigs`). Nothing in this module is written per operation.
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, Generic, Literal, Protocol, TypeAlias, TypedDict, TypeVar

import httpx
import orjson

from .types import Unset

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
M = TypeVar("M")


# A list argument: a list or a tuple, never a bare string (which is a Sequence[str], and was once
# split into letters). An alias rather than `list[...]`: in a resource class, `list` is a method.
Values: TypeAlias = list[T] | tuple[T, ...]


class RequestOptions(TypedDict, total=False):
    """Options every method takes for its one call, over the client's own."""

    timeout: float | httpx.Timeout | None
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, str]
    extra_body: Mapping[str, object]  # JSON fields sent beside the method's own (one newer than the SDK)


OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def checked(options: RequestOptions, method: str, keywords: tuple[str, ...]) -> RequestOptions:
    """`options` when each is one of RequestOptions with a value of its type; else the TypeError
    Python gives a misspelled keyword, with the nearest valid name, or the error naming the option.
    `**options` takes any keyword at run time, so without this `update(id, nmae="x")` sent `{}` and
    answered 200."""
    if not options.keys() <= OPTION_NAMES:
        name = sorted(options.keys() - OPTION_NAMES)[0]
        nearest = difflib.get_close_matches(name, [*keywords, *sorted(OPTION_NAMES)], n=1)
        hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
        raise TypeError(f"{method}() got an unexpected keyword argument {name!r}{hint}")
    if "timeout" in options:
        timeout_value(f"{method}() argument 'timeout'", options["timeout"])
    if "max_retries" in options:
        count_value(f"{method}() argument 'max_retries'", options["max_retries"])
    for name in ("extra_headers", "extra_query"):
        if name in options:
            text_mapping(f"{method}() argument {name!r}", options[name], header=name == "extra_headers")  # type: ignore[literal-required]
    if "extra_body" in options:
        extra = options["extra_body"]
        if not isinstance(extra, Mapping) or not all(isinstance(key, str) for key in extra):
            raise TypeError(
                f"{method}() argument 'extra_body' must be a mapping of str to JSON values, got {_given(extra)}"
            )
    return options


# Each method's argument types, read once from its annotations (the generated signature): the one
# source of what a method takes, so that no check is written per method. A library like typeguard
# would do it, at a dependency and a call's worth of overhead; the annotations the templates write
# are a handful of forms, and these few lines know them all.
_HINTS: dict[str, dict[str, Any]] = {}


def arguments(function: Callable[..., Any], method: str, values: Mapping[str, object]) -> None:
    """Refuse, before anything is sent, an argument whose value is not of its annotated type: a
    TypeError naming the argument, the type it takes and what was given (a model where its ID
    belongs, a None that would widen a list to everything, a string where a mapping belongs)."""
    hints = _HINTS.get(method)
    if hints is None:
        hints = _HINTS[method] = typing.get_type_hints(function)
    for name, value in values.items():
        hint = hints[name]
        if isinstance(value, Unset) or _matches(value, hint):
            continue
        raise TypeError(
            f"{method}() argument {name!r} must be {_described(hint)}, got {_given(value)}{_fix(value, hint)}"
        )


def _matches(value: object, hint: Any) -> bool:
    origin, parameters = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return True
    if hint is None or hint is type(None):
        return value is None
    if origin is typing.Union or origin is types.UnionType:
        return any(_matches(value, branch) for branch in parameters)
    if origin is Literal:  # an enum's values: open, as the enums are (a newer server may know more)
        return isinstance(value, str) if all(isinstance(p, str) for p in parameters) else value in parameters
    if origin in (list, tuple):
        return isinstance(value, origin) and all(_matches(item, parameters[0]) for item in value)
    if origin is Mapping or origin is dict:
        return isinstance(value, Mapping) and all(
            isinstance(key, str) and _matches(item, parameters[1]) for key, item in value.items()
        )
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin or hint)


def _described(hint: Any) -> str:
    origin, parameters = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint is type(None):
        return "None"
    if origin is typing.Union or origin is types.UnionType:
        described = [_described(branch) for branch in parameters if branch is not Unset]
        return " | ".join(dict.fromkeys(described))
    if origin is Literal:
        return "str"
    if origin in (list, tuple):
        return f"a list of {_described(parameters[0])}"
    if origin is Mapping or origin is dict:
        return "a mapping of str" + ("" if parameters[1] is Any else f" to {_described(parameters[1])}")
    return getattr(hint, "__name__", str(hint))


def _fix(value: object, hint: Any) -> str:
    """How to pass what was meant, when that can be told."""
    if value is None and _matches(Unset(), hint):
        return " (leave the argument out for none: None is no value the API takes here)"
    identifier = getattr(value, "id", None)
    if isinstance(identifier, str) and _matches(identifier, hint):
        return f" (pass its ID: .id, {identifier!r})"
    if isinstance(value, list | tuple) and typing.get_origin(hint) is not None:
        listed = next((branch for branch in typing.get_args(hint) if typing.get_origin(branch) in (list, tuple)), None)
        if listed is not None and isinstance(value, typing.get_origin(listed)):
            wrong = next(n for n, item in enumerate(value) if not _matches(item, typing.get_args(listed)[0]))
            return f" (item {wrong} is {_given(value[wrong])})"
    return ""


def _given(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def timeout_value(what: str, value: object) -> float | httpx.Timeout | None:
    """A timeout as openai-python takes one: seconds (a positive number), None for none, or an
    httpx.Timeout. Anything else is refused here: a "5" read from a config file once meant no deadline."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ""
        if isinstance(value, str):
            hint = " (a value read from text needs float(...))"
        elif hasattr(value, "total_seconds"):
            hint = " (a timedelta needs .total_seconds())"
        raise TypeError(f"{what} must be seconds (a number), None or an httpx.Timeout, got {_given(value)}{hint}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{what} must be a positive number of seconds, got {value!r}")
    return float(value)


def count_value(what: str, value: object) -> int:
    """A number of retries: an int from 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {_given(value)}")
    if value < 0:
        raise ValueError(f"{what} must be 0 or more, got {value}")
    return value


# What an HTTP field value may hold: visible ASCII, spaces and tabs (RFC 9110), no line break.
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*")
_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def text_mapping(what: str, value: object, *, header: bool) -> Mapping[str, str]:
    """Headers or query parameters: a mapping of str to str, a header's value one a header can carry."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping of str to str, got {_given(value)}")
    for name, item in value.items():
        if not isinstance(name, str) or not isinstance(item, str):
            shown = f"{type(item).__name__}" if header else _given(item)  # a header's value may be a key
            raise TypeError(f"{what} must map str to str, got {_given(name)}: {shown}")
        if header and not _FIELD_NAME.fullmatch(name):
            raise ValueError(f"{what}: {name!r} is not a header name")
        if header and (bad := _FIELD_VALUE.match(item)) is not None and bad.end() < len(item):
            raise ValueError(
                f"{what}: the value of {name!r} has {item[bad.end()]!r} at position {bad.end()}, which a header"
                " cannot carry (visible ASCII only: percent-encode or base64 other text)"
            )
    return value


def new_idempotency_key() -> str:
    """A fresh idempotency key for one call (every retry of the call sends it again): a UUID, which
    tools/generate.py checks the spec's key parameter accepts."""
    return str(uuid.uuid4())


def path_value(name: str, value: object) -> str:
    """A path parameter as given, refused when it is empty or not a string: an empty ID would ask for
    the list (`/devices/`) and None for a device called "None"."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


Fetch = Callable[..., dict[str, Any]]  # the operation's `_get_kwargs`, with cursor overrides
Parse = Callable[[bytes], Any]  # the answer model's `from_json`, or a `listing` for a page


class SyncClient(Protocol):
    """What the resources ask of their client (the SDK's `Gigs`): the project, and each call sent."""

    def _project(self, project: str | None) -> str: ...
    def _request(self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions) -> T: ...
    def _get_page(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> SyncPage[Any]: ...
    def _request_raw(
        self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions
    ) -> RawResponse[T]: ...
    def _get_page_raw(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> RawResponse[SyncPage[Any]]: ...


class AsyncClient(Protocol):
    """What the async resources ask of their client (the SDK's `AsyncGigs`)."""

    def _project(self, project: str | None) -> str: ...
    async def _request(self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions) -> T: ...
    async def _get_page(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> AsyncPage[Any]: ...
    async def _request_raw(
        self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions
    ) -> RawResponse[T]: ...
    async def _get_page_raw(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> RawResponse[AsyncPage[Any]]: ...


class Listing(Generic[T]):
    """A page of a list answer as decoded: its cursors, and its items, made into models as they are
    walked. Walking a whole list keeps one item's models alive at a time rather than a page's: held
    for a page, they outlive the collector's young generation, and its full collections of the whole
    heap then cost more than making the models."""

    __slots__ = ("_items", "_convert", "_models", "more_items_after", "more_items_before")
    more_items_after: str | None
    more_items_before: str | None

    def __init__(self, items: list[Any], convert: Callable[[Any], T], after: str | None, before: str | None) -> None:
        self._items, self._convert = items, convert
        self._models: list[T] | None = None
        self.more_items_after, self.more_items_before = after, before

    def models(self) -> list[T]:
        """Every item as its model, made once."""
        if self._models is None:
            self._models, self._items = [self._convert(item) for item in self._items], []
        return self._models

    def __iter__(self) -> Iterator[T]:
        return iter(self._models) if self._models is not None else map(self._convert, self._items)


def _as_it_is(item: T) -> T:
    return item


class ListModel(Protocol):  # a generated `...List` model class: its wire form has the same attributes
    @classmethod
    def _wire_from_json(cls, data: bytes) -> Any: ...
    @classmethod
    def from_dict(cls, src_dict: Any) -> Any: ...


def listing(answer: type[ListModel], item: Callable[[Any], T]) -> Callable[[bytes], Listing[T]]:
    """How a list operation's answer is parsed: into its wire form (the whole page checked against
    the schema at once), each item made into its model (`item`, its `_from_wire`) when walked."""

    def parse(data: bytes) -> Listing[T]:
        wire = answer._wire_from_json(data)
        if wire is None:  # a property this version does not know: parsed whole, keeping it
            whole = answer.from_dict(orjson.loads(data))
            return Listing(whole.items, _as_it_is, whole.more_items_after, whole.more_items_before)
        return Listing(wire.items, item, wire.more_items_after, wire.more_items_before)

    return parse


class RawResponse(Generic[T]):
    """An answer as it came (`gigs.with_raw_response...`): status, headers, the HTTP exchange, and
    `parse()` for what the plain call returns. An error status still raises its `APIStatusError`."""

    http_request: httpx.Request
    http_response: httpx.Response
    status_code: int
    headers: httpx.Headers

    def __init__(self, request: httpx.Request, response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_request, self.http_response, self._parse = request, response, parse
        self.status_code = response.status_code
        self.headers = response.headers

    def parse(self) -> T:
        """What the plain call returns: the answer as its model, or the page."""
        return self._parse()

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code} {self.http_request.method} {self.http_request.url.path}>"


class SyncAPIResource:
    """A resource of the API (`gigs.devices`), bound to its client."""

    def __init__(self, client: SyncClient) -> None:
        self._client = client


class AsyncAPIResource:
    """A resource of the API (`gigs.devices`, async), bound to its client."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client


class _Page(Generic[T]):
    """What a page is, however the next one is asked for: its items, its cursors, the request for the
    page beside it, and how it pickles."""

    more_items_after: str | None  # the cursor of the next page, None on the last
    more_items_before: str | None

    def __init__(self, fetch: Fetch, parse: Parse, options: RequestOptions, answer: Listing[T]) -> None:
        self._fetch, self._parse, self._options = fetch, parse, options
        self._listing = answer
        self.more_items_after, self.more_items_before = answer.more_items_after, answer.more_items_before

    @property
    def items(self) -> list[T]:
        """This page's items."""
        return self._listing.models()

    def has_next_page(self) -> bool:
        """Whether a page follows this one."""
        return self.more_items_after is not None

    def has_previous_page(self) -> bool:
        """Whether a page comes before this one."""
        return self.more_items_before is not None

    def _next_request(self) -> dict[str, Any]:
        if self.more_items_after is None:
            raise LookupError("this is the last page")
        return self._fetch(after=self.more_items_after, before=None)

    def _previous_request(self) -> dict[str, Any]:
        if self.more_items_before is None:
            raise LookupError("this is the first page")
        return self._fetch(after=None, before=self.more_items_before)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self.items)} items, more after: {self.has_next_page()}>"

    # A page pickles as what it holds: its items and its cursors. Its client (connections, locks)
    # stays behind, so an unpickled page cannot ask for another itself: its requests say so, with
    # the way to do it, before anything else of a page is needed.

    def __getstate__(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "more_items_after": self.more_items_after,
            "more_items_before": self.more_items_before,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._fetch = _unpickled
        self.more_items_after, self.more_items_before = state["more_items_after"], state["more_items_before"]
        self._listing = Listing(state["items"], _as_it_is, self.more_items_after, self.more_items_before)


class SyncPage(_Page[T]):
    """One page of a list, and the way to the rest: iterating it walks every item after it too.

    `items` is this page; `has_next_page()`, `get_next_page()` and `iter_pages()` move by
    `moreItemsAfter`. Each next page is asked for when it is needed, never before.
    """

    def __init__(self, client: SyncClient, fetch: Fetch, parse: Parse, options: RequestOptions, answer: Listing[T]):
        super().__init__(fetch, parse, options, answer)
        self._client = client

    def get_next_page(self) -> SyncPage[T]:
        """The page after this one (`LookupError` on the last)."""
        request = self._next_request()
        return self._client._get_page(self._fetch, request, self._parse, self._options)

    def get_previous_page(self) -> SyncPage[T]:
        """The page before this one (`LookupError` on the first)."""
        request = self._previous_request()
        return self._client._get_page(self._fetch, request, self._parse, self._options)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page, then each page after it, asked for as it is reached."""
        page: SyncPage[T] = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page._listing


class AsyncPage(_Page[T]):
    """A page of a list, asynchronously: `await` it for the first page, `async for` every item."""

    def __init__(self, client: AsyncClient, fetch: Fetch, parse: Parse, options: RequestOptions, answer: Listing[T]):
        super().__init__(fetch, parse, options, answer)
        self._client = client

    async def get_next_page(self) -> AsyncPage[T]:
        """The page after this one (`LookupError` on the last)."""
        request = self._next_request()
        return await self._client._get_page(self._fetch, request, self._parse, self._options)

    async def get_previous_page(self) -> AsyncPage[T]:
        """The page before this one (`LookupError` on the first)."""
        request = self._previous_request()
        return await self._client._get_page(self._fetch, request, self._parse, self._options)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page, then each page after it, asked for as it is reached."""
        page: AsyncPage[T] = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page._listing:
                yield item


def _unpickled(**_: Any) -> Any:
    raise RuntimeError(
        "this page was unpickled and has no client to ask for another with: "
        "call the list method again with after=page.more_items_after (or before=page.more_items_before)"
    )


class AsyncPager(Generic[T]):
    """What an async list method returns: `await` it for the first page, or `async for` its items."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item


# Argument checks: a mistake a type checker would flag gets a clear error at run time too ---------


def as_list(name: str, values: Sequence[T]) -> list[T]:
    """A list argument as a list; a bare string is refused rather than split into characters."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | set | frozenset):
        raise TypeError(f"{name} takes a list of values, not {type(values).__name__} {values!r}")
    return list(values)


def as_enums(name: str, enum: type[E], values: Sequence[E | str]) -> list[E]:
    """A list of an enum's members or their values, as members (a list of enums goes out by value).

    A value this SDK does not know is sent as it is: a newer server may know it, and if not, its
    422 names the value. (The generated enums are open for the same reason.)"""
    return [enum(value) for value in as_list(name, values)]


def as_model(model: Any, value: Any) -> Any:
    """A body field that is a model, given as the model or as a mapping of its JSON fields."""
    if isinstance(value, Mapping):
        return model.from_dict(dict(value))
    return value
