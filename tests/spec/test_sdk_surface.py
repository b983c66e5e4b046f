"""The SDK's surface as a release shipped it, against the tree (release/surface.py): the changes the
spec-driven comparison cannot see, a template's or the hand-written package's, reach the gate.

It once said "SDK surface: none, next release 1.1.1" for a tree that had removed the generated
package's functional client and every `sync_detailed` function."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from release import surface
from release.gate import evaluate
from release.sdk import BREAKING, NON_BREAKING

ROOT = Path(__file__).resolve().parents[2]
TODAY = surface.surface(ROOT)
PATHS = sorted(TODAY)


def _without(found: surface.Surface, path: str) -> surface.Surface:
    return {key: value for key, value in found.items() if key != path and not key.startswith(path + ".")}


def test_a_tree_against_its_own_surface_has_no_change():
    assert surface.compare(TODAY, surface.surface(ROOT)) == []


def test_the_surface_holds_what_users_reach():
    assert {"gigs_devices.Gigs.__init__", "gigs_devices.Gigs.devices", "gigs_devices.NotFoundError.status_code"} <= set(
        TODAY
    )
    assert "gigs_devices_client.api.devices.Devices.list" in TODAY
    assert not any(part.startswith("_") and part != "__init__" for path in PATHS for part in path.split(".")[:-1])


@settings(max_examples=60)
@given(st.sampled_from(PATHS))
def test_whatever_is_removed_is_a_break_there_and_putting_it_back_is_no_change(path):
    removed = surface.compare(TODAY, _without(TODAY, path))
    assert [(change.kind, change.path) for change in removed] == [(BREAKING, path)]
    added = surface.compare(_without(TODAY, path), TODAY)
    assert [(change.kind, change.path) for change in added] == [(NON_BREAKING, path)]


FUNCTIONS = [path for path in PATHS if TODAY[path]["kind"] == "function" and not TODAY[path].get("special")]


@settings(max_examples=60)
@given(st.sampled_from(FUNCTIONS), st.data())
def test_a_function_that_asks_more_of_its_callers_breaks_them_and_one_that_asks_less_does_not(path, data):
    function = TODAY[path]
    optional = [p for p in function["parameters"] if p[3] and p[1] != "variadic keyword"]
    new_keyword = ["added_by_the_test", "keyword-only", "str", False]
    stricter = {**TODAY, path: {**function, "parameters": [*function["parameters"], new_keyword]}}
    assert (BREAKING, path, "argument `added_by_the_test` added, required") in _triples(TODAY, stricter)
    looser = {**TODAY, path: {**function, "parameters": [*function["parameters"], [*new_keyword[:3], True]]}}
    assert _triples(TODAY, looser) == [(NON_BREAKING, path, "argument `added_by_the_test` added")]
    if optional:
        made_required = data.draw(st.sampled_from(optional))
        changed = [[*p[:3], False] if p == made_required else p for p in function["parameters"]]
        required = {**TODAY, path: {**function, "parameters": changed}}
        assert (BREAKING, path, f"argument `{made_required[0]}` is now required") in _triples(TODAY, required)


def _triples(old: surface.Surface, new: surface.Surface) -> list[tuple[str, str, str]]:
    return [(change.kind, change.path, change.what) for change in surface.compare(old, new)]


@pytest.fixture
def sdk_copy(tmp_path: Path) -> Path:
    """The SDK's two packages, copied: a tree to change by hand."""
    for part in ("sdk/gigs_devices", "sdk/generated"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _rename_with_options(sdk: Path) -> None:
    """A hand-written method renamed: `Gigs.with_options` becomes `with_option`."""
    _edit(
        sdk / "sdk" / "gigs_devices" / "_client.py",
        "    def with_options(self, **changes: Unpack[ClientChanges]) -> Gigs:",
        "    def with_option(self, **changes: Unpack[ClientChanges]) -> Gigs:",
    )


def test_hand_written_and_template_changes_are_seen_in_the_code_itself(sdk_copy):
    _rename_with_options(sdk_copy)
    runtime = sdk_copy / "sdk" / "generated" / "gigs_devices_client" / "client.py"
    _edit(runtime, "    def has_next_page(self) -> bool:", "    def has_next_page(self) -> int:")
    changes = _triples(TODAY, surface.surface(sdk_copy))
    assert (BREAKING, "gigs_devices.Gigs.with_options", "function removed") in changes
    assert (NON_BREAKING, "gigs_devices.Gigs.with_option", "function added") in changes
    assert (BREAKING, "gigs_devices_client.client.SyncPage.has_next_page", "returns bool → int") in changes
    assert (BREAKING, "gigs_devices.SyncPage.has_next_page", "returns bool → int") in changes


def test_the_gate_asks_for_a_major_release_for_a_break_the_spec_did_not_make(sdk_copy):
    _rename_with_options(sdk_copy)
    for part in ("sdk/templates", "tools", "sdk/generator-config.yml", "openapi.yaml"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, sdk_copy / part)
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    spec_only = evaluate(document, document, "1.4.2", sdk_copy, [])
    assert spec_only.verdict == "none"  # the spec is the same: regenerating both sides shows nothing
    report = evaluate(document, document, "1.4.2", sdk_copy, [], shipped=TODAY)
    assert report.sdk_verdict == BREAKING and report.next_version() == "2.0.0"
    assert any(change.path == "gigs_devices.Gigs.with_options" for change in report.sdk)


def test_a_class_keeps_what_it_is_a_subclass_of_through_a_new_intermediate_base(sdk_copy):
    """Subclassing is transitive: a base put between a class and its old base breaks no `isinstance`
    or `except`; dropping the old base from its ancestry does."""
    errors = sdk_copy / "sdk" / "gigs_devices" / "_errors.py"
    _edit(
        errors,
        "class NotFoundError(APIStatusError):",
        'class _Missing(APIStatusError):\n    """Between."""\n\n\nclass NotFoundError(_Missing):',
    )
    assert [c for c in surface.compare(TODAY, surface.surface(sdk_copy)) if c.kind == BREAKING] == []
    _edit(errors, "class _Missing(APIStatusError):", "class _Missing(GigsError):")
    assert (BREAKING, "gigs_devices.NotFoundError", "no longer a subclass of APIStatusError") in _triples(
        TODAY, surface.surface(sdk_copy)
    )
