"""The report a person opens: one self-contained HTML page (no script, no CDN), rendered by Jinja2.

The verdict is its headline; then every failure with its reproducer; then what each half examined:
per operation, Schemathesis's checks; per behavioural rule, its count. The template is
report.html.jinja beside this module.
"""

from __future__ import annotations

import functools

import jinja2

from .. import reproduce
from ..verdict import EXIT_STATUSES, FAILED, NOT_TESTED, RunInfo, Verdict


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("gigs_contract", "report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a name the template misspells fails the run, not the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html.jinja")


def render(verdict: Verdict, info: RunInfo, scripts: dict[int, str]) -> str:
    failures = verdict.failures()
    rows = verdict.operation_rows()
    return _template().render(
        verdict=verdict,
        info=info,
        status=verdict.status,
        tone={FAILED: "failed", NOT_TESTED: "not-tested"}.get(verdict.status, "passed"),
        headline=verdict.headline(),
        exit_status=verdict.exit_status(),
        exit_meaning=EXIT_STATUSES[verdict.exit_status()],
        failures=[
            {
                "number": number,
                "failure": failure,
                "lines": reproduce.lines(failure.steps, info.base_url) if failure.steps else [],
                "script": scripts.get(number),
            }
            for number, failure in enumerate(failures, 1)
        ],
        reasons=verdict.cannot_test(),
        accepted=verdict.accepted(),
        checks=sorted({name for row in rows for name in row["checks"]}),
        operations=rows,
        rules=verdict.rule_rows(),
        interactions=verdict.interaction_rows(),
        suite_errors=verdict.suite_failed(),
        outcome=verdict.outcome,
        summary=verdict.summary,
        notes=verdict.notes(),
    )
