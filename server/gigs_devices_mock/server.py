"""The HTTP server under the app: uvicorn with httptools and uvloop, on the protocol of protocol.py.

The bench serves its floor (a bare Starlette endpoint) through `run` too, so both stand on the same
stack.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import uvicorn

from .access_log import QueryRedaction
from .allocator import keep_freed_memory
from .protocol import MAX_LINGERING, HttpProtocol, Limits

__all__ = ["Limits", "run"]


def run(
    app: Any,
    *,
    host: str,
    port: int,
    log_level: str = "info",
    access_log: bool = True,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `app` until SIGINT or SIGTERM, then finish the requests in flight (5 s at most).

    `on_ready(url)` is called once the socket listens, with the URL it is reached at: with port 0
    the system picks a free port, and this is where the caller learns which."""
    keep_freed_memory()
    HttpProtocol.limits = within_descriptor_limit(limits)
    spec = getattr(getattr(app, "backend", None), "spec", None)
    routes = spec.routes if spec is not None else []
    known = {p.name for route in routes for op in route.operations.values() for p in op.query_params.parameters}
    logging.getLogger("uvicorn.access").addFilter(QueryRedaction(known))
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=HttpProtocol,
        # The API has no WebSockets: an Upgrade request is answered as plain HTTP. With uvicorn's
        # WebSocket support on, the app's refusal of the handshake became a 500.
        ws="none",
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=5,
        # Annotated int by uvicorn, which hands it to loop.call_later: seconds, a float.
        timeout_keep_alive=HttpProtocol.limits.keep_alive_timeout,  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    )
    server = _AnnouncingServer(config, on_ready)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the signal once it has shut down
        server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's status for a failed start (the port taken, say): it has said why


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, calling back with its URL once it listens (uvicorn has no hook for it)."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str], None] | None) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_ready is not None and self.servers:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            self._on_ready(f"http://{f'[{host}]' if ':' in host else host}:{port}")


# Descriptors kept free of connections: the store and its journal, logs, the listening socket.
RESERVED_DESCRIPTORS = 32


def within_descriptor_limit(limits: Limits) -> Limits:
    """`limits` with at most as many connections as the process may open files, less a reserve.

    Past the descriptor limit, accepting fails before any code of ours runs, and the store cannot
    open its journal: the bound must bite first."""
    try:
        import resource
    except ImportError:  # not on Windows
        return limits
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    room = soft - RESERVED_DESCRIPTORS - MAX_LINGERING
    if soft == resource.RLIM_INFINITY or room >= limits.max_connections:
        return limits
    return dataclasses.replace(limits, max_connections=max(1, room))
