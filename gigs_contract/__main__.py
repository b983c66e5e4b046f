"""`make contract`: run the contract suite against one server and summarise the verdict.

    python -m gigs_contract [--profile fast|full] [schemathesis options...]

The server is GIGS_BASE_URL (with GIGS_TOKEN and GIGS_PROJECT, optionally GIGS_TOKEN_2 and
GIGS_PROJECT_2), or else the embedded reference server. Schemathesis runs every phase and check of
schemathesis.toml; reports go to reports/ (JUnit XML, HTML, NDJSON events); the summary lists the
checks per operation and every failure with its curl reproduction. Exit status: 0 when nothing failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

from .report import Summary
from .target import ROOT, Target, TargetError, resolve

REPORTS = ROOT / "reports"
PROFILES = {
    # Fast enough for every push (well under two minutes on two cores).
    "fast": [],
    # Nightly: at least 500 generated cases per operation, and longer stateful scenarios.
    "full": ["--max-examples", "500"],
}


def schemathesis_command(profile: str, extra: list[str], reports: Path = REPORTS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(ROOT / "schemathesis.toml"),
        "run",
        str(ROOT / "openapi.yaml"),
        "--report",
        "junit,html,ndjson",
        "--report-junit-path",
        str(reports / "junit.xml"),
        "--report-html-path",
        str(reports / "html"),
        "--report-ndjson-path",
        str(reports / "events.ndjson"),
        *PROFILES[profile],
        *extra,
    ]


def spec_operations() -> set[str]:
    paths = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))["paths"]
    return {f"{method.upper()} {path}" for path, item in paths.items() for method in item if method != "parameters"}


def run_suite(target: Target, profile: str, extra: list[str], reports: Path = REPORTS) -> tuple[int, Summary]:
    """Run Schemathesis against `target`; its exit status, and the summary of its events."""
    reports.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **target.prepare()}
    run = subprocess.run(schemathesis_command(profile, extra, reports), cwd=ROOT, env=env)
    return run.returncode, Summary.from_events(reports / "events.ndjson", spec_operations())


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m gigs_contract", description=__doc__.split("\n\n")[0])
    cli.add_argument("--profile", choices=sorted(PROFILES), default=os.environ.get("PROFILE") or "fast")
    args, extra = cli.parse_known_args(argv)
    try:
        with resolve() as target:
            print(f"Contract suite ({args.profile} profile) against {target.describe()}\n", flush=True)
            status, summary = run_suite(target, args.profile, extra)
            print(summary.render(isolation=target.has_second_project))
    except TargetError as error:
        print(f"gigs_contract: {error}", file=sys.stderr)
        return 2
    print(
        f"\nReports: {_relative(REPORTS / 'junit.xml')}, {_relative(REPORTS / 'html')}/, {_relative(REPORTS / 'events.ndjson')}"
    )
    return status


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
