"""`make release` on a copy of the project: its guards refuse what should not be released, and a
release it makes is one commit with an annotated tag, its version the one the gate asks for."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from release import __main__ as releasing
from release import surface

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PARTS = [
    "openapi.yaml",
    "CHANGELOG.md",
    "sdk",
    "tools",
    "release",
    "server/gigs_devices_mock/_version.py",
    "contract/gigs_contract/_version.py",
    "examples",
]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The parts of the project a release reads, committed in a repository of their own, with the last
    release made today's (document, SDK surface, version): nothing to release yet."""
    root = tmp_path / "project"
    for part in PARTS:
        source, target = ROOT / part, root / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".ruff_cache"))
        else:
            shutil.copy2(source, target)
    shutil.copyfile(root / "openapi.yaml", root / "release" / "openapi.released.yaml")
    surface.write(root)  # and the SDK it shipped, today's, under the version the SDK says it is
    (root / "release" / "VERSION").write_text(releasing.sdk_version(root) + "\n")
    git(root, "init", "--quiet")
    git(root, "config", "user.email", "release@example.com")
    git(root, "config", "user.name", "Release Test")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "the project")
    return root


def edit_spec(root: Path, change) -> None:
    document = yaml.safe_load((root / "openapi.yaml").read_text())
    change(document)
    (root / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False))


def released_change(root: Path, change, message: str) -> None:
    """`change` made to the spec, the SDK generated again, and both committed: ready to release."""
    edit_spec(root, change)
    regenerate(root)
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", message)


def regenerate(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "tools.generate"], cwd=root, check=True, capture_output=True)


def add_color(document: dict) -> None:
    document["components"]["schemas"]["Device"]["properties"]["color"] = {"type": "string", "description": "Its color."}


def test_nothing_to_release_is_refused(project):
    with pytest.raises(releasing.Refused, match="nothing to release"):
        releasing.cut(project)


def test_a_dirty_tree_is_refused(project):
    (project / "openapi.yaml").write_text((project / "openapi.yaml").read_text() + "\n")
    with pytest.raises(releasing.Refused, match="uncommitted changes"):
        releasing.cut(project)


def test_a_stale_generated_package_is_refused(project):
    edit_spec(project, add_color)
    git(project, "commit", "--quiet", "-am", "a color, without generating")
    with pytest.raises(releasing.Refused, match="generated/ differs"):
        releasing.cut(project)


def test_a_failing_gate_is_refused(project):
    edit_spec(project, add_color)
    regenerate(project)
    (project / "release" / "accepted.yaml").write_text(
        "accepted:\n  - {change: /components/schemas/Gone, reason: stale, version: 9.0.0}\n"
    )
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "a color, and a stale acceptance")
    with pytest.raises(releasing.Refused, match="matches no change"):
        releasing.cut(project)
    assert releasing.check(project) == 1


def test_a_version_below_what_the_gate_asks_for_is_refused(project):
    released_change(project, add_color, "a color")
    released = (project / "release" / "VERSION").read_text().strip()
    major, minor, patch = (int(part) for part in released.split("."))
    with pytest.raises(releasing.Refused, match="below"):
        releasing.cut(project, f"{major}.{minor}.{patch + 1}")


def test_a_release_is_one_commit_with_an_annotated_tag_and_the_version_the_gate_asks_for(project):
    released_change(project, add_color, "Devices have a color")
    released = (project / "release" / "VERSION").read_text().strip()
    major, minor, _ = (int(part) for part in released.split("."))
    version = releasing.cut(project, today=datetime.date(2026, 12, 2))
    assert version == f"{major}.{minor + 1}.0"  # an addition: a minor version
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "cat-file", "-t", f"v{version}").strip() == "tag"  # annotated
    assert git(project, "rev-parse", f"v{version}^{{commit}}") == git(project, "rev-parse", "HEAD")
    changelog = (project / "CHANGELOG.md").read_text()
    section = changelog[changelog.index(f"## {version} (2026-12-02)") :].split("\n## ")[0]
    assert "### Additions" in section and "Device: property `color` added" in section
    assert "Devices have a color" in section  # the commits since the last release
    assert (project / "release" / "VERSION").read_text().strip() == version
    for distribution in (
        "sdk/gigs_devices",
        "server/gigs_devices_mock",
        "contract/gigs_contract",
    ):  # one version, three
        assert f'__version__ = "{version}"' in (project / distribution / "_version.py").read_text(), distribution
    assert "gigs_devices_client.models.device.Device.color" in surface.read(project)  # what it shipped, recorded
    for example in (project / "examples" / "github-actions").glob("*.yml"):  # the CI examples install it
        assert f"TOOLKIT_REF: v{version}\n" in example.read_text(), example.name
    with pytest.raises(releasing.Refused, match="nothing to release"):
        releasing.cut(project)  # and once released, nothing is left to release


