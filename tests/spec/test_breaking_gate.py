"""The breaking-change gate classifies by meaning, and nothing passes it unseen.

- Every rule of release/http.py has a case here: one edit of openapi.yaml that the rule must decide,
  with the kind it must give. Rules come in pairs where a change has two directions (narrowed or
  widened, required or optional, removed or added): between them, each pair is a breaking edit and
  a compatible one.
- A property: whatever single value of the document is changed, the gate reports something.
- The SDK half: what a user of the generated package meets.
- Accepting a change, the reports, and the version picked from both halves.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from release import http, rules, sdk
from release.gate import Acceptance, evaluate

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi.yaml").read_text())
Edit = Callable[[dict[str, Any]], None]


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def parameter(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["parameters"][name]


def operation(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return document["paths"][path][method]


DEVICES, DEVICE = "/projects/{project}/devices", "/projects/{project}/devices/{device}"


def rename_path_parameter(document: dict[str, Any]) -> None:
    item = document["paths"].pop(DEVICE)
    item["parameters"] = [
        p
        if p["$ref"].endswith("project")
        else {"name": "deviceId", "in": "path", "required": True, "schema": {"type": "string"}}
        for p in item["parameters"]
    ]
    document["paths"]["/projects/{project}/devices/{deviceId}"] = item


# An operation the document does not have, whatever it gains: the README's walkthrough adds
# listDeviceHistory, so the tests' new operation must not be that one once the spec has it.
NEW_OPERATION = next(
    (suffix, operation_id, method)
    for suffix, operation_id, method in (
        ("/history", "listDeviceHistory", "history"),
        ("/timeline", "listDeviceTimeline", "timeline"),
        ("/journal", "listDeviceJournal", "journal"),
    )
    if DEVICE + suffix not in DOCUMENT["paths"]
    and operation_id
    not in {
        op.get("operationId") for item in DOCUMENT["paths"].values() for op in item.values() if isinstance(op, dict)
    }
)
NEW_PATH, NEW_OPERATION_ID, NEW_SDK_METHOD = DEVICE + NEW_OPERATION[0], NEW_OPERATION[1], NEW_OPERATION[2]


def add_operation(document: dict[str, Any]) -> None:
    added = copy.deepcopy(operation(document, DEVICE, "get"))
    added.update(operationId=NEW_OPERATION_ID, summary="History")
    added["x-sdk"] = {"resource": "devices", "method": NEW_SDK_METHOD}
    document["paths"][NEW_PATH] = {"parameters": document["paths"][DEVICE]["parameters"], "get": added}


def nullable_wrapper(document: dict[str, Any]) -> None:
    schemas(document)["Device"]["properties"]["sims"]["items"] = {
        "anyOf": [{"$ref": "#/components/schemas/Sim"}, {"type": "null"}]
    }


def unwrap_nullable(document: dict[str, Any]) -> None:
    schemas(document)["Device"]["properties"]["imei"] = {"$ref": "#/components/schemas/Imei"}


def security_to_api_key(document: dict[str, Any]) -> None:
    document["components"]["securitySchemes"]["bearerAuth"] = {"type": "apiKey", "in": "header", "name": "X-Api-Key"}


def property_of(schema: str, name: str, **changes: Any) -> Edit:
    return lambda d: schemas(d)[schema]["properties"][name].update(changes)


def add_property(schema: str, name: str, *, required: bool) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        target = schemas(document)[schema]
        target["properties"][name] = {"type": "string"}
        if required:
            target["required"] = [*target.get("required", []), name]

    return edit


def remove_property(schema: str, name: str) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        target = schemas(document)[schema]
        del target["properties"][name]
        target["required"] = [n for n in target.get("required", []) if n != name]

    return edit


def set_required(schema: str, names: list[str]) -> Edit:
    return lambda d: schemas(d)[schema].update(required=names)


def add_status(path: str, method: str, status: str) -> Edit:
    return lambda d: operation(d, path, method)["responses"].update(
        {
            status: {
                "description": "New.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Device"}}},
            }
        }
    )


def remove_status(path: str, method: str, status: str) -> Edit:
    return lambda d: operation(d, path, method)["responses"].pop(status)


def first_response_content(path: str, method: str, status: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: operation(d, path, method)["responses"][status]["content"]


# rule → an edit it decides (or the edits that make the documents before and after it: None is the
# document itself). Each rule's kind is in release/http.py; every rule has a case.
CASES: dict[str, Edit | tuple[Edit | None, Edit | None]] = {
    "operation-removed": lambda d: d["paths"].pop("/deviceModels/search"),
    "operation-added": add_operation,
    "operation-id-changed": lambda d: operation(d, "/deviceModelBrands", "get").update(operationId="listBrands"),
    "parameter-removed": lambda d: operation(d, DEVICES, "get")["parameters"].pop(0),
    "parameter-required-added": lambda d: operation(d, DEVICES, "get")["parameters"].append(
        {"name": "color", "in": "query", "required": True, "schema": {"type": "string"}}
    ),
    "parameter-optional-added": lambda d: operation(d, DEVICES, "get")["parameters"].append(
        {"name": "color", "in": "query", "schema": {"type": "string"}}
    ),
    "parameter-became-required": lambda d: parameter(d, "userFilter").update(required=True),
    "parameter-became-optional": lambda d: parameter(d, "project").update(required=False),
    "parameter-renamed": rename_path_parameter,
    "parameter-serialization-changed": lambda d: parameter(d, "typeFilter").update(explode=True),
    "request-body-required": lambda d: operation(d, DEVICE, "delete").update(
        requestBody={"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    ),
    "request-body-optional": lambda d: operation(d, DEVICES, "post")["requestBody"].update(required=False),
    "request-body-removed": lambda d: operation(d, DEVICES + "/search", "post").pop("requestBody"),
    "media-type-removed": lambda d: first_response_content(DEVICE, "get", "200")(d).update(
        {"application/xml": first_response_content(DEVICE, "get", "200")(d).pop("application/json")}
    ),
    "media-type-added": lambda d: first_response_content(DEVICE, "get", "200")(d).update(
        {"application/xml": {"schema": {"type": "string"}}}
    ),
    "success-status-removed": remove_status(DEVICES, "post", "201"),
    "success-status-added": add_status(DEVICES, "post", "202"),
    "error-status-removed": lambda d: operation(d, DEVICE, "get")["responses"].pop("404"),
    "error-status-added": lambda d: operation(d, DEVICE, "get")["responses"].update(
        {"409": {"$ref": "#/components/responses/Conflict"}}
    ),
    "response-header-removed": lambda d: operation(d, DEVICES, "post")["responses"]["201"].pop("headers"),
    "response-header-added": lambda d: operation(d, DEVICE, "get")["responses"]["200"].update(
        headers={"X-Trace": {"schema": {"type": "string"}}}
    ),
    "link-changed": lambda d: operation(d, DEVICES, "post")["responses"]["201"].pop("links"),
    "request-type-narrowed": lambda d: schemas(d)["DeviceUpdate"]["properties"]["name"].update(type="string"),
    "request-type-widened": lambda d: schemas(d)["DeviceSearch"]["properties"].update(
        imei={"type": ["string", "null"], "pattern": "^[0-9]{15,16}$"}
    ),
    "response-type-widened": property_of("Device", "name", type="integer"),
    "response-type-narrowed": property_of("Device", "name", type="string"),
    "request-enum-narrowed": lambda d: parameter(d, "typeFilter")["schema"]["items"].update(enum=["smartphone"]),
    "request-enum-widened": lambda d: schemas(d)["DeviceModelType"]["enum"].append("drone"),
    "response-enum-changed": lambda d: schemas(d)["SimStatus"]["enum"].append("suspended"),
    "const-changed": property_of("Device", "object", const="gadget"),
    "request-property-required": add_property("DeviceCreate", "color", required=True),
    "request-property-optional": add_property("DeviceCreate", "color", required=False),
    "request-property-removed": remove_property("DeviceUpdate", "name"),
    "response-property-optional": remove_property("Device", "name"),
    "response-property-removed": (lambda d: schemas(d)["Device"]["properties"].update(color={"type": "string"}), None),
    "response-property-added": add_property("Device", "color", required=True),
    "request-closed": (lambda d: schemas(d)["DeviceSearch"].pop("additionalProperties"), None),
    "open-model": lambda d: schemas(d)["Device"].pop("additionalProperties"),
    "request-bound-tightened": lambda d: parameter(d, "limit")["schema"].update(maximum=100),
    "request-bound-loosened": lambda d: parameter(d, "limit")["schema"].update(maximum=500),
    "response-bound-changed": lambda d: schemas(d)["Metadata"].update(maxProperties=99),
    "format-changed": lambda d: schemas(d)["Timestamp"].update(format="date"),
    "default-changed": lambda d: parameter(d, "limit")["schema"].update(default=20),
    "request-branch-removed": (
        lambda d: schemas(d)["DeviceSearch"]["properties"].update(
            imei={"anyOf": [{"$ref": "#/components/schemas/Imei"}, {"type": "integer"}, {"type": "boolean"}]}
        ),
        None,
    ),
    "request-branch-added": lambda d: schemas(d)["DeviceSearch"]["properties"].update(
        imei={"anyOf": [{"$ref": "#/components/schemas/Imei"}, {"type": "integer"}, {"type": "boolean"}]}
    ),
    "response-branch-added": lambda d: schemas(d)["Device"]["properties"].update(
        model={"anyOf": [{"$ref": "#/components/schemas/DeviceModel"}, {"type": "string"}, {"type": "null"}]}
    ),
    "response-branch-removed": (
        lambda d: schemas(d)["Device"]["properties"].update(
            model={"anyOf": [{"$ref": "#/components/schemas/DeviceModel"}, {"type": "string"}, {"type": "null"}]}
        ),
        None,
    ),
    "security-changed": security_to_api_key,
    "security-relaxed": lambda d: operation(d, "/deviceModelBrands", "get").update(security=[]),
    "request-property-read-only": property_of("DeviceCreate", "name", readOnly=True),
    "response-property-write-only": property_of("Device", "name", writeOnly=True),
    "servers-changed": lambda d: d.update(servers=[{"url": "https://api.example.com"}]),
    "servers-added": lambda d: d["servers"].append({"url": "https://sandbox.example.com"}),
    "documentation": lambda d: schemas(d)["Device"].update(description="Another description."),
    "unused-component": lambda d: schemas(d).update(Unused={"type": "string"}),
    "unclassified": lambda d: d.update(
        webhooks={"deviceCreated": {"post": {"responses": {"200": {"description": "ok"}}}}}
    ),
}


def _edited(edit: Edit | None) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    if edit is not None:
        edit(document)
    return document


def _documents(case: Edit | tuple[Edit | None, Edit | None]) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = case if isinstance(case, tuple) else (None, case)
    return _edited(before), _edited(after)


def test_every_rule_has_a_case():
    assert set(CASES) == set(rules.RULES)


def test_the_rule_ids_mypy_knows_are_the_catalogue_s():
    # A change names its rule by a Literal id: one the catalogue lacks would fail at run time only.
    assert sorted(get_args(rules.RuleId)) == sorted(rules.RULES)


def test_every_rule_names_the_oasdiff_checks_it_covers_or_why_none():
    ours_only = {"link-changed", "unused-component", "unclassified"}  # oasdiff has no check for these
    for rule in rules.RULES.values():
        assert rule.oasdiff or rule.id in ours_only, rule.id


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_decides_its_case_with_its_kind(rule):
    changes = http.compare(*_documents(CASES[rule]))
    found = [c for c in changes if c.rule == rule]
    assert found, [(c.rule, c.pointer, c.what) for c in changes]
    assert all(c.kind == rules.RULES[rule].kind for c in found)


# Pairs the issue names: (a breaking edit, a compatible one) for one concern.
PAIRS = {
    "a response property's type": (
        property_of("Device", "name", type="integer"),
        property_of("Device", "name", type="string"),
    ),
    "a response value and null": (nullable_wrapper, unwrap_nullable),
    "a security scheme": (
        security_to_api_key,
        lambda d: d["components"]["securitySchemes"]["bearerAuth"].update(description="A key."),
    ),
    "a request enum": (CASES["request-enum-narrowed"], CASES["request-enum-widened"]),
    "a response enum (open enums)": (CASES["response-type-widened"], CASES["response-enum-changed"]),
    "a request bound": (CASES["request-bound-tightened"], CASES["request-bound-loosened"]),
    "a request property": (CASES["request-property-required"], CASES["request-property-optional"]),
    "an operation": (CASES["operation-removed"], CASES["operation-added"]),
    "an answer status": (CASES["success-status-removed"], CASES["error-status-removed"]),
}


@pytest.mark.parametrize("concern", sorted(PAIRS))
def test_pairs_tell_a_break_from_a_compatible_change(concern):
    breaking, compatible = PAIRS[concern]
    assert {c.kind for c in http.compare(DOCUMENT, _edited(breaking))} >= {rules.BREAKING}
    assert rules.BREAKING not in {c.kind for c in http.compare(DOCUMENT, _edited(compatible))}


def test_a_shared_schema_changed_once_is_reported_once_with_every_operation_it_reaches():
    changes = http.compare(DOCUMENT, _edited(property_of("Device", "name", type="integer")))
    assert len(changes) == 1
    (change,) = changes
    assert change.pointer == "/components/schemas/Device/properties/name/type"
    assert {"retrieveDevice", "listDevices", "createDevice", "updateDevice", "deleteDevice", "searchDevices"} <= set(
        change.operations
    )


def test_no_two_entries_say_the_same_thing():
    for rule, case in CASES.items():
        changes = http.compare(*_documents(case))
        keys = [(c.rule, c.pointer, c.what) for c in changes]
        assert len(keys) == len(set(keys)), rule


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every value of the document, by its path: read from the document itself, not from the
    differ under test (which once gave 18 top-level pointers for the document's ~900 values)."""
    if isinstance(node, dict) and node:
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list) and node:
        return [leaf for index, value in enumerate(node) for leaf in _leaves(value, (*path, index))]
    return [path]


