"""What every call sends is what openapi.yaml says, not what the hand-written client assumed.

The default server, the header and prefix of the API key, and the header and form of the
idempotency key are read from the spec at generation time (tools/generate.py, `wire`); a spec the
SDK cannot follow is refused there, naming the part, rather than generating a client whose own
calls the server refuses. The gate's SDK half sees a change to any of them.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml

from gigs_devices import Gigs, InvalidRequestError
from release import sdk
from tools.generate import NamesError, class_names, wire

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi.yaml").read_text())
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def edited(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    key = document["components"]["parameters"]["idempotencyKey"]
    if "key_name" in changes:
        key["name"] = changes["key_name"]
    if "key_schema" in changes:
        key["schema"] = changes["key_schema"]
    if "scheme" in changes:
        document["components"]["securitySchemes"]["bearerAuth"] = changes["scheme"]
    if "server" in changes:
        document["servers"] = [{"url": changes["server"]}]
    return document


def the_key_parameter() -> dict[str, Any]:
    marked = [
        p
        for p in DOCUMENT["components"]["parameters"].values()
        if (p.get("x-sdk") or {}).get("role") == "idempotency-key"
    ]
    assert len(marked) == 1
    return marked[0]


def sent_by_a_create(**client: Any) -> httpx.Request:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(422, json={"object": "error", "type": "invalidRequest", "message": "no"})

    gigs = Gigs(token="key", project="p", http_client=httpx.Client(transport=httpx.MockTransport(answer)), **client)
    with pytest.raises(InvalidRequestError):
        gigs.devices.create(imei="356938035643809")
    return seen[0]


def test_the_sdk_sends_its_key_in_the_header_the_spec_marks_in_a_form_the_spec_accepts():
    parameter = the_key_parameter()
    keys = {sent_by_a_create().headers[parameter["name"]] for _ in range(20)}
    assert len(keys) == 20  # fresh for each call
    for key in keys:
        jsonschema.validate(key, parameter["schema"])  # the spec's own schema, as the server reads it
        assert UUID.match(key)


def test_the_key_and_the_base_url_are_the_spec_s():
    request = sent_by_a_create()
    scheme = DOCUMENT["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert request.headers.get_list("authorization") == ["Bearer key"]
    assert str(request.url).startswith(DOCUMENT["servers"][0]["url"] + "/projects/p/devices")


def test_wire_reads_each_from_the_spec():
    facts = wire(
        edited(
            key_name="X-Request-Key",
            key_schema={"type": "string", "format": "uuid"},
            scheme={"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            server="https://api.eu.example.com",
        )
    )
    assert facts == {
        "base_url": "https://api.eu.example.com",
        "auth": {"header": "X-Api-Key", "prefix": ""},
        "idempotency_header": "X-Request-Key",
    }


@pytest.mark.parametrize(
    "changes, named",
    [
        ({"key_schema": {"type": "string", "pattern": "^gigs-"}}, "Idempotency-Key: the SDK sends a UUID"),
        ({"key_schema": {"type": "string", "maxLength": 20}}, "asks for 0 to 20 characters"),
        ({"key_schema": {"type": "integer"}}, "is of type 'integer'"),
        ({"scheme": {"type": "oauth2", "flows": {}}}, "securitySchemes.bearerAuth: the SDK sends its key as"),
        ({"scheme": {"type": "apiKey", "in": "query", "name": "key"}}, "securitySchemes.bearerAuth"),
        ({"server": "/relative"}, "servers[0].url"),
    ],
    ids=["key pattern", "key length", "key type", "oauth2", "key in the query", "relative server"],
)
def test_a_spec_the_sdk_cannot_follow_is_refused_at_generation_naming_the_part(changes, named):
    with pytest.raises(NamesError, match=re.escape(named)):
        wire(edited(**changes))


def test_the_gate_sees_a_change_to_what_every_call_sends():
    changes = sdk.compare(DOCUMENT, edited(key_name="X-Request-Key", server="https://api.eu.example.com"), ROOT)
    changed = {c.path: c for c in changes if c.path.startswith("gigs_devices_client.client.")}
    assert changed.keys() == {
        "gigs_devices_client.client.IDEMPOTENCY_HEADER",
        "gigs_devices_client.client.DEFAULT_BASE_URL",
    }
    assert all(c.kind == "breaking" for c in changed.values())
    assert "'Idempotency-Key' → 'X-Request-Key'" in changed["gigs_devices_client.client.IDEMPOTENCY_HEADER"].what


@pytest.mark.slow
def test_a_client_generated_from_another_spec_sends_what_that_spec_says(tmp_path):
    """The hand-written client around a package generated from a spec with another key header, key
    form, auth scheme and server: each call follows that spec."""
    document = edited(
        key_name="X-Request-Key",
        key_schema={"type": "string", "format": "uuid", "pattern": UUID.pattern},
        scheme={"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        server="https://api.eu.example.com",
    )
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False))
    output = tmp_path / "generated" / "gigs_devices_client"
    done = subprocess.run(
        [sys.executable, "-m", "tools.generate", "--spec", str(spec), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    script = """
import json, httpx
from gigs_devices import Gigs
seen = []
def answer(request):
    seen.append(request)
    return httpx.Response(201, json={})
gigs = Gigs(token="key", project="p", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
try:
    gigs.devices.create(imei="356938035643809")
except Exception as error:
    assert seen, repr(error)
print(json.dumps({"url": str(seen[0].url), "headers": dict(seen[0].headers)}))
"""
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "generated"), str(ROOT / "sdk")])}
    ran = subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr[-2000:]
    sent = json.loads(ran.stdout)
    assert sent["url"] == "https://api.eu.example.com/projects/p/devices"
    assert sent["headers"]["x-api-key"] == "key" and "authorization" not in sent["headers"]
    assert UUID.match(sent["headers"]["x-request-key"]) and "idempotency-key" not in sent["headers"]


def _renamed_schema(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    document = copy.deepcopy(document)
    schemas = document["components"]["schemas"]
    schemas[new] = schemas.pop(old)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") == f"#/components/schemas/{old}":
                node["$ref"] = f"#/components/schemas/{new}"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return document


def test_renaming_a_schema_keeps_its_sdk_class_which_the_spec_pins():
    changes = sdk.compare(DOCUMENT, _renamed_schema(DOCUMENT, "Device", "Handset"), ROOT)
    assert [c for c in changes if "models" in c.path] == [], changes


def test_a_model_schema_without_its_sdk_class_is_refused_at_generation_by_name():
    document = copy.deepcopy(DOCUMENT)
    del document["components"]["schemas"]["Sim"]["x-sdk"]
    document["components"]["schemas"]["User"]["x-sdk"] = {"class": "Device"}
    with pytest.raises(NamesError) as refused:
        class_names(document)
    assert "components.schemas.Sim: needs `x-sdk: {class: …}`" in str(refused.value)
    assert "components.schemas.Device: the class Device names components.schemas.User" in str(refused.value)
