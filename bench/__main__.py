"""`make bench`: the reference server's throughput against Prism and the floor, and page cost against store size.

Every figure is a ratio of two measurements taken in this run on this machine, because absolute
numbers on a shared machine mean little. Load comes from wrk on loopback, bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from gigs_contract.embedded import stop
from gigs_devices_mock.backend import Backend, Call
from gigs_devices_mock.handlers.devices import list_devices, new_record, render
from gigs_devices_mock.idempotency import TTL_SECONDS
from gigs_devices_mock.seed import load_seed
from gigs_devices_mock.spec import Spec
from gigs_devices_mock.store import PendingAnswer, Store

ROOT = Path(__file__).resolve().parents[1]
PRISM = ROOT / "bench" / "node_modules" / ".bin" / "prism"
LUA = ROOT / "bench" / "request.lua"
KEYS_LUA = ROOT / "bench" / "keys.lua"
USER = "usr_0SNlurA049MEWV4OpCwsNyC9Kn2d"
AUTH = {"Authorization": "Bearer dev_token"}
TARGET_VS_PRISM, TARGET_VS_FLOOR, TARGET_SCALING = 5.0, 0.40, 1.5
TARGET_KEYS_STORED, TARGET_KEYED = 0.8, 0.7
OWNER, OWNED = USER, 40  # a user with the store's oldest devices


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    body: str | None = None


SCENARIOS = [
    Scenario("GET listDevices limit=10", "GET", "/projects/dev/devices?limit=10"),
    Scenario("GET listDevices limit=200", "GET", "/projects/dev/devices?limit=200"),
    Scenario("GET retrieveDevice", "GET", "/projects/dev/devices/{device}"),
    Scenario("POST createDevice", "POST", "/projects/dev/devices", json.dumps({"user": USER, "name": "bench"})),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server of the bench exited with status {process.returncode} at start")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"a server of the bench did not answer at {url} within {timeout:.0f} s")


@contextmanager
def serve(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a server process until the block ends, once it answers on `port`."""
    with subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as process:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, process, timeout=60)
            yield url
        finally:
            stop(process)


def wrk(
    url: str, scenario: Scenario, path: str, seconds: int, connections: int, script: Path = LUA, **env: str
) -> float:
    env = {**os.environ, "BENCH_METHOD": scenario.method, **env}
    if scenario.body:
        env["BENCH_BODY"] = scenario.body
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url + path]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{scenario.name} answered errors under load:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise SystemExit(f"wrk printed no Requests/sec for {scenario.name}:\n{output}")
    return float(rate.group(1))


def throughput(seconds: int, connections: int) -> list[str]:
    ours_port, prism_port = free_port(), free_port()
    ours_cmd = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(ours_port), "--no-access-log"]
    ours_cmd += ["--log-level", "warning"]
    prism_cmd = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1", "-p", str(prism_port)]
    rows, failures = [], []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        ours = stack.enter_context(serve(ours_cmd, ours_port))
        prism = stack.enter_context(serve(prism_cmd, prism_port))
        # A store with enough devices for full pages of 200.
        devices = [
            httpx.post(f"{ours}/projects/dev/devices", json={"user": USER}, headers=AUTH).json() for _ in range(250)
        ]
        for scenario in SCENARIOS:
            path = scenario.path.format(device=devices[0]["id"])
            sample = httpx.request(
                scenario.method,
                ours + path,
                content=scenario.body,
                headers={**AUTH, "Content-Type": "application/json"},
            )
            body_file = Path(tmp) / "body.json"
            body_file.write_bytes(sample.content)
            floor_port = free_port()
            floor_cmd = [sys.executable, "-m", "bench.floor_app", "--port", str(floor_port)]
            floor_env = {"FLOOR_BODY_FILE": str(body_file), "FLOOR_STATUS": str(sample.status_code)}
            with serve(floor_cmd, floor_port, floor_env) as floor:
                rates = {}
                for name, url in (("ours", ours), ("prism", prism), ("floor", floor)):
                    wrk(url, scenario, path, 1, connections)  # warm-up
                    rates[name] = wrk(url, scenario, path, seconds, connections)
            vs_prism, vs_floor = rates["ours"] / rates["prism"], rates["ours"] / rates["floor"]
            if vs_prism < TARGET_VS_PRISM or vs_floor < TARGET_VS_FLOOR:
                failures.append(scenario.name)
            rows.append(
                f"{scenario.name:<28}{len(sample.content):>9,}{rates['ours']:>10,.0f}{rates['prism']:>10,.0f}"
                f"{rates['floor']:>10,.0f}{vs_prism:>11.1f}x{vs_floor:>10.0%}"
            )
    header = f"{'scenario':<28}{'bytes':>9}{'ours/s':>10}{'prism/s':>10}{'floor/s':>10}{'vs prism':>12}{'vs floor':>10}"
    print(
        f"\nThroughput (wrk, 1 thread, {connections} connections, {seconds} s each; targets: "
        f">= {TARGET_VS_PRISM:.0f}x Prism, >= {TARGET_VS_FLOOR:.0%} of the floor)"
    )
    print(header)
    print("\n".join(rows))
    return failures