LEAVES = _leaves(DOCUMENT)


def _another(value: Any) -> Any:
    """A value of another type: whatever the leaf meant, it no longer means it."""
    if isinstance(value, bool):
        return not value
    return "x" if isinstance(value, int | float) else 7


def _wire_neutral(path: tuple[str | int, ...]) -> bool:
    """Leaves no request or answer depends on: documentation, extensions (the SDK half judges
    x-sdk), the info and tags, examples, and operationIds (the SDK half's names)."""
    steps = [str(step) for step in path]
    return (
        any(step in http.DOCUMENTATION_KEYS or step.startswith("x-") for step in steps)
        or steps[0] in ("info", "tags")
        or steps[:2] == ["components", "examples"]
        or steps[-1] == "operationId"
    )


@pytest.mark.slow
def test_every_value_of_the_document_changed_or_removed_is_reported_and_never_as_documentation_on_the_wire():
    """No change passes unseen: each of the document's values, given another type or taken out, is a
    change, and one on the wire is never only documentation (where no rule knows it: unclassified)."""
    assert len(LEAVES) > 800
    unseen, documentation_only = [], []
    for path in LEAVES:
        for how in ("another value", "removed"):
            document = copy.deepcopy(DOCUMENT)
            node = document
            for step in path[:-1]:
                node = node[step]
            if how == "another value":
                node[path[-1]] = _another(node[path[-1]])
            else:
                del node[path[-1]]
            changes = http.compare(DOCUMENT, document)
            if not changes:
                unseen.append((how, path))
            elif not _wire_neutral(path) and all(c.kind == rules.DOCUMENTATION for c in changes):
                documentation_only.append((how, path, [c.rule for c in changes]))
    assert unseen == [] and documentation_only == []


