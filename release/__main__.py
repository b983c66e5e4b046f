"""`make check-breaking` and `make release`.

    python -m release check   the gate's report; fails when openapi.yaml breaks the last released
                              document and the SDK's major version was not raised
    python -m release cut     a release: the next version (from the gate, or --version), the
                              document snapshot, and a CHANGELOG.md section; then review and commit

The last released document is release/openapi.released.yaml, its SDK version release/VERSION:
committed files rather than git tags, so that a clone without tags (CI's) has them.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .gate import BREAKING, DOCUMENTATION, NON_BREAKING, ROOT, Change, compare, grouped, next_version, report, verdict

VERSION_FILE = Path("gigs_devices/_version.py")
CHANGELOG = Path("CHANGELOG.md")
RELEASED_SPEC = Path("release/openapi.released.yaml")
RELEASED_VERSION = Path("release/VERSION")
SPEC = Path("openapi.yaml")


def sdk_version(root: Path) -> str:
    match = re.search(r'__version__ = "([^"]+)"', (root / VERSION_FILE).read_text())
    if match is None:
        raise SystemExit(f"no __version__ in {VERSION_FILE}")
    return match.group(1)


def changes_since_release(root: Path) -> tuple[str, list[Change]]:
    released = (root / RELEASED_VERSION).read_text().strip()
    before = yaml.safe_load((root / RELEASED_SPEC).read_text())
    after = yaml.safe_load((root / SPEC).read_text())
    return released, compare(before, after)


def check(root: Path) -> int:
    released, changes = changes_since_release(root)
    current = sdk_version(root)
    print(report(changes, released), end="")
    if verdict(changes) == BREAKING and int(current.split(".")[0]) <= int(released.split(".")[0]):
        print(
            f"\nFAILED: openapi.yaml breaks release {released}, and the SDK's version ({current}) keeps its major."
            f"\nMake the change compatible, or release it as {next_version(released, changes)}: make release.",
            file=sys.stderr,
        )
        return 1
    return 0


def commit_summaries(root: Path) -> list[str]:
    """The subjects of the commits since the last release (the last change to release/VERSION)."""
    try:
        last = subprocess.run(
            ["git", "log", "-1", "--format=%H", "--", str(RELEASED_VERSION)],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        since = [f"{last}..HEAD"] if last else []
        log = subprocess.run(
            ["git", "log", "--no-merges", "--format=%s", *since], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line for line in log.splitlines() if line.strip()]


def changelog_section(version: str, date: datetime.date, changes: list[Change], commits: list[str]) -> str:
    lines = [f"## {version} ({date.isoformat()})", ""]
    titles = {BREAKING: "Breaking API changes", NON_BREAKING: "API additions", DOCUMENTATION: "Documentation"}
    for kind in (BREAKING, NON_BREAKING, DOCUMENTATION):
        entries = []
        for side in ("request", "response", "document"):
            for (description, rule), (operations, statuses) in grouped(
                c for c in changes if c.kind == kind and c.side == side
            ).items():
                reach = ", ".join(operations) if len(operations) <= 2 else f"{len(operations)} operations"
                codes = f", answers {', '.join(statuses)}" if len(statuses) > 1 else ""
                why = f" ({rule})" if rule else ""
                entries.append(f"- {side}: {description}{' — ' + reach if reach else ''}{codes}{why}")
        if entries:
            lines += [f"### {titles[kind]}", "", *entries, ""]
    if not changes:
        lines += ["No change to the API.", ""]
    if commits:
        lines += ["### Commits", ""] + [f"- {subject}" for subject in commits] + [""]
    return "\n".join(lines)


def cut(root: Path, version: str | None = None, today: datetime.date | None = None) -> str:
    released, changes = changes_since_release(root)
    needed = next_version(released, changes)
    version = version or needed
    if _key(version) < _key(needed):
        raise SystemExit(f"{version} is below {needed}, which the gate asks for ({verdict(changes)} changes)")
    section = changelog_section(version, today or datetime.date.today(), changes, commit_summaries(root))
    changelog = (root / CHANGELOG).read_text()
    first = changelog.find("\n## ")
    at = first + 1 if first >= 0 else len(changelog)
    (root / CHANGELOG).write_text(changelog[:at] + section + "\n" + changelog[at:])
    version_file = root / VERSION_FILE
    version_file.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', version_file.read_text()))
    shutil.copyfile(root / SPEC, root / RELEASED_SPEC)
    (root / RELEASED_VERSION).write_text(version + "\n")
    return version


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m release", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = cli.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="the gate: report, and fail on a break without a major version")
    cutting = commands.add_parser("cut", help="release: bump the version, snapshot the spec, write the changelog")
    cutting.add_argument("--version", help="the version to release (default: what the gate asks for)")
    args = cli.parse_args(argv)
    if args.command == "check":
        return check(ROOT)
    version = cut(ROOT, args.version)
    print(f"released {version}: review CHANGELOG.md, then commit release/, {VERSION_FILE} and CHANGELOG.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
