"""Typed errors: one exception class per error status the API documents, each carrying the parsed error."""

from __future__ import annotations

from typing import Any

import httpx
from gigs_devices_client.models import Error, PropertyErrorDetail
from gigs_devices_client.types import UNSET

REQUEST_ID_HEADERS = ("request-id", "x-request-id")


def request_id(response: httpx.Response) -> str | None:
    """The ID the server gave the request, for its support to find it."""
    return next((response.headers[h] for h in REQUEST_ID_HEADERS if h in response.headers), None)


class GigsError(Exception):
    """Every error this library raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as `cls(*args)`, and these take the request and the answer, not the message:
        # rebuilt from their attributes instead, so an error crosses to another process (or a cache) whole.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[GigsError], args: tuple[Any, ...], attributes: dict[str, Any]) -> GigsError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(attributes)
    return error


class APIConnectionError(GigsError):
    """The request did not get an answer: the connection failed or dropped, after every retry."""


class APITimeoutError(APIConnectionError):
    """The request did not get an answer in time, after every retry."""


def connection_error(request: httpx.Request, error: Exception, total: float | None) -> APIConnectionError:
    """No answer came: which host and port, and why, in words. The error's own text is not used:
    httpx puts a refused header's value (the key itself) in it."""
    url = request.url
    port = url.port or (443 if url.scheme == "https" else 80)
    host = f"[{url.host}]" if ":" in url.host else url.host  # an IPv6 address, as a URL writes it
    where = f"{request.method} {url.scheme}://{host}:{port}{url.path}"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return APITimeoutError(f"{where}: timed out" + (f" after {total:g} s" if total is not None else ""))
    return APIConnectionError(f"{where}: {_cause(error)}")


def _cause(error: Exception) -> str:
    text = str(error).lower()
    if isinstance(error, httpx.LocalProtocolError):
        return "a header HTTP cannot carry (a newline or control character in a value?)"
    if isinstance(error, httpx.UnsupportedProtocol):
        return "not an http:// or https:// URL"
    if "refused" in text:
        return "connection refused"
    if any(
        words in text
        for words in (
            "name or service not known",
            "nodename nor servname",
            "name resolution",
            "no address associated",
            "getaddrinfo",
        )
    ):
        return "name not resolved"
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "TLS failed (the certificate, or the protocol)"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection without a whole answer"
    if "reset" in text or isinstance(error, httpx.ReadError | httpx.WriteError):
        return "the connection was reset"
    return type(error).__name__


class APIResponseValidationError(GigsError):
    """The API answered 2xx, but not with what the spec says (not JSON, a field missing or mistyped)."""

    request: httpx.Request
    response: httpx.Response
    status_code: int

    def __init__(self, request: httpx.Request, response: httpx.Response, cause: Exception) -> None:
        self.request, self.response, self.status_code = request, response, response.status_code
        super().__init__(
            f"{request.method} {request.url.path} → {response.status_code}: the answer does not fit the spec "
            f"({type(cause).__name__}: {cause})"
        )


class APIStatusError(GigsError):
    """The API answered with an error status. `error` is the parsed error object (None when the answer
    was not the API's error shape, as a proxy's page is not)."""

    request: httpx.Request
    response: httpx.Response
    error: Error | None
    operation: str  # "GET /projects/dev/devices/dev_…"
    status_code: int
    headers: httpx.Headers
    content: bytes
    request_id: str | None

    def __init__(self, request: httpx.Request, response: httpx.Response, error: Error | None) -> None:
        self.request, self.response, self.error = request, response, error
        self.operation = f"{request.method} {request.url.path}"
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content
        self.request_id = request_id(response)
        super().__init__(self._describe())

    @property
    def type(self) -> str | None:
        return self.error.type_ if self.error else None

    @property
    def code(self) -> str | None:
        return _value(self.error.code) if self.error else None

    @property
    def message(self) -> str:
        if self.error:
            return self.error.message
        text = self.content[:200].decode("utf-8", "replace").strip()
        if 300 <= self.status_code < 400:  # the SDK follows no redirect: say where it pointed
            where = self.headers.get("location")
            return f"{self.response.reason_phrase}: a redirect{f' to {where}' if where else ''}, which the SDK does not follow"
        return text or self.response.reason_phrase or "no message"

    @property
    def hint(self) -> str | None:
        return _value(self.error.hint) if self.error else None

    @property
    def details(self) -> list[PropertyErrorDetail]:
        return list(_value(self.error.details) or []) if self.error else []

    def _describe(self) -> str:
        # The operation, the status and the API's own words: never a header, so never the key.
        kind = f" {self.type}" + (f"/{self.code}" if self.code else "") if self.error else ""
        # Each problem once: a detail the message already tells ("imei: Another device …") is not
        # repeated, and properties with the same words are named together ("imei, user: give …").
        grouped: dict[str, list[str]] = {}
        for detail in self.details:
            grouped.setdefault(detail.message, []).append(str(detail.property_))
        told = [p for words, properties in grouped.items() if _tells(self.message, words) for p in properties]
        named = "".join(
            f"; {', '.join(properties)}: {words}"
            for words, properties in grouped.items()
            if not _tells(self.message, words)
        )
        which = f" ({', '.join(told)})" if told and not all(p in self.message for p in told) else ""
        return f"{self.operation} → {self.status_code}{kind}: {self.message}{which}{named}"


def _tells(message: str, words: str) -> bool:
    """Whether the message already says a detail's words ("A device needs an imei, a user or both."
    tells "give an imei, a user or both"): the words, or all of them after their verb, are in it."""
    message, words = message.lower(), words.lower().rstrip(".")
    return words in message or (" " in words and words.split(" ", 1)[1] in message)


class BadRequestError(APIStatusError):
    """400 `malformed`: the body is not a JSON object."""


class AuthenticationError(APIStatusError):
    """401 `unauthenticated`: the key is missing, wrong, or belongs to another project."""


class NotFoundError(APIStatusError):
    """404 `notFound`: no such device or device model in this project."""


class ConflictError(APIStatusError):
    """409 `conflict`: a request with the same Idempotency-Key is still running."""


class PayloadTooLargeError(APIStatusError):
    """413 `payloadTooLarge`."""


class UnsupportedMediaTypeError(APIStatusError):
    """415 `unsupportedMediaType`."""


class InvalidRequestError(APIStatusError):
    """422 `invalid`: a value breaks the schema or a rule; `details` names each property."""


class RateLimitError(APIStatusError):
    """429 `rateLimited`: retried with backoff first; raised when retries ran out."""


class InternalServerError(APIStatusError):
    """A 5xx answer, after every retry."""


BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def error_for(request: httpx.Request, response: httpx.Response) -> APIStatusError:
    """The exception for an error answer, with its error object parsed when it has one."""
    try:
        error: Error | None = Error.from_json(response.content)
    except (ValueError, KeyError, TypeError, AttributeError):
        error = None  # not the API's error shape (a proxy's page, say): the status still says enough
    status = response.status_code
    cls = BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(request, response, error)


def _value(value: Any) -> Any:
    return None if value is UNSET else value