# The SDK half --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdk_of():
    cache: dict[str, list[sdk.SdkChange]] = {}

    def changes(name: str, edit: Edit) -> list[sdk.SdkChange]:
        if name not in cache:
            cache[name] = sdk.compare(DOCUMENT, _edited(edit), ROOT)
        return cache[name]

    return changes


@pytest.mark.parametrize(
    ("name", "edit", "kind", "expected"),
    [
        ("operationId", CASES["operation-id-changed"], sdk.BREAKING, "api.device_models.list_device_model_brands"),
        (
            "x-sdk",
            lambda d: operation(d, "/deviceModelBrands", "get").update(
                {"x-sdk": {"resource": "brands", "method": "list"}}
            ),
            sdk.BREAKING,
            "DeviceModelBrands",
        ),
        ("path parameter", rename_path_parameter, sdk.BREAKING, "device"),
        ("property type", property_of("Device", "name", type="integer"), sdk.BREAKING, "Device.name"),
        ("optional filter", CASES["parameter-optional-added"], sdk.NON_BREAKING, "color"),
        ("new operation", add_operation, sdk.NON_BREAKING, NEW_SDK_METHOD),
    ],
)
def test_the_sdk_half_sees_what_users_code_meets(sdk_of, name, edit, kind, expected):
    changes = sdk_of(name, edit)
    assert any(c.kind == kind and (expected in c.path or expected in c.what) for c in changes), changes
    if kind == sdk.NON_BREAKING:
        assert sdk.verdict(changes) == sdk.NON_BREAKING, changes


