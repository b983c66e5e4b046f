"""The contract suite inside a team's own pytest: `pytest --gigs-contract` (or `--gigs-base-url URL`).

Registered as a `pytest11` entry point by the gigs-contract distribution; it adds nothing to a run that does
not ask for it. Asked, it runs the suite once, as the session starts (the same run as `gigs-contract`,
with the same reports), and reports it as test items, so the team's runner, plugins and dashboards see it:

    gigs-contract::schemathesis::<operationId>   Schemathesis's checks of one operation
    gigs-contract::behaviour::<rule>             one behavioural rule; skipped when it had nothing to examine
    gigs-contract::verdict                       the run's verdict: fails on FAILED and on NOT TESTED

A failing item's report is the failure's messages and its reproducer; an accepted deviation is an
xfail. The verdict comes last, so that `-x` stops after a failure with its reproducer, not before.

Under pytest-xdist the run is made once, by the controller, before the workers start; the items,
spread over the workers, read its verdict from the run's summary.json. Progress goes to the
terminal whatever pytest captures.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import warnings
from pathlib import Path
from typing import Any, cast

import pytest
from _pytest.capture import CaptureManager

OPTIONS = {
    # option → (the GIGS_* variable it stands for, help)
    "--gigs-base-url": ("GIGS_BASE_URL", "the server's root URL (default: $GIGS_BASE_URL)"),
    "--gigs-token": ("GIGS_TOKEN", "a key of the project (default: $GIGS_TOKEN)"),
    "--gigs-project": ("GIGS_PROJECT", "the project (default: $GIGS_PROJECT)"),
    "--gigs-token-2": ("GIGS_TOKEN_2", "optional: a key of a second project (default: $GIGS_TOKEN_2)"),
    "--gigs-project-2": ("GIGS_PROJECT_2", "optional: the second project (default: $GIGS_PROJECT_2)"),
}
ROOT_NODE = "gigs-contract"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gigs-contract", "the Gigs Devices API contract suite")
    group.addoption("--gigs-contract", action="store_true", help="run the contract suite as test items")
    group.addoption(
        "--gigs-embedded",
        action="store_true",
        help="test the embedded reference server (refused when a GIGS_* variable names another server)",
    )
    for option, (variable, text) in OPTIONS.items():
        group.addoption(option, metavar=variable, help=text)
    group.addoption("--gigs-profile", choices=["fast", "full"], default="fast", help="how much to test (default: fast)")
    group.addoption("--gigs-seed", type=int, help="repeat a run's cases (default: a random seed)")
    group.addoption("--gigs-reports", metavar="DIR", default="reports", help="where the reports go (default: reports)")
    group.addoption("--gigs-baseline", metavar="FILE", help="accepted deviations: their failures are xfail")


def _enabled(config: pytest.Config) -> bool:
    options = ("--gigs-contract", "--gigs-base-url", "--gigs-embedded")
    return any(config.getoption(option) for option in options)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")  # a pytest-xdist worker: the controller has run the suite


def _summary_path(config: pytest.Config) -> Path:
    return Path(str(config.getoption("--gigs-reports"))).resolve() / "summary.json"


@pytest.hookimpl(tryfirst=True)  # before xdist starts its workers: they must find the run made
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not _enabled(config) or _is_worker(config) or config.getoption("collectonly"):
        return
    from hypothesis.errors import HypothesisSideeffectWarning

    capture = cast("CaptureManager | None", config.pluginmanager.getplugin("capturemanager"))
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext(), warnings.catch_warnings():
        # Hypothesis warns of strategies built while plugins load, which slow every test run; this
        # run is asked for, and must be made before xdist's workers start, so before Hypothesis's
        # plugin says loading is over.
        warnings.simplefilter("ignore", HypothesisSideeffectWarning)
        _run(config)


def _environment(config: pytest.Config) -> dict[str, str]:
    given = {variable: config.getoption(option) for option, (variable, _) in OPTIONS.items()}
    return {**os.environ, **{name: value for name, value in given.items() if value}}


def _run(config: pytest.Config) -> None:
    """The suite's one run; its reports, summary.json among them, are what every item reads."""
    from . import report, run
    from .baseline import BaselineError
    from .progress import Progress
    from .target import TargetError, from_env

    seed = config.getoption("--gigs-seed")
    seed = seed if seed is not None else random.randrange(2**32)
    profile = str(config.getoption("--gigs-profile"))
    again = f"pytest --gigs-contract --gigs-seed {seed} --gigs-profile {profile}"
    settings = run.Settings(profile, seed, Path(str(config.getoption("--gigs-reports"))), [], again)
    environment = _environment(config)
    print(
        f"\ngigs-contract: the contract suite ({profile} profile, seed {seed}) runs once, before the tests", flush=True
    )
    try:
        settings.baseline = run.load_baseline(_optional_path(config.getoption("--gigs-baseline")))
        given = from_env(environment, embedded=bool(config.getoption("--gigs-embedded")))
        with run.resolve(given) as target:
            print(f"gigs-contract: against {target.describe()}", flush=True)
            verdict, info = run.run(target, settings, Progress(sys.stderr, live=False))
    except (TargetError, BaselineError) as error:
        url = environment.get("GIGS_BASE_URL", "")
        verdict, info = run.not_tested(str(error), run.untested(url), url, settings)
    report.write(verdict, info, settings.reports)
    print(f"gigs-contract: {verdict.headline()} (reports: {settings.reports})", flush=True)


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect: they apply to these items too
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _enabled(config):
        return
    from . import spec
    from .behaviour import RULES

    parts = [("schemathesis", op) for op in sorted(spec.operations().values())]
    parts += [("behaviour", rule) for rule in RULES]
    parts.append(("verdict", ""))
    added: list[pytest.Item] = []
    for kind, name in parts:
        # Parts joined by "::", as pytest joins a node's: JUnit reports then say gigs-contract.behaviour / list_order.
        node = f"{ROOT_NODE}::verdict" if kind == "verdict" else f"{ROOT_NODE}::{kind}::{name}"
        added.append(ContractItem.from_parent(session, name=node, nodeid=node, part=(kind, name)))
    items.extend(added)
    # Reported as collected, as a collector's items are: pytest's "collected N items / M deselected"
    # then counts them, and xdist's workers agree on them.
    collected: list[pytest.Item | pytest.Collector] = [*added]
    config.hook.pytest_collectreport(report=pytest.CollectReport(ROOT_NODE, "passed", None, collected))


