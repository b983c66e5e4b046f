"""Build the reference server's /docs page: Redoc, served by the server itself (`make docs`).

    python -m tools.docs [--check] [--screenshot PNG]

The page is Redoc's standalone bundle (pinned below, fetched from the npm registry with `npm pack`,
which checks it against the registry's integrity hash) and a small HTML page that points it at the
server's own /openapi.yaml. Both are package data of the server (server/gigs_devices_mock/static/), so /docs
works offline and from an installed wheel; `--check` rebuilds them apart and fails when the
committed ones differ, as `make check-generated` does for sdk/generated/.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "server" / "gigs_devices_mock" / "static"
REDOC = "redoc@2.5.4"  # 3.x needs a package the registry does not have; 2.5.4 is the last 2.x

PAGE = """\
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Gigs Devices API reference</title>
  <!-- Built by tools/docs.py (make docs): Redoc, served by this server, reading its own spec. -->
  <style>body { margin: 0; }</style>
</head>
<body>
  <redoc spec-url="/openapi.yaml" expand-responses="200,201" json-sample-expand-level="3"
         required-props-first="true" sort-props-alphabetically="false" path-in-middle-panel="true"></redoc>
  <script src="/docs/redoc.standalone.js"></script>
</body>
</html>
"""


def build(into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gigs-docs-") as work:
        done = subprocess.run(["npm", "pack", REDOC, "--silent"], cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"tools.docs: npm pack {REDOC} failed:\n{done.stderr}")
        with tarfile.open(Path(work) / done.stdout.strip().splitlines()[-1]) as archive:
            for member, target in (
                ("package/bundles/redoc.standalone.js", "redoc.standalone.js"),
                ("package/LICENSE", "REDOC-LICENSE"),
            ):
                extracted = archive.extractfile(member)
                assert extracted is not None, member
                (into / target).write_bytes(extracted.read())
    (into / "index.html").write_text(PAGE, encoding="utf-8")


def check() -> int:
    with tempfile.TemporaryDirectory(prefix="gigs-docs-check-") as work:
        fresh = Path(work) / "docs"
        build(fresh)
        compared = filecmp.dircmp(fresh, DOCS, ignore=["__pycache__"])
        differ = compared.left_only + compared.right_only + compared.diff_files
        if differ:
            print(
                f"server/gigs_devices_mock/static/ differs from a fresh build ({', '.join(sorted(differ))}): run `make docs` and commit",
                file=sys.stderr,
            )
            return 1
    print("server/gigs_devices_mock/static/ is up to date")
    return 0


def screenshot(url: str, path: Path) -> None:
    """A picture of the page as Chromium renders it (the README shows it)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("tools.docs: --screenshot needs Debian's chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="gigs-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--window-size=1400,1000",
                "--virtual-time-budget=15000",
                f"--screenshot={path}",
                url,
            ],
            check=True,
            capture_output=True,
        )


# Headless, and quiet on a machine whose network is closed (it would look up Google's hosts).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m tools.docs", description=(__doc__ or "").split("\n\n")[0])
    cli.add_argument(
        "--check", action="store_true", help="fail when server/gigs_devices_mock/static/ differs from a fresh build"
    )
    cli.add_argument("--screenshot", nargs=2, metavar=("URL", "PNG"), help="a picture of the page at URL")
    args = cli.parse_args(argv)
    if args.screenshot:
        screenshot(args.screenshot[0], Path(args.screenshot[1]))
        return 0
    if args.check:
        return check()
    build(DOCS)
    print("built server/gigs_devices_mock/static/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
