"""`make check-breaking` and `make release`.

    python -m release check [--format text|markdown|json] [--reports DIR]
        the gate's report (and reports/gate.md, reports/gate.json); fails when openapi.yaml or the
        SDK's surface breaks the last release and the SDK's major version was not raised, or when an
        accepted change matches nothing
    python -m release cut [--version X.Y.Z] [--yes]
        a release: refused on a dirty tree, a stale sdk/generated/, a failing gate, nothing to release, a
        tag that exists, or a tree that fails `make lint` or the fast tests; a major one asks first
        (--yes answers for CI); else the version the gate asks for (or a higher one), the document
        snapshot, a CHANGELOG.md section (the curated "Unreleased" notes, then the gate's findings and
        the commits), one commit and an annotated tag vX.Y.Z

The last released document is release/openapi.released.yaml, its SDK version release/VERSION and
its SDK's public surface release/sdk.released.json: committed files rather than git tags, so that
a clone without tags (CI's) has them.
"""

from __future__ import annotations

import argparse
import datetime
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from tools.copies import VERSION_FILES, set_version, version_of
from tools.generate import GENERATED_PACKAGE

from . import rules, surface
from .gate import ACCEPTED, BREAKING, DOCUMENTATION, NON_BREAKING, ROOT, Report, evaluate, load_accepted, write

VERSION_FILE = Path("sdk/gigs_devices/_version.py")
CHANGELOG = Path("CHANGELOG.md")
RELEASED_SPEC = Path("release/openapi.released.yaml")
RELEASED_VERSION = Path("release/VERSION")
SPEC = Path("openapi.yaml")
# What a release proves of the tree before it writes anything: lint (ruff, mypy, pyright, the spec's
# linter, verifytypes) and the tests that start no server. The whole suite is CI's; a release that
# fails these would ship what main's own checks refuse.
PROOFS = (
    ("make", "--no-print-directory", "lint"),
    (".venv/bin/python", "-m", "pytest", "-q", "-m", "not slow", "-n", "2", "-p", "no:cacheprovider"),
)
# The CI examples install the toolkit at a release tag: each release moves them to its own.
EXAMPLES = Path("examples/github-actions")


def sdk_version(root: Path) -> str:
    return version_of(root / VERSION_FILE)


def gate_report(root: Path) -> Report:
    released = (root / RELEASED_VERSION).read_text().strip()
    before = yaml.safe_load((root / RELEASED_SPEC).read_text())
    after = yaml.safe_load((root / SPEC).read_text())
    shipped = surface.read(root)
    report = evaluate(before, after, released, root, load_accepted(root), shipped)
    if shipped is None:
        report.problems.append(
            f"no record of the SDK surface release {released} shipped ({surface.SNAPSHOT}): without it the gate"
            " cannot see template or hand-written changes; `make release` writes it"
        )
    return report


def check(root: Path, form: str = "text", reports: Path | None = None) -> int:
    report = gate_report(root)
    print({"text": report.text, "markdown": report.markdown}[form]() if form != "json" else _json(report), end="")
    if reports is not None:
        write(report, reports)
    current = sdk_version(root)
    failed = False
    if report.verdict == BREAKING and _key(current)[0] <= _key(report.released)[0]:
        print(
            f"\nFAILED: this breaks release {report.released} (HTTP {report.http_verdict}, SDK {report.sdk_verdict}),"
            f" and the SDK's version ({current}) keeps its major.\nMake the change compatible, accept it in"
            f" {ACCEPTED} with a reason, or release it as {report.next_version()}: make release.",
            file=sys.stderr,
        )
        failed = True
    if report.problems:
        print("\nFAILED: " + "\n".join(report.problems), file=sys.stderr)
        failed = True
    return 1 if failed else 0


def _json(report: Report) -> str:
    import json

    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def commit_summaries(root: Path) -> list[str]:
    """The subjects of the commits since the last release (the last change to release/VERSION)."""
    try:
        last = _git(root, "log", "-1", "--format=%H", "--", str(RELEASED_VERSION)).strip()
        log = _git(root, "log", "--no-merges", "--format=%s", *([f"{last}..HEAD"] if last else []))
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line for line in log.splitlines() if line.strip()]


