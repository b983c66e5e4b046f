"""`Gigs` and `AsyncGigs`: one httpx client, the generated resources, retries, typed errors.

    gigs = Gigs()                       # GIGS_TOKEN, GIGS_PROJECT, GIGS_BASE_URL from the environment
    device = gigs.devices.create(imei="356938035643809", metadata={"crmId": "c-1"})
    for device in gigs.devices.list(limit=100): ...

The resources (`devices`, `device_models`, ...) and their methods are generated from openapi.yaml
(`gigs_devices_client.api`); every one of them ends in `_request` or `_get_page` here.
"""

from __future__ import annotations

import difflib
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Never, Self, TextIO, TypedDict, TypeVar, Unpack

import anyio
import httpx
import orjson
from gigs_devices_client.api import AsyncRawResources, AsyncResources, SyncRawResources, SyncResources
from gigs_devices_client.client import (
    AUTH_HEADER,
    AUTH_PREFIX,
    DEFAULT_BASE_URL,
    AsyncPage,
    Fetch,
    Parse,
    RawResponse,
    RequestOptions,
    SyncPage,
    count_value,
    path_value,
    text_mapping,
    timeout_value,
)

from ._deadline import Deadline, Until, keep_to_deadlines, within
from ._errors import APIResponseValidationError, GigsError, connection_error, error_for, request_id
from ._retries import CONNECTION_ERRORS, DEFAULT_BACKOFF, Attempts, Backoff
from ._version import __version__

# Seconds a call may take in all, retries and their waits included: a server that trickles its
# answer or never sends one fails in this time. An httpx.Timeout instead sets each try's phases.
# Each try but the last gets at most an equal share of it (timeout_per_try): a stalled try is retried.
DEFAULT_TIMEOUT = 60.0
CONNECT_TIMEOUT = 10.0  # at most, for each try's connection
USER_AGENT = f"gigs-devices-python/{__version__}"

logger = logging.getLogger("gigs_devices")
T = TypeVar("T")
_CLIENT_ARGUMENTS = (
    "token",
    "project",
    "base_url",
    "max_retries",
    "timeout",
    "timeout_per_try",
    "backoff",
    "default_headers",
    "default_query",
    "max_retry_after",
    "http_client",
    "sleep",
)


def _no_unknown(method: str, unknown: Mapping[str, Any], names: Any) -> None:
    """The TypeError Python gives an unexpected keyword, with the nearest valid name."""
    if not unknown:
        return
    name = sorted(unknown)[0]
    nearest = difflib.get_close_matches(name, list(names), n=1)
    hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
    raise TypeError(f"{method}() got an unexpected keyword argument {name!r}{hint}")


class ClientChanges(TypedDict, total=False):
    """What `with_options(...)` may change, typed as the constructor takes it."""

    token: str
    project: str | None
    base_url: str
    max_retries: int
    timeout: float | httpx.Timeout | None
    timeout_per_try: float | None
    backoff: Backoff
    default_headers: Mapping[str, str]
    default_query: Mapping[str, str]
    max_retry_after: float


