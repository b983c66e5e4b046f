"""The contract as the suite reads it: its operations, and the bounds and examples the checks and
the behavioural suite need, read from openapi.yaml, never copied into code.

The spec travels inside the package (as does the suite's Schemathesis policy), so that an installed
suite (`pip install gigs-contract`, `gigs-contract`) runs anywhere."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs

from . import _openapi_reader as reader

SPEC_PATH = Path(__file__).resolve().parent / "openapi.yaml"


@functools.cache
def document() -> dict[str, Any]:
    return reader.load(SPEC_PATH)


def schema(name: str) -> dict[str, Any]:
    return reader.schema(document(), name)


def parameter_schema(name: str) -> dict[str, Any]:
    parameter = reader.resolve(document(), {"$ref": f"#/components/parameters/{reader.escape(name)}"})
    found: dict[str, Any] = reader.resolve(document(), parameter["schema"])
    return found


def limit_bounds() -> tuple[int, int, int]:
    """listDevices' and listDeviceModels' `limit`: minimum, maximum and default."""
    limit = parameter_schema("limit")
    return limit["minimum"], limit["maximum"], limit["default"]


def metadata_bounds() -> tuple[int, int, int]:
    """The metadata a project may keep: most keys, longest key, longest value."""
    metadata = schema("ProjectMetadata")
    return (
        metadata["maxProperties"],
        metadata["propertyNames"]["maxLength"],
        metadata["additionalProperties"]["maxLength"],
    )


def enum(name: str) -> list[str]:
    return list(schema(name)["enum"])


def imei_lengths() -> tuple[int, ...]:
    """The numbers of digits an IMEI may have, from the Imei schema's pattern (`^[0-9]{15,16}$`)."""
    pattern = schema("Imei")["pattern"]
    lengths = re.fullmatch(r"\^\[0-9\]\{(\d+),(\d+)\}\$", pattern)
    if lengths is None:
        raise ValueError(
            f"the Imei schema's pattern {pattern!r} is not ^[0-9]{{m,n}}$: the suite cannot read its lengths"
        )
    low, high = lengths.groups()
    return tuple(range(int(low), int(high) + 1))


def query_is_valid(method: str, path: str, query: str) -> bool:
    """Whether a query string, read as the API reads it (integers from text, `style: form, explode:
    false` lists split at commas, `%2C` a literal comma, parameters it does not know ignored), meets
    the operation's parameter schemas. What a case generated invalid becomes on the wire may be valid
    (a number is text in a URL; an object is left out), and then it was no invalid request."""
    found = next((op for op in reader.operations(document()) if (op.path, op.method) == (path, method.lower())), None)
    if found is None:
        return False  # no operation of the spec: nothing is valid for it
    parameters = {p["name"]: p for p in reader.parameters(document(), found) if p["in"] == "query"}
    values: dict[str, Any] = {}
    for name, raw in parse_qsl(query, keep_blank_values=True):
        parameter = parameters.get(name)
        if parameter is None:
            continue
        if name in values:
            return False  # given twice: the API refuses it
        values[name] = _read_query_value(parameter, raw)
    validator = jsonschema_rs.validator_for(
        {
            "type": "object",
            "properties": {name: p["schema"] for name, p in parameters.items()},
            "required": [name for name, p in parameters.items() if p.get("required")],
            "components": document()["components"],
        }
    )
    return validator.is_valid(values)


def _read_query_value(parameter: dict[str, Any], raw: str) -> Any:
    schema = reader.resolve(document(), parameter["schema"])
    if schema.get("type") == "array" and parameter.get("explode") is False:
        return [item.replace("%2C", ",").replace("%2c", ",") for item in raw.split(",")]
    if schema.get("type") == "integer" and re.fullmatch(r"-?[0-9]+", raw):
        return int(raw)
    return raw


def example_imei() -> str:
    return str(schema("Imei")["examples"][0])


def example_device() -> dict[str, Any]:
    """The spec's example of a device (components/examples/Device): an IMEI and the model it names."""
    example: dict[str, Any] = document()["components"]["examples"]["Device"]["value"]
    return example


def comma_separated_parameters() -> set[str]:
    """Query parameters sent as one comma-separated list (`style: form`, `explode: false`)."""
    return {
        parameter["name"]
        for op in reader.operations(document())
        for parameter in reader.parameters(document(), op)
        if parameter["in"] == "query"
        and parameter.get("explode") is False
        and reader.resolve(document(), parameter["schema"]).get("type") == "array"
    }


def operations() -> dict[str, str]:
    """The spec's operations, "GET /deviceModels" → operationId."""
    return {f"{op.method.upper()} {op.path}": str(op.id) for op in reader.operations(document())}


# listDevices' query parameters that page rather than filter.
_PAGING = frozenset({"after", "before", "limit"})


@functools.cache
def device_filters() -> frozenset[str]:
    """listDevices' filters (`user`, `sim`): its query parameters other than the cursors and the
    limit. The views and rules that use a filter follow the spec, so a filter it drops is not sent,
    and not held against the server."""
    try:
        listing = reader.operation(document(), "listDevices")
    except KeyError:
        return frozenset()
    return frozenset(p["name"] for p in reader.parameters(document(), listing) if p["in"] == "query") - _PAGING
