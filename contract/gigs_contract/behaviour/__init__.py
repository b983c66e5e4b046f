"""The behavioural suite: the API's rules, checked by a model of the run's own devices.

Schemathesis proves that answers have the documented shape; this proves they say the right thing:
lists newest first and paged by `limit`, metadata merged, IMEIs unique, filters that filter,
idempotent replays, deletes that delete. `run` drives the server (embedded or live) and returns
what each rule examined and every rule broken, with the requests that broke it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import httpx
import hypothesis.errors
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.stateful import get_state_machine_test

from ..progress import Progress, Status
from ..target import Target, TargetError
from .api import Api
from .catalogue import Catalogue
from .devices import IMEI_LENGTHS, MAX_LIMIT, Context
from .ledger import RULES, Ledger, ShrinkingDone, Violation
from .model import ImeiSource
from .project import ProjectMachine
from .wire import CannotTest, Pace, Wire

# Sequences of steps, steps per sequence, and filter queries of the catalogue, per profile.
PROFILES = {"fast": (60, 30, 40), "full": (400, 60, 200)}
SHRINK_SECONDS = {"fast": 15.0, "full": 120.0}  # after a first failure, to find a shorter sequence
DEFAULT_LIVE_RPS = 10.0  # GIGS_MAX_RPS for a live server when not set; the embedded server is not paced


@dataclass
class Outcome:
    examined: dict[str, int]
    failures: list[Violation]
    requests: int
    rate_limited: int
    sequences: int
    steps: int
    cannot_test: str | None = None
    successes: dict[str, int] = field(default_factory=dict)  # operationId → 2xx answers
    leftovers: list[str] = field(default_factory=list)  # devices the run created and could not delete


def max_rps(target: Target) -> float | None:
    value = os.environ.get("GIGS_MAX_RPS")
    if value:
        try:
            rate = float(value)
        except ValueError:
            raise TargetError(f"GIGS_MAX_RPS is {value!r}, not a number of requests a second") from None
        if not rate > 0:
            raise TargetError("GIGS_MAX_RPS must be a positive number of requests a second")
        return rate
    return None if target.embedded else DEFAULT_LIVE_RPS


def run(target: Target, profile: str = "fast", seed: int | None = None, progress: Progress | None = None) -> Outcome:
    sequences, steps, queries = PROFILES[profile]
    keys = {target.token: "GIGS_TOKEN", **({target.token_2: "GIGS_TOKEN_2"} if target.token_2 else {})}
    wire = Wire(httpx.HTTPTransport(), Pace(max_rps(target)), keys=keys)
    ledger = Ledger(wire, SHRINK_SECONDS[profile])
    api = Api(target.base_url, target.token, target.project, wire, ledger)
    known = target.known_ids()
    context = Context(
        api, ledger, known["users"], [], ImeiSource(seed if seed is not None else os.getpid(), IMEI_LENGTHS)
    )
    if target.second is not None:
        context.other = Api(target.base_url, target.second.token, target.second.name, wire, ledger)
        context.other_users, context.other_sims = list(target.second.users), list(target.second.sims)
    errors: list[Violation] = []
    cannot_test = None

    def status() -> Status:
        failures = len(ledger.violations) + len(errors)
        where = "catalogue" if context.sequences > sequences else "devices"
        detail = f"{where} · {wire.requests} requests · {failures} failure{'s' * (failures != 1)}"
        return Status(min(context.sequences, sequences), sequences, "sequences", detail)

    try:
        with (progress or Progress()).part("behaviour", status):
            context.free_sims = _unattached(api, known["sims"])
            test = get_state_machine_test(lambda: ProjectMachine(context), settings=_settings(sequences, steps))
            if seed is not None:
                test = hypothesis_seed(seed)(test)
            errors += _errors(test)
            context.sequences = sequences + 1  # the catalogue's turn
            errors += _errors(Catalogue(api, ledger, queries, seed).run)
    except CannotTest as reason:
        cannot_test = str(reason)
    finally:
        leftovers = _clean_up(api) + (_clean_up(context.other) if context.other else [])
        if leftovers and sys.exc_info()[0] is not None:  # interrupted: no verdict will name them
            print(f"gigs_contract: could not delete the run's devices {', '.join(leftovers)}", file=sys.stderr)
        for each in (api, context.other):
            if each is not None:
                each.close()
    # One failure per cause, each with the shortest sequence of requests found to break it; kept
    # even when the run could not go on.
    failures = list(ledger.violations.values()) + errors
    return Outcome(
        ledger.examined,
        failures,
        wire.requests,
        wire.rate_limited,
        sequences,
        steps,
        cannot_test,
        dict(api.successes),
        leftovers,
    )


def _unattached(api: Api, sims: list[str]) -> list[str]:
    """The SIMs no device holds now: the ones the run may attach without meeting someone else's device."""
    free = []
    for sim in sims:
        holders = api.list(sim=sim, limit=MAX_LIMIT)
        if holders.status == 200 and isinstance(holders.body, dict) and not holders.body.get("items"):
            free.append(sim)
    return free


def _settings(examples: int, steps: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        database=None,  # reproduce with --seed, not with a local example database
        verbosity=Verbosity.quiet,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=True,
    )


def _errors(test) -> list[Violation]:
    """Run a Hypothesis test; what broke that is not a rule's Violation (those the ledger keeps)."""
    try:
        test()
    except ShrinkingDone:
        pass
    except (CannotTest, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - Hypothesis raises the failures it found; sorted below
        return list(_unexplained(error))
    return []


def _unexplained(error: BaseException):
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _unexplained(inner)
    elif isinstance(error, ShrinkingDone | Violation):
        return
    elif isinstance(error, hypothesis.errors.HypothesisException):
        # Hypothesis replays a sequence to shrink it; a server that answers a replay differently
        # (as a broken one may) makes it give up. What it found is in the ledger; this is no new cause.
        return
    else:
        # An answer the suite could not even read (a missing field, not JSON): a broken rule all the same.
        violation = Violation("answers_parse", "?", f"{type(error).__name__}: {error}")
        violation.__cause__ = error
        yield violation


def _clean_up(api: Api) -> list[str]:
    """Delete what the run created; the IDs it could not delete (the server is gone, say)."""
    try:
        return api.clean_up()
    except CannotTest:
        return list(api.created)


__all__ = ["RULES", "CannotTest", "Outcome", "run"]