def changelog_section(version: str, date: datetime.date, report: Report, commits: list[str], notes: str = "") -> str:
    """The CHANGELOG section: the curated notes, the gate's findings (one entry per change), then the commits."""
    lines = [f"## {version} ({date.isoformat()})", ""]
    if notes:
        lines += [notes, ""]
    accepted = {id(c) for _, matched in report.accepted for c in matched}
    # Compatible changes that add (an operation, a property, a branch) apart from those that relax or
    # remove (an optional property removed, an error status dropped): a removal is no addition.
    headings = (
        (BREAKING, "Breaking changes", lambda rule: True),
        (NON_BREAKING, "Additions", _adds),
        (NON_BREAKING, "Other compatible changes", lambda rule: not _adds(rule)),
        (DOCUMENTATION, "Documentation", lambda rule: True),
    )
    for kind, title, belongs in headings:
        entries = []
        for change in (c for c in report.http if c.kind == kind and belongs(c.rule)):
            rule = rules.RULES[change.rule]
            reach = f" ({', '.join(change.operations)})" if change.operations else ""
            sdk = f"; in the SDK: {rule.sdk}" if rule.sdk and kind != DOCUMENTATION else ""
            note = " (accepted)" if id(change) in accepted else ""
            entries.append(f"- {change.side}: {change.what}{reach}{sdk}{note}")
        for sdk_change in (c for c in report.sdk if c.kind == kind and belongs(c.what)):
            entries.append(f"- SDK: `{sdk_change.path}`: {sdk_change.what}")
        if entries:
            lines += [f"### {title}", "", *entries, ""]
    for acceptance, _ in report.accepted:
        lines.append(f"Accepted knowingly: `{acceptance.change}`: {acceptance.reason}")
    if report.empty():
        lines += ["No change to the API or the SDK's surface.", ""]
    if commits:
        lines += ["### Commits", ""] + [f"- {subject}" for subject in commits] + [""]
    return "\n".join(lines)


def _adds(rule_or_what: str) -> bool:
    """Whether a compatible change adds something (its rule, or the SDK change's words, say "added")."""
    return "added" in rule_or_what


class Refused(SystemExit):
    """A release the guards stop, with why."""


def guards(root: Path, report: Report, commits: list[str]) -> None:
    status = _git(root, "status", "--porcelain")
    if status.strip():
        raise Refused(f"refused: the tree has uncommitted changes; commit or stash them first:\n{status}")
    if not generated_is_fresh(root):
        raise Refused(
            "refused: sdk/generated/ differs from a fresh generation of openapi.yaml: run `make generate`, commit"
        )
    if report.problems:
        raise Refused("refused: the gate fails:\n" + "\n".join(report.problems))
    if report.empty() and not commits:
        raise Refused(
            f"refused: nothing to release: no change to the API or the SDK, and no commit since {report.released}"
        )


