"""The verdict as the console shows it at the end of a run: both halves, every failure with its
reproducer (whole: a reproducer is never cut), notes, and the verdict as the last word."""

from __future__ import annotations

from .. import reproduce
from ..verdict import RunInfo, Verdict

MARKS = {"passed": "✓", "failed": "✗", "accepted": "~", "not run": "-", "not applicable": "·", "not implemented": "5"}


def render(verdict: Verdict, info: RunInfo, scripts: dict[int, str]) -> str:
    lines = _schemathesis(verdict) + [""] + _behaviour(verdict) + [""] + _suite_errors(verdict)
    lines += _failures(verdict, info, scripts) + _accepted(verdict)
    lines += [f"Note: {note}" for note in verdict.notes()]
    lines.append(f"\nServer tested: {info.target}")
    lines.append(f"Verdict: {verdict.headline()}.")
    return "\n".join(lines)


def _schemathesis(verdict: Verdict) -> list[str]:
    rows = verdict.operation_rows()
    if not verdict.summary.ran:
        return ["Schemathesis: did not run."]
    names = sorted({name for row in rows for name in row["checks"]})
    lines = [
        "Schemathesis: checks by operation (✓ examined and passed · ✗ failed · - nothing to examine ·"
        " 5 not implemented by the server;",
        "valid: the cases generated valid, and how many of those were answered 2xx):",
        f"{'operation':<44}{'cases':>6}{'2xx':>6}{'valid':>10}" + "".join(f"{n + 1:>4}" for n in range(len(names))),
    ]
    for row in rows:
        valid = f"{row['valid_successes']}/{row['valid']}"
        cells = "".join(f"{MARKS[row['checks'].get(name, 'not run')]:>4}" for name in names)
        lines.append(f"{row['operation']:<44}{row['cases']:>6}{row['successes']:>6}{valid:>10}{cells}")
    totals = {name: sum(verdict.summary.examined[row["operation"]][name] for row in rows) for name in names}
    lines.append("checks (answers examined): " + "  ".join(f"{n + 1}={c} ({totals[c]})" for n, c in enumerate(names)))
    return lines


def _behaviour(verdict: Verdict) -> list[str]:
    outcome = verdict.outcome
    if outcome is None:
        return ["Behaviour: did not run."]
    lines = [f"Behaviour: the API's rules against a model ({outcome.describe()}):"]
    for row in verdict.rule_rows():
        lines.append(f"  {MARKS[row['state']]} {row['rule']:<20}{row['examined']:>6}  {row['statement']}")
    rows = verdict.interaction_rows()
    missing = [f"{row['write']} → {row['then']}" for row in rows if not row["exercised"]]
    lines.append(
        f"Interactions: {len(rows) - len(missing)} of {len(rows)} exercised (what each write does to every view and"
        " to the writes after it; index.html has the table)" + (":" if missing else ".")
    )
    lines += [f"  - not exercised: {pair}" for pair in missing]
    return lines


def _suite_errors(verdict: Verdict) -> list[str]:
    errors = verdict.suite_failed()
    if not errors:
        return []
    lines = [f"The suite itself failed ({len(errors)} error{'s' * (len(errors) != 1)}): no fault of the server's."]
    for error in errors:
        lines += [f"  {line}" for line in error.splitlines()] + [""]
    return lines


def _accepted(verdict: Verdict) -> list[str]:
    accepted = verdict.accepted()
    if not accepted:
        return []
    lines = [f"Accepted deviations ({len(accepted)}): failures the baseline accepts; they do not fail the run."]
    for failure, entry in accepted:
        lines.append(f"  ~ {failure.title}: {failure.messages[0] if failure.messages else ''}")
        lines.append(f"    accepted until {entry.expires.isoformat()}: {entry.reason}")
    return [*lines, ""]


def _failures(verdict: Verdict, info: RunInfo, scripts: dict[int, str]) -> list[str]:
    failures = verdict.failures()
    if not failures:
        return []
    lines = [
        f"Failures ({len(failures)}), each with its reproducer: the shortest sequence found, the failing request",
        "last. The lines run as pasted into bash, with GIGS_BASE_URL and GIGS_TOKEN set (the embedded server:",
        "`make mock`, then GIGS_BASE_URL=http://127.0.0.1:4010 GIGS_TOKEN=dev_token).",
        "",
    ]
    for number, failure in enumerate(failures, 1):
        cases = f" ({failure.count} cases)" if failure.count > 1 else ""
        lines.append(f"{number}. {failure.title}{cases}")
        lines += [f"     {message}" for message in failure.messages[:3]]
        if len(failure.messages) > 3:
            lines.append(f"     … and {len(failure.messages) - 3} more messages (summary.json has them all)")
        if failure.steps:
            lines += [f"     {line}" for line in reproduce.lines(failure.steps, info.base_url)]
        if number in scripts:
            lines.append(f"     (as a script: {scripts[number]})")
        lines.append("")
    return lines
