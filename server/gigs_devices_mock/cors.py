"""CORS, on by default as Prism has it, so a web app in a browser can call the reference server.

A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered 204 before the
key is checked (browsers send no key with it); every other answer to a request with an `Origin` the
policy allows carries `Access-Control-Allow-Origin` and exposes the headers a client reads. Only a
preflight is answered here: an `OPTIONS` without those headers is an ordinary request (405, `Allow`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The headers a browser may send and read: the API's own beside the usual ones.
ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, Prefer"
EXPOSE_HEADERS = "Retry-After, Idempotent-Replayed, Allow, Content-Length"
MAX_AGE_SECONDS = 600


@dataclass(frozen=True)
class Cors:
    """Which origins may call: `origins` None is any (`*`), else those exactly."""

    origins: frozenset[str] | None = None

    def allowed(self, origin: str | None) -> str | None:
        """The `Access-Control-Allow-Origin` to answer `origin` with, or None for none."""
        if origin is None:
            return None
        if self.origins is None:
            return "*"
        return origin if origin in self.origins else None

    def preflight(self, method: str, headers: Mapping[str, str]) -> dict[str, str] | None:
        """A preflight's answer headers (to send with a 204); None when the request is no preflight.

        A preflight from an origin the policy refuses gets a 204 without them: the browser stops."""
        if method != "OPTIONS" or "origin" not in headers or "access-control-request-method" not in headers:
            return None
        allow = self.allowed(headers["origin"])
        if allow is None:
            return {}
        # The API's own headers in any case, and what the page asked for (a header of its own, say),
        # each once: names are case-insensitive, and a browser asks in lower case.
        requested = [h.strip() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()]
        names: dict[str, str] = {}
        for name in [h.strip() for h in ALLOW_HEADERS.split(",")] + requested:
            names.setdefault(name.lower(), name)
        return {
            **self._vary(allow),
            "Access-Control-Allow-Origin": allow,
            "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
            "Access-Control-Allow-Headers": ", ".join(names.values()),
            "Access-Control-Max-Age": str(MAX_AGE_SECONDS),
        }

    def answer_headers(self, origin: str | None) -> list[tuple[bytes, bytes]]:
        """Headers for any answer to a request with `origin`."""
        allow = self.allowed(origin)
        if allow is None:
            return []
        headers = [
            (b"access-control-allow-origin", allow.encode()),
            (b"access-control-expose-headers", EXPOSE_HEADERS.encode()),
        ]
        return headers + [(name.lower().encode(), value.encode()) for name, value in self._vary(allow).items()]

    @staticmethod
    def _vary(allow: str) -> dict[str, str]:
        return {} if allow == "*" else {"Vary": "Origin"}
