"""The contract as the suite reads it: its operations, and the bounds and examples the checks and
the behavioural suite need, read from openapi.yaml, never copied into code.

The spec travels inside the package (as does the suite's Schemathesis policy), so that an installed
suite (`pip install gigs-contract`, `gigs-contract`) runs anywhere."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parent / "openapi.yaml"


@functools.cache
def document() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    return document()["components"]["schemas"][name]


def parameter_schema(name: str) -> dict[str, Any]:
    return document()["components"]["parameters"][name]["schema"]


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
    low, high = re.fullmatch(r"\^\[0-9\]\{(\d+),(\d+)\}\$", schema("Imei")["pattern"]).groups()
    return tuple(range(int(low), int(high) + 1))


def example_imei() -> str:
    return schema("Imei")["examples"][0]


def example_device() -> dict[str, Any]:
    """The spec's example of a device (components/examples/Device): an IMEI and the model it names."""
    return document()["components"]["examples"]["Device"]["value"]


def comma_separated_parameters() -> set[str]:
    """Query parameters sent as one comma-separated list (`style: form`, `explode: false`)."""
    return {
        parameter["name"]
        for parameter in document()["components"]["parameters"].values()
        if parameter.get("in") == "query"
        and parameter.get("explode") is False
        and parameter["schema"].get("type") == "array"
    }


def operations() -> dict[str, str]:
    """The spec's operations, "GET /deviceModels" → operationId."""
    return {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in document()["paths"].items()
        for method, operation in item.items()
        if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    }