def test_a_renamed_operation_id_is_documentation_on_the_wire_and_breaking_in_the_sdk(sdk_of):
    document = _edited(CASES["operation-id-changed"])
    report = evaluate(DOCUMENT, document, "1.1.0", ROOT, [])
    assert (report.http_verdict, report.sdk_verdict, report.next_version()) == ("documentation", "breaking", "2.0.0")


def test_a_new_operation_is_a_minor_release():
    report = evaluate(DOCUMENT, _edited(add_operation), "1.1.0", ROOT, [])
    assert (report.verdict, report.next_version()) == ("non-breaking", "1.2.0"), report.text()


# Accepting a change, and the reports ---------------------------------------------------------------


def test_an_accepted_change_is_listed_as_accepted_and_does_not_decide_the_version():
    document = _edited(CASES["error-status-removed"])
    plain = evaluate(DOCUMENT, document, "1.1.0", ROOT, [])
    assert plain.next_version() == "1.2.0"
    pointer = next(c.pointer for c in plain.http if c.rule == "error-status-removed")
    accepted = evaluate(DOCUMENT, document, "1.1.0", ROOT, [Acceptance(pointer, "404 is never sent", "1.1.1")])
    assert not accepted.problems and accepted.next_version() == "1.1.1"
    assert "[accepted]" in accepted.text() and "accepted" in accepted.markdown()


