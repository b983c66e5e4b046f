"""The Gigs Devices API for Python: the generated, typed client with what real use needs on top.

    from gigs_devices import Gigs
    from gigs_devices_client.api.devices import list_devices

    with Gigs(token) as gigs:
        for device in gigs.paginate(list_devices, "my-project", page_size=200):
            print(device.id, device.imei)

Retries with backoff (`max_retries`, default 2), typed errors (`NotFoundError`, `InvalidRequestError`,
...), auto-pagination, timeouts, and forward-compatible models. See README.md, "Using the client".
"""

from ._client import DEFAULT_BASE_URL, AsyncGigs, Gigs
from ._errors import (
    APIConnectionError,
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

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncGigs",
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
    "UnsupportedMediaTypeError",
]