@dataclass(frozen=True)
class ClientOptions:
    """What a client is made of; `with_options` copies it with changes."""

    token: str
    project: str | None
    base_url: str
    max_retries: int
    timeout: float | httpx.Timeout | None
    backoff: Backoff
    default_headers: Mapping[str, str] = field(default_factory=dict[str, str])
    default_query: Mapping[str, str] = field(default_factory=dict[str, str])
    timeout_per_try: float | None = None

    @classmethod
    def from_arguments(
        cls,
        method: str,
        token: str | None,
        project: str | None,
        base_url: str | None,
        max_retries: int,
        timeout: float | httpx.Timeout | None,
        timeout_per_try: float | None,
        backoff: Backoff,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, str] | None,
        max_retry_after: float | None,
    ) -> ClientOptions:
        given: dict[str, Any] = {
            "token": token if token is not None else os.environ.get("GIGS_TOKEN"),
            "project": project if project is not None else os.environ.get("GIGS_PROJECT") or None,
            "base_url": base_url or os.environ.get("GIGS_BASE_URL") or DEFAULT_BASE_URL,
            "max_retries": max_retries,
            "timeout": timeout,
            "timeout_per_try": timeout_per_try,
            "backoff": backoff,
            "default_headers": default_headers or {},
            "default_query": default_query or {},
        }
        checked = {name: _option(method, name, value) for name, value in given.items()}
        if max_retry_after is not None:
            checked["backoff"] = replace(
                checked["backoff"], max_retry_after=_option(method, "max_retry_after", max_retry_after)
            )
        return cls(**checked)

    def changed(self, changes: Mapping[str, Any], method: str) -> ClientOptions:
        """These options with `changes`: names checked as a call's keywords are, values as the
        constructor checks them."""
        names = [*ClientChanges.__annotations__]
        _no_unknown(method, {k: v for k, v in changes.items() if k not in names}, names)
        checked = {name: _option(method, name, value) for name, value in changes.items()}
        if "max_retry_after" in checked:
            checked["backoff"] = replace(
                checked.get("backoff", self.backoff), max_retry_after=checked.pop("max_retry_after")
            )
        return replace(self, **checked)

    def headers(self) -> httpx.Headers:
        """The headers of every request: the key, the User-Agent, then `default_headers` over them,
        one value per name whatever its case (`{"user-agent": ...}` replaces the SDK's)."""
        headers = httpx.Headers({AUTH_HEADER: AUTH_PREFIX + self.token, "User-Agent": USER_AGENT})
        headers.update(self.default_headers)
        return headers

    def __repr__(self) -> str:  # never the key
        return f"base_url={self.base_url!r}, project={self.project!r}, max_retries={self.max_retries}"


def _option(method: str, name: str, value: Any) -> Any:
    """An option's value as the client keeps it; a wrong one refused naming the option, the type it
    takes and what was given, before anything is sent."""
    what = f"{method}() argument {name!r}"
    if name == "token":
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{what} must be a str, got {type(value).__name__}")  # never the value: a key
        return _token(value)
    if name == "project":
        if value is not None and (not isinstance(value, str) or not value):
            raise TypeError(f"{what} must be a non-empty str or None, got {value!r}")
        return value
    if name == "base_url":
        if not isinstance(value, str):
            raise TypeError(f"{what} must be a str, got {type(value).__name__} {value!r}")
        return _base_url(value)
    if name == "max_retries":
        return count_value(what, value)
    if name == "timeout":
        return timeout_value(what, value)
    if name == "timeout_per_try":
        if isinstance(value, httpx.Timeout):
            raise TypeError(f"{what} must be seconds (a number) or None, got an httpx.Timeout")
        return timeout_value(what, value)
    if name == "max_retry_after":  # 0 is a choice: never wait for a Retry-After
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < float("inf"):
            raise (ValueError if isinstance(value, int | float) else TypeError)(
                f"{what} must be seconds from 0 (a number), got {type(value).__name__} {value!r}"
            )
        return float(value)
    if name == "backoff":
        if not isinstance(value, Backoff):
            raise TypeError(f"{what} must be a gigs_devices.Backoff, got {type(value).__name__} {value!r}")
        return value
    if name in ("default_headers", "default_query"):
        return dict(text_mapping(what, value, header=name == "default_headers"))
    raise AssertionError(f"no check for the option {name!r}")  # an option added without its check


def _token(token: str | None) -> str:
    """The key, its surrounding whitespace (a file's newline) taken off. One with a character inside
    that a header cannot carry is refused here, saying where: httpx would put the key in its error."""
    token = (token or "").strip()
    if not token:
        raise GigsError("no API key: pass token=... or set GIGS_TOKEN")
    bad = next((n for n, char in enumerate(token) if not "!" <= char <= "~"), None)
    if bad is not None:
        raise GigsError(f"the API key has a character a header cannot carry, at position {bad}: check how it was read")
    return token


