"""An interrupted contract run leaves the project as it found it, and no process behind.

`make contract` is run as a user would (its own process group, against a server given by
GIGS_BASE_URL), and stopped the three ways it is stopped in practice: Ctrl-C (SIGINT to the group),
a CI cancel (SIGTERM to the group), and SIGTERM to the parent alone. Each is tried while Schemathesis
runs and while the behavioural suite runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from mock_server import ROOT, launch

pytestmark = pytest.mark.slow

STOP_WITHIN = 60  # seconds from the signal to a clean exit: the child's grace (30 s) and clean-up


def _devices(base_url: str) -> list[str]:
    answer = httpx.get(
        f"{base_url}/projects/dev/devices", params={"limit": 200}, headers={"Authorization": "Bearer dev_token"}
    )
    return sorted(item["id"] for item in answer.json()["items"])


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _group_size(pgid: int) -> int:
    """How many live processes are in the group (Linux /proc: the 5th field of stat, after the name)."""
    members = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        members += fields[0] != "Z" and int(fields[2]) == pgid
    return members


@pytest.mark.parametrize("phase", ["schemathesis", "behaviour"])
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm-to-group", "sigterm-to-parent"])
def test_an_interrupted_run_deletes_what_it_created_and_leaves_no_process(how, phase, tmp_path):
    with launch() as server:
        before = _devices(server.base_url)
        env = {
            **os.environ,
            "GIGS_BASE_URL": server.base_url,
            "GIGS_TOKEN": "dev_token",
            "GIGS_PROJECT": "dev",
            "GIGS_MAX_RPS": "1000",
        }
        command = [sys.executable, "-m", "gigs_contract", "--seed", "7", "--reports", str(tmp_path)]
        run = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        output: list[str] = []
        behaviour_started = threading.Event()

        def read() -> None:
            for line in run.stdout:
                output.append(line)
                # The progress line of the behavioural part: it starts once Schemathesis has finished.
                if "] behaviour: " in line:
                    behaviour_started.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            if phase == "behaviour":
                assert behaviour_started.wait(90), "".join(output)
                deadline = time.monotonic() + 30
                while _group_size(run.pid) > 1 and time.monotonic() < deadline:  # Schemathesis has exited
                    time.sleep(0.02)
            # Signal while the run holds devices of its own.
            deadline = time.monotonic() + 60
            while (holds := _devices(server.base_url)) == before and time.monotonic() < deadline:
                time.sleep(0.02)
            assert holds != before, "nothing was created yet: the interrupt would prove nothing"
            assert run.poll() is None, "".join(output)
            signalled = time.monotonic()
            if how == "ctrl-c":
                os.killpg(run.pid, signal.SIGINT)
            elif how == "sigterm-to-group":
                os.killpg(run.pid, signal.SIGTERM)
            else:
                run.send_signal(signal.SIGTERM)
            status = run.wait(STOP_WITHIN)
            took = time.monotonic() - signalled
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
            reader.join(5)
            run.stdout.close()
        after = _devices(server.base_url)
        deadline = time.monotonic() + 5
        while _group_alive(run.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        print(
            f"\n{how} during {phase}: exit {status} after {took:.1f} s; devices left: {len(set(after) - set(before))}"
        )
        assert status == 130, "".join(output[-30:])
        # Every surface says what the command exited with.
        summary = json.loads((tmp_path / "summary.json").read_text())
        assert (summary["exit_status"], summary["verdict"]) == (130, "NOT TESTED"), summary["headline"]
        assert "Exit status 130" in (tmp_path / "index.html").read_text()
        assert after == before, "".join(output[-30:])
        assert not _group_alive(run.pid), "a process of the run outlived it"