def test_an_accepted_entry_that_matches_nothing_or_is_released_fails_the_gate():
    report = evaluate(
        DOCUMENT,
        DOCUMENT,
        "1.1.0",
        ROOT,
        [Acceptance("/components/schemas/Gone", "was", "1.2.0"), Acceptance("/paths", "old", "1.1.0")],
    )
    assert len(report.problems) == 2
    assert "matches no change" in report.problems[0] and "which is released" in report.problems[1]


def test_the_reports_have_one_entry_per_change_with_its_pointer_rule_and_sdk_impact():
    report = evaluate(DOCUMENT, _edited(property_of("Device", "name", type="integer")), "1.1.0", ROOT, [])
    rows = [line for line in report.markdown().splitlines() if line.startswith("| ❌")]
    assert len(rows) == len(report.http) + len([c for c in report.sdk if c.kind == sdk.BREAKING])
    assert "`/components/schemas/Device/properties/name/type`" in rows[0] and "`response-type-widened`" in rows[0]
    data = json.loads(json.dumps(report.as_dict()))
    assert data["verdict"] == "breaking" and data["http"][0]["sdk"] and data["http"][0]["oasdiff"]
    assert "response-property-type-changed" in data["http"][0]["oasdiff"]


def _with_security(requirements: list[dict[str, list[str]]], schemes: dict[str, Any] | None = None) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        document["security"] = requirements
        document["components"]["securitySchemes"].update(schemes or {})

    return edit


