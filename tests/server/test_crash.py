"""kill -9 under load, again and again: a client that retries with its key ends with one device a key.

Each cycle starts the server on the same store file, retries every create that was never answered
(same `Idempotency-Key`, same body), sends keyed creates from several threads, and kills the server
with SIGKILL while they run. At the end every key names exactly one device, and every answer a
client did get names that device.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import httpx
import pytest
from mock_server import EXAMPLE_USER, ROOT, free_port, stop, wait_until_up
from openapi_document import MAX_LIMIT

pytestmark = pytest.mark.slow

CYCLES = 20  # at least; more while no create has been cut off yet, up to MAX_CYCLES
MAX_CYCLES = 200
THREADS = 4
AUTH = {"Authorization": "Bearer dev_token"}


class Ledger:
    """What the clients know: the device each answered key got, and the keys still unanswered."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answered: dict[str, str] = {}
        self.unanswered: set[str] = set()
        self.cut_off = 0  # creates a kill cut off, over every cycle
        self.answers = 0  # answers received, over every cycle

    def send(self, client: httpx.Client, key: str) -> bool:
        """One try of the create for `key`; False when the server could not be reached or answer."""
        try:
            response = client.post(
                "/projects/dev/devices",
                json={"user": EXAMPLE_USER, "name": key},
                headers={"Idempotency-Key": key},
            )
        except httpx.TransportError:
            with self.lock:
                self.unanswered.add(key)
                self.cut_off += 1
            return False
        assert response.status_code == 201, (key, response.status_code, response.text)
        device = response.json()
        assert device["name"] == key
        with self.lock:
            self.unanswered.discard(key)
            self.answers += 1
            assert self.answered.setdefault(key, device["id"]) == device["id"], f"{key} answered two devices"
        return True


def creating(url: str, ledger: Ledger, stop_sending: threading.Event) -> None:
    with httpx.Client(base_url=url, headers=AUTH, timeout=5) as client:
        while not stop_sending.is_set() and ledger.send(client, f"crash-{uuid.uuid4().hex}"):
            pass


def every_device(client: httpx.Client) -> list[dict]:
    devices, after = [], None
    while True:
        page = client.get("/projects/dev/devices", params={"limit": MAX_LIMIT, **({"after": after} if after else {})})
        assert page.status_code == 200, page.text
        devices += page.json()["items"]
        after = page.json()["moreItemsAfter"]
        if after is None:
            return devices


def test_a_retried_keyed_create_makes_one_device_however_often_the_server_is_killed(tmp_path):
    db, port = str(tmp_path / "devices.sqlite"), free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port), "--db", db, "--no-access-log"]
    ledger, chance = Ledger(), random.Random(1)
    cycle = 0
    # However slow the machine, the kills must cut creates off for the test to prove anything: so a
    # kill comes only once the clients are answered (the server is up and busy), and cycles go on
    # until a kill has cut one off. Every cycle is checked, not the last one alone.
    while cycle < CYCLES or (ledger.cut_off == 0 and cycle < MAX_CYCLES):
        cycle += 1
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            try:
                wait_until_up(url, process)
                with httpx.Client(base_url=url, headers=AUTH, timeout=5) as client:
                    for key in sorted(ledger.unanswered):  # the clients' retries, after the restart
                        assert ledger.send(client, key), f"the retry of {key} went unanswered"
                stop_sending = threading.Event()
                threads = [threading.Thread(target=creating, args=(url, ledger, stop_sending)) for _ in range(THREADS)]
                answered_before = ledger.answers
                for thread in threads:
                    thread.start()
                deadline = time.monotonic() + 60
                while ledger.answers < answered_before + THREADS * 2 and time.monotonic() < deadline:
                    time.sleep(0.005)
                threading.Event().wait(chance.uniform(0.0, 0.05))
                process.send_signal(signal.SIGKILL)  # mid-load: some creates are cut off
                process.wait()
                stop_sending.set()
                for thread in threads:
                    thread.join()
            finally:
                stop(process, signal.SIGKILL)
    assert ledger.cut_off, f"no create was cut off in {cycle} cycles: the kills proved nothing"
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        try:
            wait_until_up(url, process)
            with httpx.Client(base_url=url, headers=AUTH, timeout=5) as client:
                for key in sorted(ledger.unanswered):
                    assert ledger.send(client, key)
                crash_devices = [d for d in every_device(client) if (d["name"] or "").startswith("crash-")]
        finally:
            stop(process)
    per_key = Counter(device["name"] for device in crash_devices)
    assert {key for key, count in per_key.items() if count > 1} == set(), "a key made more than one device"
    assert set(per_key) == set(ledger.answered), "a device no client asked for, or a key with no device"
    assert {d["name"]: d["id"] for d in crash_devices} == ledger.answered
