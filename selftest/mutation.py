"""The contract suite's mutation score: how many small breaks of the reference server it catches.

    make mutation                      every mutant of the server's rule-carrying modules
    make mutation MUTATION_ARGS="--sample 20 --seed 3"   20 mutants a module, drawn with seed 3
    python -m selftest.mutation --shard 2/4             the second quarter of them (CI jobs in parallel)

A suite can only be trusted as far as it can fail. Cosmic Ray (pinned in requirements/dev.txt) breaks the
reference server one small change at a time (a `<` for a `<=`, an `and` for an `or`, a number off by
one) in the modules that carry the API's rules, and the contract suite judges each mutant as it
would any server: the behavioural half against the embedded server, stopping at its first failure,
then, for a mutant that half passes, the whole suite. A mutant the suite does not fail either
changes nothing a client can see (an equivalent mutant: listed, each with its reason, in
equivalent_mutants.toml, which a reviewer reads) or shows a rule the suite does not really check.

Cosmic Ray mutates files in place, so every worker gets a copy of the server package of its own,
put first on PYTHONPATH for the server the suite starts: the checkout is never touched. Mutants are
chosen as follows, and the report says how many each choice left out:
- in a type annotation: not run (`from __future__ import annotations` keeps them as text, so they
  change nothing at run time);
- a reduced set of replacements per operator ("selective mutation", Offutt et al. 1996): one
  arithmetic replacement per operator, and for comparisons the negation and the boundary shift
  (`<` → `<=`, `<` → `>=`); the other replacements are caught whenever these are;
- listed as equivalent: not run, counted apart;
- `--sample N`: N of each module's mutants, drawn with `--seed` (no module is skipped);
- `--shard K/N`: every N-th mutant from the K-th, for jobs that split the run.

The report (console, and `--reports`/mutation.json and .md) gives killed, survived, timed out and
the score: killed and timed out over all that ran. It fails (exit 1) below `--target` (95 %) or when
an equivalent entry matches no mutant any more (a stale reason is no reason).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "server" / "gigs_devices_mock"
EQUIVALENTS = Path(__file__).with_name("equivalent_mutants.toml")
# The modules that carry the API's rules, by package path. Left out, each for a reason: server.py,
# cors.py, cli.py and docs.py are the HTTP stack, the browser's and the command line's (the suite
# speaks HTTP/1.1 through httpx and judges answers, not sockets); faults.py serves client tests only
# (`Prefer`, which the suite never sends).
MODULES = (
    "app.py",
    "backend.py",
    "errors.py",
    "handlers/__init__.py",
    "handlers/device_models.py",
    "handlers/devices.py",
    "idempotency.py",
    "live_list.py",
    "params.py",
    "seed.py",
    "spec.py",
    "store.py",
)
# Selective mutation: the replacements kept for each operator Cosmic Ray knows.
KEPT_BINARY = {
    "Add": "Sub",
    "Sub": "Add",
    "Mul": "Add",
    "Div": "Mul",
    "FloorDiv": "Mul",
    "Mod": "FloorDiv",
    "Pow": "Mul",
    "LShift": "RShift",
    "RShift": "LShift",
    "BitOr": "BitAnd",
    "BitAnd": "BitOr",
    "BitXor": "BitOr",
}
KEPT_COMPARISONS = {
    "Eq": {"NotEq"},
    "NotEq": {"Eq"},
    "Lt": {"LtE", "GtE"},
    "LtE": {"Lt", "Gt"},
    "Gt": {"GtE", "LtE"},
    "GtE": {"Gt", "Lt"},
    "Is": {"IsNot"},
    "IsNot": {"Is"},
}
JUDGE_SEED = 20261206
TARGET = 95.0


@dataclass(frozen=True)
class Mutant:
    job: str
    module: str  # package path: handlers/devices.py
    operator: str
    occurrence: int
    line: int
    column: int
    function: str | None

    def text(self) -> str:
        return _words((PACKAGE / self.module).read_text(encoding="utf-8").splitlines()[self.line - 1])

    def mutated_text(self) -> str:
        """The mutated line, as Cosmic Ray would write it (for the entries that must tell two apart)."""
        from cosmic_ray.mutating import mutate_code
        from cosmic_ray.plugins import get_operator

        mutated = mutate_code(
            (PACKAGE / self.module).read_text(encoding="utf-8"), get_operator(self.operator)(), self.occurrence
        )
        return _words(mutated.splitlines()[self.line - 1]) if mutated else ""

    def where(self) -> str:
        return f"{self.module}:{self.line}"


def _words(line: str) -> str:
    """A line with its spaces collapsed: how an entry names it, whatever the indentation."""
    return " ".join(line.split())


@dataclass(frozen=True)
class Equivalent:
    module: str
    operator: str
    line: str  # the line as it stands (spaces collapsed): stable when lines move
    reason: str
    to: str | None = None  # the line as mutated, where one operator makes two mutants of it

    def matches(self, mutant: Mutant) -> bool:
        if (mutant.module, mutant.operator, mutant.text()) != (self.module, self.operator, self.line):
            return False
        return self.to is None or mutant.mutated_text() == self.to


def read_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("equivalent", [])
    found = []
    for entry in entries:
        missing = {"module", "operator", "line", "reason"} - entry.keys()
        if missing or not str(entry.get("reason", "")).strip():
            raise SystemExit(f"{path.name}: every entry needs a module, an operator, a line and a reason: {entry}")
        to = _words(entry["to"]) if "to" in entry else None
        found.append(Equivalent(entry["module"], entry["operator"], _words(entry["line"]), entry["reason"].strip(), to))
    return found


# Choosing mutants -------------------------------------------------------------------------------


def annotation_lines(source: str) -> set[tuple[int, int, int, int]]:
    """The spans (line, column, end line, end column) of the module's annotations."""
    spans: set[tuple[int, int, int, int]] = set()
    for node in ast.walk(ast.parse(source)):
        annotations: list[ast.expr | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
            annotations += [argument.annotation for argument in every if argument is not None]
            annotations.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
        for annotation in annotations:
            if annotation is not None:
                end_line, end_column = annotation.end_lineno, annotation.end_col_offset
                if end_line is not None and end_column is not None:  # None only for nodes not parsed
                    spans.add((annotation.lineno, annotation.col_offset, end_line, end_column))
    return spans


def _inside(position: tuple[int, int], span: tuple[int, int, int, int]) -> bool:
    line, column = position
    return (span[0], span[1]) <= (line, column) < (span[2], span[3])


def kept_operator(operator: str) -> bool:
    """Whether selective mutation keeps this replacement (core/ReplaceBinaryOperator_Add_Sub, say)."""
    name = operator.removeprefix("core/")
    kind, _, pair = name.partition("_")
    if kind == "ReplaceBinaryOperator":
        source, target = pair.split("_")
        return KEPT_BINARY.get(source) == target
    if kind == "ReplaceComparisonOperator":
        source, target = pair.split("_")
        return target in KEPT_COMPARISONS.get(source, set())
    return True


def why_left_out(mutant: Mutant, spans: set[tuple[int, int, int, int]], equivalents: list[Equivalent]) -> str | None:
    """Why a mutant is not run, or None when it is."""
    if any(_inside((mutant.line, mutant.column), span) for span in spans):
        return "in a type annotation"
    if not kept_operator(mutant.operator):
        return "a replacement selective mutation leaves out"
    if any(entry.matches(mutant) for entry in equivalents):
        return "equivalent"
    return None


# Running ----------------------------------------------------------------------------------------


def _config(copy: Path, timeout: float, seed: int) -> str:
    paths = ", ".join(json.dumps(str(copy / "gigs_devices_mock" / module)) for module in MODULES)
    judge = f"{sys.executable} -m selftest.mutation judge --seed {seed}"
    return (
        "[cosmic-ray]\n"
        f"module-path = [{paths}]\n"
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(judge)}\n"
        '[cosmic-ray.distributor]\nname = "local"\n'
    )


