"""`Gigs` and `AsyncGigs`: the generated client with retries, typed errors and auto-pagination.

One layer for every operation: an operation is named by its generated module (`list_devices`,
`create_device`, ...), and the layer calls its `sync_detailed` / `asyncio_detailed`. Nothing here is
written per endpoint, so nothing here drifts from the spec.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from types import ModuleType
from typing import Any

import httpx
from gigs_devices_client import AuthenticatedClient
from gigs_devices_client.types import Response

from ._errors import APIConnectionError, APITimeoutError, error_for
from ._retries import DEFAULT_BACKOFF, AsyncRetryTransport, Backoff, RetryTransport

DEFAULT_BASE_URL = "https://api.gigs.com"
DEFAULT_TIMEOUT = 30.0


def _name(operation: ModuleType) -> str:
    return operation.__name__.rsplit(".", 1)[-1]


def _result(operation: ModuleType, response: Response[Any]) -> Any:
    if 200 <= response.status_code < 300:
        return response.parsed
    raise error_for(_name(operation), response)


def _page_arguments(kwargs: dict[str, Any], page_size: int | None, backwards: bool) -> tuple[str, str]:
    if page_size is not None:
        kwargs["limit"] = page_size
    return ("before", "more_items_before") if backwards else ("after", "more_items_after")


class _Options:
    """What a client is made of; `with_options` copies it with changes."""

    def __init__(self, token: str, base_url: str, max_retries: int, timeout: float | httpx.Timeout, backoff: Backoff):
        self.token, self.base_url, self.max_retries, self.timeout, self.backoff = (
            token,
            base_url,
            max_retries,
            timeout,
            backoff,
        )

    def changed(self, **changes: Any) -> dict[str, Any]:
        return {**vars(self), **changes}

    def __repr__(self) -> str:
        return f"base_url={self.base_url!r}, max_retries={self.max_retries}, timeout={self.timeout!r}"


def _generated_client(
    options: _Options, transport: httpx.BaseTransport | httpx.AsyncBaseTransport
) -> AuthenticatedClient:
    timeout = options.timeout if isinstance(options.timeout, httpx.Timeout) else httpx.Timeout(options.timeout)
    return AuthenticatedClient(
        base_url=options.base_url, token=options.token, timeout=timeout, httpx_args={"transport": transport}
    )


class Gigs:
    """The Gigs Devices API, synchronously.

    `call` returns the parsed success model or raises a typed error; `paginate` iterates every item
    of a list operation; `client` is the generated client (with the same retries) for the
    `Response[T]` style, where errors come back as values.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        max_retries: int = 2,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        backoff: Backoff = DEFAULT_BACKOFF,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        _shared_pool: httpx.BaseTransport | None = None,
    ) -> None:
        self._options = _Options(token, base_url, max_retries, timeout, backoff)
        self._pool, self._sleep = _shared_pool or transport or httpx.HTTPTransport(), sleep
        retrying = RetryTransport(self._pool, max_retries, backoff, sleep=sleep, owns_wrapped=_shared_pool is None)
        self.client = _generated_client(self._options, retrying)

    def with_options(self, **changes: Any) -> Gigs:
        """A client like this one with some options changed, for one call or a few:
        `gigs.with_options(max_retries=5, timeout=2).call(...)`. It shares this client's
        connections, which stay this client's to close."""
        return Gigs(**self._options.changed(**changes), sleep=self._sleep, _shared_pool=self._pool)

    def call(self, operation: ModuleType, *args: Any, **kwargs: Any) -> Any:
        """Run `operation` (a generated module); its parsed answer, or a typed error."""
        try:
            response = operation.sync_detailed(*args, client=self.client, **kwargs)
        except httpx.TimeoutException as error:
            raise APITimeoutError(f"{_name(operation)}: no answer in time") from error
        except httpx.TransportError as error:
            raise APIConnectionError(f"{_name(operation)}: {type(error).__name__}") from error
        return _result(operation, response)

    def paginate(
        self, operation: ModuleType, *args: Any, page_size: int | None = None, backwards: bool = False, **kwargs: Any
    ) -> Iterator[Any]:
        """Every item of a list operation, page after page, following `moreItemsAfter`.

        With `backwards=True` (and usually `before=<id>`), follows `moreItemsBefore` instead and
        yields items in the order it walks them: towards the newest.
        """
        cursor, next_cursor = _page_arguments(kwargs, page_size, backwards)
        while True:
            page = self.call(operation, *args, **kwargs)
            yield from reversed(page.items) if backwards else page.items
            following = getattr(page, next_cursor)
            if following is None:
                return
            kwargs[cursor] = following

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def __enter__(self) -> Gigs:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gigs({self._options!r})"


class AsyncGigs:
    """The Gigs Devices API, asynchronously: `await call(...)`, `async for ... in paginate(...)`."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        max_retries: int = 2,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        backoff: Backoff = DEFAULT_BACKOFF,
        transport: httpx.AsyncBaseTransport | None = None,
        _shared_pool: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._options = _Options(token, base_url, max_retries, timeout, backoff)
        self._pool = _shared_pool or transport or httpx.AsyncHTTPTransport()
        retrying = AsyncRetryTransport(self._pool, max_retries, backoff, owns_wrapped=_shared_pool is None)
        self.client = _generated_client(self._options, retrying)

    def with_options(self, **changes: Any) -> AsyncGigs:
        return AsyncGigs(**self._options.changed(**changes), _shared_pool=self._pool)

    async def call(self, operation: ModuleType, *args: Any, **kwargs: Any) -> Any:
        try:
            response = await operation.asyncio_detailed(*args, client=self.client, **kwargs)
        except httpx.TimeoutException as error:
            raise APITimeoutError(f"{_name(operation)}: no answer in time") from error
        except httpx.TransportError as error:
            raise APIConnectionError(f"{_name(operation)}: {type(error).__name__}") from error
        return _result(operation, response)

    async def paginate(
        self, operation: ModuleType, *args: Any, page_size: int | None = None, backwards: bool = False, **kwargs: Any
    ) -> AsyncIterator[Any]:
        cursor, next_cursor = _page_arguments(kwargs, page_size, backwards)
        while True:
            page = await self.call(operation, *args, **kwargs)
            for item in reversed(page.items) if backwards else page.items:
                yield item
            following = getattr(page, next_cursor)
            if following is None:
                return
            kwargs[cursor] = following

    async def aclose(self) -> None:
        await self.client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncGigs:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncGigs({self._options!r})"
