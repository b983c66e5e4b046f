"""How completely the SDK's public API is typed, as pyright measures it for a library's users:
`pyright --verifytypes gigs_devices`. Run by `make lint`, which fails below MIN_SCORE, or when a
public function or class has no docstring (what an editor shows on hover).

    python -m tools.verifytypes

pyright measures an installed package, and cannot follow the import hook of an editable install:
the two packages (sdk/gigs_devices, and gigs_devices_client from sdk/generated/) are linked into a
temporary folder put on the interpreter's path, which is what an install would give, without
building one (a build in the checkout can keep files a wheel should not have).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .generate import GENERATED_PACKAGE, SDK_DIR

ROOT = Path(__file__).resolve().parents[1]
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
PACKAGES = {
    "gigs_devices": ROOT / SDK_DIR / "gigs_devices",
    "gigs_devices_client": ROOT / GENERATED_PACKAGE,
}
MIN_SCORE = 0.90  # openai-python's is 0.92


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gigs-verifytypes-") as work:
        site = Path(work) / "site"
        site.mkdir()
        for name, source in PACKAGES.items():
            (site / name).symlink_to(source, target_is_directory=True)
        env = {
            **os.environ,
            "PYTHONPATH": str(site),
            # pyright asks the `python` it finds first for the interpreter's search paths.
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        }
        # From an empty folder: the project's pyrightconfig.json would add the checkout to the path.
        done = subprocess.run(
            [str(PYRIGHT), "--verifytypes", "gigs_devices", "--ignoreexternal", "--outputjson"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
    if not done.stdout.strip():
        raise SystemExit(f"pyright --verifytypes gave no report:\n{done.stderr}")
    completeness: dict[str, Any] = json.loads(done.stdout)["typeCompleteness"]
    return completeness


def main() -> int:
    report = measure()
    score = report["completenessScore"]
    problems = [
        f"  {symbol['name']}: {diagnostic['message'].splitlines()[0]}"
        for symbol in report["symbols"]
        for diagnostic in symbol["diagnostics"]
        if diagnostic["severity"] == "error"
    ]
    undocumented = [
        f"  {symbol['name']}"
        for symbol in report["symbols"]
        if any(diagnostic["message"].startswith("No docstring found") for diagnostic in symbol["diagnostics"])
    ]
    if report["exportedSymbolCounts"]["withKnownType"] == 0:
        print("pyright found nothing exported by gigs_devices: was it found at all?", file=sys.stderr)
        return 1
    print(
        f"gigs_devices type completeness (pyright --verifytypes): {score:.1%}; without a docstring: {len(undocumented)}"
    )
    if score < MIN_SCORE:
        print(f"below {MIN_SCORE:.0%}:", *problems[:40], sep="\n", file=sys.stderr)
    if undocumented:
        print("public, and no docstring:", *undocumented, sep="\n", file=sys.stderr)
    return 1 if score < MIN_SCORE or undocumented else 0


if __name__ == "__main__":
    sys.exit(main())