def _cosmic_ray(*args: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    command = [sys.executable, "-m", "cosmic_ray.cli", *args]  # the pinned Cosmic Ray of this environment
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"cosmic-ray {args[0]} failed:\n{done.stdout}{done.stderr}")


def _mutants(session: Path, copy: Path) -> list[Mutant]:
    from cosmic_ray.work_db import use_db

    found = []
    with use_db(str(session)) as db:
        for item in db.work_items:
            (mutation,) = item.mutations
            module = Path(mutation.module_path).relative_to(copy / "gigs_devices_mock").as_posix()
            line, column = mutation.start_pos
            found.append(
                Mutant(
                    item.job_id,
                    module,
                    mutation.operator_name,
                    mutation.occurrence,
                    line,
                    column,
                    mutation.definition_name,
                )
            )
    return sorted(found, key=lambda m: (m.module, m.line, m.column, m.operator, m.occurrence))


def _skip(session: Path, jobs: dict[str, str]) -> None:
    from cosmic_ray.work_db import use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session)) as db:
        for job, reason in jobs.items():
            db.set_result(job, WorkResult(output=reason, worker_outcome=WorkerOutcome.SKIPPED))


def choose(
    mutants: list[Mutant],
    equivalents: list[Equivalent],
    sample: int | None,
    seed: int,
    shard: tuple[int, int],
    only: Sequence[str] = (),
) -> tuple[list[Mutant], Counter[str]]:
    """The mutants to run, and how many each choice left out."""
    left_out: Counter[str] = Counter()
    spans = {module: annotation_lines((PACKAGE / module).read_text(encoding="utf-8")) for module in MODULES}
    chosen = []
    for mutant in mutants:
        reason = why_left_out(mutant, spans[mutant.module], equivalents)
        if reason:
            left_out[reason] += 1
        else:
            chosen.append(mutant)
    if sample is not None:
        draw = random.Random(seed)
        by_module: dict[str, list[Mutant]] = {}
        for mutant in chosen:
            by_module.setdefault(mutant.module, []).append(mutant)
        sampled = [m for group in by_module.values() for m in draw.sample(group, min(sample, len(group)))]
        left_out["not in the sample"] = len(chosen) - len(sampled)
        chosen = sorted(sampled, key=mutants.index)
    if only:
        chosen = [m for m in chosen if any(f"{m.module}:{m.line}" == place for place in only)]
        left_out["not asked for (--only)"] = len(mutants) - len(chosen) - sum(left_out.values())
    index, count = shard
    sharded = chosen[index - 1 :: count]
    if count > 1:
        left_out[f"in another shard than {index}/{count}"] = len(chosen) - len(sharded)
    return sharded, left_out


