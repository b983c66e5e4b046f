"""One contract run: preflight, then Schemathesis, then the behavioural suite; one verdict, its reports.

Whatever happens (a failure, a server that cannot be tested, an interrupt), the reports folder ends
up describing this run and no earlier one.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import behaviour, report, schemathesis_run, spec
from .baseline import Baseline
from .behaviour.wire import CannotTest, Pace
from .embedded import launch
from .events import Summary
from .preflight import preflight
from .progress import Progress, Status
from .target import Target, TargetError
from .verdict import INTERRUPTED, RunInfo, Verdict


@dataclass
class Settings:
    profile: str = "fast"
    seed: int = 0
    reports: Path = Path("reports")
    options: list[str] = field(default_factory=list)  # passed through to Schemathesis
    again: str = ""  # the command that repeats the run
    accept_not_implemented: bool = False
    baseline: Baseline | None = None  # the accepted deviations (--baseline)
    max_minutes: float | None = None  # the run's time budget (--max-minutes)
    max_requests: int | None = None  # and its request budget (--max-requests)


@contextmanager
def resolve(target: Target | None) -> Iterator[Target]:
    """`target` (the server the GIGS_* variables name), or else the embedded reference server, for the block."""
    if target is not None:
        yield target
    else:
        with launch() as started:
            yield started


def load_baseline(path: Path | None) -> Baseline | None:
    """The accepted deviations in `path`, checked whole (baseline.BaselineError says what is wrong)."""
    if path is None:
        return None
    from . import baseline, checks
    from ._schemathesis_compat import built_in_checks

    names = [*behaviour.RULES, *(check.__name__ for check in checks.CHECKS), *built_in_checks()]
    return baseline.load(path, names, spec.operations().values())


def versions() -> dict[str, str]:
    found = {}
    for name in ("gigs-contract", "gigs-devices", "gigs-devices-mock", "schemathesis", "hypothesis"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def info_for(description: str, base_url: str, settings: Settings) -> RunInfo:
    started = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return RunInfo(description, base_url, settings.profile, settings.seed, settings.again, started, {}, versions())


def run(target: Target, settings: Settings, progress: Progress) -> tuple[Verdict, RunInfo]:
    """Hold `target` to the contract; the verdict, with its reports written to `settings.reports`."""
    info = info_for(target.describe(), target.base_url, settings)
    report.clear(settings.reports)
    operations = spec.operations()
    summary = Summary(set(operations), second_project=target.has_second_project)
    outcome = None
    clock = time.monotonic()
    try:
        with _timed(info, "preflight"), progress.part("preflight", lambda: Status(0, None, "checks", "keys and URL")):
            rate = behaviour.max_rps(target)
            preflight(target, Pace(rate))
        with (
            _timed(info, "schemathesis"),
            progress.part("schemathesis", lambda: _schemathesis_status(summary)),
        ):
            schemathesis_run.run(
                target,
                settings.profile,
                settings.options,
                settings.reports / "schemathesis",
                summary,
                seed=settings.seed,
                rate=rate,
            )
        with _timed(info, "behaviour"):
            budget = behaviour.Budget(
                deadline=clock + settings.max_minutes * 60 if settings.max_minutes else None,
                max_requests=settings.max_requests,
                spent_before=summary.answers(),
            )
            outcome = behaviour.run(target, settings.profile, settings.seed, progress, budget=budget)
        verdict = Verdict(summary, outcome, operations, target.has_second_project)
    except (CannotTest, TargetError) as error:
        verdict = Verdict(summary, outcome, operations, target.has_second_project, reason=str(error))
    except KeyboardInterrupt:
        info.timings["total"] = time.monotonic() - clock
        interrupted = Verdict(summary, outcome, operations, target.has_second_project, reason=INTERRUPTED)
        report.write(interrupted, info, settings.reports)
        raise
    info.timings["total"] = time.monotonic() - clock
    verdict.accept_not_implemented = settings.accept_not_implemented
    verdict.baseline = settings.baseline
    return verdict, info


def untested(base_url: str) -> str:
    """What a run that could not start says it tested: the server named, if any, and no more."""
    return f"the server given by GIGS_BASE_URL ({base_url!r})" if base_url else "no server (none named)"


def not_tested(reason: str, description: str, base_url: str, settings: Settings) -> tuple[Verdict, RunInfo]:
    """The verdict of a run that could not even start (no target): NOT TESTED, and why."""
    info = info_for(description, base_url, settings)
    report.clear(settings.reports)
    return Verdict(Summary(), None, spec.operations(), reason=reason), info


def _schemathesis_status(summary: Summary) -> Status:
    failures = len(summary.groups)
    detail = f"phase {summary.phase or 'starting'} · {failures} failure{'s' * (failures != 1)}"
    return Status(summary.cases, None, "cases", detail)


@contextmanager
def _timed(info: RunInfo, part: str) -> Iterator[None]:
    start = time.monotonic()
    try:
        yield
    finally:
        info.timings[part] = round(time.monotonic() - start, 3)