def idempotency(seconds: int, connections: int, stored: int = 100_000) -> list[str]:
    """Keyed creates on an empty store and on one holding `stored` answers, and unkeyed creates.

    Each run has a fresh server on a store file of its own, on tmpfs where there is one: a keyed
    create commits its device and its answer in one transaction, and fsync would measure the disk.
    """
    create = SCENARIOS[-1]
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        full = Path(tmp) / "keys.sqlite"
        store = Store(str(full))
        now = time.time()
        body = json.dumps({"object": "device", "name": "stored"}).encode()
        answers = [
            (PendingAnswer("dev", f"stored-{n}", f"{n:064x}", 201, now, now + TTL_SECONDS), body) for n in range(stored)
        ]
        store.insert_idempotent_answers(answers)
        store.close()
        runs = [
            ("unkeyed, empty store", Path(tmp) / "unkeyed.sqlite", "0"),
            ("keyed, empty store", Path(tmp) / "keyed.sqlite", "1"),
            (f"keyed, {stored:,} answers stored", full, "1"),
        ]
        rates = {}
        for name, db, keyed in runs:
            port = free_port()
            command = [sys.executable, "-m", "gigs_devices_mock.cli", "--port", str(port), "--db", str(db)]
            with serve([*command, "--no-access-log", "--log-level", "warning"], port) as url:
                for length in (1, seconds):  # a warm-up, then the run
                    rates[name] = wrk(
                        url, create, create.path, length, connections, KEYS_LUA, BENCH_KEYED=keyed,
                        BENCH_KEY_PREFIX=f"{name}-{length}",
                    )  # fmt: skip
    unkeyed, empty, full_rate = rates.values()
    as_empty, as_unkeyed = full_rate / empty, empty / unkeyed
    print(
        f"\nIdempotent creates (wrk, {connections} connections, {seconds} s each; targets: keyed with "
        f"{stored:,} stored >= {TARGET_KEYS_STORED}x keyed on an empty store, keyed >= {TARGET_KEYED}x unkeyed)"
    )
    for name, rate in rates.items():
        print(f"  {name:<34}{rate:>9,.0f} req/s")
    print(f"  stored / empty {as_empty:.2f}x, keyed / unkeyed {as_unkeyed:.2f}x")
    failures = []
    if as_empty < TARGET_KEYS_STORED:
        failures.append("keyed creates with answers stored")
    if as_unkeyed < TARGET_KEYED:
        failures.append("keyed against unkeyed creates")
    return failures


def load_store(size: int) -> tuple[Backend, list[str]]:
    """A backend whose project `bench` holds `size` devices; returns it and two cursor IDs.

    The first OWNED devices belong to OWNER and the rest are factory devices: an owner of old
    devices, whose pages lie under every newer device of the list.
    """
    spec = Spec()
    backend = Backend(spec, load_seed(spec), Store())
    marks = {size // 2, OWNED // 2}
    cursors, chunk = {}, []
    for n in tqdm(range(size), desc=f"storing {size:,} devices", unit="dev", unit_scale=True, leave=False):
        fields = {"imei": f"{n:015d}", "user": OWNER} if n < OWNED else {"imei": f"{n:015d}"}
        record = new_record(backend, "bench", fields)
        record.body = json.dumps(render(backend, record)).encode()
        chunk.append(record)
        if n in marks:
            cursors[n] = record.id
        if len(chunk) == 10_000:
            backend.store.insert_devices(chunk)
            chunk = []
    backend.store.insert_devices(chunk)
    return backend, [cursors[size // 2], cursors[OWNED // 2]]


def page_cost(backend: Backend, query: dict[str, Any], repeat: int = 400) -> float:
    call = Call("bench", {}, {"limit": 10, **query})
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        list_devices(backend, Call(call.project, {}, dict(call.query)))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def scaling(big: int) -> list[str]:
    small_backend, (small_mid, small_owned) = load_store(1_000)
    big_backend, (big_mid, big_owned) = load_store(big)
    queries = [
        ("first page", {}, {}),
        ("after the middle", {"after": small_mid}, {"after": big_mid}),
        ("before the middle", {"before": small_mid}, {"before": big_mid}),
        ("user's first page", {"user": OWNER}, {"user": OWNER}),
        ("user's, after", {"user": OWNER, "after": small_owned}, {"user": OWNER, "after": big_owned}),
        ("user's, before", {"user": OWNER, "before": small_owned}, {"user": OWNER, "before": big_owned}),
    ]
    print(f"\nPage latency, limit=10, median of 400 (target: {big:,} devices <= {TARGET_SCALING}x 1,000 devices)")
    print(f"{'page':<22}{'1,000':>12}{f'{big:,}':>14}{'ratio':>10}")
    failures = []
    for name, small_query, big_query in queries:
        small_t, big_t = page_cost(small_backend, small_query), page_cost(big_backend, big_query)
        ratio = big_t / small_t
        if ratio > TARGET_SCALING:
            failures.append(f"page {name}")
        print(f"{name:<22}{small_t * 1e6:>10,.0f}us{big_t * 1e6:>12,.0f}us{ratio:>9.2f}x")
    return failures


def main() -> int:
    cli = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    cli.add_argument("--seconds", type=int, default=5, help="length of each wrk run (default %(default)s)")
    cli.add_argument("--connections", type=int, default=32)
    cli.add_argument("--big", type=int, default=1_000_000, help="devices in the big store (default %(default)s)")
    cli.add_argument("--only", choices=["throughput", "idempotency", "scaling", "client"])
    args = cli.parse_args()
    failures = []
    if args.only in (None, "throughput"):
        if not shutil.which("wrk"):
            raise SystemExit("the benchmark needs wrk: apt-get install wrk")
        if not PRISM.exists():
            raise SystemExit("Prism is missing: run `make bench`, which installs it into bench/node_modules")
        failures += throughput(args.seconds, args.connections)
    if args.only in (None, "idempotency"):
        if not shutil.which("wrk"):
            raise SystemExit("the benchmark needs wrk: apt-get install wrk")
        failures += idempotency(args.seconds, args.connections)
    if args.only in (None, "scaling"):
        failures += scaling(args.big)
    if args.only in (None, "client"):
        from . import client

        failures += client.run()
    print("\nall targets met" if not failures else f"\ntargets missed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
