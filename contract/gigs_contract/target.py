"""Which server the contract suite tests, as the GIGS_* variables describe it.

    GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT        the server, a key and the key's project
    GIGS_TOKEN_2, GIGS_PROJECT_2                   optional: a second project, for isolation checks
    GIGS_USER_IDS, GIGS_SIM_IDS                    optional: IDs of the project's users and SIMs
    GIGS_USER_IDS_2, GIGS_SIM_IDS_2                optional: the second project's (comma-separated)

Every server is known the same way, over HTTP and through these facts: with no GIGS_BASE_URL the
suite starts the reference server (`embedded.py`) and takes the same facts from what it announces.
Users and SIMs not given are learned from the devices the project already has (read only).
"""

from __future__ import annotations

import difflib
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from .spec import limit_bounds

WORK_ENV = "GIGS_CONTRACT_WORK"  # the run's directory: its configuration and dictionaries
UNKNOWN_SUFFIX = "_contractSuiteUnknown"  # a dictionary's entry when the project has no such ID
# Every variable the suite reads, with what it means: `--help` and the README list these.
VARIABLES = {
    "GIGS_BASE_URL": "the server's root URL (unset: the embedded reference server)",
    "GIGS_TOKEN": "a key of GIGS_PROJECT (required with GIGS_BASE_URL)",
    "GIGS_PROJECT": "the project the run creates its devices in (required with GIGS_BASE_URL)",
    "GIGS_TOKEN_2": "optional: a key of a second project, for the isolation checks",
    "GIGS_PROJECT_2": "optional: that second project",
    "GIGS_USER_IDS": "user IDs of GIGS_PROJECT, comma-separated: two at least (else read from its devices)",
    "GIGS_SIM_IDS": "SIM IDs of GIGS_PROJECT, comma-separated: three no device holds (else its devices' SIMs, all taken)",
    "GIGS_USER_IDS_2": "optional: user IDs of GIGS_PROJECT_2, for the reference checks",
    "GIGS_SIM_IDS_2": "optional: SIM IDs of GIGS_PROJECT_2, for the reference checks",
    "GIGS_MAX_RPS": "requests a second at most (default 10 for a live server; the embedded one is not paced)",
}
# GIGS_* names that are not about the server under test: the pace, the SDK's logging, and the ones the
# suite sets for its own child processes. Any other GIGS_* name is a typo, and a typo must not quietly
# turn a run against a live server into one against the embedded server.
OTHER_VARIABLES = {"GIGS_MAX_RPS", "GIGS_LOG", WORK_ENV, "GIGS_CONTRACT_SEED", "GIGS_CONTRACT_WARNINGS"}


class TargetError(RuntimeError):
    """The target is not configured well enough to test, or the embedded server did not start."""


@dataclass(frozen=True)
class Project:
    """A project the suite may use: a key of it, and the user and SIM IDs it is known to have."""

    name: str
    token: str
    users: tuple[str, ...] = ()
    sims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    base_url: str
    first: Project
    second: Project | None = None
    embedded: bool = False  # started by the suite: not paced, and described as such
    _known: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def token(self) -> str:
        return self.first.token

    @property
    def project(self) -> str:
        return self.first.name

    @property
    def token_2(self) -> str | None:
        return self.second.token if self.second else None

    @property
    def project_2(self) -> str | None:
        return self.second.name if self.second else None

    @property
    def has_second_project(self) -> bool:
        return self.second is not None

    def env(self) -> dict[str, str]:
        """The target as the GIGS_* variables that describe it (for a child process, or a user)."""
        values = {"GIGS_BASE_URL": self.base_url, "GIGS_TOKEN": self.token, "GIGS_PROJECT": self.project}
        values |= {"GIGS_USER_IDS": ",".join(self.first.users), "GIGS_SIM_IDS": ",".join(self.first.sims)}
        if self.second:
            values |= {"GIGS_TOKEN_2": self.second.token, "GIGS_PROJECT_2": self.second.name}
            values |= {"GIGS_USER_IDS_2": ",".join(self.second.users), "GIGS_SIM_IDS_2": ",".join(self.second.sims)}
        return {name: value for name, value in values.items() if value}

    def known_ids(self) -> dict[str, list[str]]:
        """User and SIM IDs of the project, so that generated bodies can name real ones, and the SIMs
        seen on a device now ("attached"), which a new device cannot take.

        Given IDs are used as given; without them, the project's devices tell (read only): their
        users, and their SIMs, all attached. Read once a run."""
        if self._known:
            return self._known
        devices = _devices(self.base_url, self.first)
        attached = sorted({sim["id"] for device in devices for sim in device.get("sims") or [] if "id" in sim})
        users = list(self.first.users) or sorted({d["user"]["id"] for d in devices if isinstance(d.get("user"), dict)})
        sims = list(self.first.sims) or attached
        self._known.update(users=users, sims=sims, attached=attached)
        return self._known

    def describe(self) -> str:
        kind = "the embedded reference server" if self.embedded else "the server given by GIGS_BASE_URL"
        second = f" and project {self.project_2!r}" if self.second else " (no second project)"
        return f"{kind} at {self.base_url}, project {self.project!r}{second}"


