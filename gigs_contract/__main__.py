"""`make contract`: hold one server to the contract, and give one verdict.

    python -m gigs_contract [--profile fast|full] [--seed N] [schemathesis options...]

The server is GIGS_BASE_URL (with GIGS_TOKEN and GIGS_PROJECT, optionally GIGS_TOKEN_2 and
GIGS_PROJECT_2), or else the embedded reference server. First a preflight proves the suite can test
it at all; then Schemathesis (every phase and check of schemathesis.toml) and the behavioural suite
(the API's rules against a model, gigs_contract/behaviour) run; reports go to reports/ (JUnit XML,
HTML, NDJSON events). Exit status: 0 passed, with every operation exercised by 2xx answers; 1
contract failures; 2 the suite could not test (server down, bad URL or key, rate-limited).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from . import behaviour
from .behaviour import spec
from .behaviour.wire import CannotTest, Pace
from .preflight import preflight
from .report import EXIT_CANNOT_TEST, Summary, Verdict
from .target import ROOT, SPEC_PATH, WORK_ENV, Target, TargetError, resolve

REPORTS = Path("reports")  # in the current directory: the checkout's, under `make contract`
PROFILES = {
    # Fast enough for every push: the whole run in well under a minute on two cores.
    "fast": [],
    # Nightly: at least 500 generated cases per operation, and longer stateful scenarios.
    "full": ["--max-examples", "500"],
}
INTERRUPT_GRACE_SECONDS = 30  # for Schemathesis to delete what it created after an interrupt


def schemathesis_command(profile: str, extra: list[str], config: Path, reports: Path = REPORTS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        str(SPEC_PATH),
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


def spec_operations() -> dict[str, str]:
    """The spec's operations, "GET /deviceModels" → operationId."""
    paths = spec.document()["paths"]
    return {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in paths.items()
        for method, operation in item.items()
        if method != "parameters"
    }


def run_suite(target: Target, profile: str, extra: list[str], reports: Path = REPORTS) -> tuple[int, Summary]:
    """Run Schemathesis against `target`; its exit status, and the summary of its events.

    On an interrupt it is asked to stop (SIGINT), so that it deletes the devices it created, and
    given INTERRUPT_GRACE_SECONDS to do so before it is killed: no orphan, no leftovers."""
    reports.mkdir(parents=True, exist_ok=True)
    warnings = reports / "schemathesis-warnings.json"
    for stale in (reports / "events.ndjson", warnings):
        stale.unlink(missing_ok=True)
    prepared = target.prepare()
    env = {**os.environ, **prepared, "GIGS_CONTRACT_RUN": "1", "GIGS_CONTRACT_WARNINGS": str(warnings.resolve())}
    if "--seed" in extra:  # the hooks' fresh IMEIs follow the seed too
        env["GIGS_CONTRACT_SEED"] = extra[extra.index("--seed") + 1]
    command = schemathesis_command(profile, extra, Path(prepared[WORK_ENV]) / "schemathesis.toml", reports.resolve())
    with subprocess.Popen(command, env=env) as process:
        try:
            status = process.wait()
        except BaseException:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=INTERRUPT_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
            raise
    summary = Summary.from_events(
        reports / "events.ndjson", set(spec_operations()), second_project=target.has_second_project
    )
    summary.read_warnings(warnings)
    return status, summary


def run_contract(target: Target, profile: str, seed: int, reports: Path = REPORTS) -> Verdict:
    """The whole suite against `target`: preflight, Schemathesis, then the behavioural suite."""
    rate = behaviour.max_rps(target)
    preflight(target, Pace(rate))
    extra = ["--seed", str(seed)] + (["--rate-limit", f"{max(1, int(rate))}/s"] if rate else [])
    _, summary = run_suite(target, profile, extra, reports)
    outcome = behaviour.run(target, profile, seed)
    token_names = {target.token: "GIGS_TOKEN", **({target.token_2: "GIGS_TOKEN_2"} if target.token_2 else {})}
    verdict = Verdict(summary, outcome, spec_operations(), target.has_second_project, token_names)
    verdict.write_junit(reports / "junit.xml")
    return verdict


def _interrupt_on_sigterm() -> None:
    # A CI cancel sends SIGTERM: end as Ctrl-C does, so that every `finally` cleans up. Ctrl-C itself
    # is taken over too: a shell starts a background job with SIGINT ignored, and Python keeps an
    # ignored SIGINT ignored, so a run started that way could not be stopped cleanly. (The
    # Schemathesis child inherits the handling: handled signals reset to their default on exec.)
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m gigs_contract", description=__doc__.split("\n\n")[0])
    cli.add_argument("--profile", choices=sorted(PROFILES), default=os.environ.get("PROFILE") or "fast")
    cli.add_argument("--seed", type=int, default=int(os.environ["SEED"]) if os.environ.get("SEED") else None)
    cli.add_argument("--reports", type=Path, default=REPORTS, help="where to write the reports (default: reports/)")
    args, extra = cli.parse_known_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    _interrupt_on_sigterm()
    try:
        with resolve() as target:
            print(f"Contract suite ({args.profile} profile, seed {seed}) against {target.describe()}\n", flush=True)
            verdict = run_contract(target, args.profile, seed, args.reports)
    except (TargetError, CannotTest) as error:
        print(f"gigs_contract: cannot test: {error}", file=sys.stderr)
        return EXIT_CANNOT_TEST
    except KeyboardInterrupt:
        print(
            "gigs_contract: interrupted; the devices the run created were deleted (any it could not are named above)",
            file=sys.stderr,
        )
        return 130
    print(verdict.render())
    reports = args.reports.resolve()
    print(
        f"\nReports: {_shown(reports / 'junit.xml')}, {_shown(reports / 'html')}/, {_shown(reports / 'events.ndjson')}"
    )
    again = (
        f"SEED={seed} PROFILE={args.profile} make contract"
        if Path.cwd() == ROOT and (ROOT / "Makefile").exists()
        else f"gigs-contract --seed {seed} --profile {args.profile}"
    )
    print(f"Same cases again: {again}")
    return verdict.exit_status()


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


if __name__ == "__main__":
    sys.exit(main())
