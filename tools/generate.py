"""Generate the SDK's package from an OpenAPI document: `make generate` and `make check-generated`.

    python -m tools.generate --spec openapi.yaml --output sdk/generated/gigs_devices_client

openapi-python-client (pinned in requirements/dev.txt) with our templates, and one thing it cannot do by
itself: the SDK's names. Each operation states its resource and method once, in openapi.yaml:

    x-sdk: {resource: devices, method: list}        # gigs.devices.list(...)

The generator's templates cannot read an operation's extensions, so this writes them into a
template of their own (`sdk_names.jinja`, beside a copy of templates/), which the resource templates
read. Every operation must have its names, each pair once: a missing or clashing name stops the
generation here, with the operation that lacks it, rather than inventing one (the SDK once called a
new resource `device_historys`).
"""

from __future__ import annotations

import argparse
import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client.strings import ClassName, PythonIdentifier, snake_case

from . import openapi_reader as reader

ROOT = Path(__file__).resolve().parents[1]
# The SDK's distribution (gigs_devices/, generated/ and what generates it), and the generated
# package in it, relative to a checkout's root: the release tooling reads other checkouts too.
SDK_DIR = Path("sdk")
GENERATED_PACKAGE = SDK_DIR / "generated" / "gigs_devices_client"
SDK = ROOT / SDK_DIR
TEMPLATES = SDK / "templates"
CONFIG = SDK / "generator-config.yml"
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


class NamesError(ValueError):
    """An operation's SDK names are missing, malformed or taken."""


def sdk_names(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """operationId → (resource, method), from every operation's `x-sdk`."""
    names: dict[str, tuple[str, str]] = {}
    problems = []
    for found in reader.operations(document):
        path, method, operation = found.path, found.method, found.data
        label = f"{method.upper()} {path} ({operation.get('operationId', 'no operationId')})"
        given = operation.get("x-sdk")
        if not isinstance(given, dict) or set(given) != {"resource", "method"}:
            problems.append(f"{label}: needs `x-sdk: {{resource: …, method: …}}`, its SDK names")
            continue
        resource, name = given["resource"], given["method"]
        for part in (resource, name):
            if not isinstance(part, str) or not IDENTIFIER.fullmatch(part) or keyword.iskeyword(part):
                problems.append(f"{label}: {part!r} is not a snake_case Python name")
        if (resource, name) in names.values():
            problems.append(f"{label}: gigs.{resource}.{name} already names another operation")
        if not isinstance(operation.get("operationId"), str):
            problems.append(f"{label}: needs an operationId, by which the templates find its names")
            continue
        names[operation["operationId"]] = (resource, name)
    if problems:
        raise NamesError("the SDK names of openapi.yaml's operations:\n  " + "\n  ".join(problems))
    return names


CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


def is_model(schema: Any) -> bool:
    """Whether the generator makes a class of a component schema: an object or an enum."""
    return isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema or "enum" in schema)


