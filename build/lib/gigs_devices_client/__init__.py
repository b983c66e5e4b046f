"""A client library for accessing Gigs Devices and Device Models API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
