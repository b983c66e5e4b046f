"""A copy of this checkout's files, as a clone would have them (committed or not; ignored files and
build leftovers not), for tests that build, install or change the project without touching it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_checkout(root: Path) -> Path:
    """Copy the checkout's files into `root`, symbolic links as links; `root`."""
    listed = b"".join(
        subprocess.run(["git", "ls-files", "-z", *extra], cwd=ROOT, capture_output=True, check=True).stdout
        for extra in ([], ["--others", "--exclude-standard"])
    )
    for name in {n for n in listed.decode().split("\0") if n}:
        source, target = ROOT / name, root / name
        if source.is_file() or source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                target.symlink_to(os.readlink(source))
            else:
                target.write_bytes(source.read_bytes())
    return root
