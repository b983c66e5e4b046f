"""Which server the contract suite tests: one given by the environment, or the embedded reference server.

    GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT        the server, a key and the key's project
    GIGS_TOKEN_2, GIGS_PROJECT_2                   optional: a second project, for isolation checks

With no GIGS_BASE_URL, the reference server is started on a free loopback port with its default
keys (dev_token → dev, dev2_token → dev2), and stopped afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]  # the checkout, when run from one
# The spec and the suite's policy travel with the package (links to the checkout's files), so that
# an installed suite (`pip install 'gigs-devices[contract]'`, `gigs-contract`) runs anywhere.
SPEC_PATH = Path(__file__).resolve().parent / "openapi.yaml"
CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"
WORK_ENV = "GIGS_CONTRACT_WORK"  # the run's directory: its configuration and dictionaries
UNKNOWN_SUFFIX = "_contractSuiteUnknown"  # a dictionary's entry when the project has no such ID
ENV_NAMES = ("GIGS_BASE_URL", "GIGS_TOKEN", "GIGS_PROJECT", "GIGS_TOKEN_2", "GIGS_PROJECT_2")


class TargetError(RuntimeError):
    """The target is not configured well enough to test, or the embedded server did not start."""


@dataclass(frozen=True)
class Target:
    base_url: str
    token: str
    project: str
    token_2: str | None = None
    project_2: str | None = None
    embedded: bool = False

    @property
    def has_second_project(self) -> bool:
        return bool(self.token_2 and self.project_2)

    def env(self) -> dict[str, str]:
        """The target as the environment variables the suite's configuration reads."""
        values = [self.base_url, self.token, self.project, self.token_2, self.project_2]
        return {name: value for name, value in zip(ENV_NAMES, values, strict=True) if value}

    def known_ids(self) -> dict[str, list[str]]:
        """User and SIM IDs of the project, so that generated bodies can name real ones, and the SIMs
        seen on a device ("attached"), which a new device cannot take.

        The embedded server's come from its seed; a live server's from the devices it already has
        (read only), or from GIGS_USER_IDS / GIGS_SIM_IDS (comma-separated) when given.
        """
        if self.embedded:
            from gigs_devices_mock.seed import DEFAULT_SEED_PATH

            project = json.loads(DEFAULT_SEED_PATH.read_text())["projects"][self.project]
            users, sims = [u["id"] for u in project["users"]], [s["id"] for s in project["sims"]]
            return {"users": users, "sims": sims, "attached": _attached(project["devices"])}
        from .behaviour.spec import limit_bounds  # it reads the spec's path from this module

        with httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {self.token}"}) as client:
            page = client.get(f"/projects/{self.project}/devices", params={"limit": limit_bounds()[1]})
        devices = page.json().get("items", []) if page.status_code == 200 else []
        attached = _attached(devices)
        given = {
            "users": [i for i in os.environ.get("GIGS_USER_IDS", "").split(",") if i],
            "sims": [i for i in os.environ.get("GIGS_SIM_IDS", "").split(",") if i],
        }
        if given["users"] or given["sims"]:
            return {**given, "attached": attached}
        users = sorted({d["user"]["id"] for d in devices if d.get("user")})
        return {"users": users, "sims": attached, "attached": attached}

    def prepare(self, work: Path | None = None) -> dict[str, str]:
        """Write the run's Schemathesis configuration and the dictionaries it reads (known IDs) into
        `work` (default: .contract/ in the current directory); return the environment it reads.

        The SIM dictionary holds the SIMs no device was seen with, so that generated devices can take them."""
        work = (work or Path.cwd() / ".contract").resolve()
        work.mkdir(parents=True, exist_ok=True)
        # Its dictionary paths are relative to the file, so the copy reads the dictionaries beside it.
        (work / "schemathesis.toml").write_text(CONFIG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
        known = self.known_ids()
        dictionaries = {
            "users": known["users"],
            "sims": [sim for sim in known["sims"] if sim not in known["attached"]],
        }
        for kind, ids in dictionaries.items():
            # libFuzzer dictionary format; a dictionary may not be empty, and an ID that names
            # nothing only makes those cases a 422.
            entries = ids or [f"{kind[:3]}{UNKNOWN_SUFFIX}"]
            (work / f"{kind}.dict").write_text("".join(f'"{entry}"\n' for entry in entries))
        return {**self.env(), WORK_ENV: str(work)}

    def describe(self) -> str:
        kind = "the embedded reference server" if self.embedded else "the server given by GIGS_BASE_URL"
        second = f" and project {self.project_2!r}" if self.has_second_project else " (no second project)"
        return f"{kind} at {self.base_url}, project {self.project!r}{second}"


def _attached(devices: list[dict]) -> list[str]:
    return sorted({sim if isinstance(sim, str) else sim["id"] for device in devices for sim in device.get("sims", [])})


def from_env(environ: dict[str, str] | None = None) -> Target | None:
    environ = os.environ if environ is None else environ
    if not environ.get("GIGS_BASE_URL"):
        return None
    missing = [name for name in ("GIGS_TOKEN", "GIGS_PROJECT") if not environ.get(name)]
    if missing:
        raise TargetError(f"GIGS_BASE_URL is set, so {' and '.join(missing)} must be set too")
    return Target(
        base_url=environ["GIGS_BASE_URL"].rstrip("/"),
        token=environ["GIGS_TOKEN"],
        project=environ["GIGS_PROJECT"],
        token_2=environ.get("GIGS_TOKEN_2") or None,
        project_2=environ.get("GIGS_PROJECT_2") or None,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def embedded(*server_args: str, port: int | None = None, module: str = "gigs_devices_mock.cli") -> Iterator[Target]:
    """The reference server as a process on a loopback port (a free one by default), for the block.

    `module` runs another server with the same command line (the contract self-test's broken ones).
    """
    port = port or free_port()
    command = [sys.executable, "-m", module, "--port", str(port), "--no-access-log", *server_args]
    with tempfile.TemporaryFile() as log, subprocess.Popen(command, stdout=log, stderr=log) as process:
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url, process, log)
            yield Target(base_url, "dev_token", "dev", "dev2_token", "dev2", embedded=True)
        finally:
            stop(process)


@contextmanager
def resolve() -> Iterator[Target]:
    """The server of the environment if one is given, else the embedded one."""
    target = from_env()
    if target is not None:
        yield target
    else:
        with embedded() as started:
            yield started


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    """Stop a server process (SIGTERM lets it finish cleanly) and return its exit status."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def wait_until_up(base_url: str, process: subprocess.Popen, log=None, timeout: float = 30) -> None:
    """Wait until a started server answers; `log`, a file of its output, explains an early exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = ""
            if log is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")
            raise TargetError(f"the server exited with status {process.returncode} at start:\n{output}")
        try:
            httpx.get(f"{base_url}/openapi.yaml", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TargetError(f"the reference server did not answer at {base_url} within {timeout:.0f} s")