class ContractFailure(Exception):
    """A part of the contract the server broke; its text is the report."""


class ContractItem(pytest.Item):
    def __init__(self, *, part: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.part = part

    def _summary(self) -> dict[str, Any]:
        path = _summary_path(self.config)
        try:
            summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return summary
        except (OSError, ValueError):
            pytest.fail(f"the contract suite left no verdict in {path} (it did not run, or was interrupted)", False)

    def runtest(self) -> None:
        summary = self._summary()
        kind, name = self.part
        if kind == "verdict":
            if summary["verdict"] != "PASSED":
                raise ContractFailure(f"{summary['headline']}\nReports: {self.config.getoption('--gigs-reports')}")
            return
        operation_ids = {row["operation"]: row["operation_id"] for row in summary["operations"]}

        def mine(failure: dict[str, Any]) -> bool:
            if failure["part"] != kind:
                return False
            return failure["check"] == name if kind == "behaviour" else operation_ids.get(failure["operation"]) == name

        failures = [failure for failure in summary["failures"] if mine(failure)]
        if failures:
            raise ContractFailure("\n\n".join(_block(failure) for failure in failures))
        accepted = [deviation for deviation in summary["accepted"] if mine(deviation)]
        if accepted:
            pytest.xfail("; ".join(f"accepted deviation: {a['check']} ({a['entry']['reason']})" for a in accepted))
        if kind == "behaviour":
            row = next(row for row in summary["rules"] if row["rule"] == name)
            if row["state"] in ("not run", "not applicable"):
                pytest.skip("nothing to examine" if row["state"] == "not run" else "not applicable: one project")
        elif name in summary.get("unexercised", []):
            pytest.skip("no 2xx answer: the suite could not exercise it")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ContractFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return ROOT_NODE, None, self.name


def _block(failure: dict[str, Any]) -> str:
    lines = [f"{failure['check']} on {failure['operation']}", *failure["messages"]]
    if failure["reproducer"]["lines"]:
        lines += ["Reproducer (GIGS_BASE_URL and GIGS_TOKEN from the environment):", *failure["reproducer"]["lines"]]
    return "\n".join(lines)
