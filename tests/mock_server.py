"""Ways for tests to reach the reference server: in process (ASGI), or as a real process on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.testclient import TestClient

from gigs_contract.target import embedded, free_port, stop, wait_until_up

__all__ = ["Api", "embedded", "exchange", "free_port", "running_server", "stop", "wait_until_up"]

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
    """Run `gigs-devices-mock` as a process on a loopback port (a free one by default); yield its URL."""
    with embedded(*args, port=port) as target:
        yield target.base_url


def exchange(url: str, raw: bytes) -> bytes:
    """Send raw bytes on one connection; read until the server closes it."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(raw)
        received = []
        while chunk := connection.recv(65536):
            received.append(chunk)
    return b"".join(received)
