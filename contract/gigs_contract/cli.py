"""`gigs-contract` (also `python -m gigs_contract`, `make contract`): hold one server to the contract.

A strict command line: an option it does not know is an error (exit 2, before any request), and
Schemathesis's options pass through only from a documented list (schemathesis_run.PASS_THROUGH).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import NoReturn

from . import behaviour, report, run, spec
from .baseline import BaselineError
from .progress import Progress
from .report import console
from .schemathesis_run import PASS_THROUGH, PROFILES
from .target import VARIABLES, TargetError, from_env, wait_for_server
from .verdict import EXIT_STATUSES, RunInfo, Verdict

DESCRIPTION = """\
Hold one server of the Gigs Devices API to its contract (openapi.yaml), and give one verdict.

The server is GIGS_BASE_URL's. The embedded reference server (started on a free loopback port,
stopped afterwards) is tested when no GIGS_* variable names a server, or with --embedded; an empty
GIGS_BASE_URL (a CI secret withheld), a key without a URL, or an unknown GIGS_* name is exit 2. A preflight first proves the suite can test it at all; then Schemathesis
runs every phase and check, and the behavioural suite holds the API's rules against a model."""


def _epilog() -> str:
    variables = "\n".join(f"  {name:<18} {meaning}" for name, meaning in VARIABLES.items())
    statuses = "\n".join(f"  {status}  {meaning}" for status, meaning in EXIT_STATUSES.items())
    sequences, steps, _ = behaviour.PROFILES["fast"]
    full_sequences, full_steps, _ = behaviour.PROFILES["full"]
    return f"""\
environment:
{variables}

profiles:
  fast   every push: Schemathesis's configured budget, the behavioural scenarios and {sequences} random sequences of up to {steps} steps
  full   nightly: {" ".join(PROFILES["full"])} for Schemathesis, the scenarios and {full_sequences} random sequences of up to {full_steps} steps

  At the live default pace (GIGS_MAX_RPS 10), fast is about 3,500 requests (8 minutes) and full about
  36,600 (5,700 Schemathesis cases, 31,000 behavioural requests: 62 minutes); --max-minutes holds a run
  to a job's limit (the random sequences stop in time, the verdict is on what ran).

exit statuses:
{statuses}

reports (in --reports, default ./reports; each run replaces the last's):
  index.html          the report to open: the verdict, every failure with its reproducer, both halves
  junit.xml           for CI dashboards (root totals are the sums of the suites)
  summary.json        verdict, counts, failures, seed, target, timings
  reproducers/*.sh    one script per failure (GIGS_BASE_URL, GIGS_TOKEN from the environment)
  schemathesis/       Schemathesis's own events and console output
"""


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="gigs-contract",
        description=DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # `--profle` must not pass for `--profile`, nor any prefix for an option
    )
    cli.add_argument("--version", action="version", version=_version())
    cli.add_argument("--profile", choices=sorted(PROFILES), default="fast", help="how much to test (default: fast)")
    cli.add_argument("--seed", type=int, help="repeat a run's cases: the seed it printed (default: a random one)")
    cli.add_argument(
        "--reports", type=Path, default=Path("reports"), metavar="DIR", help="where the reports go (default: reports)"
    )
    cli.add_argument(
        "--wait-for-server",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="wait up to SECONDS for GIGS_BASE_URL to accept connections (a deploy still starting)",
    )
    cli.add_argument(
        "--max-minutes",
        type=_minutes,
        metavar="M",
        help="the run's time budget: no new random sequence starts past it (the scenarios and the catalogue"
        " always run); the verdict is on what ran, and says where it stopped",
    )
    cli.add_argument(
        "--max-requests",
        type=_positive,
        metavar="N",
        help="the run's request budget, Schemathesis's included, held the same way",
    )
    cli.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="accepted deviations (YAML: check, operation, reason, expires): their failures do not fail the run",
    )
    cli.add_argument(
        "--embedded",
        action="store_true",
        help="test the embedded reference server (refused when a GIGS_* variable names another server)",
    )
    cli.add_argument(
        "--accept-not-implemented",
        action="store_true",
        help="an operation the server answers only 501 notImplemented (one the spec has gained before the"
        " server) is reported as not tested, and does not make the run NOT TESTED",
    )
    passed = cli.add_argument_group("Schemathesis options passed through (these only)")
    operation_ids = sorted(spec.operations().values())
    passed.add_argument("--max-examples", type=_positive, metavar="N", help=PASS_THROUGH["--max-examples"])
    for option in ("--include-operation-id", "--exclude-operation-id"):
        passed.add_argument(option, action="append", choices=operation_ids, metavar="ID", help=PASS_THROUGH[option])
    return cli


