"""The distribution installs from a checkout into a fresh virtualenv outside it, and works there.

As a user would: `pip install <checkout>` (the README's command), then the quickstart against the
reference server (run from this checkout's environment). The install must bring the SDK's own
dependencies and nothing of the server or the contract suite; importing those says which extra to
install. With `[contract]`, `gigs-contract` runs the whole suite from another directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
import venv

import pytest
from mock_server import ROOT, launch

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("builds-in-the-checkout")]

SERVER_AND_SUITE = {
    "starlette",
    "uvicorn",
    "jsonschema-rs",
    "pyyaml",
    "schemathesis",
    "hypothesis",
    "websockets",
    "uvloop",
}

QUICKSTART = textwrap.dedent(
    """
    from gigs_devices import Gigs, NotFoundError, __version__

    with Gigs() as gigs:
        device = gigs.devices.create(imei="356938035643809", name="Anna's phone", metadata={"crmId": "c-1"})
        assert gigs.devices.retrieve(device.id).metadata["crmId"] == "c-1"
        assert device.id in [d.id for d in gigs.devices.list(limit=1)]
        assert gigs.device_model_brands.list().items
        try:
            gigs.devices.retrieve("dev_missing")
        except NotFoundError:
            pass
        gigs.devices.delete(device.id)
    try:
        import gigs_devices_mock
    except ImportError as error:
        print("mock:", error)
    print("version:", __version__)
    """
)


def test_the_sdk_installs_alone_and_runs_the_quickstart(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", str(ROOT)], check=True, cwd=tmp_path, capture_output=True)
    listing = subprocess.check_output([*pip, "list", "--format", "json"], cwd=tmp_path, text=True)
    installed = json.loads(next(line for line in listing.splitlines() if line.startswith("[")))  # past pip's notices
    names = {package["name"].lower() for package in installed}
    assert {"gigs-devices", "httpx", "attrs", "orjson", "msgspec"} <= names
    assert not names & SERVER_AND_SUITE, f"the SDK brought {sorted(names & SERVER_AND_SUITE)}"
    with launch() as server:
        environ = {"PATH": os.environ["PATH"], "GIGS_TOKEN": server.token, "GIGS_PROJECT": server.project}
        environ["GIGS_BASE_URL"] = server.base_url
        run = subprocess.run([str(python), "-c", QUICKSTART], cwd=tmp_path, env=environ, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "pip install 'gigs-devices[mock]'" in run.stdout
    assert f"version: {__import__('gigs_devices').__version__}" in run.stdout


def test_the_contract_extra_runs_the_suite_outside_the_checkout(tmp_path):
    """A team's way in, as the README gives it: `pip install "<checkout>[contract]"`, then `gigs-contract`
    (strict about its options, against the embedded server by default) or `pytest --gigs-contract`."""
    env_dir, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    venv.create(env_dir, with_pip=True)
    elsewhere.mkdir()
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, f"{ROOT}[contract]"], check=True, cwd=tmp_path, capture_output=True)
    command = str(env_dir / "bin" / "gigs-contract")

    def gigs_contract(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIGS_MAX_RPS": "1000", **env}
        return subprocess.run([command, *args], cwd=elsewhere, env=environ, capture_output=True, text=True)

    version = gigs_contract("--version")
    assert (
        version.returncode == 0
        and version.stdout.startswith("gigs-contract ")
        and "Schemathesis 4.32." in version.stdout
    )
    typo = gigs_contract("--profle", "full")
    assert typo.returncode == 2 and "unrecognized arguments: --profle" in typo.stderr and "usage:" in typo.stderr
    # With no GIGS_BASE_URL, the embedded reference server, started from the installed package.
    run = gigs_contract("--seed", "3")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Verdict: PASSED" in run.stdout and "gigs-contract --seed 3 --profile fast" in run.stdout
    assert "the embedded reference server" in run.stdout
    assert json.loads((elsewhere / "reports" / "summary.json").read_text())["verdict"] == "PASSED"
    # The pytest plugin, in the same environment, against a server given by its options.
    (elsewhere / "test_own.py").write_text("def test_own():\n    pass\n")
    with launch() as server:
        options = [
            f"--gigs-base-url={server.base_url}",
            f"--gigs-token={server.token}",
            f"--gigs-project={server.project}",
        ]
        plugin = subprocess.run(
            [
                str(env_dir / "bin" / "python"),
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *options,
                "--gigs-seed=3",
            ],
            cwd=elsewhere,
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIGS_MAX_RPS": "1000"},
            capture_output=True,
            text=True,
        )
    assert plugin.returncode == 0, plugin.stdout[-3000:]
    assert " passed" in plugin.stdout.splitlines()[-1]
