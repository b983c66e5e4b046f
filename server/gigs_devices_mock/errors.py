"""The Gigs error object, and one constructor for each error type the server answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PropertyError:
    """What is wrong with one property of the request (a `propertyErrorDetail`)."""

    property: str
    message: str
    code: str = "propertyInvalid"  # and "propertyRequired": Gigs' own names (openapi.yaml)
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "object": "propertyErrorDetail",
            "code": self.code,
            "message": self.message,
            "property": self.property,
            "suggestion": self.suggestion,
        }


@dataclass
class ApiError(Exception):
    """An error answer: raised anywhere while handling a request, rendered by the app."""

    status: int
    type: str
    message: str
    code: str | None = None
    details: list[PropertyError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"object": "error", "type": self.type, "message": self.message}
        if self.code is not None:
            body["code"] = self.code
        if self.details:
            body["details"] = [detail.to_dict() for detail in self.details]
        return body


def malformed(message: str) -> ApiError:
    return ApiError(400, "malformed", message)


def unauthenticated() -> ApiError:
    # One answer for every token problem, so that a caller learns nothing about other projects.
    return ApiError(401, "unauthenticated", "Invalid authorization token")


def not_found(kind: str, object_id: str) -> ApiError:
    return ApiError(404, "notFound", f"No {kind} with ID {object_id!r} was found.")


def route_not_found(path: str) -> ApiError:
    return ApiError(404, "notFound", f"No operation is served at {path!r}.")


def method_not_allowed(method: str, allowed: list[str]) -> ApiError:
    return ApiError(
        405,
        "methodNotAllowed",
        f"{method} is not allowed here; use {', '.join(allowed)}.",
        headers={"Allow": ", ".join(allowed)},
    )


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def payload_too_large(limit: int) -> ApiError:
    return ApiError(413, "payloadTooLarge", f"The request body must not be larger than {limit} bytes.")


def unsupported_media_type(content_type: str | None) -> ApiError:
    sent = f"not {content_type!r}" if content_type else "and no Content-Type was given"
    return ApiError(415, "unsupportedMediaType", f"The request body must be sent as application/json, {sent}.")


def invalid(*details: PropertyError, code: str | None = None, message: str | None = None) -> ApiError:
    if message is None:
        message = "; ".join(f"{d.property}: {d.message}" for d in details) or "The request is invalid."
    return ApiError(422, "invalid", message, code=code, details=list(details))


def not_implemented(operation_id: str) -> ApiError:
    return ApiError(
        501,
        "notImplemented",
        f"The reference server does not implement {operation_id} yet: openapi.yaml has it, no handler does.",
    )