def generated_is_fresh(root: Path) -> bool:
    with tempfile.TemporaryDirectory(prefix="gigs-release-") as work:
        output = Path(work) / "gigs_devices_client"
        done = subprocess.run(
            [sys.executable, "-m", "tools.generate", "--spec", str(root / SPEC), "--output", str(output)],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return False
        return _same_tree(output, root / GENERATED_PACKAGE)


def _same_tree(left: Path, right: Path) -> bool:
    ignored = ["__pycache__", ".ruff_cache", ".pdm-build"]
    compared = filecmp.dircmp(left, right, ignore=ignored)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(_same_tree(left / sub, right / sub) for sub in compared.common_dirs)


def cut(
    root: Path,
    version: str | None = None,
    today: datetime.date | None = None,
    *,
    proofs: Sequence[Sequence[str]] = (),
    confirm: Callable[[str], bool] = lambda question: False,
) -> str:
    """Cut a release of `root`; its version. `proofs`: commands the tree must pass first (the command
    line gives PROOFS); `confirm`: asked before a major release, which it refuses when answered no."""
    report = gate_report(root)
    commits = commit_summaries(root)
    guards(root, report, commits)
    needed = report.next_version()
    version = version or needed
    if _key(version) < _key(needed):
        raise Refused(f"refused: {version} is below {needed}, which the gate asks for ({report.verdict} changes)")
    if _git(root, "tag", "--list", f"v{version}").strip():
        raise Refused(f"refused: the tag v{version} exists already; nothing was written")
    for command in proofs:
        _prove(root, command)
    if _key(version)[0] > _key(report.released)[0] and not confirm(
        f"{version} is a major release: it breaks release {report.released} ({report.verdict}). Release it?"
    ):
        raise Refused(f"refused: {version} is a major release and was not confirmed (--yes confirms it)")
    changelog = (root / CHANGELOG).read_text()
    notes, changelog = _take_unreleased(changelog)
    section = changelog_section(version, today or datetime.date.today(), report, commits, notes)
    first = changelog.find("\n## ", changelog.find(UNRELEASED) + 1 if UNRELEASED in changelog else 0)
    at = first + 1 if first >= 0 else len(changelog)
    (root / CHANGELOG).write_text(changelog[:at] + section + "\n" + changelog[at:])
    set_version(root, version)
    shutil.copyfile(root / SPEC, root / RELEASED_SPEC)
    (root / RELEASED_VERSION).write_text(version + "\n")
    surface.write(root)
    examples = _pin_examples(root, version)
    if (root / ACCEPTED).exists() and report.accepted:
        (root / ACCEPTED).write_text(_ACCEPTED_EMPTY)  # taken by this release
    paths = [
        str(p)
        for p in (CHANGELOG, *VERSION_FILES, RELEASED_SPEC, RELEASED_VERSION, surface.SNAPSHOT, ACCEPTED)
        if (root / p).exists()
    ]
    _git(root, "add", *paths, *examples)
    _git(
        root,
        "commit",
        "--quiet",
        "-m",
        f"Release {version}: {report.verdict} (HTTP {report.http_verdict}, SDK {report.sdk_verdict})",
    )
    _git(root, "tag", "--annotate", f"v{version}", "-m", f"Release {version}\n\n{section}")
    return version


UNRELEASED = "## Unreleased\n"


def _take_unreleased(changelog: str) -> tuple[str, str]:
    """The curated notes under "## Unreleased", and the changelog with that section left empty for the
    next release's notes: the release's section carries them."""
    start = changelog.find(UNRELEASED)
    if start < 0:
        return "", changelog
    body_start = start + len(UNRELEASED)
    end = changelog.find("\n## ", body_start)
    end = len(changelog) if end < 0 else end + 1
    notes = changelog[body_start:end].strip()
    return notes, changelog[:body_start] + "\n" + changelog[end:]


def _prove(root: Path, command: Sequence[str]) -> None:
    done = subprocess.run(list(command), cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise Refused(
            f"refused: the tree fails `{' '.join(command)}` (exit {done.returncode}); nothing was written:\n"
            + "\n".join(output[-25:])
        )


def _pin_examples(root: Path, version: str) -> list[str]:
    """Point the CI examples' TOOLKIT_REF at the tag this release makes; the files it changed."""
    changed = []
    for path in sorted((root / EXAMPLES).glob("*.yml")) if (root / EXAMPLES).is_dir() else []:
        text = path.read_text()
        pinned = re.sub(r"(?m)^(\s*TOOLKIT_REF: )v\S+$", rf"\g<1>v{version}", text)
        if pinned != text:
            path.write_text(pinned)
            changed.append(str(path.relative_to(root)))
    return changed


_ACCEPTED_EMPTY = """\
# Changes accepted knowingly: each is listed in the gate's report as accepted and does not decide the
# next version. `change` is a JSON pointer (an HTTP change) or a dotted path (an SDK change), as the
# report shows it; `rule` (optional) narrows it to one rule; `version` is the release it is for.
# An entry that matches nothing fails the gate; `make release` empties the list it used.
accepted: []
"""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m release", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = cli.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="the gate: its report, and a failure on a break without a major")
    checking.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    checking.add_argument("--reports", type=Path, help="also write gate.md and gate.json there")
    cutting = commands.add_parser("cut", help="release: version, spec snapshot, changelog, commit and tag")
    cutting.add_argument("--version", help="the version to release (default: what the gate asks for)")
    cutting.add_argument("--yes", action="store_true", help="confirm a major release without asking (CI)")
    args = cli.parse_args(argv)
    if args.command == "check":
        return check(ROOT, args.format, args.reports)

    def confirm(question: str) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")

    try:
        version = cut(ROOT, args.version, proofs=PROOFS, confirm=confirm)
    except Refused as refused:
        print(f"make release: {refused}", file=sys.stderr)
        return 1
    print(f"released {version}: committed and tagged v{version}; push the commit and the tag")
    return 0


if __name__ == "__main__":
    sys.exit(main())
