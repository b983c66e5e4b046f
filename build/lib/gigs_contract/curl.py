"""Curl lines that repeat a request, for every reproducer the contract suite prints."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

# Headers curl sets itself, or that only describe the transport.
_TRANSPORT_HEADERS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"})


def curl_line(method: str, url: str, headers: Iterable[tuple[str, str]], body: str | None) -> str:
    """`headers` as they should appear; a value naming a shell variable (`$GIGS_TOKEN`) is
    double-quoted so that the shell expands it, everything else single-quoted."""
    parts = ["curl", "-X", method]
    for name, value in headers:
        if name.lower() not in _TRANSPORT_HEADERS:
            parts += ["-H", f"{name}: {value}"]
    if body:
        parts += ["-d", body]
    parts.append(url)
    return " ".join(f'"{part}"' if _names_a_variable(part) else shlex.quote(part) for part in parts)


def _names_a_variable(part: str) -> bool:
    return "$" in part and part.startswith(("Authorization:", "Idempotency-Key:"))