def test_a_break_of_the_hand_written_sdk_fails_the_check_and_asks_for_a_major_release(project, capsys):
    """The spec is unchanged, so the spec-driven half of the gate sees nothing; the shipped surface does."""
    client = project / "sdk" / "gigs_devices" / "_client.py"
    client.write_text(client.read_text().replace("def with_options(", "def with_option(", 1))
    git(project, "commit", "--quiet", "-am", "with_options renamed")
    assert releasing.check(project) == 1
    assert "SDK breaking" in capsys.readouterr().err
    major, minor, _ = (int(part) for part in (project / "release" / "VERSION").read_text().split("."))
    with pytest.raises(releasing.Refused, match=f"is below {major + 1}.0.0"):
        releasing.cut(project, version=f"{major}.{minor + 1}.0")  # a minor release of a break: refused


def test_a_release_whose_tag_exists_is_refused_before_anything_is_written(project):
    released_change(project, add_color, "Devices have a color")
    released = (project / "release" / "VERSION").read_text().strip()
    major, minor, _ = (int(part) for part in released.split("."))
    git(project, "tag", f"v{major}.{minor + 1}.0")
    head = git(project, "rev-parse", "HEAD")
    with pytest.raises(releasing.Refused, match=rf"the tag v{major}\.{minor + 1}\.0 exists already"):
        releasing.cut(project)
    assert git(project, "rev-parse", "HEAD") == head and git(project, "status", "--porcelain") == ""


def test_the_curated_unreleased_notes_move_into_the_release_s_section(project):
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text()
    unreleased = text.index("## Unreleased\n")
    curated = "The SDK, faster.\n\n- **A note a maintainer wrote**, with its *markdown*.\n"
    following = text.index("\n## ", unreleased + 1) + 1
    changelog.write_text(text[: unreleased + len("## Unreleased\n")] + "\n" + curated + "\n" + text[following:])
    git(project, "commit", "--quiet", "-am", "notes")
    released_change(project, add_color, "Devices have a color")
    version = releasing.cut(project, today=datetime.date(2026, 12, 2))
    after = changelog.read_text()
    heading = f"## {version} (2026-12-02)"
    # The Unreleased heading stays, empty, above the new section, which opens with the notes.
    assert after.index("## Unreleased\n") < after.index(heading)
    assert after[after.index("## Unreleased\n") : after.index(heading)].strip() == "## Unreleased"
    section = after[after.index(heading) :].split("\n## ")[0]
    assert section.index("A note a maintainer wrote") < section.index("### Additions")
    assert after.count("A note a maintainer wrote") == 1


def test_a_tree_that_fails_a_proof_is_refused_naming_it_and_nothing_is_written(project):
    released_change(project, add_color, "Devices have a color")
    client = project / "sdk" / "gigs_devices" / "_client.py"
    client.write_text(client.read_text() + "\nimport os\n")  # os imported twice: a lint error
    git(project, "commit", "--quiet", "-am", "a lint error")
    head = git(project, "rev-parse", "HEAD")
    lint = (sys.executable, "-m", "ruff", "check", "--no-cache", "sdk/gigs_devices")
    with pytest.raises(
        releasing.Refused, match=r"(?s)fails `.*ruff check.*` \(exit 1\); nothing was written.*import os"
    ):
        releasing.cut(project, proofs=[lint])
    assert git(project, "rev-parse", "HEAD") == head and not git(project, "tag", "--list").strip()
    assert ("make", "--no-print-directory", "lint") in releasing.PROOFS  # what `make release` proves


def test_a_major_release_is_cut_only_when_confirmed(project):
    client = project / "sdk" / "gigs_devices" / "_client.py"
    client.write_text(client.read_text().replace("def with_options(", "def with_option(", 1))
    git(project, "commit", "--quiet", "-am", "with_options renamed")
    asked: list[str] = []
    with pytest.raises(releasing.Refused, match="major release and was not confirmed"):
        releasing.cut(project, confirm=lambda question: asked.append(question) or False)
    assert "is a major release" in asked[0] and git(project, "status", "--porcelain") == ""
    version = releasing.cut(project, confirm=lambda question: True)
    assert git(project, "cat-file", "-t", f"v{version}").strip() == "tag"


def test_a_compatible_removal_is_not_filed_under_additions(project):
    released_change(
        project,
        lambda d: d["paths"]["/projects/{project}/devices/{device}"]["get"]["responses"].pop("404"),
        "retrieveDevice documents no 404",
    )
    version = releasing.cut(project, today=datetime.date(2026, 12, 2))
    changelog = (project / "CHANGELOG.md").read_text()
    section = changelog[changelog.index(f"## {version} (2026-12-02)") :].split("\n## ")[0]
    removal = next(line for line in section.splitlines() if "404" in line and line.startswith("- "))
    heading = section[: section.index(removal)].rsplit("### ", 1)[1].splitlines()[0]
    assert heading == "Other compatible changes", section


def test_the_readme_s_new_operation_is_cut_as_a_minor_release(project):
    """The walkthrough's last step: GET …/devices/{device}/history added, generated, committed; the
    release the gate asks for is a minor one, and it is cut without a question."""
    from test_new_operation import add_history

    released_change(project, add_history, "Devices have a history")
    released = (project / "release" / "VERSION").read_text().strip()
    major, minor, _ = (int(part) for part in released.split("."))
    asked: list[str] = []
    version = releasing.cut(project, confirm=lambda question: asked.append(question) or False)
    assert version == f"{major}.{minor + 1}.0" and asked == []
    assert "listDeviceHistory" in (project / "CHANGELOG.md").read_text()
