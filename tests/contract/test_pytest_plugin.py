"""The contract suite inside a team's own pytest (the `pytest11` plugin): its items, its verdict and
its reproducers, in a project that is not this one, beside the team's own tests."""

from __future__ import annotations

import json
import os
import re
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
    # The team's environment, without this project's own GIGS_* variables (a run here may have some).
    base = {name: value for name, value in os.environ.items() if not name.startswith("GIGS_")}
    return subprocess.run(command, cwd=project, env={**base, **env}, capture_output=True, text=True, timeout=600)


def _options(target):
    return [f"--gigs-base-url={target.base_url}", f"--gigs-token={target.token}", f"--gigs-project={target.project}"]


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


def _cases(project):
    return {(c.classname, c.name): c for suite in JUnitXml.fromfile(str(project / "junit.xml")) for c in suite}


def test_under_xdist_the_suite_runs_once_and_its_items_spread_over_the_workers(tmp_path):
    """`-n 2` in a team's project: one run (one summary, one set of sequences), the items spread over
    both workers, a broken rule one failed item with its reproducer, and the collection counts right."""
    with serving(app_reference("repeated-delete-200")) as target:
        run = _pytest(tmp_path, {"GIGS_MAX_RPS": "1000"}, *_options(target), "--gigs-seed=5", "-n", "2", "-rfE", "-v")
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count("runs once, before the tests") == 1  # the controller's run, no worker's
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    failed = sorted({failure["check"] for failure in summary["failures"]})
    assert "device_delete" in failed
    shown = re.findall(r"^FAILED (gigs-contract::\S+)", run.stdout, re.MULTILINE)
    assert sorted(shown) == sorted(
        [f"gigs-contract::behaviour::{rule}" for rule in failed] + ["gigs-contract::verdict"]
    )
    assert 'curl -sS -X DELETE "$GIGS_BASE_URL/projects/dev/devices/' in run.stdout
    assert {"[gw0]", "[gw1]"} <= set(re.findall(r"\[gw\d\]", run.stdout))  # both workers ran items
    items = (
        1
        + len(summary["rules"])
        + len(summary["operations"])
        - ("(undocumented methods)" in str(summary["operations"]))
    )
    assert re.search(rf"\b{items + 1} items\b", run.stdout), run.stdout[:800]  # the team's test and ours
    assert _cases(tmp_path)[("test_mine", "test_the_teams_own")].is_passed


def test_under_xdist_a_correct_server_passes_every_item(tmp_path):
    with serving(app_reference("reference")) as target:
        run = _pytest(tmp_path, {**target.env(), "GIGS_MAX_RPS": "1000"}, "--gigs-contract", "--gigs-seed=5", "-n", "2")
    assert run.returncode == 0, run.stdout[-3000:]
    contract = [case for key, case in _cases(tmp_path).items() if key[0].startswith("gigs-contract")]
    assert len(contract) > 30 and all(case.is_passed for case in contract)


def test_stopping_at_the_first_failure_still_shows_its_reproducer(tmp_path):
    with serving(app_reference("repeated-delete-200")) as target:
        run = _pytest(tmp_path, {"GIGS_MAX_RPS": "1000"}, *_options(target), "--gigs-seed=5", "-x")
    assert run.returncode == 1
    assert "stopping after 1 failures" in run.stdout
    assert "FAILED gigs-contract::behaviour::" in run.stdout and "Reproducer (" in run.stdout
    # Under pytest's default capture, the run's progress still reaches the terminal, part by part.
    for part in ("preflight", "schemathesis", "behaviour"):
        assert re.search(rf"^\[\d+:\d\d\] {part}: .*· done$", run.stdout + run.stderr, re.MULTILINE), part


def test_the_collection_counts_add_up_when_items_are_deselected(tmp_path):
    run = _pytest(tmp_path, {}, "--gigs-contract", "--collect-only", "-k", "verdict or teams_own")
    assert run.returncode == 0, run.stdout[-2000:]
    counts = re.search(r"collected (\d+) items / (\d+) deselected / (\d+) selected", run.stdout)
    assert counts, run.stdout[:1000]
    collected, deselected, selected = map(int, counts.groups())
    assert selected == 2 and collected == deselected + selected and collected > 40  # before: 2 / 41 / -39


def test_a_missing_secret_fails_the_verdict_item_rather_than_testing_the_embedded_server(tmp_path):
    run = _pytest(tmp_path, {"GIGS_BASE_URL": "", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"}, "--gigs-contract")
    assert run.returncode == 1
    assert "FAILED gigs-contract::verdict" in run.stdout and "GIGS_BASE_URL is set but empty" in run.stdout
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["verdict"] == "NOT TESTED" and summary["counts"]["schemathesis_cases"] == 0