API_KEY = {"apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}
# Security is an OR of requirements, each an AND of schemes with scopes: what a caller with a key
# that worked before meets now.
SECURITY_EDITS = {
    "an alternative added (bearer still works)": (
        _with_security([{"bearerAuth": []}, {"apiKeyAuth": []}], API_KEY),
        rules.NON_BREAKING,
    ),
    "a scope added to the requirement": (_with_security([{"bearerAuth": ["devices:write"]}]), rules.BREAKING),
    "a second scheme required beside the first": (
        _with_security([{"bearerAuth": [], "apiKeyAuth": []}], API_KEY),
        rules.BREAKING,
    ),
    "the only requirement swapped for another": (_with_security([{"apiKeyAuth": []}], API_KEY), rules.BREAKING),
    "no key needed any more": (_with_security([]), rules.NON_BREAKING),
}


@pytest.mark.parametrize("edit, kind", SECURITY_EDITS.values(), ids=SECURITY_EDITS)
def test_security_is_judged_as_alternatives_of_schemes_with_scopes(edit, kind):
    changes = [c for c in http.compare(DOCUMENT, _edited(edit)) if c.pointer == "/security"]
    assert changes, "a security change must be reported"
    assert max((c.kind for c in changes), key=[rules.DOCUMENTATION, rules.NON_BREAKING, rules.BREAKING].index) == kind


def test_scopes_dropped_and_an_alternative_removed_are_told_apart():
    scoped = copy.deepcopy(DOCUMENT)
    scoped["security"] = [{"bearerAuth": ["devices:write"]}, {"apiKeyAuth": []}]
    scoped["components"]["securitySchemes"].update(API_KEY)
    fewer_scopes = copy.deepcopy(scoped)
    fewer_scopes["security"] = [{"bearerAuth": []}, {"apiKeyAuth": []}]
    assert {c.kind for c in http.compare(scoped, fewer_scopes) if c.pointer == "/security"} == {rules.NON_BREAKING}
    one_less = copy.deepcopy(scoped)
    one_less["security"] = [{"bearerAuth": ["devices:write"]}]
    removed = [c for c in http.compare(scoped, one_less) if c.pointer == "/security"]
    assert [c.kind for c in removed] == [rules.BREAKING] and "apiKeyAuth" in removed[0].what


def _optional_query_parameter(document: dict[str, Any]) -> None:
    operation(document, DEVICES, "get")["parameters"].append(
        {"name": "color", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def _first_parameter(document: dict[str, Any]) -> None:
    operation(document, "/deviceModelBrands", "get")["parameters"] = [
        {"name": "color", "in": "query", "required": False, "schema": {"type": "string"}}
    ]


def _parameters_swapped(document: dict[str, Any]) -> None:
    listed = operation(document, DEVICES, "get")["parameters"]
    listed[0], listed[1] = listed[1], listed[0]


def _operation_with_its_own_schemas(document: dict[str, Any]) -> None:
    """The README's walkthrough: GET …/devices/{device}/history, answering schemas of its own."""
    schemas(document)["HistoryEntry"] = {"type": "object", "properties": {"at": {"type": "string"}}, "required": ["at"]}
    schemas(document)["HistoryList"] = {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}}},
        "required": ["items"],
    }
    add_operation(document)
    history = document["paths"][NEW_PATH]["get"]
    history["responses"]["200"] = {
        "description": "The device's history.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HistoryList"}}},
    }


def _ref_inlined(document: dict[str, Any]) -> None:
    properties = schemas(document)["Device"]["properties"]
    name = properties["id"]["$ref"].rsplit("/", 1)[1]
    properties["id"] = copy.deepcopy(schemas(document)[name])


# Edits that change no request a client may send and no answer it may read (the maintainer's report:
# each came out breaking), each with the most it may be.
ADDITIVE = {
    "a new optional query parameter": (_optional_query_parameter, rules.NON_BREAKING),
    "the first parameter of an operation": (_first_parameter, rules.NON_BREAKING),
    "two parameters swapped": (_parameters_swapped, rules.DOCUMENTATION),
    "an operation with its own new schemas": (_operation_with_its_own_schemas, rules.NON_BREAKING),
    "a new components/responses entry": (
        lambda d: d["components"].setdefault("responses", {}).update(Gone={"description": "Gone."}),
        rules.DOCUMENTATION,
    ),
    "a new components/headers entry": (
        lambda d: d["components"].setdefault("headers", {}).update({"X-Trace": {"schema": {"type": "string"}}}),
        rules.DOCUMENTATION,
    ),
    "readOnly on a response property": (property_of("Device", "id", readOnly=True), rules.DOCUMENTATION),
    "a $ref inlined as the same schema": (_ref_inlined, rules.DOCUMENTATION),
    "a security alternative": (
        _with_security([{"bearerAuth": []}, {"apiKeyAuth": []}], API_KEY),
        rules.NON_BREAKING,
    ),
}
LEVELS = [rules.DOCUMENTATION, rules.NON_BREAKING, rules.BREAKING]


