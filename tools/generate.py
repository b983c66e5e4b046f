"""Generate the SDK's package from an OpenAPI document: `make generate` and `make check-generated`.

    python -m tools.generate --spec openapi.yaml --output generated/gigs_devices_client

openapi-python-client (pinned in pyproject.toml) with our templates, and one thing it cannot do by
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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client.strings import PythonIdentifier

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CONFIG = ROOT / "generator-config.yml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


class NamesError(ValueError):
    """An operation's SDK names are missing, malformed or taken."""


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    """Every operation of the document: (path, its path item, method, operation)."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, item, method, operation


def sdk_names(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """operationId → (resource, method), from every operation's `x-sdk`."""
    names: dict[str, tuple[str, str]] = {}
    problems = []
    for path, _, method, operation in _operations(document):
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


def _resolved(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _description(document: dict[str, Any], node: Any) -> str | None:
    """A node's own description, else that of what it refers to (3.1 allows one beside `$ref`)."""
    while isinstance(node, dict):
        if isinstance(node.get("description"), str):
            return node["description"]
        if "$ref" not in node:
            return None
        node = _resolved(document, node)
    return None


def argument_docs(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """operationId → each argument's description by its name in the spec (parameters, then the
    request body's properties), for the methods' `Args:`. The generator gives a parameter its
    schema's description (`An opaque … object ID.`), not the parameter's own, so they come from here."""
    docs: dict[str, dict[str, str]] = {}
    for _, item, _, operation in _operations(document):
        if not isinstance(operation.get("operationId"), str):
            continue
        found: dict[str, str] = {}
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = _resolved(document, parameter)
            text = _description(document, parameter) or _description(document, parameter.get("schema"))
            if text:
                found[parameter["name"]] = text
        content = (_resolved(document, operation.get("requestBody")) or {}).get("content", {})
        body = _resolved(document, (content.get("application/json") or {}).get("schema"))
        for name, schema in ((body or {}).get("properties") or {}).items():
            if text := _description(document, schema):
                found.setdefault(name, text)
        docs[operation["operationId"]] = found
    return docs


def generate(spec: Path, output: Path) -> int:
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    try:
        names = sdk_names(document)
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
            "{#- Written by tools/generate.py from openapi.yaml (each operation's x-sdk, its arguments' descriptions): never by hand. -#}\n"
            f"{{%- set names = {json.dumps(table, sort_keys=True)} -%}}\n",
            encoding="utf-8",
        )
        binary = Path(sys.executable).parent
        command = [
            str(binary / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(CONFIG),
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
    cli = argparse.ArgumentParser(prog="python -m tools.generate", description=__doc__.split("\n\n")[0])
    cli.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    cli.add_argument("--output", type=Path, default=ROOT / "generated" / "gigs_devices_client")
    args = cli.parse_args(argv)
    return generate(args.spec.resolve(), args.output.resolve())


if __name__ == "__main__":
    sys.exit(main())
