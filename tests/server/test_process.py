"""The server as users run it: a process on loopback, its options, its store on disk, its shutdown."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from mock_server import EXAMPLE_IMEI, EXAMPLE_SIM, EXAMPLE_USER, ROOT, free_port, running_server, stop, wait_until_up

AUTH = {"Authorization": "Bearer dev_token"}


def test_help_lists_the_options():
    result = subprocess.run(
        [sys.executable, "-m", "gigs_devices_mock.cli", "--help"], capture_output=True, text=True, check=True
    )
    for option in (
        "--host",
        "--port",
        "--db",
        "--seed",
        "--key",
        "--spec",
        "--body-timeout",
        "--keep-alive-timeout",
        "--max-connections",
    ):
        assert option in result.stdout


def test_a_bad_seed_is_refused_at_start_with_the_reason(tmp_path):
    seed = json.loads((ROOT / "server/gigs_devices_mock/seed/default.json").read_text())
    seed["projects"]["dev"]["users"][0]["email"] = 42
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    result = subprocess.run(
        [sys.executable, "-m", "gigs_devices_mock.cli", "--seed", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "email" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("repeated", "named"), [("imei", "IMEI 350672341234567"), ("sims", "SIM sim_c94qR0D3QwrxmnaqiYb1VOJyTLHM")]
)
def test_a_seed_whose_two_devices_share_an_imei_or_a_sim_is_refused_naming_both(tmp_path, repeated, named):
    seed = json.loads((ROOT / "server/gigs_devices_mock/seed/default.json").read_text())
    first, second = seed["projects"]["dev"]["devices"][:2]
    second[repeated] = first[repeated] = first[repeated] if repeated == "imei" else second[repeated]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    result = subprocess.run(
        [sys.executable, "-m", "gigs_devices_mock.cli", "--seed", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert named in result.stderr and first["id"] in result.stderr and second["id"] in result.stderr
    assert "Traceback" not in result.stderr


def test_acknowledged_writes_survive_a_restart_and_a_kill(tmp_path):
    db = str(tmp_path / "devices.sqlite")
    port = free_port()
    with running_server("--db", db, port=port) as url:
        created = httpx.post(f"{url}/projects/dev/devices", json={"imei": EXAMPLE_IMEI}, headers=AUTH).json()
        before = httpx.get(f"{url}/projects/dev/devices", headers=AUTH).json()
    with running_server("--db", db, port=port) as url:
        assert httpx.get(f"{url}/projects/dev/devices", headers=AUTH).json() == before
        updated = httpx.patch(f"{url}/projects/dev/devices/{created['id']}", json={"name": "kept"}, headers=AUTH)
        assert updated.status_code == 200
    # A kill leaves no time to close anything: what was acknowledged must already be on disk.
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port), "--db", db, "--no-access-log"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        try:
            wait_until_up(f"http://127.0.0.1:{port}", process)
            extra = httpx.post(
                f"http://127.0.0.1:{port}/projects/dev/devices", json={"user": EXAMPLE_USER}, headers=AUTH
            )
            assert extra.status_code == 201
        finally:
            stop(process, signal.SIGKILL)
    with running_server("--db", db, port=port) as url:
        assert httpx.get(f"{url}/projects/dev/devices/{created['id']}", headers=AUTH).json()["name"] == "kept"
        assert httpx.get(f"{url}/projects/dev/devices/{extra.json()['id']}", headers=AUTH).status_code == 200
        listed = httpx.get(f"{url}/projects/dev/devices", headers=AUTH).json()["items"]
        assert [device["id"] for device in listed[:2]] == [extra.json()["id"], created["id"]]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_shuts_down_cleanly_on_signals(sig):
    port = free_port()
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        httpx.get(f"http://127.0.0.1:{port}/deviceModelBrands", headers=AUTH)
        # uvicorn finishes its shutdown, then re-raises the signal so the parent sees why it ended.
        assert stop(process, sig) in (0, -sig)
        output = process.stdout.read()
    assert "GET /deviceModelBrands" in output  # each request is logged
    assert "Traceback" not in output and "Finished server process" in output


def test_concurrent_creates_of_one_imei_have_one_winner():
    with running_server() as url, httpx.Client(base_url=url, headers=AUTH) as client:

        def create(n):
            return client.post("/projects/dev/devices", json={"imei": EXAMPLE_IMEI, "name": str(n)})

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = [response.status_code for response in pool.map(create, range(24))]
        assert statuses.count(201) == 1
        assert statuses.count(422) == 23


def test_reset_restores_the_seed():
    with running_server() as url, httpx.Client(base_url=url, headers=AUTH) as client:
        seeded = client.get("/projects/dev/devices").json()
        client.post("/projects/dev/devices", json={"user": EXAMPLE_USER, "sims": [EXAMPLE_SIM]})
        assert client.post("/_mock/reset").status_code == 200
        assert client.get("/projects/dev/devices").json() == seeded
        assert client.post("/_mock/reset", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_serves_its_spec_and_a_reference_page():
    with running_server() as url:
        spec = httpx.get(f"{url}/openapi.yaml")
        assert spec.text == (ROOT / "openapi.yaml").read_text()
        page = httpx.get(f"{url}/docs")
        assert page.headers["content-type"].startswith("text/html") and 'spec-url="/openapi.yaml"' in page.text
        viewer = httpx.get(f"{url}/docs/redoc.standalone.js")  # from the installed package, offline
        assert viewer.status_code == 200 and viewer.headers["content-type"].startswith("application/javascript")
        assert len(viewer.content) > 500_000  # the page's rendering is tests/server/test_docs_page.py's


def test_custom_keys_replace_the_defaults():
    with running_server("--key", "secret=acme") as url:
        assert httpx.get(f"{url}/projects/acme/devices", headers={"Authorization": "Bearer secret"}).status_code == 200
        assert httpx.get(f"{url}/deviceModels", headers=AUTH).status_code == 401


def test_a_second_server_on_the_same_file_is_refused_and_the_first_keeps_serving(tmp_path):
    db = str(tmp_path / "devices.sqlite")
    with running_server("--db", db) as url:
        second = subprocess.run(
            [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(free_port()), "--db", db],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert "in use by another server" in second.stderr and "Traceback" not in second.stderr
        created = httpx.post(f"{url}/projects/dev/devices", json={"imei": EXAMPLE_IMEI}, headers=AUTH)
        assert created.status_code == 201


@pytest.mark.parametrize("content", [b"not a database, just text\n", None])
def test_a_file_that_is_no_store_is_refused_at_start_with_the_reason(tmp_path, content):
    path = tmp_path / "devices.sqlite"
    if content is None:
        path = tmp_path / "missing-directory" / "devices.sqlite"
    else:
        path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "gigs_devices_mock.cli", "--db", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert str(path) in result.stderr and "cannot be used as a device store" in result.stderr
    assert "Traceback" not in result.stderr


def test_reset_reaches_only_the_keys_own_project():
    with running_server() as url, httpx.Client(base_url=url) as client:
        dev, dev2 = {"Authorization": "Bearer dev_token"}, {"Authorization": "Bearer dev2_token"}
        mine = client.post("/projects/dev/devices", json={"user": EXAMPLE_USER}, headers=dev).json()["id"]
        before_dev2 = client.get("/projects/dev2/devices", headers=dev2).json()
        assert client.post("/_mock/reset", headers=dev2).status_code == 200
        # dev2's reset left dev's device alone; dev's own reset removes it.
        assert client.get(f"/projects/dev/devices/{mine}", headers=dev).status_code == 200
        assert client.get("/projects/dev2/devices", headers=dev2).json() == before_dev2
        assert client.post("/_mock/reset", headers=dev).status_code == 200
        assert client.get(f"/projects/dev/devices/{mine}", headers=dev).status_code == 404


def test_expired_idempotent_answers_are_found_through_an_index():
    # Every keyed write deletes the expired answers: without an index that scans the whole table,
    # and keyed creates slowed from 1,721 to 93 a second over 100,000 keys.
    from gigs_devices_mock.store import Store

    store = Store(None)
    plan = store.db.execute("EXPLAIN QUERY PLAN DELETE FROM idempotent_answers WHERE expires_at <= 1").fetchall()
    assert any("USING INDEX" in row[-1] or "USING COVERING INDEX" in row[-1] for row in plan), plan


def test_an_http_1_1_request_without_host_is_a_400():
    with running_server() as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                b"GET /deviceModelBrands HTTP/1.1\r\nAuthorization: Bearer dev_token\r\nConnection: close\r\n\r\n"
            )
            raw = b"".join(iter(lambda: connection.recv(65536), b""))
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and json.loads(body)["type"] == "malformed"


def test_the_access_log_keeps_query_values_it_does_not_know_out():
    # A client that puts its key in the URL (?access_token=...) must not find it in the server's log;
    # the values of the spec's own parameters stay, for they are what a reader of the log needs.
    port = free_port()
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        httpx.get(f"http://127.0.0.1:{port}/deviceModels?limit=5&access_token=sk_SECRET_1&brand=Apple", headers=AUTH)
        stop(process, signal.SIGTERM)
        output = process.stdout.read()
    assert "sk_SECRET_1" not in output
    assert "limit=5" in output and "brand=Apple" in output and "access_token=" in output


def test_a_request_still_running_at_the_shutdown_deadline_gets_a_gigs_503():
    # uvicorn cancels what is still running 5 s after SIGTERM; its own answer was a plain-text 500.
    # The request must be running when SIGTERM comes: on a busy machine it may not have been read
    # yet (then the server closes the connection unanswered), so the test tries again, waiting longer.
    for wait in (0.5, 1, 2, 4, 8):
        raw, output = _terminated_during_a_slow_request(wait)
        if raw:
            break
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 "), raw
    assert json.loads(body)["type"] == "unavailable"
    assert "Traceback" not in output


def _terminated_during_a_slow_request(wait: float) -> tuple[bytes, str]:
    """A request delayed 10 s, SIGTERM `wait` s after it was sent: the answer it got, and the log."""
    port = free_port()
    command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port), "--no-access-log"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
            slow.sendall(
                b"GET /deviceModelBrands HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev_token\r\n"
                b"Prefer: delay=10000\r\n\r\n"
            )
            time.sleep(wait)
            process.send_signal(signal.SIGTERM)
            raw = b"".join(iter(lambda: slow.recv(65536), b""))
        process.wait(timeout=30)
        return raw, process.stdout.read()
