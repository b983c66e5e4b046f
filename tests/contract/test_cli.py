"""The command line is strict, says what it reads and what it answers, and can wait for a server.

An option it does not know (a typo, one of Schemathesis's it does not pass through) is a usage error,
exit 2, before any request: a run that quietly ignored `--profle full` would pass on the wrong profile.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading

import pytest
from mock_server import ROOT

from gigs_contract import cli, spec
from gigs_contract.target import VARIABLES, TargetError, from_env, wait_for_server
from gigs_contract.verdict import EXIT_STATUSES


class _Listener:
    """A socket that counts the connections made to it: a request sent would show."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus-flag"],
        ["--profle", "full"],  # a typo of --profile
        ["--prof", "full"],  # an abbreviation: none is taken
        ["--checks", "all"],  # a Schemathesis option not passed through
        ["--max-examples", "0"],
        ["--include-operation-id", "listDevice"],  # not an operation of the spec
        ["--wait-for-server", "-1"],
        ["--seed", "x"],
        ["extra"],
    ],
)
def test_a_wrong_command_line_is_a_usage_error_before_any_request(argv, tmp_path):
    listener = _Listener()
    try:
        env = {"PATH": os.environ["PATH"], "GIGS_BASE_URL": listener.url, "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"}
        run = subprocess.run(
            [sys.executable, "-m", "gigs_contract", "--reports", str(tmp_path), *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        listener.close()
    assert run.returncode == 2
    assert run.stderr.startswith("usage: gigs-contract") and "error:" in run.stderr
    assert listener.connections == 0 and not (tmp_path / "summary.json").exists()


def test_version_names_the_suite_and_what_it_runs_on(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gigs-contract ") and "Schemathesis 4.32." in out and "Hypothesis" in out


def test_help_lists_the_variables_profiles_exit_statuses_and_reports(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    for name in VARIABLES:
        assert name in text
    for status, meaning in EXIT_STATUSES.items():
        assert f"  {status}  {meaning}" in text
    assert "fast" in text and "full" in text
    for report in ("index.html", "junit.xml", "summary.json", "reproducers/"):
        assert report in text
    for option in ("--max-examples", "--include-operation-id", "--exclude-operation-id", "--wait-for-server"):
        assert option in text


def test_schemathesis_options_pass_through_as_given():
    args = cli.parser().parse_args(
        ["--max-examples", "7", "--include-operation-id", "listDevices", "--include-operation-id", "createDevice"]
    )
    assert cli.schemathesis_options(args) == [
        "--max-examples",
        "7",
        "--include-operation-id",
        "listDevices",
        "--include-operation-id",
        "createDevice",
    ]
    assert set(cli.parser().parse_args([]).__dict__) >= {"profile", "seed", "reports", "wait_for_server"}
    for operation_id in spec.operations().values():  # the IDs it accepts are the spec's, and no other
        assert cli.parser().parse_args(["--include-operation-id", operation_id]).include_operation_id == [operation_id]
    with pytest.raises(SystemExit) as refused:
        cli.parser().parse_args(["--include-operation-id", "listDevice"])
    assert refused.value.code == 2


def test_waiting_for_a_server_that_starts_late_says_that_it_waits():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = from_env({"GIGS_BASE_URL": f"http://127.0.0.1:{port}", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"})
    server = http.server.HTTPServer(("127.0.0.1", port), http.server.BaseHTTPRequestHandler, bind_and_activate=False)
    server.allow_reuse_address = True
    said: list[str] = []
    waited_twice = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if len(said) == 2:  # it said it waits, and later that it still does: now the server starts
            waited_twice.set()

    def start_late() -> None:
        waited_twice.wait(30)
        server.server_bind()
        server.server_activate()
        server.handle_request()

    starter = threading.Thread(target=start_late, daemon=True)
    starter.start()
    wait_for_server(target, 30, poll=0.05, say=say, every=0.2)
    starter.join(10)
    server.server_close()
    assert said[0].startswith(f"waiting for {target.base_url} to accept connections (up to 30 s")
    assert said[1].startswith(f"waiting for {target.base_url} to accept connections (still waiting")
    assert said[-1].startswith(f"{target.base_url} answers, after")


def test_waiting_for_a_server_that_never_comes_says_so():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = from_env({"GIGS_BASE_URL": f"http://127.0.0.1:{port}", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"})
    with pytest.raises(TargetError, match=r"no answer from .* within 0\.5 s"):
        wait_for_server(target, 0.5, poll=0.1)
