"""A new operation lands without red CI: the walk a team makes, on a copy of the project.

`GET /projects/{project}/devices/{device}/history` (listDeviceHistory) is added to openapi.yaml with
its SDK names, and nothing else: then the SDK is generated (named by design, not `device_historys`),
the spec lints clean, the client's tests pass, the gate asks for a minor release, and the contract
suite against the reference server (which has no handler for it yet, and answers it 501) says NOT
TESTED for that operation alone, or passes the rest with --accept-not-implemented.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from checkout import copy_checkout

from release.gate import evaluate

# One worker runs the module: its module-scoped fixture (a whole run, a project copy) is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("new-operation")]

ROOT = Path(__file__).resolve().parents[1]
DEVICE = "/projects/{project}/devices/{device}"


def add_history(document: dict) -> None:
    history = copy.deepcopy(document["paths"][DEVICE]["get"])
    history.update(operationId="listDeviceHistory", summary="List a device's history")
    history["description"] = "The device's past states, newest first."
    history["x-sdk"] = {"resource": "devices", "method": "history"}
    history["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/DeviceList"}
    history["responses"]["200"]["content"]["application/json"].pop("examples", None)
    history["responses"]["200"].pop("links", None)
    document["paths"][DEVICE + "/history"] = {"parameters": document["paths"][DEVICE]["parameters"], "get": history}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The project as a clone of this checkout's files (committed or not), with the operation added."""
    root = copy_checkout(tmp_path_factory.mktemp("project"))
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    document = yaml.safe_load((root / "openapi.yaml").read_text())
    add_history(document)
    (root / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return root


def run(project: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A command in the copy, its packages (not this checkout's) first on the path."""
    path = os.pathsep.join(
        str(project / folder) for folder in (".", "sdk/generated", "sdk", "server", "contract", "tests")
    )
    environ = {**os.environ, "PYTHONPATH": path, **env}
    return subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def generated(project: Path) -> Path:
    for step in ("tools.generate", "tools.copies"):  # what `make generate` runs
        done = run(project, sys.executable, "-m", step)
        assert done.returncode == 0, done.stdout + done.stderr
    return project / "sdk" / "generated" / "gigs_devices_client"


def test_the_sdk_names_it_as_the_spec_says(generated):
    resources = (generated / "api" / "devices" / "__init__.py").read_text()
    assert "    def history(" in resources and "device_historys" not in (generated / "api" / "__init__.py").read_text()
    assert (generated / "api" / "devices" / "list_device_history.py").exists()


def test_an_operation_without_sdk_names_is_refused_by_name(project, tmp_path):
    document = yaml.safe_load((project / "openapi.yaml").read_text())
    del document["paths"][DEVICE + "/history"]["get"]["x-sdk"]
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False))
    done = run(project, sys.executable, "-m", "tools.generate", "--spec", str(spec), "--output", str(tmp_path / "out"))
    assert (
        done.returncode == 2 and "GET /projects/{project}/devices/{device}/history (listDeviceHistory)" in done.stderr
    )


def test_the_gate_s_own_tests_pass_with_the_operation_in_the_spec(project, generated):
    """The gate's tests add an operation of their own: not one the spec has gained since. (Only those
    that add one: the rest of the file does not depend on it.)"""
    gate = "tests/spec/test_breaking_gate.py"
    done = run(project, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", gate, "-k", "operation")
    assert done.returncode == 0, done.stdout[-3000:]
    assert int(done.stdout.split(" passed")[0].split()[-1]) >= 5, done.stdout[-500:]


def test_the_spec_lints_clean(project):
    done = run(project, str(project / "node_modules" / ".bin" / "redocly"), "lint", "openapi.yaml", "--format", "json")
    assert json.loads(done.stdout)["problems"] == [], done.stdout[-2000:]


def test_the_client_tests_pass(project, generated):
    done = run(
        project,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/client/test_generated.py",
        "tests/client/test_sdk.py",
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_gate_asks_for_a_minor_release(project, generated):
    before = yaml.safe_load((project / "release" / "openapi.released.yaml").read_text())
    after = yaml.safe_load((project / "openapi.yaml").read_text())
    released = (project / "release" / "VERSION").read_text().strip()
    report = evaluate(before, after, released, project, [])
    major, minor, _ = (int(part) for part in released.split("."))
    assert (report.verdict, report.next_version()) == ("non-breaking", f"{major}.{minor + 1}.0"), report.text()
    assert any(c.rule == "operation-added" for c in report.http)
    assert any(c.path.endswith("Devices.history") for c in report.sdk)


def test_the_contract_suite_says_not_tested_for_it_alone_or_passes_the_rest_when_told(project, generated, tmp_path):
    first = run(project, sys.executable, "-m", "gigs_contract", "--seed", "5", "--reports", str(tmp_path / "a"))
    assert first.returncode == 2, first.stdout[-3000:] + first.stderr[-2000:]
    verdict = next(line for line in first.stdout.splitlines() if line.startswith("Verdict:"))
    assert verdict.startswith(
        "Verdict: NOT TESTED: not implemented by the server (501 notImplemented): listDeviceHistory"
    )
    assert "Failures" not in first.stdout  # its 501s are no failure of what is there
    accepted = run(
        project,
        sys.executable,
        "-m",
        "gigs_contract",
        "--seed",
        "5",
        "--accept-not-implemented",
        "--reports",
        str(tmp_path / "b"),
    )
    assert accepted.returncode == 0, accepted.stdout[-3000:]
    assert "not tested, as the server does not implement them (501): listDeviceHistory" in accepted.stdout
