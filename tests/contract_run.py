"""`gigs-contract` as a user runs it, in a process of its own: the tests' one way to run the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mock_server import ROOT

from gigs_contract.target import Target


def gigs_contract(*args: str, target: Target | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the command with `args`, against `target` (unpaced: it is on this machine) or, without one,
    the embedded server; none of this process's GIGS_* variables reach it."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIGS_")}
    if target is not None:
        env |= {**target.env(), "GIGS_MAX_RPS": "1000"}
    command = [sys.executable, "-m", "gigs_contract", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
