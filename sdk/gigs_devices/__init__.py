"""The Gigs Devices API for Python: typed, resource-shaped, generated from openapi.yaml.

    from gigs_devices import Gigs

    gigs = Gigs()  # GIGS_TOKEN, GIGS_PROJECT and GIGS_BASE_URL from the environment
    device = gigs.devices.create(imei="356938035643809", name="Anna's phone")
    for device in gigs.devices.list(limit=100):
        print(device.id, device.imei)

Retries with backoff and idempotency keys, typed errors (`NotFoundError`, `InvalidRequestError`,
...), pages that walk themselves, per-call options. See README.md, "Using the client".
"""

from gigs_devices_client import models
from gigs_devices_client.client import DEFAULT_BASE_URL, AsyncPage, AsyncPager, RawResponse, RequestOptions, SyncPage
from gigs_devices_client.types import UNSET, Unset

from ._client import AsyncGigs, Gigs
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
    "UNSET",
    "Unset",
    "UnsupportedMediaTypeError",
    "__version__",
    "models",
]
