"""The contract suite inside a team's own pytest: `pytest --gigs-contract` (or `--gigs-base-url URL`).

Registered as a `pytest11` entry point by the gigs-contract distribution; it adds nothing to a run that does
not ask for it. Asked, it runs the suite once (the same run as `gigs-contract`, with the same
reports) and reports it as test items, so the team's runner, plugins and dashboards see it:

    gigs-contract::verdict                       the run's verdict: fails on FAILED and on NOT TESTED
    gigs-contract::schemathesis::<operationId>   Schemathesis's checks of one operation
    gigs-contract::behaviour::<rule>             one behavioural rule; skipped when it had nothing to examine

A failing item's report is the failure's messages and its reproducer.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest

OPTIONS = {
    # option → (the GIGS_* variable it stands for, help)
    "--gigs-base-url": ("GIGS_BASE_URL", "the server's root URL (default: $GIGS_BASE_URL, else the embedded server)"),
    "--gigs-token": ("GIGS_TOKEN", "a key of the project (default: $GIGS_TOKEN)"),
    "--gigs-project": ("GIGS_PROJECT", "the project (default: $GIGS_PROJECT)"),
    "--gigs-token-2": ("GIGS_TOKEN_2", "optional: a key of a second project (default: $GIGS_TOKEN_2)"),
    "--gigs-project-2": ("GIGS_PROJECT_2", "optional: the second project (default: $GIGS_PROJECT_2)"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gigs-contract", "the Gigs Devices API contract suite")
    group.addoption("--gigs-contract", action="store_true", help="run the contract suite as test items")
    for option, (variable, text) in OPTIONS.items():
        group.addoption(option, metavar=variable, help=text)
    group.addoption("--gigs-profile", choices=["fast", "full"], default="fast", help="how much to test (default: fast)")
    group.addoption("--gigs-seed", type=int, help="repeat a run's cases (default: a random seed)")
    group.addoption("--gigs-reports", metavar="DIR", default="reports", help="where the reports go (default: reports)")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--gigs-contract") or config.getoption("--gigs-base-url"))


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect: they apply to these items too
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _enabled(config):
        return
    from . import spec
    from .behaviour import RULES

    run = ContractRun(config)
    parts = [("verdict", ""), *(("schemathesis", op) for op in sorted(spec.operations().values()))]
    parts += [("behaviour", rule) for rule in RULES]
    for kind, name in parts:
        # Parts joined by "::", as pytest joins a node's: JUnit reports then say gigs-contract.behaviour / list_order.
        node = "gigs-contract::verdict" if kind == "verdict" else f"gigs-contract::{kind}::{name}"
        items.append(ContractItem.from_parent(session, name=node, nodeid=node, run=run, part=(kind, name)))


class ContractRun:
    """One run of the suite, made when the first of its items runs, and shared by all of them."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._result: tuple[Any, Any] | None = None

    def environment(self) -> dict[str, str]:
        given = {variable: self.config.getoption(option) for option, (variable, _) in OPTIONS.items()}
        return {**os.environ, **{name: value for name, value in given.items() if value}}

    def result(self) -> tuple[Any, Any]:
        if self._result is None:
            self._result = self._run()
        return self._result

    def _run(self) -> tuple[Any, Any]:
        from . import report, run
        from .progress import Progress
        from .target import TargetError, from_env

        seed = self.config.getoption("--gigs-seed")
        seed = seed if seed is not None else random.randrange(2**32)
        profile = self.config.getoption("--gigs-profile")
        again = f"pytest --gigs-contract --gigs-seed {seed} --gigs-profile {profile}"
        settings = run.Settings(profile, seed, Path(self.config.getoption("--gigs-reports")), [], again)
        environment = self.environment()
        # Progress goes to the terminal itself: pytest captures the output of the item that runs this.
        progress = Progress(sys.__stderr__, live=False)
        try:
            given = from_env(environment)
            with run.resolve(given) as target:
                verdict, info = run.run(target, settings, progress)
        except TargetError as error:
            url = environment.get("GIGS_BASE_URL", "")
            verdict, info = run.not_tested(str(error), url or "the embedded reference server", url, settings)
        report.write(verdict, info, settings.reports)
        return verdict, info


class ContractFailure(Exception):
    """A part of the contract the server broke; its text is the report."""


class ContractItem(pytest.Item):
    def __init__(self, *, run: ContractRun, part: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run, self.part = run, part

    def runtest(self) -> None:
        from . import reproduce
        from .verdict import FAILED, NOT_TESTED

        verdict, info = self.run.result()
        kind, name = self.part
        if kind == "verdict":
            if verdict.status == NOT_TESTED:
                pytest.fail(verdict.headline(), pytrace=False)
            if verdict.status == FAILED:
                raise ContractFailure(f"{verdict.headline()}\nReports: {self.run.config.getoption('--gigs-reports')}")
            return
        failures = [
            f
            for f in verdict.failures()
            if f.part == kind and (f.check if kind == "behaviour" else _op(verdict, f)) == name
        ]
        if failures:
            blocks = []
            for failure in failures:
                lines = [failure.title, *failure.messages]
                if failure.steps:
                    lines += ["Reproducer (GIGS_BASE_URL and GIGS_TOKEN from the environment):"]
                    lines += reproduce.lines(failure.steps, info.base_url)
                blocks.append("\n".join(lines))
            raise ContractFailure("\n\n".join(blocks))
        if kind == "behaviour":
            row = next(row for row in verdict.rule_rows() if row["rule"] == name)
            if row["state"] in ("not run", "not applicable"):
                pytest.skip("nothing to examine" if row["state"] == "not run" else "not applicable: one project")
        elif name in (verdict.unexercised() if verdict.outcome else []):
            pytest.skip("no 2xx answer: the suite could not exercise it")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ContractFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "gigs-contract", None, self.name


def _op(verdict: Any, failure: Any) -> str:
    return verdict.operations.get(failure.operation, failure.operation)
