"""A filter the spec drops is dropped by the suite too: it is not sent, and not held against the server.

On a copy of the project, listDevices loses its `sim` filter in openapi.yaml (the reference server
and the SDK follow it: the SDK is generated anew). The contract suite against that server passes:
its views and probes of `sim=` and the interactions that need them are gone from the run, while
`user=` is still held. (The suite once kept sending `sim=`, and blamed the server for its answer.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from checkout import copy_checkout

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_checkout(tmp_path_factory.mktemp("project"))
    document = yaml.safe_load((root / "openapi.yaml").read_text())
    listing = document["paths"]["/projects/{project}/devices"]["get"]
    listing["parameters"] = [p for p in listing["parameters"] if p.get("$ref") != "#/components/parameters/simFilter"]
    del document["components"]["parameters"]["simFilter"]
    (root / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    for step in ("tools.generate", "tools.copies"):  # what `make generate` runs
        done = run(root, sys.executable, "-m", step)
        assert done.returncode == 0, done.stderr[-2000:]
    return root


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(str(project / folder) for folder in (".", "sdk/generated", "sdk", "server", "contract"))
    environ = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True, timeout=900)


def test_the_suite_neither_sends_nor_holds_a_filter_the_spec_dropped(project, tmp_path):
    done = run(project, sys.executable, "-m", "gigs_contract", "--seed", "5", "--reports", str(tmp_path))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["verdict"] == "PASSED"
    interactions = {f"{row['write']} → {row['then']}" for row in summary["interactions"]}
    assert not any("sim=" in name for name in interactions)
    assert any("user=" in name for name in interactions)
    rules = {row["rule"]: row for row in summary["rules"]}
    assert rules["list_filters"]["examined"] > 0 and rules["list_filters"]["state"] == "passed"  # user= still held