def _base_url(base_url: str) -> str:
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as error:
        raise GigsError(f"base_url {base_url!r} is not a URL: {error}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise GigsError(f"base_url {base_url!r} is not an http:// or https:// URL")
    return str(base_url).rstrip("/")


def _runtime(method: str, http_client: object, kind: type, sleep: object) -> None:
    """The HTTP client and the sleep a client is given: of its kind, refused naming them if not (an
    httpx.AsyncClient given to Gigs once failed at the first call with "'coroutine' object ...")."""
    if http_client is not None and not isinstance(http_client, kind):
        other = "AsyncGigs" if method == "Gigs" else "Gigs"
        raise TypeError(
            f"{method}() argument 'http_client' must be an {kind.__module__}.{kind.__name__}, got"
            f" {type(http_client).__name__}"
            + (f" (use {other} with it)" if isinstance(http_client, httpx.Client | httpx.AsyncClient) else "")
        )
    if not callable(sleep):
        raise TypeError(
            f"{method}() argument 'sleep' must be a function of seconds, got {type(sleep).__name__} {sleep!r}"
        )


class _BaseGigs:
    """What Gigs and AsyncGigs share: their options, and how a call's request is built."""

    _options: ClientOptions
    _closed: bool = False

    def _project(self, project: str | None) -> str:
        chosen = project if project is not None else self._options.project
        if chosen is None:
            raise GigsError("no project: pass project=... to the call or the client, or set GIGS_PROJECT")
        return path_value("project", chosen)

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], options: RequestOptions
    ) -> httpx.Request:
        if self._closed:
            raise GigsError(f"this {type(self).__name__} client is closed")
        try:
            url = httpx.URL(self._options.base_url + kwargs["url"])
            for query in (self._options.default_query, options.get("extra_query")):
                if query:
                    url = url.copy_merge_params(dict(query))
        except (httpx.InvalidURL, TypeError) as error:
            raise GigsError(f"no URL can be made of base_url {self._options.base_url!r}: {error}") from None
        headers = self._options.headers()
        headers.update(kwargs.get("headers", {}))  # case-insensitive: one value per name
        headers.update(options.get("extra_headers", {}))
        body = kwargs.get("json")
        if extra_body := options.get("extra_body"):
            if body is None:
                raise TypeError(
                    f"{kwargs['method'].upper()} {kwargs['url']} takes no JSON body: extra_body has no place"
                )
            body = {**body, **extra_body}
        content = orjson.dumps(body) if body is not None else None
        return http.build_request(kwargs["method"].upper(), url, content=content, headers=headers)

    def _attempts(self, request: httpx.Request, options: RequestOptions) -> Attempts:
        return Attempts(request, options.get("max_retries", self._options.max_retries), self._options.backoff)

    def _clock(self, options: RequestOptions, attempts: Attempts) -> Deadline:
        timeout = options.get("timeout", self._options.timeout)
        return Deadline(timeout, CONNECT_TIMEOUT, self._options.timeout_per_try, attempts.retries + 1)

    @staticmethod
    def _answered(
        request: httpx.Request, response: httpx.Response, parse: Callable[[bytes], T], attempts: Attempts
    ) -> RawResponse[T]:
        """The answer to a request: raised as its error when it is one, else parsed on demand."""
        logger.debug("%s %s → %s", request.method, request.url.path, response.status_code)
        if not response.is_success:
            error = error_for(request, response)
            if attempts.note:
                error.add_note(attempts.note)  # why it was not tried again
            raise error

        def decoded() -> T:
            try:
                result = parse(response.content)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                raise APIResponseValidationError(request, response, error) from error
            if hasattr(type(result), "_request_id"):  # a model: `device._request_id`, as openai-python has it
                result._request_id = request_id(response)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
            return result

        return RawResponse(request, response, decoded)


