"""Ways for tests to reach the reference server: in process (ASGI), or as a real process on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.testclient import TestClient

from gigs_contract.embedded import REFERENCE_SERVER, launch, stop

__all__ = ["Api", "exchange", "free_port", "launch", "running_server", "stop", "wait_until_up"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_USER = "usr_0SNlurA049MEWV4OpCwsNyC9Kn2d"
EXAMPLE_SIM = "sim_0SNlurA049MEWV1BAAmWZULA4lf6"
EXAMPLE_IMEI = "492388841798923"


class Api(TestClient):
    """A test client bound to one project and its key, with short-hands for the device calls."""

    def __init__(self, app: Any, project: str, token: str, **kwargs: Any) -> None:
        super().__init__(app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {token}"}, **kwargs)
        self.project = project

    @property
    def devices_path(self) -> str:
        return f"/projects/{self.project}/devices"

    def create(self, **body: Any) -> httpx.Response:
        return self.post(self.devices_path, json=body)

    def created(self, **body: Any) -> dict[str, Any]:
        response = self.create(**body)
        assert response.status_code == 201, response.text
        return response.json()

    def device(self, device_id: str) -> httpx.Response:
        return self.get(f"{self.devices_path}/{device_id}")

    def list(self, **params: Any) -> httpx.Response:
        return self.get(self.devices_path, params=params)


@contextmanager
def running_server(*args: str, port: int | None = None) -> Iterator[str]:
    """Run `gigs-devices-mock` as a process on a loopback port (one the system picks by default); yield its URL."""
    if port is None:
        with launch(REFERENCE_SERVER, *args) as target:
            yield target.base_url
        return
    command = [sys.executable, "-m", "gigs_devices_mock", "--port", str(port), "--no-access-log", *args]
    with tempfile.TemporaryFile() as log, subprocess.Popen(command, stdout=log, stderr=log) as process:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, process, log)
            yield url
        finally:
            stop(process)


def free_port() -> int:
    """A port free now, for a test that restarts a server on the same one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base_url: str, process: subprocess.Popen, log=None, timeout: float = 60) -> None:
    """Wait until a started server answers; `log`, a file of its output, explains an early exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = ""
            if log is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")
            raise AssertionError(f"the server exited with status {process.returncode} at start:\n{output}")
        try:
            httpx.get(f"{base_url}/openapi.yaml", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"the server did not answer at {base_url} within {timeout:.0f} s")


def exchange(url: str, raw: bytes) -> bytes:
    """Send raw bytes on one connection; read until the server closes it."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(raw)
        received = []
        while chunk := connection.recv(65536):
            received.append(chunk)
    return b"".join(received)
