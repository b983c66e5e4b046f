"""The embedded default target: the reference server, started as a process through its public command.

The suite knows it as it knows any server: over HTTP, and through the facts a live server's users
give in GIGS_* variables. Here the server announces them itself (`--ready-file`: its URL, keys and
each project's user and SIM IDs) once it listens on the free port the system chose (`--port 0`).
Nothing of the server's code is imported.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .target import Project, Target, TargetError

# `gigs-devices-mock`, run by this interpreter: installed with the suite's `embedded` extra.
REFERENCE_SERVER = (sys.executable, "-m", "gigs_devices_mock")
NOT_INSTALLED = (
    "the embedded reference server is not installed (it is an extra of the suite's):"
    " pip install 'gigs-contract[embedded]', or set GIGS_BASE_URL, GIGS_TOKEN and GIGS_PROJECT to test your server"
)
START_TIMEOUT = 60.0  # seconds; generous, as a busy CI machine starts Python slowly


@contextmanager
def launch(
    command: Sequence[str] = REFERENCE_SERVER,
    *args: str,
    timeout: float = START_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> Iterator[Target]:
    """Start a server that takes the reference server's command line, and stop it after the block.

    `command` is the server's command (another one that speaks the same options will do), `args`
    its further options, `env` its environment (default: this process's)."""
    if tuple(command) == REFERENCE_SERVER and importlib.util.find_spec("gigs_devices_mock") is None:
        raise TargetError(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="gigs-contract-server-") as work:
        ready, log_path = Path(work) / "ready.json", Path(work) / "server.log"
        full = [*command, "--port", "0", "--ready-file", str(ready), "--no-access-log", "--log-level", "warning", *args]
        with log_path.open("w+b") as log, subprocess.Popen(full, stdout=log, stderr=log, env=env) as process:
            try:
                facts = _wait_for_announcement(process, ready, log, timeout)
                yield from_announcement(facts)
            finally:
                stop(process)


def from_announcement(facts: dict[str, Any]) -> Target:
    """The target a server's announcement describes: its first key's project, and a second project
    when another key belongs to one."""
    keys = facts.get("keys") or []
    if not keys:
        raise TargetError("the embedded server announced no key")
    projects = facts.get("projects", {})

    def project(key: dict[str, str]) -> Project:
        known = projects.get(key["project"], {})
        return Project(key["project"], key["token"], tuple(known.get("users", ())), tuple(known.get("sims", ())))

    first = project(keys[0])
    other = next((key for key in keys if key["project"] != first.name), None)
    return Target(facts["url"], first, project(other) if other else None, embedded=True)


def _wait_for_announcement(process: subprocess.Popen[bytes], ready: Path, log: Any, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists():
            announced: dict[str, Any] = json.loads(ready.read_text(encoding="utf-8"))
            return announced
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace").strip()
            raise TargetError(f"the server exited with status {process.returncode} at start:\n{output}")
        time.sleep(0.02)
    raise TargetError(f"the server did not announce itself within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    """Stop a server process (SIGTERM lets it finish cleanly) and return its exit status."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
