"""The Schemathesis half of a run: its configuration for the target, and its CLI in a child process.

The child (`python -m gigs_contract.schemathesis_run`) registers the suite's checks and hooks by
explicit calls, then runs Schemathesis's own CLI with schemathesis.toml. Its console output goes to
a log under reports/ (its summary speaks for its half alone, and would read as a verdict); the
parent reads its NDJSON events as they are written, for progress and for the summary.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .events import Summary
from .leftovers import JOURNAL, delete_devices, journal_leftovers
from .spec import SPEC_PATH
from .target import UNKNOWN_SUFFIX, WORK_ENV, Target

CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"  # the suite's policy, shipped with it
INTERRUPT_GRACE_SECONDS = 30  # for Schemathesis to delete what it created after an interrupt
WARNINGS_ENV = "GIGS_CONTRACT_WARNINGS"
SEED_ENV = "GIGS_CONTRACT_SEED"
# The Schemathesis options the suite passes through, each with the form its value takes; any other
# is refused by the command line (`gigs-contract --help` lists these).
PASS_THROUGH = {
    "--max-examples": "generated cases per operation and phase (raises the profile's)",
    "--include-operation-id": "test only this operation (repeatable)",
    "--exclude-operation-id": "leave this operation out (repeatable)",
}
PROFILES = {
    # Fast enough for every push: the whole run in well under a minute on two cores.
    "fast": [],
    # Nightly: at least 500 generated cases per operation, and longer stateful scenarios.
    "full": ["--max-examples", "500"],
}


def prepare(target: Target, work: Path) -> dict[str, str]:
    """Write the run's Schemathesis configuration and the dictionaries it reads (known IDs) into
    `work`; return the environment the child reads them with.

    The SIM dictionary holds the SIMs no device was seen with, so that generated devices can take them."""
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    (work / JOURNAL).unlink(missing_ok=True)  # the journal is this run's alone
    # Its dictionary paths are relative to the file, so the copy reads the dictionaries beside it.
    (work / "schemathesis.toml").write_text(CONFIG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    known = target.known_ids()
    dictionaries = {
        "users": known["users"],
        "sims": [sim for sim in known["sims"] if sim not in known["attached"]],
    }
    for kind, ids in dictionaries.items():
        # libFuzzer dictionary format; a dictionary may not be empty, and an ID that names
        # nothing only makes those cases a 422.
        entries = ids or [f"{kind[:3]}{UNKNOWN_SUFFIX}"]
        (work / f"{kind}.dict").write_text("".join(f'"{entry}"\n' for entry in entries))
    return {**target.env(), WORK_ENV: str(work)}


def command(config: Path, events: Path, profile: str, options: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gigs_contract.schemathesis_run",
        "--config-file",
        str(config),
        "run",
        str(SPEC_PATH),
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(events),
        *PROFILES[profile],
        *options,
    ]


def run(
    target: Target,
    profile: str,
    options: list[str],
    folder: Path,
    summary: Summary,
    *,
    seed: int,
    rate: float | None,
) -> Summary:
    """Run Schemathesis against `target`, feeding its events into `summary` as they are written (so
    that progress can read it); `summary`, complete.

    On an interrupt it is asked to stop (SIGINT), so that it deletes the devices it created, and
    given INTERRUPT_GRACE_SECONDS to do so before it is killed: no orphan. Whatever it ended by, the
    devices its journal says it left are deleted here: no leftovers."""
    folder.mkdir(parents=True, exist_ok=True)
    events, warnings, log = folder / "events.ndjson", folder / "warnings.json", folder / "output.log"
    summary.log = str(log)
    env = {
        **os.environ,
        **prepare(target, folder / "work"),
        WARNINGS_ENV: str(warnings.resolve()),
        SEED_ENV: str(seed),  # the hooks' fresh IMEIs follow the seed too
    }
    extra = ["--seed", str(seed), *(["--rate-limit", f"{max(1, int(rate))}/s"] if rate else []), *options]
    config = Path(env[WORK_ENV]) / "schemathesis.toml"
    with (
        log.open("wb") as output,
        subprocess.Popen(
            command(config, events.resolve(), profile, extra), env=env, stdout=output, stderr=subprocess.STDOUT
        ) as process,
    ):
        reader = _EventReader(events, summary)
        try:
            reader.follow(process)
        except BaseException:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=INTERRUPT_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            raise
        finally:
            delete_left(target, Path(env[WORK_ENV]) / JOURNAL)
    summary.exit_status = process.returncode
    if summary.failed_to_run():
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        summary.notes.append("Schemathesis's last words: " + " / ".join(line.strip() for line in tail))
    if warnings.exists():
        summary.read_warnings(json.loads(warnings.read_text(encoding="utf-8")))
    return summary


def delete_left(target: Target, journal: Path) -> None:
    """Delete the devices `journal` says the child created and did not delete; name any that stay."""
    left = journal_leftovers(journal)
    stayed = left.keys() - delete_devices(target.base_url, target.token, left)
    for device_id in sorted(stayed):
        print(f"gigs-contract: could not delete device {device_id} of project {left[device_id]}", file=sys.stderr)


class _EventReader:
    """Feeds the events Schemathesis appends to its NDJSON file into a Summary, as they are written."""

    def __init__(self, path: Path, summary: Summary) -> None:
        self.path, self.summary = path, summary
        self._offset, self._partial = 0, b""

    def follow(self, process: subprocess.Popen[bytes], poll: float = 0.2) -> None:
        while process.poll() is None:
            self._read()
            time.sleep(poll)
        self._read()

    def _read(self) -> None:
        try:
            with self.path.open("rb") as stream:
                stream.seek(self._offset)
                data = stream.read()
        except FileNotFoundError:
            return
        self._offset += len(data)
        *lines, self._partial = (self._partial + data).split(b"\n")
        for line in lines:
            if line.strip():
                self.summary.feed(json.loads(line))


# The child process ---------------------------------------------------------------------------------


def _write_warnings(path: str) -> type:
    from schemathesis import cli

    from . import _schemathesis_compat as compat

    class WarningsToFile(cli.EventHandler[Any]):
        """Write Schemathesis's warnings where the parent reads them."""

        def __init__(self, *args: Any, **params: Any) -> None:
            pass

        def handle_event(self, ctx: Any, event: Any) -> None:
            pass

        def shutdown(self, ctx: Any) -> None:
            warnings = []
            for title, summary, affects_verdict, operations in compat.warnings_of(ctx):
                text = f"{title}: {summary}" + (f" ({', '.join(operations[:5])})" if operations else "")
                # The contract verdict weighs 429s itself, over the whole run (verdict.MAX_RATE_LIMITED_SHARE):
                # a correct server that limits its rate may answer one operation's few cases mostly 429.
                affects = affects_verdict and title != "Rate limited"
                warnings.append({"title": title, "text": text, "affects_verdict": affects, "operations": operations})
            if unresolved := compat.unresolved_links(ctx):
                text = f"{unresolved} stateful links found nothing to follow in an answer (an empty list, say)"
                warnings.append({"text": text, "affects_verdict": False})
            Path(path).write_text(json.dumps(warnings), encoding="utf-8")

    return WarningsToFile


def main() -> None:
    """Schemathesis's CLI, with the suite's checks and hooks registered first."""
    from schemathesis import cli

    from . import _schemathesis_compat as compat
    from . import checks, hooks

    compat.check_version()

    def interrupt(signum: int, frame: Any) -> None:
        # A CI cancel sends SIGTERM to the whole group: stop as Ctrl-C does, so the clean-up runs.
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    checks.register()
    hooks.register()
    if path := os.environ.get(WARNINGS_ENV):
        cli.handler()(_write_warnings(path))
    cli.schemathesis(prog_name="schemathesis")


if __name__ == "__main__":
    main()
