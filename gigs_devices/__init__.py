"""The Gigs Devices API for Python: typed, resource-shaped, generated from openapi.yaml.

    from gigs_devices import Gigs

    gigs = Gigs()  # GIGS_TOKEN, GIGS_PROJECT and GIGS_BASE_URL from the environment
    device = gigs.devices.create(imei="356938035643809", name="Anna's phone")
    for device in gigs.devices.list(limit=100):
        print(device.id, device.imei)

Retries with backoff and idempotency keys, typed errors (`NotFoundError`, `InvalidRequestError`,
...), pages that walk themselves, per-call options. See README.md, "Using the client".
"""

from typing import TYPE_CHECKING, Any

from ._base import AsyncPage, AsyncPager, RawResponse, RequestOptions, SyncPage
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GigsError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    UnsupportedMediaTypeError,
)
from ._retries import Backoff
from ._version import __version__

if TYPE_CHECKING:
    from ._client import DEFAULT_BASE_URL, AsyncGigs, Gigs

_LAZY = ("DEFAULT_BASE_URL", "AsyncGigs", "Gigs")


def __getattr__(name: str) -> Any:
    # The clients are imported on first use: the generated resources they are made of import this
    # package's `_base`, so importing them here would go round in a circle when a program imports
    # the generated package first.
    if name in _LAZY:
        from . import _client

        return getattr(_client, name)
    raise AttributeError(f"module 'gigs_devices' has no attribute {name!r}")


__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncGigs",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "Backoff",
    "BadRequestError",
    "ConflictError",
    "Gigs",
    "GigsError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "SyncPage",
    "UnsupportedMediaTypeError",
    "__version__",
]
