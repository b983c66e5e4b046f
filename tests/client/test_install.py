"""The distributions install from a checkout into a fresh virtualenv outside it, and work there.

As a user would: `pip install <checkout>/sdk` (the README's command), then the quickstart against the
reference server (run from this checkout's environment). The SDK's install holds the SDK and its
generated code, their dependencies and nothing else: no server, no suite, no command of theirs.
With the server (`<checkout>/server`) and the suite (`<checkout>/contract`) beside it,
`gigs-contract` runs the whole suite from another directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv

import pytest
from checkout import copy_checkout
from mock_server import launch
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.slow

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
        except NotFoundError as error:
            print("not found:", error.status_code)
        else:
            raise SystemExit("a device that does not exist was found")
        gigs.devices.delete(device.id)
    for other in ("gigs_devices_mock", "gigs_contract"):
        try:
            __import__(other)
        except ModuleNotFoundError as error:
            print("absent:", error.name)
    print("version:", __version__)
    """
)


def test_the_sdk_installs_alone_and_runs_the_quickstart(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    checkout = copy_checkout(tmp_path / "checkout")  # a clone's files: no build leftovers of the working tree
    subprocess.run([*pip, "install", "--quiet", str(checkout / "sdk")], check=True, cwd=tmp_path, capture_output=True)
    listing = subprocess.check_output([*pip, "list", "--format", "json"], cwd=tmp_path, text=True)
    installed = json.loads(next(line for line in listing.splitlines() if line.startswith("[")))  # past pip's notices
    names = {package["name"].lower() for package in installed}
    assert {"gigs-devices", "httpx", "attrs", "orjson", "msgspec"} <= names
    assert not names & SERVER_AND_SUITE, f"the SDK brought {sorted(names & SERVER_AND_SUITE)}"
    shown = subprocess.check_output([*pip, "show", "--files", "gigs-devices"], cwd=tmp_path, text=True)
    files = shown.split("Files:", 1)[1].split()
    assert {path.split("/", 1)[0] for path in files if not path.startswith("gigs_devices-")} == {
        "gigs_devices",
        "gigs_devices_client",
    }, files
    assert not (env_dir / "bin" / "gigs-contract").exists() and not (env_dir / "bin" / "gigs-devices-mock").exists()
    read = "import importlib.metadata as m, json; d = m.metadata('gigs-devices'); "
    read += "print(json.dumps([d.get_all('Provides-Extra') or [], d.get_all('Requires-Dist') or []]))"
    extras, requires = json.loads(subprocess.check_output([str(python), "-c", read], cwd=tmp_path, text=True))
    assert extras == [] and not [r for r in requires if "==" in r], requires  # no tool pins published with the SDK
    assert any(path.endswith(("/LICENSE", "/licenses/LICENSE")) for path in files), files
    with launch() as server:
        environ = {"PATH": os.environ["PATH"], "GIGS_TOKEN": server.token, "GIGS_PROJECT": server.project}
        environ["GIGS_BASE_URL"] = server.base_url
        run = subprocess.run([str(python), "-c", QUICKSTART], cwd=tmp_path, env=environ, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "absent: gigs_devices_mock" in run.stdout and "absent: gigs_contract" in run.stdout
    assert "not found: 404" in run.stdout
    assert f"version: {__import__('gigs_devices').__version__}" in run.stdout


def test_the_contract_suite_installs_beside_the_sdk_and_runs_outside_the_checkout(tmp_path):
    """A team's way in, as the README gives it: `pip install <checkout>/sdk <checkout>/server <checkout>/contract`,
    then `gigs-contract` (strict about its options, against the embedded server by default) or
    `pytest --gigs-contract`."""
    env_dir, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    venv.create(env_dir, with_pip=True)
    elsewhere.mkdir()
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    checkout = copy_checkout(tmp_path / "checkout")
    subprocess.run(
        [*pip, str(checkout / "sdk"), str(checkout / "server"), str(checkout / "contract")], check=True, cwd=tmp_path
    )
    command = str(env_dir / "bin" / "gigs-contract")

    def gigs_contract(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIGS_MAX_RPS": "1000", **env}
        return subprocess.run([command, *args], cwd=elsewhere, env=environ, capture_output=True, text=True)

    version = gigs_contract("--version")
    assert (
        version.returncode == 0
        and version.stdout.startswith(f"gigs-contract {__import__('gigs_devices').__version__} ")
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
            # The project's users and SIMs, as a team gives them (the suite needs two users and three
            # free SIMs, which a project's devices alone do not show).
            env={
                "PATH": os.environ["PATH"],
                "HOME": str(tmp_path),
                "GIGS_MAX_RPS": "1000",
                **{name: value for name, value in server.env().items() if name in ("GIGS_USER_IDS", "GIGS_SIM_IDS")},
            },
            capture_output=True,
            text=True,
        )
    assert plugin.returncode == 0, plugin.stdout[-3000:]
    assert " passed" in plugin.stdout.splitlines()[-1]


def _lower_bounds(checkout) -> dict[str, str]:
    """Each third-party dependency of the three distributions at its lowest allowed version (the
    highest of their lower bounds, where two name one package)."""
    import tomllib

    from packaging.requirements import Requirement

    lowest: dict[str, tuple[Version, str]] = {}
    for folder in (checkout / "sdk", checkout / "server", checkout / "contract"):
        project = tomllib.loads((folder / "pyproject.toml").read_text())["project"]
        # What a team installs: the dependencies and the suite's `embedded` extra (not our dev pins).
        declared = [*project["dependencies"], *project.get("optional-dependencies", {}).get("embedded", [])]
        for requirement in map(Requirement, declared):
            if requirement.name.startswith("gigs-"):
                continue
            bound = next(Version(s.version) for s in requirement.specifier if s.operator == ">=")
            extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
            if requirement.name not in lowest or bound > lowest[requirement.name][0]:
                lowest[requirement.name] = (bound, f"{requirement.name}{extras}=={bound}")
    return {name: pin for name, (_, pin) in lowest.items()}


def _resolve(tmp_path, *requirements: str) -> dict[str, str]:
    """What pip would install for `requirements` into an empty environment: name → version."""
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--dry-run", "--quiet"]
    command += ["--ignore-installed", "--report", str(report), *requirements]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    installed = json.loads(report.read_text())["install"]
    return {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"] for item in installed}


def _newest(name: str) -> str:
    found = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "index", "versions", name],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return found.stdout.split("(", 1)[1].split(")", 1)[0]


def test_the_three_distributions_resolve_with_the_newest_httpx_uvicorn_and_pytest(tmp_path):
    """A team's environment has today's releases: the suite, the server and the SDK install beside them
    (upper caps only where a known break exists: Schemathesis 4.32.x, and what it caps itself)."""
    checkout = copy_checkout(tmp_path / "checkout")
    newest = {name: _newest(name) for name in ("httpx", "uvicorn", "pytest")}
    resolved = _resolve(
        tmp_path,
        str(checkout / "sdk"),
        str(checkout / "server"),
        f"{checkout / 'contract'}[embedded]",
        *(f"{name}=={version}" for name, version in newest.items()),
    )
    assert {name: resolved[name] for name in newest} == newest
    # Without the suite (whose Schemathesis caps jsonschema-rs), the server takes the newest too.
    jsonschema_rs = _newest("jsonschema-rs")
    alone = _resolve(tmp_path, str(checkout / "sdk"), str(checkout / "server"), f"jsonschema-rs=={jsonschema_rs}")
    assert alone["jsonschema-rs"] == jsonschema_rs


def test_the_three_distributions_resolve_at_their_lower_bounds(tmp_path):
    """Every lower bound the distributions state can be installed, all at once: a bound below what
    a dependency of ours needs (pytest 7.4, under Schemathesis 4.32.5) would not resolve."""
    checkout = copy_checkout(tmp_path / "checkout")
    pins = _lower_bounds(checkout)
    assert {"httpx", "pytest", "uvicorn", "hypothesis", "jsonschema-rs"} <= pins.keys()
    resolved = _resolve(
        tmp_path, str(checkout / "sdk"), str(checkout / "server"), f"{checkout / 'contract'}[embedded]", *pins.values()
    )
    assert {name: Version(resolved[name]) for name in pins} == {
        name: Version(pin.split("==")[1]) for name, pin in pins.items()
    }


def test_the_suite_installs_without_the_reference_server_and_says_how_to_get_it(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    checkout = copy_checkout(tmp_path / "checkout")
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, str(checkout / "sdk"), str(checkout / "contract")], check=True, cwd=tmp_path)
    assert not (env_dir / "bin" / "gigs-devices-mock").exists()
    run = subprocess.run(
        [str(env_dir / "bin" / "gigs-contract"), "--reports", str(tmp_path / "reports")],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "pip install 'gigs-contract[embedded]'" in run.stderr, run.stderr[-2000:]
