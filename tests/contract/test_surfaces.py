"""Every surface of a run tells the same verdict: exit status, console, HTML, JUnit and summary.json.

Checked on a FAILING run (a server that keeps deleted devices: both halves of the suite catch it) and
on a run that could not test, which must replace an earlier run's reports rather than leave them.
The failing run's reproducers are run through bash against the same server, and fail the same way.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from junitparser import JUnitXml
from mock_server import ROOT

from gigs_contract import behaviour, reproduce
from gigs_contract.progress import Progress
from selftest.broken import app_reference
from selftest.servers import serving

# One worker runs the module: its module-scoped fixture (a whole run, a project copy) is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("surfaces")]

SEED = 20261202
STATUS_LINE = re.compile(r"^→ (\d{3})$", re.MULTILINE)


def _contract(reports: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "gigs_contract", "--seed", str(SEED), "--reports", str(reports), *args]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory):
    """`gigs-contract` against a server whose DELETE keeps the device; the server stays up for the tests."""
    reports = tmp_path_factory.mktemp("reports")
    with serving(app_reference("delete-keeps-device")) as target:
        env = {**target.env(), "GIGS_MAX_RPS": "1000"}
        yield _contract(reports, env), reports, env


def test_the_exit_status_and_the_console_say_failed(failing_run):
    run, _, _ = failing_run
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    verdict = [line for line in run.stdout.splitlines() if line.startswith("Verdict:")]
    assert len(verdict) == 1 and verdict[0].startswith("Verdict: FAILED")
    assert "PASSED" not in run.stdout.replace("not PASSED", "")
    assert "No issues found" not in run.stdout  # Schemathesis's own summary speaks for half a run: not shown
    # No terminal: plain progress lines, each part started and done.
    for part in ("preflight", "schemathesis", "behaviour"):
        assert re.search(rf"^\[\d+:\d\d\] {part}: .*· done$", run.stdout, re.MULTILINE), part


def test_the_html_report_heads_with_the_failed_verdict_and_holds_both_halves(failing_run):
    run, reports, _ = failing_run
    page = (reports / "index.html").read_text(encoding="utf-8")
    summary = json.loads((reports / "summary.json").read_text())
    assert re.search(r"<h1>FAILED</h1>", page) and "<h1>PASSED</h1>" not in page
    assert "Exit status 1" in page
    for failure in summary["failures"]:
        assert f"{failure['check']} on {failure['operation']}" in page
    assert "Schemathesis: checks by operation" in page and "Behaviour: the API" in page
    # Self-contained: nothing is fetched from elsewhere.
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)


def test_junit_root_totals_are_the_sums_of_its_suites_and_show_the_failures(failing_run):
    _, reports, _ = failing_run
    xml = JUnitXml.fromfile(str(reports / "junit.xml"))
    suites = list(xml)
    assert {suite.name for suite in suites} == {"contract", "schemathesis", "behaviour"}
    for total in ("tests", "failures", "errors", "skipped"):
        assert getattr(xml, total) == sum(getattr(suite, total) for suite in suites), total
    assert xml.failures > 0 and xml.errors == 0
    behaviour = next(suite for suite in suites if suite.name == "behaviour")
    failed = {case.name: case for case in behaviour if not case.is_passed and not case.is_skipped}
    # Which rules meet a kept device first follows the order of the scenarios; each carries its reproducer.
    kept = {"device_delete", "list_deleted", "list_cursors", "sim_single_device", "imei_unique"}  # a kept device, seen
    assert failed and failed.keys() <= kept, failed
    assert all("Reproducer" in case.result[0].text for case in failed.values())
    verdict = next(suite for suite in suites if suite.name == "contract")
    assert verdict.failures == 1


def test_summary_json_agrees_with_the_console(failing_run):
    run, reports, _ = failing_run
    summary = json.loads((reports / "summary.json").read_text())
    count = int(re.search(r"Verdict: FAILED: (\d+) distinct failure", run.stdout).group(1))
    assert (summary["verdict"], summary["exit_status"], summary["seed"]) == ("FAILED", 1, SEED)
    assert summary["counts"]["failures"] == len(summary["failures"]) == count
    # Both halves catch it: Schemathesis's use_after_free, and a behavioural rule. Which rule fails first
    # (device_delete, or an idempotent replay that finds the device kept) follows the IDs the server
    # draws, so the rule is not named here.
    parts = {failure["part"]: failure["check"] for failure in reversed(summary["failures"])}
    assert set(parts) == {"schemathesis", "behaviour"} and "use_after_free" in {f["check"] for f in summary["failures"]}
    assert set(summary["timings"]) >= {"preflight", "schemathesis", "behaviour", "total"}


def _failing_status(failure: dict) -> str:
    return re.search(r"# → (\d{3})$", failure["reproducer"]["lines"][-1]).group(1)


@pytest.mark.parametrize("part", ["schemathesis", "behaviour"])
def test_the_printed_reproducer_fails_the_same_way_again_through_bash(failing_run, part):
    run, reports, _ = failing_run
    failures = json.loads((reports / "summary.json").read_text())["failures"]
    # Schemathesis's use_after_free; the behavioural rule that failed, whichever it was.
    failure = next(f for f in failures if f["part"] == part and (part == "behaviour" or f["check"] == "use_after_free"))
    printed = "\n".join(failure["reproducer"]["lines"])
    # The console printed these very lines (indented): a user copies them from there.
    assert all(line in run.stdout for line in failure["reproducer"]["lines"])
    assert "$GIGS_TOKEN" in printed and "dev_token" not in printed  # the key stays a variable
    # On a server of the same kind, as one reproduces a failure: this one keeps what it was told to
    # delete, so the run's own server holds the SIMs its sequences took.
    with serving(app_reference("delete-keeps-device")) as fresh:
        replay = subprocess.run(
            ["bash", "-c", printed], env={**os.environ, **fresh.env()}, capture_output=True, text=True
        )
    assert replay.returncode == 0, replay.stderr
    statuses = STATUS_LINE.findall(replay.stderr)
    assert len(statuses) == sum("curl " in line for line in failure["reproducer"]["lines"]), replay.stderr
    assert statuses[-1] == _failing_status(failure), replay.stderr


def test_a_reproducer_script_fails_the_same_way_every_time_and_cleans_up(tmp_path):
    """Twice on one server: fresh Idempotency-Keys and IMEIs, and what the first run created is gone."""
    with serving(app_reference("repeated-delete-200")) as target:
        outcome = behaviour.run(target, "fast", SEED, Progress(io.StringIO(), live=False))
        failure = next(v for v in outcome.failures if v.rule in ("device_delete", "not_found"))
        script = tmp_path / "reproducer.sh"
        script.write_text(reproduce.script(failure.transcript, target.base_url, failure.rule, failure.message))
        recorded = str(failure.transcript[-1].status)
        before = httpx.get(
            f"{target.base_url}/projects/dev/devices?limit=200", headers={"Authorization": f"Bearer {target.token}"}
        )
        for _ in range(2):
            replay = subprocess.run(
                ["bash", str(script)], env={**os.environ, **target.env()}, capture_output=True, text=True
            )
            assert replay.returncode == 0, replay.stderr
            assert STATUS_LINE.findall(replay.stderr)[-1] == recorded, replay.stderr
        after = httpx.get(
            f"{target.base_url}/projects/dev/devices?limit=200", headers={"Authorization": f"Bearer {target.token}"}
        )
    assert after.json()["items"] == before.json()["items"]
    unset = subprocess.run(["bash", str(script)], env={"PATH": os.environ["PATH"]}, capture_output=True, text=True)
    assert unset.returncode != 0 and "GIGS_BASE_URL" in unset.stderr


def test_a_run_that_cannot_test_replaces_the_last_runs_reports(tmp_path):
    for name, text in (("index.html", "<h1>PASSED</h1>"), ("summary.json", '{"verdict": "PASSED"}')):
        (tmp_path / name).write_text(text)
    (tmp_path / "reproducers").mkdir()
    (tmp_path / "reproducers" / "01-old.sh").write_text("# an old failure")
    env = {"GIGS_BASE_URL": "http://127.0.0.1:9", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"}  # nothing listens on 9
    run = _contract(tmp_path, env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert [line for line in run.stdout.splitlines() if line.startswith("Verdict:")] == [
        "Verdict: NOT TESTED: no answer from http://127.0.0.1:9: connection refused."
    ]
    assert "<h1>NOT TESTED</h1>" in (tmp_path / "index.html").read_text()
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["verdict"] == "NOT TESTED" and "no answer" in summary["cannot_test"][0]
    xml = JUnitXml.fromfile(str(tmp_path / "junit.xml"))
    assert xml.errors == 1 and xml.errors == sum(suite.errors for suite in xml)
    assert not (tmp_path / "reproducers").exists()


def test_make_contract_names_the_exit_status_in_its_last_line(tmp_path):
    env = {**os.environ, "GIGS_BASE_URL": "http://127.0.0.1:9", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"}
    run = subprocess.run(
        ["make", "--no-print-directory", "contract", f"CONTRACT_ARGS=--reports {tmp_path / 'reports'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2  # make's own status for any failure
    assert run.stdout.strip().splitlines()[-1] == (
        "make contract: gigs-contract exited 2: NOT TESTED, the suite could not test the server"
    )
