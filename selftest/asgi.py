"""Middleware building blocks for the broken servers: an app in front of the reference server that
edits what passes through, or asks the reference server itself, through ASGI, as a client would.

Nothing here knows the reference server's storage: a variant sees requests and answers only.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

App = Callable[..., Awaitable[None]]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    @property
    def authorization(self) -> bytes | None:
        return dict(self.headers).get(b"authorization")


@dataclass
class Answer:
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]] = field(default_factory=lambda: [(b"content-type", b"application/json")])

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


def json_answer(status: int, value: Any, headers: list[tuple[bytes, bytes]] | None = None) -> Answer:
    kept = [(k, v) for k, v in headers or [] if k.lower() not in (b"content-length", b"content-type")]
    return Answer(
        status, json.dumps(value, separators=(",", ":")).encode(), [(b"content-type", b"application/json"), *kept]
    )


async def ask(app: App, request: Request) -> Answer:
    """What `app` answers `request`: an ASGI call made in process, as a client's would be."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": request.path,
        "raw_path": request.path.encode(),
        # Values were decoded once by parse_qsl: encoded once again, a `%252C` stays a literal comma.
        "query_string": urlencode(request.query, safe=",").encode(),
        "headers": [(b"host", b"selftest"), *[(k, v) for k, v in request.headers if k.lower() != b"host"]],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": request.body, "more_body": False}

    status, headers, chunks = 500, [], []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return Answer(status, b"".join(chunks), [(k, v) for k, v in headers if k.lower() != b"content-length"])


async def _read(scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]]) -> Request:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    return Request(scope["method"], scope["path"], query, list(scope["headers"]), b"".join(chunks))


async def _send(send: Callable[[dict[str, Any]], Awaitable[None]], answer: Answer) -> None:
    headers = [*answer.headers, (b"content-length", str(len(answer.body)).encode())]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


# How a variant asks the server behind it: a request in, the server's answer out.
AskInner = Callable[[Request], Awaitable[Answer]]
Handler = Callable[[Request, AskInner], Awaitable[Answer]]


def in_front(inner: Any, handle: Handler) -> App:
    """An app that gives each request to `handle(request, ask_inner)`, and sends what it answers.

    It keeps the inner app's `backend` and `keys`, which the server's command reads to announce it."""

    return _InFront(inner, handle, inner.backend, inner.keys)


@dataclass
class _InFront:
    inner: Any
    handle: Handler
    backend: Any  # the inner app's, which the server's command reads to announce it
    keys: Any

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        request = await _read(scope, receive)
        await _send(send, await self.handle(request, lambda r: ask(self.inner, r)))
