"""The ASGI app: the request pipeline, stage by stage, in the order the API documents.

`MockApp._answer` lists the stages; each takes the value the one before it made and returns a
complete one (or raises the API error that ends the request):

    arrive        the request as it came: method, raw path, headers      400 (HTTP/1.1 without Host)
    authenticate  the bearer key's project                                 401
    route         the operation, its path values and headers, Prefer      404, 405, 401, 422
    read_body     the body, up to its cap                                 413
    idempotency   a repeat of a keyed write is answered from the store    409, 422
    faults        what `Prefer` forces                                    any documented status, 5xx
    load          the object the path names                               404
    validate      the query and the body                                  422, 415, 400
    handle        the operation's handler, bound when the app is built

Checks run in the order the API documents (headers, then the path, then query and body). A repeat
is answered before the path's object is looked up, so that a replayed delete does not find its
device gone. Every rejection is a Gigs error object; an unexpected failure is logged and answered
500 in the same shape, never with a traceback.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import jsonschema_rs
import orjson

from . import faults
from .backend import Answer, Backend, Call
from .cors import Cors
from .docs import load_pages
from .errors import (
    ApiError,
    invalid,
    malformed,
    method_not_allowed,
    not_implemented,
    payload_too_large,
    route_not_found,
    unauthenticated,
    unsupported_media_type,
)
from .handlers import HANDLERS, LOADERS, Handler, Loader
from .handlers.devices import reset
from .idempotency import Idempotency
from .params import MAX_DETAILS, body_errors, parse_headers, parse_path, parse_query
from .spec import Operation
from .store import PendingAnswer

logger = logging.getLogger("gigs_devices_mock")

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_KEYS = {"dev_token": "dev", "dev2_token": "dev2"}
IDEMPOTENT_METHODS = frozenset({"POST", "DELETE"})
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _not_implemented(operation_id: str) -> Handler:
    def answer(backend: Backend, call: Call) -> Answer:
        raise not_implemented(operation_id)

    return answer


class ClientGone(Exception):
    """The client left before its request was whole: nothing is done and nothing answered."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """A request as it came, before anything about it is trusted."""

    method: str
    path: str  # as sent: percent-encoded, without the query
    query: bytes
    # Names lower-cased (they are case-insensitive); for a repeated header the last one is kept.
    headers: Mapping[str, str]
    authorizations: int  # how many Authorization headers came: more than one is refused


@dataclass(frozen=True, slots=True)
class Routed:
    """A request whose key, operation, path values and headers are known good."""

    arrival: Arrival
    project: str
    operation: Operation
    path: dict[str, Any]
    idempotency_key: str | None  # only on a write that may be repeated
    preference: faults.Preference  # what `Prefer` forces on this try (faults.NONE once spent)


@dataclass
class MockApp:
    backend: Backend
    keys: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))  # bearer key → project
    max_body_bytes: int = MAX_BODY_BYTES
    # operationId → handler, and path parameter → loader of the object it names: bound when the app
    # is built, so a variant of the server (the contract self-test's broken ones) is composed from
    # them rather than made by patching this module.
    handlers: Mapping[str, Handler] = field(default_factory=lambda: dict(HANDLERS))
    loaders: Mapping[str, Loader] = field(default_factory=lambda: dict(LOADERS))
    cors: Cors | None = field(default_factory=Cors)  # None: no CORS headers, and no preflight answered

    def __post_init__(self) -> None:
        unknown = sorted(set(self.handlers) - set(self.backend.spec.operations))
        if unknown:
            # An operation the spec renamed or removed: the server follows the spec, says so, and
            # serves what the spec has (a renamed one answers 501 until its handler is renamed too).
            logger.warning(
                "handlers for operations openapi.yaml does not have (renamed or removed?), not served: %s",
                ", ".join(unknown),
            )
            self.handlers = {op: handler for op, handler in self.handlers.items() if op not in unknown}
        # An operation the spec gained before the server did: it is served, validated like any other,
        # and answered 501 `notImplemented`, so that a new operation in openapi.yaml starts no red CI.
        # The banner names these; the contract suite reports them as not tested.
        self.not_implemented = sorted(set(self.backend.spec.operations) - set(self.handlers))
        self.handlers = {**self.handlers, **{op: _not_implemented(op) for op in self.not_implemented}}
        self.idempotency = Idempotency(self.backend.store)
        self.fault_budget = faults.FaultBudget()
        self._docs = load_pages()

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            answer = await self._answer(scope, receive)
        except ClientGone:
            return  # nobody to answer, and nothing was done
        except asyncio.CancelledError:
            # uvicorn cancels a request still running at its shutdown deadline, and would answer it
            # with a plain-text 500. Cancelled at an await, the request did nothing (handlers and their
            # writes do not await): a 503 tells the client so, and that a retry is safe.
            message = "The server is shutting down; the request was not carried out. Try again."
            answer = Answer(503, orjson.dumps(ApiError(503, "unavailable", message).to_dict()), {"Retry-After": "1"})
        except ApiError as error:
            answer = Answer(error.status, orjson.dumps(error.to_dict()), error.headers)
        except Exception:
            # The path is the client's: escaped, so that a %0A in it cannot forge a line of the log.
            logger.exception("unexpected failure on %s %s", scope["method"], ascii(scope["path"]))
            body = {"object": "error", "type": "internal", "message": "The server failed unexpectedly."}
            answer = Answer(500, orjson.dumps(body))
        headers = (
            []  # no content: RFC 9110 forbids a Content-Length on a 204
            if answer.status == 204
            else [(b"content-type", answer.content_type.encode()), (b"content-length", str(len(answer.body)).encode())]
        )
        headers += [(name.lower().encode(), value.encode()) for name, value in answer.headers.items()]
        if self.cors is not None and answer.status != 204:
            origin = next((value for name, value in scope["headers"] if name.lower() == b"origin"), None)
            headers += self.cors.answer_headers(origin.decode("latin-1") if origin is not None else None)
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        if answer.cut_short:
            # Half the body, then nothing: the server closes the connection on an unfinished answer.
            await send({"type": "http.response.body", "body": answer.body[: len(answer.body) // 2], "more_body": True})
            return
        await send({"type": "http.response.body", "body": answer.body})

    # The pipeline ---------------------------------------------------------------------------------

    async def _answer(self, scope: dict[str, Any], receive: Receive) -> Answer:
        arrival = self.arrive(scope)
        if self.cors is not None and (allowed := self.cors.preflight(arrival.method, arrival.headers)) is not None:
            return Answer(204, b"", allowed)  # before the key: a browser sends none with a preflight
        if (page := self.static_page(arrival)) is not None:
            return page
        project = self.authenticate(arrival)
        if arrival.path == "/_mock/reset":
            return self.reset(arrival, project)
        routed = self.route(arrival, project)
        body = await self.read_body(routed, receive)

        async def rest(pending: PendingAnswer | None) -> Answer:
            if (forced := await faults.apply(routed.preference, routed.operation)) is not None:
                return forced
            call = self.validate(routed, body, resource=self.load(routed), pending=pending)
            return self.handlers[routed.operation.id](self.backend, call)

        if routed.idempotency_key is not None:
            answer = await self.idempotency.run(
                project,
                routed.idempotency_key,
                (arrival.method, arrival.path, body),
                rest,
                routed.operation.success_status,
            )
        else:
            answer = await rest(None)
        return dataclasses.replace(answer, cut_short=True) if routed.preference.drop else answer

    @staticmethod
    def arrive(scope: dict[str, Any]) -> Arrival:
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        if scope.get("http_version") == "1.1" and "host" not in headers:
            raise malformed("An HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2).")
        return Arrival(
            method=scope["method"],
            path=(scope.get("raw_path") or scope["path"].encode()).decode("latin-1").split("?", 1)[0],
            query=scope["query_string"],
            headers=headers,
            authorizations=sum(1 for name, _ in scope["headers"] if name.lower() == b"authorization"),
        )

    def static_page(self, arrival: Arrival) -> Answer | None:
        """The spec and its rendered docs, served to anyone: they are public."""
        if arrival.method == "GET" and arrival.path == "/openapi.yaml":
            return Answer(200, self.backend.spec.text.encode(), content_type="application/yaml")
        if arrival.method == "GET" and arrival.path in self._docs:
            body, kind = self._docs[arrival.path]
            return Answer(200, body, {"Cache-Control": "public, max-age=3600"}, content_type=kind)
        return None

    def authenticate(self, arrival: Arrival) -> str:
        # One key a request: with several, which would count is a guess.
        if arrival.authorizations > 1:
            raise unauthenticated()
        scheme, _, token = arrival.headers.get("authorization", "").partition(" ")
        project = self.keys.get(token.strip()) if scheme.lower() == "bearer" else None
        if project is None:
            raise unauthenticated()
        return project

    def reset(self, arrival: Arrival, project: str) -> Answer:
        """`POST /_mock/reset`: the key's own project back to its seed, and nothing else."""
        if arrival.method != "POST":
            raise method_not_allowed(arrival.method, ["POST"])
        reset(self.backend, project)
        return Answer(200, b'{"object":"reset","seeded":true}')

    def route(self, arrival: Arrival, project: str) -> Routed:
        matched = self.backend.spec.match(arrival.path)
        if matched is None:
            raise route_not_found(arrival.path)
        route, raw_values = matched
        operation = route.operations.get(arrival.method)
        if operation is None:
            raise method_not_allowed(arrival.method, route.allowed)
        named = _project_parameter(operation.path)
        if named in raw_values and unquote(raw_values[named], errors="replace") != project:
            raise unauthenticated()  # a key is refused on another project's path, like an unknown key
        path = parse_path(operation.path_params, raw_values)
        key = parse_headers(operation.header_params, arrival.headers).get("Idempotency-Key")
        preference = faults.parse(arrival.headers.get(faults.HEADER.lower()))
        if preference.active:
            # Counted on every try, replays included: `times=N` is about what the client sees.
            request = key or f"{arrival.method} {arrival.path}?{arrival.query.decode('latin-1')}"
            if not self.fault_budget.take((project, request, arrival.headers[faults.HEADER.lower()]), preference.times):
                preference = faults.NONE
        if arrival.method not in IDEMPOTENT_METHODS or operation.read_only:
            key = None  # a read changes nothing, so there is nothing to replay
        return Routed(arrival, project, operation, path, key, preference)

    async def read_body(self, routed: Routed, receive: Receive) -> bytes:
        if routed.operation.body_validator is None:
            return b""
        declared = routed.arrival.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise payload_too_large(self.max_body_bytes)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone  # the body never ended: what came of it is not the request
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise payload_too_large(self.max_body_bytes)
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    def load(self, routed: Routed) -> Any:
        """The object the path names (a device, a device model), or None for a path that names none:
        known by its place (`…/<collection>/{id}` at the path's end), not by the parameter's name."""
        segments = routed.operation.path.strip("/").split("/")
        if len(segments) < 2 or not segments[-1].startswith("{"):
            return None
        load = self.loaders.get(segments[-2])
        return None if load is None else load(self.backend, routed.project, routed.path[segments[-1][1:-1]])

    def validate(self, routed: Routed, body: bytes, resource: Any, pending: PendingAnswer | None = None) -> Call:
        operation = routed.operation
        query = parse_query(operation.query_params, routed.arrival.query)
        validator = operation.body_validator
        parsed = None if validator is None else self._parse_body(validator, body, routed.arrival.headers)
        return Call(routed.project, routed.path, query, parsed, resource, pending)

    def _parse_body(self, validator: jsonschema_rs.Validator, body: bytes, headers: Mapping[str, str]) -> Any:
        content_type = headers.get("content-type")
        if content_type is None or content_type.split(";", 1)[0].strip().lower() != "application/json":
            raise unsupported_media_type(content_type)
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise malformed(f"The request body is not valid JSON in UTF-8: {error}.") from None
        if not isinstance(value, dict):
            raise malformed("The request body must be a JSON object.")
        if not validator.is_valid(value):  # the quick yes/no first; details only for a no
            details = body_errors(validator, value)
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


def _project_parameter(template: str) -> str | None:
    """The name of the path parameter that names the project (the one after `/projects/`), if any."""
    segments = template.strip("/").split("/")
    for index, segment in enumerate(segments[:-1]):
        if segment == "projects" and segments[index + 1].startswith("{"):
            return segments[index + 1][1:-1]
    return None
