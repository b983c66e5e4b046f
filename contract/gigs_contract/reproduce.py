"""Reproducers: the requests that showed a failure, as shell lines that send them again.

A reproducer is the shortest sequence the suite found, the failing request last. Its lines run as
they are pasted into bash (or as the script written under reports/), against the server that
GIGS_BASE_URL and GIGS_TOKEN name:

- the key comes from `"$GIGS_TOKEN"` (`"$GIGS_TOKEN_2"` for the second project's), expanded by the
  shell; it is never written out;
- each Idempotency-Key is fresh for every run of the lines (`repro-$RUN-1`), and two requests that
  shared a key share the new one, so a replay in the sequence is still a replay; so is each IMEI a
  create of the sequence took (same TAC, same length), so the lines run again on the same server;
- an object a POST created is captured (`dev_1=$(…)`) and named by its variable wherever the
  recorded sequence named its ID, so the lines work on a server that issues other IDs;
- every request prints its answer and then its status (`→ 404`) on stderr.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Headers curl sets itself, or that only describe the transport.
_TRANSPORT_HEADERS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"})
# After a create: shows its answer and status (on stderr, in order), and prints the ID it names.
_ID_OF = (
    'id_of() { python3 -c \'import json,sys; a,_,s=sys.stdin.read().rpartition("\\n→ "); '
    'sys.stderr.write(a+"\\n→ "+s); j=json.loads(a) if a.startswith("{") else {}; '
    'print(j.get("id","") if isinstance(j,dict) else "")\'; }  # the ID a create\'s answer names'
)
_SAFE_IN_DOUBLE_QUOTES = re.compile(r'[^"$`\\!]*')


@dataclass(frozen=True)
class Step:
    """One request of a sequence as it was sent, and what it got."""

    method: str
    url: str  # absolute, as sent
    headers: tuple[tuple[str, str], ...]  # without the Authorization of a known key (see `key`)
    body: str | None
    status: int | None  # None: no answer came
    created: str | None = None  # the ID a POST's answer named: later steps may name it
    key: str | None = None  # the variable holding the known key it carried (GIGS_TOKEN), if it carried one


def recorded(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: str | None,
    status: int | None,
    created: str | None,
    keys: Mapping[str, str],
) -> Step:
    """A step from a request as sent: a known key (`keys`: key → its variable) is kept by its
    variable's name only; any other Authorization (a wrong key, on purpose) stays as it was."""
    kept, key = [], None
    for name, value in headers:
        token = value.partition(" ")[2]
        if name.lower() == "authorization" and token in keys:
            key = keys[token]
        else:
            kept.append((name, value))
    return Step(method, url, tuple(kept), body, status, created, key)


@dataclass(frozen=True)
class Var:
    name: str


def _word(parts: Iterable[str | Var]) -> str:
    """One shell word from literal text and variables: double-quoted when that is safe, else pieces."""
    parts = [part for part in parts if part != ""]
    if all(isinstance(p, Var) or _SAFE_IN_DOUBLE_QUOTES.fullmatch(p) for p in parts):
        out = []
        for index, part in enumerate(parts):
            if isinstance(part, Var):
                following = parts[index + 1] if index + 1 < len(parts) else ""
                glued = isinstance(following, str) and (following[:1].isalnum() or following[:1] == "_")
                out.append(f"${{{part.name}}}" if glued or isinstance(following, Var) else f"${part.name}")
            else:
                out.append(part)
        return '"' + "".join(out) + '"'
    return "".join(f'"${part.name}"' if isinstance(part, Var) else shlex.quote(part) for part in parts) or "''"


def _with_vars(text: str, names: Mapping[str, str]) -> list[str | Var]:
    """`text` split where it names a captured ID, each such ID replaced by its variable."""
    if not names:
        return [text]
    pattern = re.compile("|".join(re.escape(value) for value in sorted(names, key=len, reverse=True)))
    parts: list[str | Var] = []
    last = 0
    for found in pattern.finditer(text):
        parts += [text[last : found.start()], Var(names[found.group()])]
        last = found.end()
    return [*parts, text[last:]]


def lines(steps: list[Step], base_url: str) -> list[str]:
    """The shell lines that repeat `steps` against "$GIGS_BASE_URL" (recorded against `base_url`)."""
    return _render(steps, base_url)[0]


