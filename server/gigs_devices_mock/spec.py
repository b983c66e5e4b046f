"""openapi.yaml, read once at start-up: each operation's route, parameters and compiled validators.

Nothing about the API's shape is restated in Python: bounds, enums, patterns and required fields all
come from the document, so a change to the spec changes what the server accepts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs

from . import _openapi_reader as reader

# A copy of the repository's openapi.yaml (tools/copies.py), so that an installed server carries the spec it serves.
DEFAULT_SPEC_PATH = Path(__file__).parent / "openapi.yaml"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path", "query" or "header"
    required: bool
    schema: dict[str, Any]  # with its top-level $ref followed, for type and default
    comma_separated: bool  # an array sent as `style: form, explode: false`

    @property
    def type(self) -> str | None:
        return self.schema.get("type")


@dataclass(frozen=True)
class ParameterSet:
    """The parameters of one location, with one validator over all of them as an object."""

    parameters: tuple[Parameter, ...]
    validator: jsonschema_rs.Validator

    @functools.cached_property
    def by_name(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters}


@dataclass(frozen=True)
class Operation:
    id: str
    method: str  # upper case, as on the wire
    path: str  # the template, e.g. /projects/{project}/devices/{device}
    path_params: ParameterSet
    query_params: ParameterSet
    header_params: ParameterSet
    body_validator: jsonschema_rs.Validator | None
    success_status: int
    statuses: frozenset[int]
    error_examples: dict[int, dict[str, Any]] = field(repr=False)
    read_only: bool = False  # `x-gigs-read-only`: a POST that changes nothing (a search)


@dataclass(frozen=True)
class Route:
    path: str
    pattern: re.Pattern[str]
    operations: dict[str, Operation]  # by method

    @property
    def allowed(self) -> list[str]:
        return sorted(self.operations)


class Spec:
    """The document, its operations by ID, and its routes in matching order."""

    def __init__(self, path: Path = DEFAULT_SPEC_PATH) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.document: dict[str, Any] = reader.parse(self.text, str(path))
        self._components = self.document.get("components", {})
        self.operations: dict[str, Operation] = {}
        by_path: dict[str, dict[str, Operation]] = {}
        for found in reader.operations(self.document):
            op = self._compile_operation(found)
            by_path.setdefault(found.path, {})[op.method] = op
            self.operations[op.id] = op
        routes = [Route(template, _path_pattern(template), operations) for template, operations in by_path.items()]
        # A literal segment wins over a template one (`/devices/search` before `/devices/{device}`).
        self.routes = sorted(routes, key=lambda route: route.path.count("{"))

    def match(self, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """The route serving a raw (still percent-encoded) path, and its raw path values."""
        for route in self.routes:
            found = route.pattern.fullmatch(raw_path)
            if found:
                return route, found.groupdict()
        return None

    def resolve(self, node: Any) -> Any:
        return reader.resolve(self.document, node)

    def schema_validator(self, name: str) -> jsonschema_rs.Validator:
        """A validator for `#/components/schemas/<name>`."""
        return self._validator({"$ref": f"#/components/schemas/{name}"})

    def _validator(self, schema: dict[str, Any]) -> jsonschema_rs.Validator:
        # The schema travels with the document's components, so its `#/components/...` refs resolve.
        return jsonschema_rs.validator_for(
            {**schema, "components": self._components},
            validate_formats=True,
        )

    def _parameter_set(self, parameters: list[dict[str, Any]], location: str) -> ParameterSet:
        chosen = tuple(
            Parameter(
                name=p["name"],
                location=location,
                required=p.get("required", False),
                schema=self.resolve(p["schema"]),
                comma_separated=p.get("style", "form") == "form" and p.get("explode") is False,
            )
            for p in parameters
            if p["in"] == location
        )
        raw_schemas = {p["name"]: p["schema"] for p in parameters if p["in"] == location}
        object_schema = {
            "type": "object",
            "properties": raw_schemas,
            "required": [p.name for p in chosen if p.required],
        }
        return ParameterSet(chosen, self._validator(object_schema))

    def _compile_operation(self, found: reader.Operation) -> Operation:
        data = found.data
        parameters = reader.parameters(self.document, found)
        body_validator = None
        if "requestBody" in data:
            body = self.resolve(data["requestBody"])
            body_validator = self._validator(body["content"]["application/json"]["schema"])
        statuses = frozenset(int(status) for status in data["responses"] if status.isdigit())
        return Operation(
            id=data["operationId"],
            method=found.method.upper(),
            path=found.path,
            path_params=self._parameter_set(parameters, "path"),
            query_params=self._parameter_set(parameters, "query"),
            header_params=self._parameter_set(parameters, "header"),
            body_validator=body_validator,
            success_status=min(s for s in statuses if 200 <= s < 300),
            statuses=statuses,
            error_examples=self._error_examples(data["responses"]),
            read_only=bool(data.get("x-gigs-read-only", False)),
        )

    def _error_examples(self, responses: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """The first example body of each documented error status (answers for forced faults)."""
        examples = {}
        for status, response in responses.items():
            if not status.startswith(("4", "5")):
                continue
            media = self.resolve(response).get("content", {}).get("application/json", {})
            for example in media.get("examples", {}).values():
                examples[int(status)] = self.resolve(example)["value"]
                break
        return examples


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"{([^}]+)}", template)
    regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)" for index, part in enumerate(parts))
    return re.compile(regex)