@pytest.mark.parametrize("edit, most", ADDITIVE.values(), ids=ADDITIVE)
def test_an_additive_or_no_op_edit_is_never_breaking(edit, most):
    changes = http.compare(DOCUMENT, _edited(edit))
    worst = max((LEVELS.index(c.kind) for c in changes), default=0)
    assert worst <= LEVELS.index(most), [(c.rule, c.pointer, c.what) for c in changes]


def test_a_bound_of_a_schema_no_operation_names_is_judged_as_a_request_s():
    """ProjectMetadata bounds what a write leaves; the server enforces it by name. Halving its key
    count read as documentation ("not used by any operation"): a false green."""
    changes = http.compare(DOCUMENT, _edited(lambda d: schemas(d)["ProjectMetadata"].update(maxProperties=5)))
    assert [(c.rule, c.kind) for c in changes] == [("request-bound-tightened", rules.BREAKING)]
    loosened = http.compare(DOCUMENT, _edited(lambda d: schemas(d)["ProjectMetadata"].update(maxProperties=20)))
    assert {c.kind for c in loosened} == {rules.NON_BREAKING}


def test_a_branch_added_to_a_union_is_said_as_one_branch_added_and_nothing_else():
    """Device.user (User or null) gaining a string branch: one row, true. It read as all ten of User's
    properties removed and "may no longer be null", both false."""

    def string_user(document: dict[str, Any]) -> None:
        schemas(document)["Device"]["properties"]["user"]["anyOf"].append({"type": "string"})

    changes = http.compare(DOCUMENT, _edited(string_user))
    assert [(c.rule, c.pointer) for c in changes] == [
        ("response-branch-added", "/components/schemas/Device/properties/user")
    ]
    assert "a branch added" in changes[0].what
    back = http.compare(_edited(string_user), DOCUMENT)
    assert [c.rule for c in back] == ["response-branch-removed"]


def test_a_document_the_sdk_cannot_be_generated_from_fails_the_gate_with_a_reason_not_a_traceback():
    def numeric_operation_id(document: dict[str, Any]) -> None:
        operation(document, "/deviceModelBrands", "get")["operationId"] = 42

    report = evaluate(DOCUMENT, _edited(numeric_operation_id), "1.1.0", ROOT, [])
    assert report.problems and "the SDK half cannot judge openapi.yaml" in report.problems[0]
    assert "needs an operationId" in report.problems[0]


def test_a_discriminator_is_judged_by_the_wire_which_it_does_not_change():
    def tagged(document: dict[str, Any]) -> None:
        user = schemas(document)["Device"]["properties"]["user"]
        user["discriminator"] = {"propertyName": "object"}

    changes = http.compare(DOCUMENT, _edited(tagged))
    assert [(c.kind, c.pointer) for c in changes] == [
        (rules.DOCUMENTATION, "/components/schemas/Device/properties/user/discriminator")
    ]


def test_an_unclassified_difference_is_reported_apart_asking_for_a_decision():
    """What no rule explains is loud: its own section and mark, naming the file where a person decides."""
    report = evaluate(DOCUMENT, _edited(CASES["unclassified"]), "2.0.0", ROOT, [])
    assert report.verdict == rules.BREAKING
    text = report.text()
    section = text.index("HTTP, unclassified — decide in release/accepted.yaml (1)")
    assert "/webhooks" in text[section:] and "HTTP, breaking" not in text
    row = next(line for line in report.markdown().splitlines() if "`/webhooks`" in line)
    assert row.startswith("| ❓ unclassified — decide in `release/accepted.yaml`")
