"""A readable API reference page, rendered from the spec at start-up and served at /docs.

Rendered here rather than by a JavaScript viewer so the page works offline and shows exactly the
document the server validates with.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .spec import Spec

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d1d1f}
h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.6em 1em;margin:1em 0}
.method{font-weight:700;font-family:monospace;padding:.1em .4em;border-radius:4px;background:#eef}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{white-space:pre-wrap;background:#f7f7f9;padding:.6em;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border-bottom:1px solid #eee;text-align:left;padding:.25em .5em;vertical-align:top}
"""


def render_docs(spec: Spec) -> str:
    document = spec.document
    info = document["info"]
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(info['title'])}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(info['title'])} <small>{escape(info['version'])}</small></h1>",
        f"<pre>{escape(info.get('description', ''))}</pre>",
        '<p>The machine-readable document: <a href="/openapi.yaml">/openapi.yaml</a>.</p>',
    ]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            parts.append(_operation(spec, path, method, operation, item.get("parameters", [])))
    parts.append("<h2>Schemas</h2>")
    for name, schema in document["components"]["schemas"].items():
        parts.append(_schema(name, schema))
    parts.append("</body></html>")
    return "\n".join(parts)


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    kind = schema.get("type", "any")
    kind = " | ".join(kind) if isinstance(kind, list) else kind
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(schema["enum"])
    return kind


def _operation(spec: Spec, path: str, method: str, operation: dict, path_parameters: list) -> str:
    rows = []
    for raw in path_parameters + operation.get("parameters", []):
        parameter = spec.resolve(raw)
        rows.append(
            f"<tr><td><code>{escape(parameter['name'])}</code></td><td>{parameter['in']}</td>"
            f"<td>{escape(_type(parameter['schema']))}</td>"
            f"<td>{'required' if parameter.get('required') else ''}</td>"
            f"<td>{escape(parameter.get('description', ''))}</td></tr>"
        )
    body = ""
    if "requestBody" in operation:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        body = f"<p>Body: <code>{escape(_type(schema))}</code></p>"
    responses = "".join(
        f"<tr><td>{status}</td><td>{escape(spec.resolve(response).get('description', ''))}</td></tr>"
        for status, response in operation["responses"].items()
    )
    parameters = f"<table><tr><th>parameter</th><th>in</th><th>type</th><th></th><th></th></tr>{''.join(rows)}</table>"
    return (
        f'<div class=op id="{escape(operation["operationId"])}"><h3><span class=method>{method.upper()}</span> '
        f"<code>{escape(path)}</code> — {escape(operation.get('summary', ''))}</h3>"
        f"<p>{escape(operation.get('description', ''))}</p>{parameters if rows else ''}{body}"
        f"<table><tr><th>status</th><th>answer</th></tr>{responses}</table></div>"
    )


def _schema(name: str, schema: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(prop)}</code></td><td>{escape(_type(sub))}</td>"
        f"<td>{escape(sub.get('description', ''))}</td></tr>"
        for prop, sub in schema.get("properties", {}).items()
    )
    table = f"<table><tr><th>field</th><th>type</th><th></th></tr>{rows}</table>" if rows else ""
    return (
        f'<h3 id="schema-{escape(name)}">{escape(name)} <small>{escape(_type(schema))}</small></h3>'
        f"<p>{escape(schema.get('description', ''))}</p>{table}"
    )