def run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    equivalents = read_equivalents()
    work = Path(tempfile.mkdtemp(prefix="gigs-mutation-"))
    try:
        copies = []
        for worker in range(args.workers):
            copy = work / f"worker-{worker}"
            shutil.copytree(PACKAGE, copy / "gigs_devices_mock", ignore=shutil.ignore_patterns("__pycache__"))
            (copy / "cr.toml").write_text(_config(copy, args.timeout, args.judge_seed), encoding="utf-8")
            _cosmic_ray("init", "cr.toml", "session.sqlite", cwd=copy)
            copies.append(copy)
        mutants = _mutants(copies[0] / "session.sqlite", copies[0])
        chosen, left_out = choose(mutants, equivalents, args.sample, args.seed, args.shard, args.only)
        stale = [entry for entry in equivalents if not any(entry.matches(m) for m in mutants)]
        print(
            f"{len(mutants)} mutants of {len(MODULES)} modules; running {len(chosen)} on {args.workers} workers"
            f" ({', '.join(f'{n} {why}' for why, n in sorted(left_out.items())) or 'none left out'})",
            flush=True,
        )
        ids = {(m.module, m.operator, m.occurrence, m.line, m.column): n for n, m in enumerate(mutants)}
        for worker, copy in enumerate(copies):
            mine = {ids[(m.module, m.operator, m.occurrence, m.line, m.column)] for m in chosen[worker :: args.workers]}
            theirs = _mutants(copy / "session.sqlite", copy)
            _skip(copy / "session.sqlite", {m.job: "not this worker's" for n, m in enumerate(theirs) if n not in mine})
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda copy: _execute(copy), copies))
        results = [result for copy in copies for result in _results(copy)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return report(results, left_out, stale, time.monotonic() - start, args)


def _execute(copy: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    _cosmic_ray("exec", "cr.toml", "session.sqlite", cwd=copy, env=env)


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    outcome: str  # killed, timed out, survived, incompetent
    caught_by: str  # the judge's word: which rule or check failed, or why it could not test
    diff: str


def _results(copy: Path) -> Iterator[Result]:
    from cosmic_ray.work_db import use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    mutants = {m.job: m for m in _mutants(copy / "session.sqlite", copy)}
    with use_db(str(copy / "session.sqlite")) as db:
        for job, result in db.results:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            output = result.output or ""
            if result.test_outcome == TestOutcome.SURVIVED:
                outcome = "survived"
            elif result.test_outcome == TestOutcome.KILLED:
                outcome = "timed out" if output.strip() == "timeout" else "killed"
            else:
                outcome = "incompetent"
            verdicts = [line for line in output.splitlines() if line.startswith("judge: ")]
            caught_by = verdicts[-1].removeprefix("judge: ") if verdicts else output.strip()[-200:]
            if outcome == "killed" and ("JUDGE ERROR" in caught_by or "SUITE ERROR" in caught_by or not verdicts):
                outcome = "judge error"  # no kill: the suite or its judge broke, which a reviewer must see
            diff = (result.diff or "").replace(str(copy / "gigs_devices_mock") + "/", "")
            yield Result(mutants[str(job)], outcome, caught_by, diff)


def report(
    results: list[Result], left_out: Counter[str], stale: list[Equivalent], seconds: float, args: argparse.Namespace
) -> int:
    counts = Counter(result.outcome for result in results)
    detected = counts["killed"] + counts["timed out"]
    judged = detected + counts["survived"]
    score = 100.0 * detected / judged if judged else 0.0
    by_module: dict[str, Counter[str]] = {}
    for result in results:
        by_module.setdefault(result.mutant.module, Counter())[result.outcome] += 1
    survivors = sorted((r for r in results if r.outcome == "survived"), key=lambda r: (r.mutant.module, r.mutant.line))
    lines = [
        f"Mutation score: {score:.1f} % ({detected} of {judged} mutants detected: {counts['killed']} killed,"
        f" {counts['timed out']} timed out; {counts['survived']} survived; {counts['incompetent']} incompetent;"
        f" {counts['judge error']} judge errors)",
        f"Left out: {', '.join(f'{n} {why}' for why, n in sorted(left_out.items())) or 'none'}",
        f"Took {seconds / 60:.1f} minutes on {args.workers} workers.",
        "",
        f"{'module':<28}{'killed':>8}{'timeout':>9}{'survived':>10}",
    ]
    for module, module_counts in sorted(by_module.items()):
        lines.append(
            f"{module:<28}{module_counts['killed']:>8}{module_counts['timed out']:>9}{module_counts['survived']:>10}"
        )
    if survivors:
        lines += [
            "",
            "Survivors (each a rule the suite does not check, or an equivalent mutant to list with its reason):",
        ]
        for result in survivors:
            lines += [
                f"- {result.mutant.where()} {result.mutant.operator} in {result.mutant.function}",
                *[
                    f"    {line}"
                    for line in result.diff.splitlines()
                    if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
                ],
            ]
    if stale:
        lines += ["", "Stale entries of equivalent_mutants.toml (they match no mutant; remove them):"]
        lines += [f"- {entry.module} {entry.operator}: {entry.line}" for entry in stale]
    text = "\n".join(lines)
    print(text)
    folder = Path(args.reports) / "mutation"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mutation.md").write_text(text + "\n", encoding="utf-8")
    data = {
        "score": round(score, 2),
        "target": args.target,
        "counts": dict(counts),
        "left_out": dict(left_out),
        "seconds": round(seconds, 1),
        "workers": args.workers,
        "modules": {module: dict(c) for module, c in by_module.items()},
        "results": [
            {
                "module": r.mutant.module,
                "line": r.mutant.line,
                "operator": r.mutant.operator,
                "function": r.mutant.function,
                "outcome": r.outcome,
                "caught_by": r.caught_by,
                "diff": r.diff,
            }
            for r in sorted(results, key=lambda r: (r.mutant.module, r.mutant.line, r.mutant.operator))
        ],
        "stale_equivalents": [entry.__dict__ for entry in stale],
    }
    (folder / "mutation.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    judge_errors = [r for r in results if r.outcome in ("judge error", "incompetent")]
    if judge_errors:
        lines = [f"- {r.mutant.where()} {r.mutant.operator}: {r.caught_by}" for r in judge_errors]
        print("\nJudge errors (the suite or its judge broke; no kill):\n" + "\n".join(lines))
    return 0 if score >= args.target and not stale and not judge_errors else 1


# Judging one mutant -----------------------------------------------------------------------------


def judge(seed: int) -> int:
    """The contract suite against the embedded (mutated) server: 0 when it passes (the mutant survives),
    1 when it does not (killed). Prints `judge: <why>` last, which the report reads. An error of the
    judge's own prints `judge: JUDGE ERROR …`: the report counts it apart, never as a kill."""
    try:
        return _judge(seed)
    except Exception as error:  # noqa: BLE001 - reported as the judge's, so that no accident counts as a kill
        print(f"judge: JUDGE ERROR {type(error).__name__}: {error}"[:300])
        return 3


def _judge(seed: int) -> int:
    import io

    from gigs_contract import behaviour, schemathesis_run, spec
    from gigs_contract.embedded import launch
    from gigs_contract.events import Summary
    from gigs_contract.progress import Progress
    from gigs_contract.target import TargetError
    from gigs_contract.verdict import Verdict

    quiet = Progress(io.StringIO(), live=False, interval=3600)
    operations = spec.operations()
    try:
        with launch() as target:
            outcome = behaviour.run(target, "fast", seed, quiet, fail_fast=True)
            verdict = Verdict(Summary(), outcome, operations, target.has_second_project)
            if outcome.failures or outcome.cannot_test or outcome.suite_errors:
                print(f"judge: behaviour {_why(verdict)}")
                return 1
            # The behavioural half passed it: Schemathesis's half judges it too, and the verdict is both.
            summary = Summary(set(operations), second_project=target.has_second_project)
            folder = Path(tempfile.mkdtemp(prefix="gigs-mutation-judge-"))
            try:
                schemathesis_run.run(target, "fast", [], folder, summary, seed=seed, rate=None)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            verdict = Verdict(summary, outcome, operations, target.has_second_project)
    except TargetError as error:
        print(f"judge: the server did not start: {str(error).splitlines()[0][:200]}")
        return 1
    print(f"judge: {verdict.status.lower()} {_why(verdict)}")
    return 0 if verdict.exit_status() == 0 else 1


def _why(verdict: object) -> str:
    from gigs_contract.verdict import Verdict

    assert isinstance(verdict, Verdict)
    if verdict.suite_failed():
        return "SUITE ERROR " + verdict.suite_failed()[0].splitlines()[-1][:200]
    failures = verdict.failures()
    if failures:
        return ", ".join(sorted({failure.check for failure in failures}))
    return "; ".join(verdict.cannot_test())[:300]


# The command line -------------------------------------------------------------------------------


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"{text!r}: expected K/N with 1 <= K <= N")
    return int(index), int(count)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m selftest.mutation", description=(__doc__ or "").split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")
    judging = commands.add_parser("judge", help="judge one mutant (Cosmic Ray's test command)")
    judging.add_argument("--seed", type=int, default=JUDGE_SEED)
    parser.add_argument("--sample", type=int, help="mutants a module, drawn with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="the sample's draw")
    parser.add_argument("--shard", type=_shard, default=(1, 1), help="K/N: every N-th mutant, from the K-th")
    parser.add_argument(
        "--only", action="append", default=[], metavar="MODULE:LINE", help="the mutants of this line only (repeatable)"
    )
    parser.add_argument("--workers", type=int, default=2, help="mutants judged at once (default 2)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds a judgement may take")
    parser.add_argument("--judge-seed", type=int, default=JUDGE_SEED, help="the contract suite's seed")
    parser.add_argument("--target", type=float, default=TARGET, help="the score below which it fails (percent)")
    parser.add_argument("--reports", default="reports", help="where mutation.json and mutation.md go")
    parser.add_argument("--keep", action="store_true", help="keep the workers' folders (printed) for digging")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "judge":
        return judge(args.seed)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
