"""The contract suite inside a team's own pytest (the `pytest11` plugin): its items, its verdict and
its reproducers, in a project that is not this one, beside the team's own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from junitparser import JUnitXml

from selftest.broken import app_reference
from selftest.servers import serving

pytestmark = pytest.mark.slow

TEAM_TEST = "def test_the_teams_own():\n    assert True\n"


def _pytest(project, env, *args):
    (project / "test_mine.py").write_text(TEAM_TEST)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--junitxml", "junit.xml", *args]
    return subprocess.run(command, cwd=project, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)


def test_without_asking_it_adds_nothing(tmp_path):
    run = _pytest(tmp_path, {})
    # pytest's header names the plugin's distribution (`plugins: gigs-contract-…`); nothing else of it shows.
    assert run.returncode == 0 and "1 passed" in run.stdout
    assert "gigs-contract::" not in run.stdout and "Verdict" not in run.stdout
    assert not (tmp_path / "reports").exists()


def test_a_broken_server_fails_the_rules_it_breaks_with_reproducers(tmp_path):
    with serving(app_reference("repeated-delete-200")) as target:
        options = [
            f"--gigs-base-url={target.base_url}",
            f"--gigs-token={target.token}",
            f"--gigs-project={target.project}",
        ]
        run = _pytest(tmp_path, {"GIGS_MAX_RPS": "1000"}, *options, "--gigs-seed=5", "-rfE")
    assert run.returncode == 1, run.stdout[-3000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    broken = {failure["check"] for failure in summary["failures"]}
    assert broken & {"device_delete", "not_found"}, broken
    for rule in broken:  # the same verdict: each rule the run saw broken is a failed item
        assert f"FAILED gigs-contract::behaviour::{rule}" in run.stdout
    assert "FAILED gigs-contract::verdict" in run.stdout
    assert 'curl -sS -X DELETE "$GIGS_BASE_URL/projects/dev/devices/' in run.stdout  # the reproducer
    cases = {
        (case.classname, case.name): case for suite in JUnitXml.fromfile(str(tmp_path / "junit.xml")) for case in suite
    }
    assert cases[("test_mine", "test_the_teams_own")].is_passed
    assert all(not cases[("gigs-contract.behaviour", rule)].is_passed for rule in broken)


def test_a_correct_server_passes_every_item(tmp_path):
    with serving(app_reference("reference")) as target:
        run = _pytest(tmp_path, {**target.env(), "GIGS_MAX_RPS": "1000"}, "--gigs-contract", "--gigs-seed=5")
    assert run.returncode == 0, run.stdout[-3000:]
    cases = [case for suite in JUnitXml.fromfile(str(tmp_path / "junit.xml")) for case in suite]
    contract = [case for case in cases if case.classname.startswith("gigs-contract")]
    assert len(contract) > 30 and all(case.is_passed for case in contract), [
        c.name for c in contract if not c.is_passed
    ]