def script(steps: list[Step], base_url: str, title: str, failure: str) -> str:
    """A bash script of the same lines, which checks its variables and deletes what it created."""
    body, captures = _render(steps, base_url)
    keys = sorted({step.key for step in steps if step.key})
    needed = " ".join(f'"${{{name}:?set {name}}}"' for name in ["GIGS_BASE_URL", *keys])
    deletes = [
        f'  [ -z "${{{variable}:-}}" ] || curl -sS -o /dev/null -X DELETE {_word([Var("GIGS_BASE_URL"), collection + "/", Var(variable)])}'
        + (f" -H {_word(['Authorization: Bearer ', Var(key)])}" if key else "")
        for variable, (collection, key) in captures.items()
    ]
    clean_up = [
        "clean_up() {  # the objects the sequence created, deleted when the script ends",
        *deletes,
        "  return 0",
        "}",
        "trap clean_up EXIT",
    ]
    return "\n".join(
        [
            "#!/usr/bin/env bash",
            f"# {title}",
            *(f"# {line}" for line in failure.splitlines()),
            "#",
            "# Sends the sequence that showed it again, the failing request last. Each request prints its",
            "# answer, then its status (→ 404); the comment at the end of its line is what the run got.",
            "#   GIGS_BASE_URL=… GIGS_TOKEN=… bash <this script>",
            "set -u",
            f": {needed}",
            *(clean_up if captures else []),
            *body,
            "",
        ]
    )


def _render(steps: list[Step], base_url: str) -> tuple[list[str], dict[str, tuple[str, str | None]]]:
    """The lines, and each captured variable with the collection its object was created in and the key."""
    base_url = base_url.rstrip("/")
    captures: dict[str, tuple[str, str | None]] = {}
    keys: dict[str, int] = {}  # recorded Idempotency-Key → its number in the run
    out = ["RUN=$(( (RANDOM << 15 | RANDOM) % 10000000 ))  # fresh Idempotency-Keys and IMEIs for each run"]
    if any(step.created for step in steps[:-1]):
        out.append(_ID_OF)
    # An IMEI a create of the sequence took was free then; the same one may not be now (the first
    # run of these lines took it). Each is a fresh one of the same TAC (so of the same model) and length.
    captured: dict[str, str] = {}  # recorded ID or IMEI → its variable
    for number, imei in enumerate(_taken_imeis(steps), 1):
        captured[imei] = f"imei_{number}"
        rest = f"$(printf %07d $(( (RUN + {number}) % 10000000 )))"
        out.append(f"imei_{number}={imei[:8]}{rest}{imei[15:]}")
    for number, step in enumerate(steps, 1):
        ours = step.url.startswith(base_url)
        path = step.url[len(base_url) :] if ours else step.url
        words = [
            "curl",
            "-sS",
            "-X",
            step.method,
            _word([Var("GIGS_BASE_URL"), *_with_vars(path, captured)] if ours else [path]),
        ]
        if step.key:
            words += ["-H", _word(["Authorization: Bearer ", Var(step.key)])]
        for name, value in step.headers:
            lowered = name.lower()
            if lowered in _TRANSPORT_HEADERS:
                continue
            if lowered == "idempotency-key":
                index = keys.setdefault(value, len(keys) + 1)
                words += ["-H", _word([f"{name}: repro-", Var("RUN"), f"-{index}"])]
            else:
                words += ["-H", _word([f"{name}: ", *_with_vars(value, captured)])]
        if step.body:
            words += ["--data-raw", _word(_with_vars(step.body, captured))]
        created = step.created and number < len(steps) and ours
        # The status after the answer: on stderr, or (for a create whose ID is captured) on stdout,
        # where the line's python3 splits it off again.
        # curl's own escapes (a backslash and n), so that each line stays one line.
        words += ["-w", shlex.quote(r"\n→ %{http_code}\n" if created else r"%{stderr}\n→ %{http_code}\n")]
        line = " ".join(words)
        shown = f"  # → {step.status if step.status is not None else 'no answer'}"
        if created and step.created:
            # A replay answers the ID it answered first: the same variable takes it again.
            variable = captured.get(step.created) or f"{_prefix(step.created)}_{len(captures) + 1}"
            captured[step.created] = variable
            captures[variable] = (path.split("?", 1)[0], step.key)
            line = f"{variable}=$({line} | id_of)"
        out.append(line + shown)
    return out, captures


def _taken_imeis(steps: list[Step]) -> list[str]:
    """The IMEIs the sequence's successful creates took, in order."""
    found: list[str] = []
    for step in steps:
        if step.method != "POST" or not step.created or not step.body:
            continue
        imei = _IMEI.search(step.body)
        if imei and imei.group(1) not in found:
            found.append(imei.group(1))
    return found


_IMEI = re.compile(r'"imei"\s*:\s*"([0-9]{15,16})"')


def _prefix(identifier: str) -> str:
    """A variable's name for an ID: its type prefix (`dev` of `dev_…`), else `id`."""
    prefix = identifier.split("_", 1)[0]
    return prefix if "_" in identifier and prefix.isascii() and prefix.isalpha() and prefix.islower() else "id"
