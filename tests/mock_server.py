"""Ways for tests to reach the reference server: in process (ASGI), or as a real process on loopback."""

from __future__ import annotations

import signal
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(*args: str, port: int | None = None) -> Iterator[str]:
    """Run `gigs-devices-mock` as a process on a free loopback port; yield its base URL."""
    port = port or free_port()
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port), "--no-access-log", *args]
    # Output goes to a file, not a pipe: a pipe nobody reads would block a chatty server.
    with (
        tempfile.TemporaryFile() as output,
        subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output) as process,
    ):
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url, process)
            yield base_url
        finally:
            stop(process)


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            httpx.get(f"{base_url}/openapi.yaml", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"server at {base_url} did not start within {timeout} s")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
