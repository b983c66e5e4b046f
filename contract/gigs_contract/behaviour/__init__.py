"""The behavioural suite: the API's rules, checked by a model of the run's own devices.

Schemathesis proves that answers have the documented shape; this proves they say the right thing:
lists newest first and paged by `limit`, metadata merged, IMEIs unique, filters that filter,
idempotent replays, deletes that delete. `run` drives the server (embedded or live) in three parts:
the constructed scenarios (every interaction and rule, every run), random sequences of a Hypothesis
state machine, and the catalogue. After every write, every view is compared with the model. It
returns what each rule examined, which interactions were exercised, and every rule broken, with the
requests that broke it.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import hypothesis.errors
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.stateful import get_state_machine_test

from .. import spec
from ..progress import Progress, Status
from ..target import Target, TargetError
from . import pages, scenarios
from .api import Api
from .catalogue import Catalogue
from .interactions import PAIRS, Coverage
from .ledger import RULES, FirstFailure, Ledger, ShrinkingDone, Violation
from .machine import ProjectMachine
from .model import ImeiSource
from .pages import DEVICE_PAGES
from .session import IMEI_LENGTHS, MAX_LIMIT, Budget, Context
from .wire import CannotTest, Pace, Wire

# Random sequences, steps per sequence, and filter queries of the catalogue, per profile. Every view
# is compared with the model after every write, so a step costs about twenty requests: the
# constructed scenarios (a fixed part) and these together make a fast run about 4,000 requests.
PROFILES = {"fast": (15, 10, 40), "full": (100, 20, 200)}
SHRINK_SECONDS = {"fast": 30.0, "full": 120.0}  # after a first random failure, to find a shorter sequence
# What the catalogue and the clean-up need once the random sequences stop: kept back from a budget.
CATALOGUE_REQUESTS_PER_QUERY, CLEAN_UP_REQUESTS = 3, 150
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
    # Each interaction of the table (interactions.py) with how often the run exercised it.
    interactions: list[dict[str, object]] = field(default_factory=list)
    # Errors in the suite's own code (a traceback each): no verdict on the server can stand on them.
    suite_errors: list[str] = field(default_factory=list)
    scenarios: int = 0  # constructed scenarios run; `sequences` counts them with the random ones
    users: int = 0  # the project's users the run knew of
    free_sims: int = 0  # and its SIMs no device held when it began
    explored: int = 0  # random sequences that explored (replays while shrinking apart)
    budget_stopped: str | None = None  # why the random sequences stopped before their number, if they did

    def describe(self) -> str:
        random = self.sequences - self.scenarios
        planned = f"{self.explored} of {random}" if self.budget_stopped else f"{random}"
        return (
            f"{self.scenarios} constructed scenarios and {planned} random sequences of up to {self.steps} steps,"
            f" {self.requests} requests"
        )

    def unexercised(self) -> list[str]:
        return [f"{row['write']} → {row['then']}" for row in self.interactions if not row["exercised"]]


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


def run(
    target: Target,
    profile: str = "fast",
    seed: int | None = None,
    progress: Progress | None = None,
    *,
    fail_fast: bool = False,
    budget: Budget | None = None,
) -> Outcome:
    """Hold `target` to the behavioural rules. `fail_fast`: stop at the first failure, unshrunk (for
    a judge that only asks whether the server fails, such as the mutation score's); `budget`: what
    the random sequences may spend."""
    sequences, steps, queries = PROFILES[profile]
    keys = {target.token: "GIGS_TOKEN", **({target.token_2: "GIGS_TOKEN_2"} if target.token_2 else {})}
    wire = Wire(httpx.HTTPTransport(), Pace(max_rps(target)), keys=keys)
    ledger = Ledger(wire, SHRINK_SECONDS[profile], fail_fast=fail_fast)
    api = Api(target.base_url, target.token, target.project, wire, ledger)
    known = target.known_ids()
    context = Context(
        api, ledger, known["users"], [], ImeiSource(seed if seed is not None else os.getpid(), IMEI_LENGTHS)
    )
    if budget is not None:
        rate = max_rps(target)
        budget.reserve_requests = CATALOGUE_REQUESTS_PER_QUERY * queries + CLEAN_UP_REQUESTS
        budget.reserve_seconds = budget.reserve_requests / rate if rate else 0.0
        context.budget = budget
    if target.second is not None:
        context.other = Api(target.base_url, target.second.token, target.second.name, wire, ledger)
        context.other_users, context.other_sims = list(target.second.users), list(target.second.sims)
    errors: list[str] = []
    cannot_test = None
    part = ["scenarios"]
    total = len(scenarios.SCENARIOS) + sequences

    def status() -> Status:
        failures = len(ledger.violations)
        detail = f"{part[0]} · {wire.requests} requests · {failures} failure{'s' * (failures != 1)}"
        # Hypothesis may start more sequences than it keeps (replays while shrinking, draws past its
        # buffer): past the planned number, the count goes on without a total rather than stand still.
        return Status(context.sequences, total if context.sequences <= total else None, "sequences", detail)

    try:
        with (progress or Progress()).part("behaviour", status):
            context.free_sims = _unattached(api, ledger, known["sims"])
            ledger.keep_going = True
            errors += scenarios.run(context)
            ledger.keep_going = False
            part[0] = "random sequences"
            errors += _explore(context, sequences, steps, seed)
            part[0] = "catalogue"
            context.sequences = total  # the catalogue's turn
            errors += _errors(Catalogue(api, ledger, queries, seed).run, ledger)
    except CannotTest as reason:
        cannot_test = str(reason)
    except FirstFailure:
        pass  # the ledger holds it
    finally:
        leftovers = _clean_up(api) + (_clean_up(context.other) if context.other else [])
        if leftovers and sys.exc_info()[0] is not None:  # interrupted: no verdict will name them
            print(f"gigs_contract: could not delete the run's devices {', '.join(leftovers)}", file=sys.stderr)
        for each in (api, context.other):
            if each is not None:
                each.close()
    # One failure per cause, each with the shortest sequence of requests found to break it; kept
    # even when the run could not go on.
    return Outcome(
        ledger.examined,
        list(ledger.violations.values()),
        wire.requests,
        wire.rate_limited,
        len(scenarios.SCENARIOS) + sequences,
        steps,
        cannot_test,
        dict(api.successes),
        leftovers,
        context.coverage.table(),
        errors,
        len(scenarios.SCENARIOS),
        len(context.users),
        len(context.free_sims),
        context.explored,
        context.budget.stopped,
    )


def _explore(context: Context, sequences: int, steps: int, seed: int | None) -> list[str]:
    """Hypothesis's random sequences, `sequences` of them exploring, in rounds: a round ends once its
    first failure has been shrunk, and the next explores on with every cause found so far met and
    passed by in the views. So a first failure neither ends the exploration nor, while it is shrunk,
    eats the budget of the rules still to examine: only the budget ends it."""
    errors: list[str] = []
    rounds = 0
    while context.explored < sequences:
        context.ledger.start_shrinking_clock()
        before, found = context.explored, len(context.ledger.violations)
        # Hypothesis calls its first argument to make each machine (as run_state_machine_as_test
        # does with a factory); its annotation asks for the class.
        test = get_state_machine_test(
            lambda: ProjectMachine(context),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            settings=_settings(sequences - context.explored, steps),
        )
        if seed is not None:
            test = hypothesis_seed(seed + rounds)(test)
        errors += _errors(test, context.ledger)
        rounds += 1
        if context.budget.stopped:
            break
        ended_on_a_failure = context.ledger.shrinking or len(context.ledger.violations) > found
        if errors or context.explored == before or not ended_on_a_failure:
            break  # the budget is spent (Hypothesis ran its examples), or nothing moves on
    return errors


def _unattached(api: Api, ledger: Ledger, sims: list[str]) -> list[str]:
    """The SIMs no device holds now: the ones the run may attach without meeting someone else's
    device. What the `sim` filter answers is held to it already (a device without the SIM is a failure),
    else a filter that ignores `sim` would make every SIM look taken, and no check would use one."""
    ledger.begin()
    if "sim" not in spec.device_filters():
        return _unattached_by_walking(api, ledger, sims)
    free = []
    for sim in sims:
        ledger.step()
        holders = api.list(sim=sim, limit=MAX_LIMIT)
        if holders.status != 200 or not isinstance(holders.body, dict):
            continue
        items = holders.body.get("items") or []
        strangers = [i.get("id") for i in items if sim not in [s.get("id") for s in i.get("sims") or []]]
        try:
            ledger.check(
                "list_filters", "listDevices", not strangers, f"sim={sim} lists devices without it: {strangers[:3]}"
            )
        except Violation:
            continue
        if not items:
            free.append(sim)
    return free


def _unattached_by_walking(api: Api, ledger: Ledger, sims: list[str], most_pages: int = 50) -> list[str]:
    """The SIMs no device holds, from the whole device list (walked and checked as every walk is),
    when the spec has no `sim` filter to ask. A list longer than `most_pages` pages, or one that
    cannot be walked, leaves none free: the run cannot know."""
    try:
        items = pages.walk(ledger.check, DEVICE_PAGES, api.list, MAX_LIMIT, max_pages=most_pages + 1)
    except Violation:
        return []
    if len(items) > most_pages * MAX_LIMIT:
        return []
    held = {s.get("id") for item in items for s in item.get("sims") or [] if isinstance(s, dict)}
    return [sim for sim in sims if sim not in held]


def _settings(examples: int, steps: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        database=None,  # reproduce with --seed, not with a local example database
        verbosity=Verbosity.quiet,
        phases=[Phase.generate, Phase.shrink],
        # Every one not deprecated: what iterating HealthCheck gives, which Hypothesis types as its metaclass.
        suppress_health_check=list(HealthCheck),  # pyright: ignore[reportArgumentType]
        report_multiple_bugs=True,
    )


def _errors(test: Callable[[], None], ledger: Ledger) -> list[str]:
    """Run a Hypothesis test; the errors of the suite's own code it raised (the rules' failures are in
    the ledger), each as a traceback."""
    try:
        test()
    except ShrinkingDone:
        pass
    except (CannotTest, FirstFailure, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - Hypothesis raises what it found; sorted below
        return list(_own_errors(error, ledger))
    return []


def _own_errors(error: BaseException, ledger: Ledger) -> Iterator[str]:
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _own_errors(inner, ledger)
    elif isinstance(error, ShrinkingDone | Violation):
        return
    elif isinstance(error, hypothesis.errors.HypothesisException) and _stopped_by_us(error):
        # Hypothesis, stopped by the suite (its budget spent, its time to shrink up) at the start of a
        # sequence, sees the sequence draw less than an earlier one did: the stop is ours, no error.
        return
    elif isinstance(error, hypothesis.errors.HypothesisException) and ledger.violations:
        # Hypothesis replays a failing sequence to shrink it; a broken server that answers a replay
        # differently makes it give up. What it found is in the ledger: no error of the suite's.
        return
    else:
        # Anything else is the suite's own failure (a Hypothesis error with no rule broken, an
        # exception in its code): never a violation charged to the server.
        yield "".join(traceback.format_exception(error)).rstrip()


def _stopped_by_us(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ShrinkingDone):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _clean_up(api: Api) -> list[str]:
    """Delete what the run created; the IDs it could not delete (the server is gone, say). Best effort:
    an answer of the clean-up's that breaks a rule is in the ledger already, and must not end the run
    from its `finally`."""
    try:
        return api.clean_up()
    except (CannotTest, Violation, FirstFailure):
        return list(api.created)


__all__ = ["PAIRS", "RULES", "Budget", "CannotTest", "Coverage", "Outcome", "run"]
