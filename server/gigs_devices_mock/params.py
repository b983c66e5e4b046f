"""Wire form → typed values: path segments, the query string and headers, checked against the spec.

Values are decoded and coerced as the spec's parameter styles say (integers from text, arrays from
`style: form, explode: false` comma lists) and only then validated, so every rejection names the
parameter in the API's error format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

import jsonschema_rs

from .errors import PropertyError, invalid
from .spec import Parameter, ParameterSet

_INTEGER = re.compile(r"(-?)([0-9]+)")  # ASCII digits only: str.isdigit() is true for "²" too
MAX_DIGITS = 18  # more than any bound of the spec needs; int() refuses strings of 4,300 digits
MAX_DETAILS = 50  # an answer names this many properties at most, and says how many it left out
MAX_MESSAGE = 300  # characters of a detail's message
MAX_NESTING = 32  # levels of a body value; no schema of the API nests more than a few


def body_errors(validator: jsonschema_rs.Validator, body: dict[str, Any]) -> list[PropertyError]:
    """The details of an invalid body. A value nested deeper than the validator can walk (it raises
    at its recursion limit, 256 levels of arrays) is named by its top-level property instead:
    no schema of the API nests more than a few levels, so such a value is invalid whatever it holds."""
    try:
        return property_errors(validator.iter_errors(body))
    except ValueError:
        return [
            PropertyError(name, f"is nested deeper than {MAX_NESTING} levels", code="propertyInvalid")
            for name, value in body.items()
            if _deeper_than(value, MAX_NESTING)
        ][:MAX_DETAILS]


def _shortened(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _deeper_than(value: Any, limit: int) -> bool:
    # Iterative, with a stack: a recursive walk would meet Python's own recursion limit first.
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return False


def whole_number(text: str) -> int | None:
    """`text` as a whole number (ASCII digits, an optional minus), or None when it is not one.

    Leading zeros count for nothing. A number of more than MAX_DIGITS digits reads as 10**MAX_DIGITS
    (or its negative): past every bound, which is all an answer can say about it, and int() would
    refuse it at 4,300 digits."""
    match = _INTEGER.fullmatch(text)
    if match is None:
        return None
    sign, digits = match.groups()
    digits = digits.lstrip("0") or "0"
    value = 10**MAX_DIGITS if len(digits) > MAX_DIGITS else int(digits)
    return -value if sign else value


def parse_path(params: ParameterSet, raw_values: Mapping[str, str]) -> dict[str, Any]:
    values, undecodable = {}, []
    for name, raw in raw_values.items():
        try:
            values[name] = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            undecodable.append(PropertyError(name, "is not UTF-8 text once percent-decoded"))
    if undecodable:
        raise invalid(*undecodable)
    return _validated(params, values)


def parse_query(params: ParameterSet, query_string: bytes) -> dict[str, Any]:
    by_name = params.by_name
    values: dict[str, Any] = {}
    repeated = []
    # Decoded once: a comma inside a comma-separated value arrives double-encoded (%252C) and is
    # still `%2C` here, apart from the commas that separate the values.
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8") if query_string else ()
    for name, raw in pairs:
        parameter = by_name.get(name)
        if parameter is None:
            continue  # parameters the operation does not know are ignored, as most HTTP APIs do
        if name in values:
            repeated.append(name)
        values[name] = _coerce(parameter, raw)
    if repeated:
        raise invalid(
            *(
                PropertyError(name, "is given more than once; send one value (lists are comma-separated)")
                for name in dict.fromkeys(repeated)
            )
        )
    return _validated(params, values, defaults=True)


def parse_headers(params: ParameterSet, headers: Mapping[str, str]) -> dict[str, Any]:
    """Header parameters by their spec name, from headers keyed by lower-case name."""
    values = {p.name: headers[p.name.lower()] for p in params.parameters if p.name.lower() in headers}
    return _validated(params, values)


def _coerce(parameter: Parameter, raw: str) -> Any:
    if parameter.comma_separated:
        return [item.replace("%2C", ",").replace("%2c", ",") for item in raw.split(",")]
    if parameter.type == "integer" and (number := whole_number(raw)) is not None:
        return number
    return raw  # left as text: the validator names the parameter if text is not allowed


def _validated(params: ParameterSet, values: dict[str, Any], defaults: bool = False) -> dict[str, Any]:
    if not params.validator.is_valid(values):
        raise invalid(*property_errors(params.validator.iter_errors(values)))
    if defaults:
        for parameter in params.parameters:
            if parameter.name not in values and "default" in parameter.schema:
                values[parameter.name] = parameter.schema["default"]
    return values


def property_errors(errors: Iterable[jsonschema_rs.ValidationError]) -> list[PropertyError]:
    """One detail per offending property, named by its path (`imei`, `metadata.crmId`, `sims.0`);
    at most MAX_DETAILS of them (the caller learns how many more from `errors_left_out`)."""
    details: dict[str, PropertyError] = {}
    for error in errors:
        if len(details) == MAX_DETAILS:
            break
        path = [str(part) for part in error.instance_path]
        kind = error.kind
        if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
            path.append(kind.property)
            detail_code, message = "propertyRequired", "is required"
        elif isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
            path.append(kind.unexpected[0])
            detail_code, message = "propertyUnknown", "is not a known property"
        else:
            # The validator's message quotes the value, which may be a megabyte: quote its start.
            detail_code, message = "propertyInvalid", _shortened(error.message)
        name = ".".join(path) or "body"
        details.setdefault(name, PropertyError(name, message, code=detail_code))
    return list(details.values())
