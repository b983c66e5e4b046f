"""The run's surfaces, each rendered from the one Verdict: they cannot disagree.

    reports/index.html            the report a person opens: the verdict first, then both halves
    reports/junit.xml             for CI dashboards: root totals are the sums of the suites
    reports/summary.json          for scripts: verdict, counts, failures, seed, target, timings
    reports/reproducers/*.sh      one script per failure: the sequence that showed it, failing request last
    reports/schemathesis/         Schemathesis's own events and console output, for digging

A run replaces what an earlier run left (a run that could not test too: its report says so).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .. import reproduce
from ..baseline import Entry
from ..events import Failure
from ..verdict import RunInfo, Verdict
from . import html, junit

OUR_FILES = ("index.html", "junit.xml", "summary.json", "reproducers", "schemathesis", "html", "events.ndjson")


def clear(folder: Path) -> None:
    """Remove what an earlier run wrote (this suite's files only), so no stale verdict survives."""
    for name in OUR_FILES:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def script_name(number: int, failure: Failure) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in f"{failure.check}-{failure.operation}").strip("-")
    return f"reproducers/{number:02d}-{safe}.sh"


def write(verdict: Verdict, info: RunInfo, folder: Path) -> dict[int, str]:
    """Write every report of the run into `folder`; the reproducer scripts by failure number."""
    folder.mkdir(parents=True, exist_ok=True)
    scripts = {}
    for number, failure in enumerate(verdict.failures(), 1):
        if not failure.steps:
            continue
        name = script_name(number, failure)
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        message = "\n".join(failure.messages)
        path.write_text(reproduce.script(failure.steps, info.base_url, failure.title, message), encoding="utf-8")
        path.chmod(0o755)
        scripts[number] = name
    (folder / "summary.json").write_text(json.dumps(summary(verdict, info, scripts), indent=2), encoding="utf-8")
    junit.write(verdict, info, folder / "junit.xml")
    (folder / "index.html").write_text(html.render(verdict, info, scripts), encoding="utf-8")
    return scripts


def summary(verdict: Verdict, info: RunInfo, scripts: dict[int, str]) -> dict[str, Any]:
    """The verdict as data, for scripts."""
    failures = verdict.failures()
    rules = verdict.rule_rows()
    interactions = verdict.interaction_rows()
    return {
        "verdict": verdict.status,
        "exit_status": verdict.exit_status(),
        "headline": verdict.headline(),
        "cannot_test": verdict.cannot_test(),
        "target": {"description": info.target, "base_url": info.base_url},
        "profile": info.profile,
        "seed": info.seed,
        "again": info.again,
        "started": info.started,
        "timings": info.timings,
        "versions": info.versions,
        "counts": {
            "failures": len(failures),
            "schemathesis_cases": verdict.summary.cases,
            "behaviour_requests": verdict.outcome.requests if verdict.outcome else 0,
            "behaviour_sequences": verdict.outcome.sequences if verdict.outcome else 0,
            "operations": len(verdict.operations),
            "operations_unexercised": len(verdict.unexercised()) if verdict.outcome else len(verdict.operations),
            "rules": len(rules),
            "rules_failed": sum(row["state"] == "failed" for row in rules),
            "accepted": len(verdict.accepted()),
            "rules_not_run": sum(row["state"] == "not run" for row in rules),
            "rules_not_applicable": sum(row["state"] == "not applicable" for row in rules),
            "interactions": len(interactions),
            "interactions_not_exercised": sum(not row["exercised"] for row in interactions),
        },
        "failures": [
            {
                "number": number,
                "part": failure.part,
                "check": failure.check,
                "operation": failure.operation,
                "count": failure.count,
                "messages": failure.messages,
                "reproducer": {
                    "script": scripts.get(number),
                    "lines": reproduce.lines(failure.steps, info.base_url) if failure.steps else [],
                },
            }
            for number, failure in enumerate(failures, 1)
        ],
        "operations": [
            {key: value for key, value in row.items() if key != "failures"} for row in verdict.operation_rows()
        ],
        "rules": [{key: value for key, value in row.items() if key != "failures"} for row in rules],
        "interactions": interactions,
        "unexercised": verdict.unexercised() if verdict.outcome else sorted(verdict.operations.values()),
        "accepted": [
            {
                "part": failure.part,
                "check": failure.check,
                "operation": failure.operation,
                "messages": failure.messages,
                "entry": _entry(entry),
            }
            for failure, entry in verdict.accepted()
        ],
        "baseline": {
            "path": str(verdict.baseline.path) if verdict.baseline else None,
            "stale": [_entry(entry) for entry in verdict.stale()],
            "expired": [_entry(entry) for entry in verdict.baseline.expired()] if verdict.baseline else [],
        },
        "suite_errors": verdict.suite_failed(),
        "notes": verdict.notes(),
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "check": entry.check,
        "operation": entry.operation,
        "reason": entry.reason,
        "expires": entry.expires.isoformat(),
    }