def _version() -> str:
    found = run.versions()
    return f"gigs-contract {found['gigs-contract']} (Schemathesis {found['schemathesis']}, Hypothesis {found['hypothesis']})"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of minutes, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 0, got {text!r}")
    return value


def schemathesis_options(args: argparse.Namespace) -> list[str]:
    options = ["--max-examples", str(args.max_examples)] if args.max_examples else []
    for option in ("include_operation_id", "exclude_operation_id"):
        for value in getattr(args, option) or []:
            options += [f"--{option.replace('_', '-')}", value]
    return options


def again(args: argparse.Namespace, seed: int, options: list[str]) -> str:
    """The command that repeats this run's cases."""
    in_checkout = (Path.cwd() / "Makefile").exists() and (Path.cwd() / "contract" / "gigs_contract").is_dir()
    if in_checkout and not options:
        return f"make contract SEED={seed} PROFILE={args.profile}"
    return " ".join(["gigs-contract", "--seed", str(seed), "--profile", args.profile, *options])


def _interrupt_on_sigterm() -> None:
    # A CI cancel sends SIGTERM: end as Ctrl-C does, so that every `finally` cleans up. Ctrl-C itself
    # is taken over too: a shell starts a background job with SIGINT ignored, and Python keeps an
    # ignored SIGINT ignored, so a run started that way could not be stopped cleanly. (The
    # Schemathesis child inherits the handling: handled signals reset to their default on exec.)
    def interrupt(signum: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: list[str] | None = None, progress: Progress | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 with the usage on any option it does not know
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    options = schemathesis_options(args)
    settings = run.Settings(
        args.profile, seed, args.reports, options, again(args, seed, options), args.accept_not_implemented
    )
    settings.max_minutes, settings.max_requests = args.max_minutes, args.max_requests
    progress = progress or Progress()
    try:
        settings.baseline = run.load_baseline(args.baseline)
    except BaselineError as error:
        print(f"gigs-contract: cannot test: {error}", file=sys.stderr)
        verdict, info = run.not_tested(str(error), "no server (the baseline was refused first)", "", settings)
        report.write(verdict, info, settings.reports)
        print(console.render(verdict, info, {}))
        return verdict.exit_status()
    _interrupt_on_sigterm()
    try:
        verdict, info = _run(settings, args.wait_for_server, progress, embedded=args.embedded)
    except KeyboardInterrupt:
        print(
            "gigs-contract: interrupted; the devices the run created were deleted (any it could not are named above)",
            file=sys.stderr,
        )
        return 130
    scripts = report.write(verdict, info, settings.reports)
    shown = {number: str(_shown(settings.reports / name)) for number, name in scripts.items()}
    print(console.render(verdict, info, shown))
    print(f"\nReports: {_shown(settings.reports / 'index.html')} (open it), junit.xml and summary.json beside it")
    print(f"Same cases again: {settings.again}")
    return verdict.exit_status()


def _run(settings: run.Settings, wait: float, progress: Progress, *, embedded: bool) -> tuple[Verdict, RunInfo]:
    base_url = os.environ.get("GIGS_BASE_URL", "")
    try:
        given = from_env(embedded=embedded)
        if given is not None and wait:
            wait_for_server(given, wait, say=lambda line: print(f"gigs-contract: {line}", flush=True))
        with run.resolve(given) as target:
            print(
                f"Contract suite ({settings.profile} profile, seed {settings.seed}) against {target.describe()}",
                flush=True,
            )
            return run.run(target, settings, progress)
    except TargetError as error:
        print(f"gigs-contract: cannot test: {error}", file=sys.stderr)
        return run.not_tested(str(error), run.untested(base_url), base_url, settings)


def _shown(path: Path) -> Path:
    path = path.resolve()
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