def _devices(base_url: str, project: Project) -> list[dict[str, Any]]:

    try:
        with httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {project.token}"}, timeout=10
        ) as client:
            page = client.get(f"/projects/{project.name}/devices", params={"limit": limit_bounds()[1]})
        items = page.json().get("items", []) if page.status_code == 200 else []
    except (httpx.HTTPError, ValueError, AttributeError):
        return []  # the preflight says why the server cannot be tested
    return [item for item in items if isinstance(item, dict)]


def _ids(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in environ.get(name, "").split(",") if part.strip())


def from_env(environ: Mapping[str, str] | None = None, *, embedded: bool = False) -> Target | None:
    """The server the GIGS_* variables name; None for the embedded reference server.

    The embedded server is chosen only when no variable names a server at all, or when asked for
    (`embedded`, the CLI's `--embedded`). A variable that is set but empty is what a CI gives for a
    secret it withholds (a fork's pull request, Dependabot): it is refused, as is a key with no URL
    and a GIGS_* name the suite does not know, so that no missing secret ever reads as a green run
    against a server nobody meant to test."""
    environ = os.environ if environ is None else environ
    given = {name: value for name, value in environ.items() if name.startswith("GIGS_")}
    for name in sorted(given):
        if name not in VARIABLES and name not in OTHER_VARIABLES:
            nearest = difflib.get_close_matches(name, [*VARIABLES, *OTHER_VARIABLES], n=1, cutoff=0.6)
            hint = f" (did you mean {nearest[0]}?)" if nearest else f"; the suite reads {', '.join(VARIABLES)}"
            raise TargetError(f"{name} is not a variable the suite reads{hint}")
    naming = {name: value for name, value in given.items() if name in VARIABLES and name not in OTHER_VARIABLES}
    if embedded:
        if naming:
            raise TargetError(
                f"--embedded tests the embedded reference server, but {', '.join(sorted(naming))} name another"
            )
        return None
    if not naming:
        return None
    empty = [
        name for name in ("GIGS_BASE_URL", "GIGS_TOKEN", "GIGS_PROJECT") if name in naming and not naming[name].strip()
    ]
    if empty:
        raise TargetError(
            f"{' and '.join(empty)} {'is' if len(empty) == 1 else 'are'} set but empty (a CI secret this run"
            " cannot read?); set them, or unset every GIGS_* variable to test the embedded server"
        )
    if "GIGS_BASE_URL" not in naming:
        raise TargetError(
            f"{', '.join(sorted(naming))} {'is' if len(naming) == 1 else 'are'} set but GIGS_BASE_URL is not:"
            " set it to the server's URL, or pass --embedded (and unset them) to test the embedded server"
        )
    missing = [name for name in ("GIGS_TOKEN", "GIGS_PROJECT") if not naming.get(name)]
    if missing:
        raise TargetError(f"GIGS_BASE_URL is set, so {' and '.join(missing)} must be set too")
    base_url = environ["GIGS_BASE_URL"].strip().rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise TargetError(f"GIGS_BASE_URL is {base_url!r}: expected an http:// or https:// URL")
    first = Project(
        environ["GIGS_PROJECT"], environ["GIGS_TOKEN"], _ids(environ, "GIGS_USER_IDS"), _ids(environ, "GIGS_SIM_IDS")
    )
    second = None
    if environ.get("GIGS_TOKEN_2") or environ.get("GIGS_PROJECT_2"):
        if not (environ.get("GIGS_TOKEN_2") and environ.get("GIGS_PROJECT_2")):
            raise TargetError("a second project needs both GIGS_TOKEN_2 and GIGS_PROJECT_2")
        second = Project(
            environ["GIGS_PROJECT_2"],
            environ["GIGS_TOKEN_2"],
            _ids(environ, "GIGS_USER_IDS_2"),
            _ids(environ, "GIGS_SIM_IDS_2"),
        )
    return Target(base_url, first, second)


def wait_for_server(
    target: Target, seconds: float, poll: float = 0.5, say: Callable[[str], None] = print, every: float = 10.0
) -> None:
    """Wait until the server answers any HTTP at all (a deploy still starting), for at most `seconds`,
    saying that it waits, and every `every` seconds that it still does.

    Whether it answers *well* is the preflight's question; this only waits out refused connections."""
    start = time.monotonic()
    deadline, next_word = start + seconds, start
    while True:
        try:
            httpx.get(f"{target.base_url}/deviceModelBrands", timeout=min(5.0, max(poll, seconds)))
            if time.monotonic() - start >= poll:
                say(f"{target.base_url} answers, after {time.monotonic() - start:.0f} s")
            return
        except httpx.TransportError as error:
            now = time.monotonic()
            if now + poll > deadline:
                raise TargetError(
                    f"no answer from {target.base_url} within {seconds:g} s ({type(error).__name__})"
                ) from None
            if now >= next_word:
                waited = f"still waiting, {now - start:.0f} s" if now > start + poll else f"up to {seconds:g} s"
                say(f"waiting for {target.base_url} to accept connections ({waited}; {type(error).__name__})")
                next_word = now + every
            time.sleep(poll)
