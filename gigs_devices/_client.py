"""`Gigs` and `AsyncGigs`: one httpx client, the generated resources, retries, typed errors.

    gigs = Gigs()                       # GIGS_TOKEN, GIGS_PROJECT, GIGS_BASE_URL from the environment
    device = gigs.devices.create(imei="356938035643809", metadata={"crmId": "c-1"})
    for device in gigs.devices.list(limit=100): ...

The resources (`devices`, `device_models`, ...) and their methods are generated from openapi.yaml
(`gigs_devices_client.api`); every one of them ends in `_request` or `_get_page` here.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Self, TypeVar

import httpx
import orjson
from gigs_devices_client.api import AsyncRawResources, AsyncResources, SyncRawResources, SyncResources

from ._base import AsyncPage, Fetch, Parse, RawResponse, RequestOptions, SyncPage
from ._errors import APIConnectionError, APIResponseValidationError, APITimeoutError, GigsError, error_for
from ._retries import CONNECTION_ERRORS, DEFAULT_BACKOFF, Attempts, Backoff
from ._version import __version__

DEFAULT_BASE_URL = "https://api.gigs.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"gigs-devices-python/{__version__}"

logger = logging.getLogger("gigs_devices")
T = TypeVar("T")


@dataclass(frozen=True)
class ClientOptions:
    """What a client is made of; `with_options` copies it with changes."""

    token: str
    project: str | None
    base_url: str
    max_retries: int
    timeout: float | httpx.Timeout | None
    backoff: Backoff
    default_headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_arguments(
        cls,
        token: str | None,
        project: str | None,
        base_url: str | None,
        max_retries: int,
        timeout: float | httpx.Timeout | None,
        backoff: Backoff,
        default_headers: Mapping[str, str] | None,
    ) -> ClientOptions:
        token = token if token is not None else os.environ.get("GIGS_TOKEN")
        if not token:
            raise GigsError("no API key: pass token=... or set GIGS_TOKEN")
        return cls(
            token=token,
            project=project if project is not None else os.environ.get("GIGS_PROJECT") or None,
            base_url=(base_url or os.environ.get("GIGS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            max_retries=max_retries,
            timeout=timeout,
            backoff=backoff,
            default_headers=dict(default_headers or {}),
        )

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "User-Agent": USER_AGENT, **self.default_headers}

    def __repr__(self) -> str:  # never the key
        return f"base_url={self.base_url!r}, project={self.project!r}, max_retries={self.max_retries}"


class _BaseGigs:
    _options: ClientOptions
    _closed: bool = False

    def _project(self, project: str | None) -> str:
        chosen = project if project is not None else self._options.project
        if chosen is None:
            raise GigsError("no project: pass project=... to the call or the client, or set GIGS_PROJECT")
        return chosen

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], options: RequestOptions
    ) -> httpx.Request:
        if self._closed:
            raise GigsError(f"this {type(self).__name__} client is closed")
        url = httpx.URL(self._options.base_url + kwargs["url"])
        if extra_query := options.get("extra_query"):
            url = url.copy_merge_params(dict(extra_query))
        headers = {**self._options.headers(), **kwargs.get("headers", {}), **options.get("extra_headers", {})}
        content = orjson.dumps(kwargs["json"]) if "json" in kwargs else None
        timeout = options.get("timeout", self._options.timeout)
        return http.build_request(kwargs["method"].upper(), url, content=content, headers=headers, timeout=timeout)

    def _attempts(self, request: httpx.Request, options: RequestOptions) -> Attempts:
        return Attempts(request, options.get("max_retries", self._options.max_retries), self._options.backoff)

    @staticmethod
    def _answered(request: httpx.Request, response: httpx.Response, parse: Callable[[bytes], T]) -> RawResponse[T]:
        """The answer to a request: raised as its error when it is one, else parsed on demand."""
        logger.debug("%s %s → %s", request.method, request.url.path, response.status_code)
        if not response.is_success:
            raise error_for(request, response)

        def decoded() -> T:
            try:
                return parse(response.content)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                raise APIResponseValidationError(request, response, error) from error

        return RawResponse(request, response, decoded)


def _transport_error(request: httpx.Request, error: Exception) -> APIConnectionError:
    where = f"{request.method} {request.url.path}"
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"{where}: no answer in time")
    return APIConnectionError(f"{where}: {type(error).__name__}")


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
        backoff: Backoff = DEFAULT_BACKOFF,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._options = ClientOptions.from_arguments(
            token, project, base_url, max_retries, timeout, backoff, default_headers
        )
        # A client of the user's keeps its own settings (proxies, certificates, transport) and stays
        # the user's to close. Ours reads the proxy variables, as httpx does by default.
        self._http, self._owns_http = http_client or httpx.Client(), http_client is None
        self._sleep = sleep
        self._bind_resources(self)

    def with_options(self, **changes: Any) -> Gigs:
        """A client like this one with some options changed (`token`, `project`, `base_url`,
        `max_retries`, `timeout`, `backoff`, `default_headers`), sharing its connections."""
        derived = object.__new__(Gigs)
        derived._options = replace(self._options, **changes)
        derived._http, derived._owns_http, derived._sleep = self._http, False, self._sleep
        derived._bind_resources(derived)
        return derived

    def _send(self, request: httpx.Request, attempts: Attempts) -> httpx.Response:
        while True:
            try:
                response = self._http.send(request)
            except CONNECTION_ERRORS as error:
                try:
                    delay = attempts.after_error(error)
                except CONNECTION_ERRORS:
                    raise _transport_error(request, error) from error
            except RuntimeError as error:  # httpx's "the client has been closed"
                raise GigsError(f"the HTTP client is closed: {error}") from error
            else:
                wait = attempts.after_response(response)
                if wait is None:
                    return response
                delay = wait
                response.close()
            self._sleep(delay)

    def _request(self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions) -> T:
        return self._request_raw(kwargs, parse, options).parse()

    def _get_page(self, fetch: Fetch, kwargs: dict[str, Any], parse: Parse, options: RequestOptions) -> SyncPage[Any]:
        return SyncPage(self, fetch, parse, options, self._request(kwargs, parse, options))

    def _request_raw(
        self, kwargs: dict[str, Any], parse: Callable[[bytes], T], options: RequestOptions
    ) -> RawResponse[T]:
        request = self._build(self._http, kwargs, options)
        response = self._send(request, self._attempts(request, options))
        return self._answered(request, response, parse)

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
        backoff: Backoff = DEFAULT_BACKOFF,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._options = ClientOptions.from_arguments(
            token, project, base_url, max_retries, timeout, backoff, default_headers
        )
        self._http, self._owns_http = http_client or httpx.AsyncClient(), http_client is None
        self._sleep = sleep
        self._bind_resources(self)

    def with_options(self, **changes: Any) -> AsyncGigs:
        derived = object.__new__(AsyncGigs)
        derived._options = replace(self._options, **changes)
        derived._http, derived._owns_http, derived._sleep = self._http, False, self._sleep
        derived._bind_resources(derived)
        return derived

    async def _send(self, request: httpx.Request, attempts: Attempts) -> httpx.Response:
        while True:
            try:
                response = await self._http.send(request)
            except CONNECTION_ERRORS as error:
                try:
                    delay = attempts.after_error(error)
                except CONNECTION_ERRORS:
                    raise _transport_error(request, error) from error
            except RuntimeError as error:
                raise GigsError(f"the HTTP client is closed: {error}") from error
            else:
                wait = attempts.after_response(response)
                if wait is None:
                    return response
                delay = wait
                await response.aclose()
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
        response = await self._send(request, self._attempts(request, options))
        return self._answered(request, response, parse)

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
    def __init__(self, client: AsyncGigs) -> None:
        self._bind_resources(client)


def _configure_logging() -> None:
    """GIGS_LOG=debug or info logs each request's method, path and status (never a header)."""
    level = os.environ.get("GIGS_LOG", "").upper()
    if level in ("DEBUG", "INFO") and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)


_configure_logging()
