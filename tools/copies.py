"""The files the server and the contract suite ship of the repository's own, kept as copies.

Each distribution carries the contract inside its package (and the suite its Schemathesis policy),
and the one module that reads it (tools/openapi_reader.py), because an installed package cannot
reach above its own folder. They were symlinks, which break on
a checkout without them (Windows, some CI caches) and in a source distribution. `make generate`
writes the copies; `make check-generated` and tests/spec/test_copies.py fail when one differs.

The three distributions are released together, under one version: each says it in its own
`_version.py`, which `make release` writes, and which must agree.

    python -m tools.copies           write the copies
    python -m tools.copies --check   list what differs, and exit 1 if anything does
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# copy → source, relative to the repository's root.
COPIES = {
    Path("server/gigs_devices_mock/openapi.yaml"): Path("openapi.yaml"),
    Path("contract/gigs_contract/openapi.yaml"): Path("openapi.yaml"),
    Path("contract/gigs_contract/schemathesis.toml"): Path("schemathesis.toml"),
    Path("server/gigs_devices_mock/_openapi_reader.py"): Path("tools/openapi_reader.py"),
    Path("contract/gigs_contract/_openapi_reader.py"): Path("tools/openapi_reader.py"),
    # Each distribution carries the license it is published under.
    Path("sdk/LICENSE"): Path("LICENSE"),
    Path("server/LICENSE"): Path("LICENSE"),
    Path("contract/LICENSE"): Path("LICENSE"),
}
VERSION_FILES = (
    Path("sdk/gigs_devices/_version.py"),
    Path("server/gigs_devices_mock/_version.py"),
    Path("contract/gigs_contract/_version.py"),
)
_VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def version_of(path: Path) -> str:
    found = _VERSION.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f'{path}: no line __version__ = "x.y.z"')
    return found.group(1)


def set_version(root: Path, version: str) -> list[Path]:
    """Write `version` into each distribution's _version.py; the files written."""
    for relative in VERSION_FILES:
        path = root / relative
        path.write_text(_VERSION.sub(f'__version__ = "{version}"', path.read_text(encoding="utf-8")), encoding="utf-8")
    return list(VERSION_FILES)


def differences(root: Path = ROOT) -> list[str]:
    """What is not as it should be: a copy missing, linked or unlike its source; versions that disagree."""
    found = []
    for copy, source in COPIES.items():
        if (root / copy).is_symlink():
            found.append(f"{copy} is a symlink: a regular copy of {source} is needed")
        elif not (root / copy).is_file():
            found.append(f"{copy} is missing (a copy of {source})")
        elif (root / copy).read_bytes() != (root / source).read_bytes():
            found.append(f"{copy} differs from {source}")
    versions = {str(path): version_of(root / path) for path in VERSION_FILES}
    if len(set(versions.values())) > 1:
        found.append("the distributions' versions disagree: " + ", ".join(f"{p} {v}" for p, v in versions.items()))
    return found


def sync(root: Path = ROOT) -> None:
    for copy, source in COPIES.items():
        (root / copy).unlink(missing_ok=True)
        shutil.copyfile(root / source, root / copy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.copies", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list what differs; exit 1 if anything does")
    args = parser.parse_args(argv)
    if not args.check:
        sync()
    found = differences()
    for line in found:
        print(f"tools.copies: {line}" + ("; run 'make generate' and commit" if args.check else ""), file=sys.stderr)
    if not found:
        print(
            "the packages' copies (openapi.yaml, its reader, schemathesis.toml) are up to date, one version across three"
        )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