def _runtime_error(http: httpx.Client | httpx.AsyncClient, error: RuntimeError) -> GigsError:
    """What a RuntimeError in sending means: the HTTP client closed, or (async) the event loop its
    connections belong to closed, as when one client is used across two `asyncio.run()` calls."""
    if http.is_closed:
        return GigsError(f"the HTTP client is closed: {error}")
    if "loop" in str(error).lower():
        return GigsError(
            f"the event loop this client's connections were made in is closed ({error}): make the client"
            " inside the loop that uses it, one per `asyncio.run()`"
        )
    return GigsError(f"the request could not be sent: {error}")


class Gigs(_BaseGigs, SyncResources):
    """The Gigs Devices API, synchronously. Close it (or use `with`) to release its connections."""

    def __init__(
        self,
        token: str | None = None,
        *,
        project: str | None = None,
        base_url: str | None = None,
        max_retries: int = 2,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        timeout_per_try: float | None = None,
        backoff: Backoff = DEFAULT_BACKOFF,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        max_retry_after: float | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **unknown: Never,
    ) -> None:
        """Make a client; every argument but `token` is a keyword.

        Args:
            token: The project's API key; `GIGS_TOKEN` when not given. Whitespace around it is taken off.
            project: The project every call is for unless it names another; `GIGS_PROJECT` when not given.
            base_url: The API's address; `GIGS_BASE_URL`, else the spec's server (`DEFAULT_BASE_URL`).
            max_retries: How many times a failed try is sent again (connection failures, 408, 409, 429, 5xx),
                for requests that are safe to repeat.
            timeout: Seconds a call may take in all, retries and waits included; None for no limit; an
                `httpx.Timeout` sets each try's phases instead.
            timeout_per_try: Seconds each try but the last may take of it; by default an equal share,
                `timeout / (max_retries + 1)`, so that a stalled try is tried again.
            backoff: How long to wait between tries (`Backoff(initial=0.5, maximum=8.0)`).
            default_headers: Headers sent with every request, over the SDK's own (case-insensitively).
            default_query: Query parameters sent with every request.
            max_retry_after: The longest `Retry-After` (seconds) waited for; a longer one is raised at once.
            http_client: Your own `httpx.Client` (proxies, certificates, hooks); it stays yours to close.
            sleep: How to wait between tries (`time.sleep`); tests pass one that does not wait.
        """
        _no_unknown("Gigs", unknown, _CLIENT_ARGUMENTS)
        self._options = ClientOptions.from_arguments(
            "Gigs",
            token,
            project,
            base_url,
            max_retries,
            timeout,
            timeout_per_try,
            backoff,
            default_headers,
            default_query,
            max_retry_after,
        )
        _runtime("Gigs", http_client, httpx.Client, sleep)
        # A client of the user's keeps its own settings (proxies, certificates, transport) and stays
        # the user's to close. Ours reads the proxy variables, as httpx does by default.
        self._http, self._owns_http = http_client or httpx.Client(), http_client is None
        if self._owns_http:
            keep_to_deadlines(self._http)  # a try's time holds while a server trickles its headers
        self._sleep = sleep
        self._bind_resources(self)

    def with_options(self, **changes: Unpack[ClientChanges]) -> Gigs:
        """A client like this one with some options changed (those of the constructor but
        `http_client` and `sleep`), sharing its connections; each checked as the constructor checks it."""
        derived = object.__new__(Gigs)
        derived._options = self._options.changed(changes, "Gigs.with_options")
        derived._http, derived._owns_http, derived._sleep = self._http, False, self._sleep
        derived._bind_resources(derived)
        return derived

    def _send(self, request: httpx.Request, attempts: Attempts, clock: Deadline) -> httpx.Response:
        while True:
            try:
                with within(clock.arm(request, attempts.final)) as ends:
                    response = self._http.send(request, stream=True)
                    if ends is not None and not response.is_stream_consumed:  # (a test's transport answers whole)
                        response.stream = Until(response.stream, ends, request)
                    response.read()
            except CONNECTION_ERRORS as error:
                try:
                    delay = attempts.after_error(error)
                except CONNECTION_ERRORS:
                    raise connection_error(request, error, clock.total) from None
                if not clock.allows(delay):
                    raise connection_error(request, error, clock.total) from None
            except httpx.HTTPError as error:  # not worth another try: a header httpx refuses, a bad scheme
                raise connection_error(request, error, clock.total) from None
            except RuntimeError as error:
                raise _runtime_error(self._http, error) from error
            else:
                wait = attempts.after_response(response)
                if wait is not None and not clock.allows(wait):
                    attempts.note = (
                        f"not tried again: waiting {wait:.1f} s would pass the call's timeout ({clock.total:g} s)"
                    )
                if wait is None or not clock.allows(wait):
                    return response
                delay = wait
            self._sleep(delay)

    def _request(self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions) -> T:
        return self._request_raw(kwargs, parse, options).parse()

    def _get_page(self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions) -> SyncPage[Any]:
        return SyncPage(self, fetch, parse, options, self._request(kwargs, parse, options))

    def _request_raw(
        self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions
    ) -> RawResponse[T]:
        request = self._build(self._http, kwargs, options)
        attempts = self._attempts(request, options)
        response = self._send(request, attempts, self._clock(options, attempts))
        return self._answered(request, response, parse, attempts)

    def _get_page_raw(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> RawResponse[SyncPage[Any]]:
        raw = self._request_raw(kwargs, parse, options)
        return RawResponse(
            raw.http_request, raw.http_response, lambda: SyncPage(self, fetch, parse, options, raw.parse())
        )

    @property
    def with_raw_response(self) -> GigsWithRawResponse:
        """The same calls, each answering a `RawResponse`: `gigs.with_raw_response.devices.retrieve(id)`."""
        return GigsWithRawResponse(self)

    def close(self) -> None:
        """Close the connections, if the client made them (not an `http_client` it was given)."""
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gigs({self._options!r})"


class AsyncGigs(_BaseGigs, AsyncResources):
    """The Gigs Devices API, asynchronously: `await gigs.devices.retrieve(...)`,
    `async for device in gigs.devices.list()`. Close it with `await gigs.close()` or `async with`."""

    def __init__(
        self,
        token: str | None = None,
        *,
        project: str | None = None,
        base_url: str | None = None,
        max_retries: int = 2,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        timeout_per_try: float | None = None,
        backoff: Backoff = DEFAULT_BACKOFF,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        max_retry_after: float | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        **unknown: Never,
    ) -> None:
        """Make a client; every argument but `token` is a keyword.

        Args:
            token: The project's API key; `GIGS_TOKEN` when not given. Whitespace around it is taken off.
            project: The project every call is for unless it names another; `GIGS_PROJECT` when not given.
            base_url: The API's address; `GIGS_BASE_URL`, else the spec's server (`DEFAULT_BASE_URL`).
            max_retries: How many times a failed try is sent again (connection failures, 408, 409, 429, 5xx),
                for requests that are safe to repeat.
            timeout: Seconds a call may take in all, retries and waits included; None for no limit; an
                `httpx.Timeout` sets each try's phases instead.
            timeout_per_try: Seconds each try but the last may take of it; by default an equal share,
                `timeout / (max_retries + 1)`, so that a stalled try is tried again.
            backoff: How long to wait between tries (`Backoff(initial=0.5, maximum=8.0)`).
            default_headers: Headers sent with every request, over the SDK's own (case-insensitively).
            default_query: Query parameters sent with every request.
            max_retry_after: The longest `Retry-After` (seconds) waited for; a longer one is raised at once.
            http_client: Your own `httpx.AsyncClient` (proxies, certificates, hooks); it stays yours to close.
            sleep: How to wait between tries (`anyio.sleep`); tests pass one that does not wait.
        """
        _no_unknown("AsyncGigs", unknown, _CLIENT_ARGUMENTS)
        self._options = ClientOptions.from_arguments(
            "AsyncGigs",
            token,
            project,
            base_url,
            max_retries,
            timeout,
            timeout_per_try,
            backoff,
            default_headers,
            default_query,
            max_retry_after,
        )
        _runtime("AsyncGigs", http_client, httpx.AsyncClient, sleep)
        self._http, self._owns_http = http_client or httpx.AsyncClient(), http_client is None
        self._sleep = sleep
        self._bind_resources(self)

    def with_options(self, **changes: Unpack[ClientChanges]) -> AsyncGigs:
        """A client like this one with some options changed (those of the constructor but
        `http_client` and `sleep`), sharing its connections; each checked as the constructor checks it."""
        derived = object.__new__(AsyncGigs)
        derived._options = self._options.changed(changes, "AsyncGigs.with_options")
        derived._http, derived._owns_http, derived._sleep = self._http, False, self._sleep
        derived._bind_resources(derived)
        return derived

    async def _send(self, request: httpx.Request, attempts: Attempts, clock: Deadline) -> httpx.Response:
        while True:
            try:
                with anyio.fail_after(clock.arm(request, attempts.final)):  # the whole try, its answer read to the end
                    response = await self._http.send(request)
            except (*CONNECTION_ERRORS, TimeoutError) as error:
                try:
                    delay = attempts.after_error(error)
                except (*CONNECTION_ERRORS, TimeoutError):
                    raise connection_error(request, error, clock.total) from None
                if not clock.allows(delay):
                    raise connection_error(request, error, clock.total) from None
            except httpx.HTTPError as error:
                raise connection_error(request, error, clock.total) from None
            except RuntimeError as error:
                raise _runtime_error(self._http, error) from error
            else:
                wait = attempts.after_response(response)
                if wait is not None and not clock.allows(wait):
                    attempts.note = (
                        f"not tried again: waiting {wait:.1f} s would pass the call's timeout ({clock.total:g} s)"
                    )
                if wait is None or not clock.allows(wait):
                    return response
                delay = wait
            await self._sleep(delay)

    async def _request(self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions) -> T:
        return (await self._request_raw(kwargs, parse, options)).parse()

    async def _get_page(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> AsyncPage[Any]:
        return AsyncPage(self, fetch, parse, options, await self._request(kwargs, parse, options))

    async def _request_raw(
        self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions
    ) -> RawResponse[T]:
        request = self._build(self._http, kwargs, options)
        attempts = self._attempts(request, options)
        response = await self._send(request, attempts, self._clock(options, attempts))
        return self._answered(request, response, parse, attempts)

    async def _get_page_raw(
        self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions
    ) -> RawResponse[AsyncPage[Any]]:
        raw = await self._request_raw(kwargs, parse, options)
        return RawResponse(
            raw.http_request, raw.http_response, lambda: AsyncPage(self, fetch, parse, options, raw.parse())
        )

    @property
    def with_raw_response(self) -> AsyncGigsWithRawResponse:
        return AsyncGigsWithRawResponse(self)

    async def close(self) -> None:
        """Close the connections, if the client made them (not an `http_client` it was given)."""
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncGigs({self._options!r})"


class GigsWithRawResponse(SyncRawResources):
    """`gigs.with_raw_response`: the client's resources, each call answering a `RawResponse`."""

    def __init__(self, client: Gigs) -> None:
        self._bind_resources(client)


class AsyncGigsWithRawResponse(AsyncRawResources):
    """`gigs.with_raw_response` (async): the client's resources, each call answering a `RawResponse`."""

    def __init__(self, client: AsyncGigs) -> None:
        self._bind_resources(client)


class _FallbackHandler(logging.StreamHandler[TextIO]):
    """GIGS_LOG's own output, for an application that configured no logging: once it has (even
    after this module was imported), its handlers print the record and this one stays quiet."""

    def emit(self, record: logging.LogRecord) -> None:
        if not logging.getLogger().handlers:
            super().emit(record)


def _configure_logging() -> None:
    """GIGS_LOG=debug or info logs each request's method, path and status (never a header), once."""
    level = os.environ.get("GIGS_LOG", "").upper()
    if level not in ("DEBUG", "INFO"):
        return
    logger.setLevel(level)
    if not any(isinstance(handler, _FallbackHandler) for handler in logger.handlers):
        handler = _FallbackHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


_configure_logging()
