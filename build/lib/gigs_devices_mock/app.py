"""The ASGI app: authenticate → route → validate → handle → answer, in the order the API documents.

Checks run in the order the API documents: the bearer key first (also against the project in the
path); then the path (unknown route 404, wrong method 405, path values 422) and headers; the body is
read (413 past the limit) so that an idempotent repeat can be recognised and replayed; then forced
faults (`Prefer`), the object the path names (404), the query (422) and the body (415, 400, 422).
Every rejection is a Gigs error object; an unexpected failure is logged and answered 500 in the
same shape, never with a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import orjson

from . import faults
from .backend import Answer, Backend, Call
from .docs import render_docs
from .errors import (
    ApiError,
    invalid,
    malformed,
    method_not_allowed,
    not_found,
    payload_too_large,
    route_not_found,
    unauthenticated,
    unsupported_media_type,
)
from .handlers import HANDLERS, Handler
from .handlers.devices import reset
from .idempotency import Idempotency
from .params import MAX_DETAILS, body_errors, parse_headers, parse_path, parse_query
from .spec import Operation

logger = logging.getLogger("gigs_devices_mock")

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_KEYS = {"dev_token": "dev", "dev2_token": "dev2"}
IDEMPOTENT_METHODS = frozenset({"POST", "DELETE"})
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class MockApp:
    backend: Backend
    keys: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))  # bearer key → project
    max_body_bytes: int = MAX_BODY_BYTES
    # operationId → handler: bound when the app is built, so a variant of the server (the contract
    # self-test's broken ones) is composed from handlers rather than made by patching this module.
    handlers: Mapping[str, Handler] = field(default_factory=lambda: dict(HANDLERS))

    def __post_init__(self) -> None:
        missing = sorted(set(self.backend.spec.operations) - set(self.handlers))
        unknown = sorted(set(self.handlers) - set(self.backend.spec.operations))
        if missing or unknown:
            raise ValueError(f"handlers do not match the spec's operations: missing {missing}, unknown {unknown}")
        self.idempotency = Idempotency(self.backend.store)
        self.fault_budget = faults.FaultBudget()
        self._docs = render_docs(self.backend.spec).encode()
        self._loaders = {"device": self._load_device, "deviceModel": self._load_device_model}

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            answer = await self._handle(scope, receive)
        except ApiError as error:
            answer = Answer(error.status, orjson.dumps(error.to_dict()), error.headers)
        except Exception:
            # The path is the client's: escaped, so that a %0A in it cannot forge a line of the log.
            logger.exception("unexpected failure on %s %s", scope["method"], ascii(scope["path"]))
            body = {"object": "error", "type": "internal", "message": "The server failed unexpectedly."}
            answer = Answer(500, orjson.dumps(body))
        headers = [(b"content-type", answer.content_type.encode()), (b"content-length", str(len(answer.body)).encode())]
        headers += [(name.lower().encode(), value.encode()) for name, value in answer.headers.items()]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        if answer.cut_short:
            # Half the body, then nothing: the server closes the connection on an unfinished answer.
            await send({"type": "http.response.body", "body": answer.body[: len(answer.body) // 2], "more_body": True})
            return
        await send({"type": "http.response.body", "body": answer.body})

    async def _handle(self, scope: dict[str, Any], receive: Receive) -> Answer:
        method = scope["method"]
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").split("?", 1)[0]
        # Names are case-insensitive: keep them lower-cased; for a repeated header the last one counts.
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        if scope.get("http_version") == "1.1" and "host" not in headers:
            raise malformed("An HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2).")
        if method == "GET" and raw_path == "/openapi.yaml":
            return Answer(200, self.backend.spec.text.encode(), content_type="application/yaml")
        if method == "GET" and raw_path == "/docs":
            return Answer(200, self._docs, content_type="text/html; charset=utf-8")

        # One key a request: with several, which would count (the last, in `headers`) is a guess.
        if sum(1 for name, _ in scope["headers"] if name.lower() == b"authorization") > 1:
            raise unauthenticated()
        project = self._authenticate(headers)
        if raw_path == "/_mock/reset":
            if method != "POST":
                raise method_not_allowed(method, ["POST"])
            reset(self.backend, project)
            return Answer(200, b'{"object":"reset","seeded":true}')

        matched = self.backend.spec.match(raw_path)
        if matched is None:
            raise route_not_found(raw_path)
        route, raw_values = matched
        operation = route.operations.get(method)
        if operation is None:
            raise method_not_allowed(method, route.allowed)
        if "project" in raw_values and unquote(raw_values["project"], errors="replace") != project:
            raise unauthenticated()  # a key is refused on another project's path, like an unknown key

        call = Call(project, parse_path(operation.path_params, raw_values), {})
        header_values = parse_headers(operation.header_params, headers)
        preference = faults.parse(headers.get(faults.HEADER.lower()))
        key = header_values.get("Idempotency-Key")
        if preference.active:
            request = key or f"{method} {raw_path}?{scope['query_string'].decode('latin-1')}"
            if not self.fault_budget.take((project, request, headers[faults.HEADER.lower()]), preference.times):
                preference = faults.NONE
        body = await self._read_body(receive, headers) if operation.body_validator else b""

        async def respond() -> Answer:
            forced = await faults.apply(preference, operation) if preference.active else None
            if forced is not None:
                return forced
            for name, load in self._loaders.items():
                if name in call.path:
                    call.resource = load(project, call.path[name])
            call.query = parse_query(operation.query_params, scope["query_string"])
            if operation.body_validator is not None:
                call.body = self._parse_body(operation, body, headers)
            return self.handlers[operation.id](self.backend, call)

        # A repeat is answered from the store before anything else is looked at: a replayed delete
        # must not find its device gone.
        if key is not None and method in IDEMPOTENT_METHODS and not operation.read_only:
            answer = await self.idempotency.run(
                project, key, (method, raw_path, body), respond, operation.success_status
            )
        else:
            answer = await respond()
        return dataclasses.replace(answer, cut_short=True) if preference.drop else answer

    def _authenticate(self, headers: dict[str, str]) -> str:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        project = self.keys.get(token.strip()) if scheme.lower() == "bearer" else None
        if project is None:
            raise unauthenticated()
        return project

    def _load_device(self, project: str, device_id: str):
        record = self.backend.store.device(project, device_id)
        if record is None:
            raise not_found("device", device_id)
        return record

    def _load_device_model(self, project: str, model_id: str):
        model = self.backend.seed.catalogue.by_id.get(model_id)
        if model is None:
            raise not_found("device model", model_id)
        return model

    async def _read_body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise payload_too_large(self.max_body_bytes)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise payload_too_large(self.max_body_bytes)
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    def _parse_body(self, operation: Operation, body: bytes, headers: dict[str, str]) -> Any:
        content_type = headers.get("content-type")
        if content_type is None or content_type.split(";", 1)[0].strip().lower() != "application/json":
            raise unsupported_media_type(content_type)
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise malformed(f"The request body is not valid JSON in UTF-8: {error}.") from None
        if not isinstance(value, dict):
            raise malformed("The request body must be a JSON object.")
        if not operation.body_validator.is_valid(value):  # the quick yes/no first; details only for a no
            details = body_errors(operation.body_validator, value)
            left_out = f"At least {MAX_DETAILS} properties are invalid; the others were left out of `details`."
            raise invalid(*details, message=left_out if len(details) >= MAX_DETAILS else None)
        return value

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # The store stays open: an app may be started again (tests do), and its owner closes it.
                self.backend.store.checkpoint()
                await send({"type": "lifespan.shutdown.complete"})
                return
