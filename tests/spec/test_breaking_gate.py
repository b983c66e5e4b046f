"""The breaking-change gate classifies what it should: a pair of documents per rule, proved both ways.

Each pair starts from openapi.yaml and changes one thing, once so that a client of the old document
breaks and once so that it does not. Then `make release` on a copy of the project: the version it
picks and the CHANGELOG section it writes.
"""

from __future__ import annotations

import copy
import datetime
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from release import __main__ as releasing
from release.gate import BREAKING, DOCUMENTATION, NON_BREAKING, compare, next_version, verdict

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi.yaml").read_text())
Change = Callable[[dict[str, Any]], None]


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def parameter(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: document["components"]["parameters"][name]


def rename_property(schema: str, old: str, new: str) -> Change:
    def change(document: dict[str, Any]) -> None:
        target = schemas(document)[schema]
        target["properties"][new] = target["properties"].pop(old)
        target["required"] = [new if name == old else name for name in target.get("required", [])]

    return change


def add_property(schema: str, name: str, *, required: bool) -> Change:
    def change(document: dict[str, Any]) -> None:
        target = schemas(document)[schema]
        target["properties"][name] = {"type": "string", "description": "New."}
        if required:
            target.setdefault("required", []).append(name)

    return change


def widen_enum(document: dict[str, Any]) -> None:
    schemas(document)["DeviceModelType"]["enum"].append("added-by-the-gate-test")


def narrow_enum(document: dict[str, Any]) -> None:
    schemas(document)["DeviceModelType"]["enum"].remove(schemas(document)["DeviceModelType"]["enum"][0])


def add_optional_filter(document: dict[str, Any]) -> None:
    document["paths"]["/projects/{project}/devices"]["get"]["parameters"].append(
        {"name": "color", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def remove_operation(document: dict[str, Any]) -> None:
    del document["paths"]["/deviceModels/search"]


def add_operation(document: dict[str, Any]) -> None:
    document["paths"]["/deviceModelBrands/{brand}"] = copy.deepcopy(document["paths"]["/deviceModelBrands"])
    operation = document["paths"]["/deviceModelBrands/{brand}"]["get"]
    operation["operationId"] = "retrieveDeviceModelBrand"
    operation["parameters"] = [{"name": "brand", "in": "path", "required": True, "schema": {"type": "string"}}]


# rule: (a change that breaks a client of the old document, one that does not)
RULES: dict[str, tuple[Change, Change]] = {
    "a request parameter's bound": (
        lambda d: parameter("limit")(d)["schema"].update(maximum=100),
        lambda d: parameter("limit")(d)["schema"].update(maximum=500),
    ),
    "a request header's length": (
        lambda d: parameter("idempotencyKey")(d)["schema"].update(maxLength=64),
        lambda d: parameter("idempotencyKey")(d)["schema"].update(maxLength=512),
    ),
    "a request parameter required or added": (
        lambda d: parameter("userFilter")(d).update(required=True),
        add_optional_filter,
    ),
    "a response property renamed or added": (
        rename_property("Device", "name", "label"),
        add_property("Device", "color", required=True),
    ),
    "a request body property required or added": (
        add_property("DeviceCreate", "color", required=True),
        add_property("DeviceCreate", "color", required=False),
    ),
    "an enum in requests and responses narrowed or widened": (narrow_enum, widen_enum),
    "an operation removed or added": (remove_operation, add_operation),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_tells_a_breaking_change_from_a_compatible_one(rule):
    breaking, compatible = RULES[rule]
    for change, expected in ((breaking, BREAKING), (compatible, NON_BREAKING)):
        after = copy.deepcopy(DOCUMENT)
        change(after)
        changes = compare(DOCUMENT, after)
        assert verdict(changes) == expected, [(c.kind, c.operation, c.description) for c in changes]


def test_a_new_response_enum_value_is_compatible_by_the_open_enum_rule_and_says_so():
    after = copy.deepcopy(DOCUMENT)
    widen_enum(after)
    responses = [c for c in compare(DOCUMENT, after) if c.side == "response"]
    assert responses and all(c.kind == NON_BREAKING and c.rule.startswith("open enums") for c in responses)


def test_a_description_is_documentation_only_and_an_unchanged_document_is_no_change():
    after = copy.deepcopy(DOCUMENT)
    schemas(after)["Device"]["description"] = "Said otherwise."
    assert verdict(compare(DOCUMENT, after)) == DOCUMENTATION
    assert compare(DOCUMENT, copy.deepcopy(DOCUMENT)) == []


@pytest.mark.parametrize(
    ("kind", "expected"), [(BREAKING, "1.0.0"), (NON_BREAKING, "0.3.0"), (DOCUMENTATION, "0.2.1"), (None, "0.2.1")]
)
def test_the_next_version_follows_the_strongest_change(kind, expected):
    changes = [releasing.Change(kind, "request", "GET /x", "changed")] if kind else []
    assert next_version("0.2.0", changes) == expected


@pytest.fixture
def project(tmp_path):
    """A copy of what a release reads and writes, outside git (so no commit summaries)."""
    for name in ("openapi.yaml", "CHANGELOG.md", "gigs_devices/_version.py", "release/VERSION"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    # Released as it stands: each test then makes the one change it is about.
    shutil.copy(ROOT / "openapi.yaml", tmp_path / "release/openapi.released.yaml")
    return tmp_path


def edit_spec(root: Path, change: Change) -> None:
    document = yaml.safe_load((root / "openapi.yaml").read_text())
    change(document)
    (root / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def test_a_break_fails_the_check_until_a_release_raises_the_major(project, capsys):
    released = (project / "release/VERSION").read_text().strip()
    assert releasing.check(project) == 0
    edit_spec(project, lambda d: parameter("limit")(d)["schema"].update(maximum=100))
    assert releasing.check(project) == 1
    assert "FAILED" in capsys.readouterr().err

    version = releasing.cut(project, today=datetime.date(2026, 11, 26))
    assert version == next_version(released, [releasing.Change(BREAKING, "request", "", "")])
    assert f'__version__ = "{version}"' in (project / "gigs_devices/_version.py").read_text()
    assert (project / "release/VERSION").read_text().strip() == version
    assert (project / "release/openapi.released.yaml").read_text() == (project / "openapi.yaml").read_text()
    changelog = (project / "CHANGELOG.md").read_text()
    start = changelog.index(f"## {version} (2026-11-26)")
    section = changelog[start : changelog.index("\n## ", start)]  # up to the previous release's
    assert "### Breaking API changes" in section and "`maximum`: 200 → 100" in section
    assert releasing.check(project) == 0  # released: nothing left to report


def test_an_additive_change_releases_a_minor_version_and_a_lower_one_is_refused(project):
    released = (project / "release/VERSION").read_text().strip()
    edit_spec(project, add_optional_filter)
    assert releasing.check(project) == 0  # additive: no major needed
    with pytest.raises(SystemExit):
        releasing.cut(project, version=released)
    version = releasing.cut(project)
    major, minor, _ = (int(part) for part in released.split("."))
    assert version == f"{major}.{minor + 1}.0"
    assert "### API additions" in (project / "CHANGELOG.md").read_text()


def test_examples_and_extensions_are_documentation_and_a_dropped_response_bound_is_an_addition():
    after = copy.deepcopy(DOCUMENT)
    schemas(after)["Error"]["properties"]["details"]["x-stability"] = "deprecated"
    after["components"]["examples"]["NotFoundError"]["value"]["message"] = "Said otherwise."
    changes = compare(DOCUMENT, after)
    assert changes and {c.kind for c in changes} == {DOCUMENTATION}, changes
    loosened = copy.deepcopy(DOCUMENT)
    del schemas(loosened)["Sim"]["properties"]["iccid"]["pattern"]  # answers only: they may carry more
    changes = compare(DOCUMENT, loosened)
    assert verdict(changes) == NON_BREAKING and all(c.rule.startswith("open clients") for c in changes), changes


def test_a_new_link_is_an_addition_and_a_removed_one_breaks():
    after = copy.deepcopy(DOCUMENT)
    links = after["paths"]["/projects/{project}/devices"]["get"]["responses"]["200"]["links"]
    links["Again"] = {"operationId": "listDevices", "parameters": {"project": "$request.path.project"}}
    assert verdict(compare(DOCUMENT, after)) == NON_BREAKING
    links.clear()
    assert verdict(compare(DOCUMENT, after)) == BREAKING
