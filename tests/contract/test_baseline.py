"""Accepted deviations: a reviewed baseline turns a known failure into "accepted" on every surface,
reports an entry that no longer fails as stale, and refuses a file it cannot trust before any request."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from contract_run import gigs_contract
from junitparser import JUnitXml
from mock_server import ROOT

from gigs_contract.baseline import BaselineError, load
from selftest.broken import app_reference
from selftest.servers import serving

CHECKS = ["catalogue_brands", "list_order", "not_a_server_error"]
OPERATIONS = ["listDeviceModelBrands", "listDevices"]
ACCEPTED = {"check": "catalogue_brands", "operation": "listDeviceModelBrands", "reason": "API-123: fixed in March"}

# One worker runs the module: its module-scoped failing run is made once.
pytestmark = pytest.mark.xdist_group("baseline")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contract-baseline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _baseline(*entries: dict) -> str:
    return json.dumps({"accepted": list(entries)})  # JSON is YAML


REFUSED = {
    "not a mapping": ("- check: list_order", "expected one key, `accepted`"),
    "not YAML": ("accepted: [", "not YAML"),
    "an unknown field": (_baseline({**ACCEPTED, "expires": "2099-01-01", "until": "x"}), "unknown field until"),
    "an unknown check": (
        _baseline({**ACCEPTED, "check": "list_ordr", "expires": "2099-01-01"}),
        "check 'list_ordr' is neither a behavioural rule nor a Schemathesis check",
    ),
    "an unknown operation": (
        _baseline({**ACCEPTED, "operation": "listDevice", "expires": "2099-01-01"}),
        "operation 'listDevice' is not an operationId",
    ),
    "no reason": (_baseline({**ACCEPTED, "reason": " ", "expires": "2099-01-01"}), "a reason is required"),
    "no expiry": (_baseline(ACCEPTED), "expires must be a date"),
    "an expiry that is no date": (_baseline({**ACCEPTED, "expires": "next spring"}), "expires must be a date"),
}


@pytest.mark.parametrize("text, message", REFUSED.values(), ids=REFUSED)
def test_a_baseline_that_cannot_be_trusted_is_refused_naming_the_entry(tmp_path, text, message):
    with pytest.raises(BaselineError, match=message):
        load(_write(tmp_path, text), CHECKS, OPERATIONS)


def test_an_entry_expires_at_the_end_of_its_day(tmp_path):
    path = _write(tmp_path, _baseline({**ACCEPTED, "expires": "2027-03-31"}))
    for today, active in ((datetime.date(2027, 3, 31), True), (datetime.date(2027, 4, 1), False)):
        baseline = load(path, CHECKS, OPERATIONS, today=today)
        assert bool(baseline.accepting("catalogue_brands", "listDeviceModelBrands")) is active
        assert bool(baseline.expired()) is not active


def test_an_entry_without_an_operation_accepts_its_check_anywhere_and_only_its_check(tmp_path):
    entry = {"check": "list_order", "reason": "r", "expires": "2099-01-01"}
    baseline = load(_write(tmp_path, _baseline(entry)), CHECKS, OPERATIONS)
    assert baseline.accepting("list_order", "listDevices") and baseline.accepting("list_order", "searchDevices")
    assert baseline.accepting("catalogue_brands", "listDeviceModelBrands") is None


def test_a_refused_baseline_is_exit_2_before_any_request(tmp_path):
    path = _write(tmp_path, _baseline({**ACCEPTED, "check": "list_ordr", "expires": "2099-01-01"}))
    result = subprocess.run(
        [sys.executable, "-m", "gigs_contract", "--reports", str(tmp_path / "r"), "--baseline", str(path)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "GIGS_BASE_URL": "http://127.0.0.1:1", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "list_ordr" in result.stderr and "Traceback" not in result.stderr
    assert json.loads((tmp_path / "r" / "summary.json").read_text())["verdict"] == "NOT TESTED"


@pytest.fixture(scope="module")
def accepted_run(tmp_path_factory):
    """A server whose only bug is the brands' order, against a baseline that accepts it, names a fixed
    failure (stale) and holds an expired entry."""
    folder = tmp_path_factory.mktemp("baseline")
    path = _write(
        folder,
        _baseline(
            {**ACCEPTED, "expires": "2099-03-31"},
            {
                "check": "list_order",
                "operation": "listDevices",
                "reason": "API-99: fixed since",
                "expires": "2099-01-01",
            },
            {"check": "not_a_server_error", "reason": "an old outage", "expires": "2020-01-01"},
        ),
    )
    with serving(app_reference("brands-unsorted")) as target:
        env = {name: value for name, value in os.environ.items() if not name.startswith("GIGS_")}
        env |= {**target.env(), "GIGS_MAX_RPS": "1000"}
        command = [sys.executable, "-m", "gigs_contract", "--seed", "3", "--reports", str(folder / "r")]
        accepted = subprocess.run(
            [*command, "--baseline", str(path)], env=env, capture_output=True, text=True, timeout=600
        )
    return accepted, folder / "r"


@pytest.mark.slow
def test_an_accepted_failure_passes_the_run_on_every_surface_and_a_fixed_one_is_stale(accepted_run):
    run, reports = accepted_run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Verdict: PASSED" in run.stdout and "1 accepted deviation (contract-baseline.yaml)" in run.stdout
    assert "Accepted deviations (1)" in run.stdout and "Failures (" not in run.stdout
    assert "stale baseline entry: list_order on listDevices" in run.stdout
    assert "expired baseline entry: not_a_server_error" in run.stdout
    summary = json.loads((reports / "summary.json").read_text())
    assert (summary["verdict"], summary["exit_status"], summary["failures"]) == ("PASSED", 0, [])
    assert [(a["check"], a["entry"]["reason"]) for a in summary["accepted"]] == [
        ("catalogue_brands", ACCEPTED["reason"])
    ]
    assert [entry["check"] for entry in summary["baseline"]["stale"]] == ["list_order"]
    assert [entry["check"] for entry in summary["baseline"]["expired"]] == ["not_a_server_error"]
    rule = next(row for row in summary["rules"] if row["rule"] == "catalogue_brands")
    assert rule["state"] == "accepted"
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "<h1>PASSED</h1>" in page and "Accepted deviations (1)" in page and ACCEPTED["reason"] in page
    xml = JUnitXml.fromfile(str(reports / "junit.xml"))
    assert xml.failures == 0 and xml.errors == 0
    cases = {case.name: case for suite in xml for case in suite}
    assert "accepted deviation" in cases["catalogue_brands"].result[0].message


@pytest.mark.slow
def test_without_the_baseline_the_same_failure_fails_the_run(tmp_path):
    with serving(app_reference("brands-unsorted")) as target:
        run = gigs_contract("--seed", "3", "--reports", str(tmp_path), target=target)
    assert run.returncode == 1 and "Verdict: FAILED: 1 distinct failure" in run.stdout
