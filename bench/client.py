"""The client layer's cost, as ratios measured in one run.

- Export: every device of a project holding 10,000, by iterating `gigs.devices.list(limit=200)`,
  against a bare httpx loop making the same requests and decoding them with orjson (the floor: the
  fastest decoder, so that the ratio does not flatter the client). Target: at most 1.3x.
- Decode: a 200-device page into the generated attrs models (parsed as the client does, with
  orjson), into pydantic v2 models generated from the same spec by datamodel-code-generator, and
  with json.loads alone.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from gigs_devices_client.models import DeviceList
from tqdm import tqdm

from gigs_contract.target import ROOT, embedded
from gigs_devices import Gigs
from gigs_devices_mock.backend import Backend
from gigs_devices_mock.handlers.devices import new_record, render
from gigs_devices_mock.seed import load_seed
from gigs_devices_mock.spec import Spec
from gigs_devices_mock.store import Store

TARGET_EXPORT = 1.3
PROJECT = "dev"
USER = "usr_0SNlurA049MEWV4OpCwsNyC9Kn2d"


def filled_store(path: Path, devices: int) -> None:
    """A store file whose project `dev` holds `devices` devices, each with its model and owner."""
    spec = Spec()
    backend = Backend(spec, load_seed(spec), Store(str(path)))
    records = []
    for n in tqdm(range(devices), desc=f"storing {devices:,} devices", unit="dev", leave=False):
        record = new_record(backend, PROJECT, {"imei": f"49238884{n:07d}", "user": USER, "name": f"device {n}"})
        record.body = json.dumps(render(backend, record)).encode()
        records.append(record)
    backend.store.insert_devices(records)
    backend.store.close()


def bare_export(base_url: str, token: str) -> int:
    count, after = 0, None
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            params = {"limit": 200, **({"after": after} if after else {})}
            page = orjson.loads(client.get(f"/projects/{PROJECT}/devices", params=params).content)
            count += len(page["items"])
            after = page["moreItemsAfter"]
            if after is None:
                return count


def client_export(base_url: str, token: str) -> int:
    with Gigs(token, project=PROJECT, base_url=base_url) as gigs:
        return sum(1 for _ in gigs.devices.list(limit=200))


def best_of(function: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def interleaved(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median times of two functions run in turns, so that a slow spell of the machine hits both."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, times in zip((first, second), timings, strict=True):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    return statistics.median(timings[0]), statistics.median(timings[1])


def pydantic_models(workdir: Path):
    """Pydantic v2 models generated from openapi.yaml by datamodel-code-generator, imported."""
    output = workdir / "pydantic_models.py"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("datamodel-codegen")),
            "--input", str(ROOT / "openapi.yaml"), "--input-file-type", "openapi",
            "--output-model-type", "pydantic_v2.BaseModel", "--formatters", "ruff-format", "--output", str(output),
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    spec = importlib.util.spec_from_file_location("pydantic_models", output)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves its generic models through sys.modules
    spec.loader.exec_module(module)
    return module


def run(devices: int = 10_000, repeat: int = 9) -> list[str]:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "devices.sqlite"
        filled_store(store, devices)
        with embedded("--db", str(store)) as server:
            assert client_export(server.base_url, server.token) == bare_export(server.base_url, server.token)
            bare, ours = interleaved(
                lambda: bare_export(server.base_url, server.token),
                lambda: client_export(server.base_url, server.token),
                repeat,
            )
            raw = httpx.get(
                f"{server.base_url}/projects/{PROJECT}/devices",
                params={"limit": 200},
                headers={"Authorization": f"Bearer {server.token}"},
            ).content
        pydantic = pydantic_models(Path(tmp))
    ratio = ours / bare
    if ratio > TARGET_EXPORT:
        failures.append("client export")
    print(f"\nExport of {devices:,} devices, 200 a page, median of {repeat} (target: paginator <= {TARGET_EXPORT}x)")
    print(f"  bare httpx + orjson loop       {bare * 1000:8.0f} ms")
    print(f"  gigs.devices.list()            {ours * 1000:8.0f} ms   {ratio:5.2f}x")

    decoders = {
        "json.loads": lambda: json.loads(raw),
        # As the generated client parses an answer: orjson, then the models.
        "generated attrs models": lambda: DeviceList.from_dict(orjson.loads(raw)),
        "pydantic v2 (datamodel-codegen)": lambda: pydantic.DeviceList.model_validate_json(raw),
    }
    timings = {name: best_of(decode, 200) for name, decode in decoders.items()}
    floor = timings["json.loads"]
    print(f"\nDecode of one 200-device page ({len(raw):,} bytes), median of 200")
    for name, seconds in timings.items():
        print(f"  {name:<32}{seconds * 1e6:8.0f} us   {seconds / floor:5.2f}x json.loads")
    return failures