def class_names(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The generator's class overrides, from each model component's `x-sdk: {class: …}`: the public
    class (and its module) keep their names when the component is renamed. The generator keys them
    by the class name it would derive from the component's name."""
    overrides: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    taken: dict[str, str] = {}
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        if not is_model(schema):
            continue
        given = (schema.get("x-sdk") or {}).get("class")
        if not isinstance(given, str) or not CLASS_NAME.fullmatch(given):
            problems.append(f"components.schemas.{name}: needs `x-sdk: {{class: …}}`, its SDK class (CapWords)")
            continue
        if given in taken:
            problems.append(f"components.schemas.{name}: the class {given} names components.schemas.{taken[given]}")
        taken.setdefault(given, name)
        overrides[str(ClassName(name, "field_"))] = {"class_name": given, "module_name": snake_case(given)}
    if problems:
        raise NamesError("the SDK classes of openapi.yaml's schemas:\n  " + "\n  ".join(problems))
    return overrides


# The SDK sends a fresh UUID as each call's idempotency key (sdk/templates/runtime/client.py): the
# spec's key parameter must accept one, or the SDK's own creates would be refused.
SAMPLE_KEY = "123e4567-e89b-42d3-a456-426614174000"


def wire(document: dict[str, Any]) -> dict[str, Any]:
    """What every call of the SDK sends that openapi.yaml decides: the default server, the header
    and prefix that carry the API key (its security scheme), and the header that carries an
    idempotency key (the header parameter marked `x-sdk: {role: idempotency-key}`)."""
    problems = []
    servers = document.get("servers") or []
    base_url = servers[0].get("url") if servers and isinstance(servers[0], dict) else None
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        problems.append(f"servers[0].url: the SDK's default base URL must be an http(s) URL, got {base_url!r}")
    auth: dict[str, str] = {}
    requirements = document.get("security") or []
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    if len(requirements) < 1 or not isinstance(requirements[0], dict) or len(requirements[0]) != 1:
        problems.append("security: the SDK sends one API key, so the first requirement must name one scheme")
    else:
        name = next(iter(requirements[0]))
        scheme = reader.resolve(document, schemes.get(name)) or {}
        if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            auth = {"header": "Authorization", "prefix": "Bearer "}
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header" and isinstance(scheme.get("name"), str):
            auth = {"header": scheme["name"], "prefix": ""}
        else:
            problems.append(
                f"securitySchemes.{name}: the SDK sends its key as an HTTP bearer token or an API key header,"
                f" not as {_short(scheme)}"
            )
    keys = {}
    for found in reader.operations(document):
        for parameter in reader.parameters(document, found):
            if (parameter.get("x-sdk") or {}).get("role") == "idempotency-key":
                keys[parameter["name"]] = (f"{found.method.upper()} {found.path}", parameter)
    if len(keys) > 1:
        problems.append(f"x-sdk role idempotency-key: one header carries the key, not {sorted(keys)}")
    header = next(iter(keys), None)
    if header is not None:
        label, parameter = keys[header]
        refused = (
            _refuses(parameter.get("schema") or {}, SAMPLE_KEY)
            if parameter.get("in") == "header"
            else "is not a header"
        )
        if refused:
            problems.append(
                f"{label} {header}: the SDK sends a UUID as each call's idempotency key, and the parameter {refused}"
            )
    if problems:
        raise NamesError("what the SDK sends with every call:\n  " + "\n  ".join(problems))
    return {"base_url": base_url, "auth": auth, "idempotency_header": header or ""}


def _refuses(schema: dict[str, Any], value: str) -> str | None:
    """Why `schema` (a string parameter's) refuses `value`, or None when it accepts it."""
    if schema.get("type", "string") != "string":
        return f"is of type {schema.get('type')!r}"
    if schema.get("format") not in (None, "uuid"):
        return f"asks for format {schema['format']!r}"
    if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
        return f"asks for {schema.get('minLength', 0)} to {schema.get('maxLength')} characters"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return f"asks for the pattern {schema['pattern']!r}"
    if "enum" in schema and value not in schema["enum"]:
        return "is an enum"
    return None


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _description(document: dict[str, Any], node: Any) -> str | None:
    """A node's own description (3.1 allows one beside `$ref`), else that of what it refers to."""
    resolved = reader.resolve(document, node)
    found = resolved.get("description") if isinstance(resolved, dict) else None
    return found if isinstance(found, str) else None


def argument_docs(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """operationId → each argument's description by its name in the spec (parameters, then the
    request body's properties), for the methods' `Args:`. The generator gives a parameter its
    schema's description (`An opaque … object ID.`), not the parameter's own, so they come from here."""
    docs: dict[str, dict[str, str]] = {}
    for each in reader.operations(document):
        operation = each.data
        if not isinstance(operation.get("operationId"), str):
            continue
        found: dict[str, str] = {}
        for parameter in reader.parameters(document, each):
            text = _description(document, parameter) or _description(document, parameter.get("schema"))
            schema = reader.resolve(document, parameter.get("schema")) or {}
            if text and schema.get("type") == "array" and parameter.get("explode") is False:
                text = _as_a_python_list(text)
            if text:
                found[parameter["name"]] = text
        content = (reader.resolve(document, operation.get("requestBody")) or {}).get("content", {})
        body = reader.resolve(document, (content.get("application/json") or {}).get("schema"))
        for name, schema in ((body or {}).get("properties") or {}).items():
            if text := _description(document, schema):
                found.setdefault(name, text)
        docs[operation["operationId"]] = found
    return docs


def _as_a_python_list(text: str) -> str:
    """A list filter's description as the SDK's users meet it: the spec tells the wire (a
    comma-separated list, a comma inside a value double-encoded); the SDK takes a Python list and
    does both."""
    text = re.sub(r",?\s+as\s+a\s+comma-separated\s+list\.", ": a list of values (sent comma-separated).", text)
    return re.sub(
        r"\s*A comma inside [^.]*? is sent\s+double-encoded, as `%252C`\.",
        " A comma inside a value is encoded for you.",
        text,
    )


def generate(spec: Path, output: Path) -> int:
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    try:
        names = sdk_names(document)
        sends = wire(document)
        classes = class_names(document)
    except NamesError as error:
        print(f"tools.generate: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gigs-templates-") as work:
        templates = Path(work) / "templates"
        shutil.copytree(TEMPLATES, templates)
        # Keyed by the name the generator gives the operation (its operationId in snake case).
        docs = argument_docs(document)
        table = {
            str(PythonIdentifier(operation_id, prefix="field_")): {
                "resource": resource,
                "method": method,
                "args": docs.get(operation_id, {}),
            }
            for operation_id, (resource, method) in sorted(names.items())
        }
        (templates / "sdk_names.jinja").write_text(
            "{#- Written by tools/generate.py from openapi.yaml (each operation's x-sdk, its arguments' descriptions,"
            " what every call sends): never by hand. -#}\n"
            f"{{%- set names = {json.dumps(table, sort_keys=True)} -%}}\n"
            f"{{%- set wire = {json.dumps(sends, sort_keys=True)} -%}}\n",
            encoding="utf-8",
        )
        config = Path(work) / "generator-config.yml"
        settings = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
        config.write_text(yaml.safe_dump({**settings, "class_overrides": classes}), encoding="utf-8")
        binary = Path(sys.executable).parent
        command = [
            str(binary / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(config),
            "--custom-template-path",
            str(templates),
            "--meta",
            "none",
            "--overwrite",
            "--fail-on-warning",
            "--output-path",
            str(output),
        ]
        # The post hooks (ruff) are found on PATH, from this environment.
        env = {**os.environ, "PATH": f"{binary}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(command, env=env)
    if done.returncode != 0:
        return done.returncode
    (output / "py.typed").touch()
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tools.generate", description=(__doc__ or "").split("\n\n")[0])
    cli.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    cli.add_argument("--output", type=Path, default=ROOT / GENERATED_PACKAGE)
    args = cli.parse_args(argv)
    return generate(args.spec.resolve(), args.output.resolve())


if __name__ == "__main__":
    sys.exit(main())
