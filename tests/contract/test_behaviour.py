"""The behavioural suite as a test suite: what a failure's transcript keeps, whose error an error is,
and that its constructed scenarios reach every rule and every interaction by themselves."""

from __future__ import annotations

import io

import httpx
import hypothesis.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigs_contract import behaviour
from gigs_contract.behaviour import PAIRS, RULES, scenarios
from gigs_contract.behaviour.ledger import Ledger, Violation, is_write, reduced
from gigs_contract.behaviour.wire import Pace, Wire
from gigs_contract.progress import Progress
from gigs_contract.reproduce import Step
from selftest.broken import app_reference
from selftest.servers import serving

BASE = "http://server/projects/dev/devices"


def _step(method: str, url: str = BASE, status: int = 200, created: str | None = None) -> Step:
    return Step(method, url, (), None, status, created, "GIGS_TOKEN")


def _ledger() -> Ledger:
    return Ledger(Wire(httpx.MockTransport(lambda request: httpx.Response(500)), Pace(None)))


steps = st.lists(
    st.builds(
        _step,
        st.sampled_from(["GET", "POST", "PATCH", "DELETE"]),
        st.sampled_from([BASE, f"{BASE}/dev_1", f"{BASE}/search"]),
        st.sampled_from([200, 201, 404, 422]),
    ),
    max_size=12,
)


@given(steps, st.integers(0, 12), st.sets(st.integers(0, 12)))
def test_a_transcript_keeps_what_made_the_state_and_the_step_that_showed_the_failure(sequence, evidence, harmless):
    kept = reduced(sequence, evidence, harmless)
    expected = [
        step for index, step in enumerate(sequence) if index >= evidence or (is_write(step) and index not in harmless)
    ]
    assert kept == expected  # in order; whatever comes from the failing step on is kept whole
    assert all(is_write(step) for step in kept[: max(0, len(kept) - len(sequence[evidence:]))])


def test_a_search_is_a_read_though_it_is_a_post():
    assert not is_write(_step("POST", f"{BASE}/search")) and is_write(_step("POST", BASE, 201))


def test_the_ledger_drops_reads_before_the_failing_step_and_refusals_shown_harmless():
    ledger = _ledger()
    exchanges = ledger.wire.exchanges
    ledger.begin()
    exchanges += [_step("POST", BASE, 201, created="dev_1"), _step("GET"), _step("POST", BASE, 422)]
    ledger.harmless_since(0)  # every view agreed after these: the refused create changed nothing
    exchanges += [_step("PATCH", f"{BASE}/dev_1", 422), _step("GET", f"{BASE}/dev_1")]
    ledger.step()
    exchanges.append(_step("GET", f"{BASE}?limit=3"))
    with pytest.raises(Violation) as raised:
        ledger.check("list_deleted", "listDevices", False, "still listed")
    assert [(s.method, s.status) for s in raised.value.transcript] == [("POST", 201), ("PATCH", 422), ("GET", 200)]
    assert ledger.violations[("list_deleted", "listDevices")] is raised.value


def test_a_failure_about_an_earlier_sequence_s_device_begins_with_that_device_s_writes():
    """A server that keeps deleted devices shows one of an earlier sequence: without its create and
    delete, the reproducer would not reproduce on a fresh server."""
    ledger = _ledger()
    exchanges = ledger.wire.exchanges
    ledger.begin()
    exchanges += [
        _step("POST", BASE, 201, created="dev_old"),
        _step("POST", BASE, 201, created="dev_other"),
        _step("DELETE", f"{BASE}/dev_old"),
    ]
    ledger.begin()  # the next sequence
    exchanges += [_step("POST", BASE, 201, created="dev_new"), _step("GET")]
    with pytest.raises(Violation) as raised:
        ledger.check("list_deleted", "listDevices", False, "dev_old still listed", involves=["dev_old"])
    assert [(s.method, s.created or s.url.rsplit("/", 1)[-1]) for s in raised.value.transcript] == [
        ("POST", "dev_old"),
        ("DELETE", "dev_old"),
        ("POST", "dev_new"),
        ("GET", "devices"),
    ]


def _raising(error: BaseException):
    def test() -> None:
        raise error

    return test


def test_an_exception_in_the_suite_s_code_is_its_own_error_with_its_traceback():
    errors = behaviour._errors(_raising(KeyError("items")), _ledger())
    assert len(errors) == 1 and errors[0].startswith("Traceback") and errors[0].endswith("KeyError: 'items'")


def test_a_hypothesis_error_is_the_suite_s_unless_a_rule_broke_first():
    """Hypothesis gives up shrinking when a broken server answers a replay differently: that is the
    server's failure, already in the ledger. With no rule broken, the error is the suite's own."""
    flaky = hypothesis.errors.Flaky("a replay did not fail again")
    assert behaviour._errors(_raising(flaky), _ledger()) != []
    ledger = _ledger()
    with pytest.raises(Violation):
        ledger.check("list_order", "listDevices", False, "oldest first")
    assert behaviour._errors(_raising(flaky), ledger) == []
    assert behaviour._errors(_raising(Violation("list_order", "listDevices", "x")), ledger) == []
    group = BaseExceptionGroup("two", [Violation("list_order", "listDevices", "x"), ValueError("ours")])
    assert [error.splitlines()[-1] for error in behaviour._errors(_raising(group), ledger)] == ["ValueError: ours"]


@pytest.mark.slow
def test_the_scenarios_alone_examine_every_rule_and_exercise_every_interaction(monkeypatch):
    """By construction, not by luck: no random sequence at all, and nothing is left unexamined."""
    monkeypatch.setitem(behaviour.PROFILES, "fast", (0, 10, 5))
    with serving(app_reference("reference")) as target:
        outcome = behaviour.run(target, "fast", 1, Progress(io.StringIO(), live=False))
    assert not outcome.failures and not outcome.suite_errors
    assert [rule for rule in RULES if not outcome.examined.get(rule)] == []
    assert outcome.unexercised() == [] and len(outcome.interactions) == len(PAIRS)


@pytest.mark.slow
def test_a_random_failure_is_shrunk_to_the_writes_that_show_it(monkeypatch):
    """Without the scenarios, the state machine finds a deleted device still listed and shrinks it: a
    few creates, the delete, and the list that still shows it."""
    monkeypatch.setattr(scenarios, "SCENARIOS", ())
    monkeypatch.setitem(behaviour.PROFILES, "fast", (60, 10, 5))
    with serving(app_reference("deleted-still-listed")) as target:
        outcome = behaviour.run(target, "fast", 7, Progress(io.StringIO(), live=False))
    failure = next(v for v in outcome.failures if v.rule == "list_deleted")
    methods = [step.method for step in failure.transcript]
    assert len(methods) <= 6, failure.transcript
    assert "DELETE" in methods and methods[-1] == "GET" and set(methods) <= {"POST", "DELETE", "GET"}


def test_a_run_asked_to_stop_at_its_first_failure_stops_there_with_no_error_of_its_own():
    """The mutation score's judge stops at the first failure: once, that stop escaped a Hypothesis test
    as an error of the suite's, and 58 mutants the suite had caught were counted as its own errors."""
    from gigs_contract.behaviour.ledger import FirstFailure

    ledger = _ledger()
    ledger.fail_fast = True

    def test() -> None:
        ledger.check("list_order", "listDevices", False, "oldest first")

    with pytest.raises(FirstFailure):
        behaviour._errors(test, ledger)
    assert list(ledger.violations) == [("list_order", "listDevices")]


@pytest.mark.parametrize("raised", ["violation", "first failure"])
def test_a_clean_up_that_meets_a_broken_rule_ends_quietly_with_what_it_could_not_delete(raised):
    """It once ended a run from its `finally`: a create sent again to clean up got an answer that broke
    a rule, and the Violation (or the judge's stop) escaped."""
    from gigs_contract.behaviour.ledger import FirstFailure

    class Api:
        created = {"dev_left": None}

        def clean_up(self) -> list[str]:
            raise Violation("answers_parse", "createDevice", "x") if raised == "violation" else FirstFailure

    assert behaviour._clean_up(Api()) == ["dev_left"]


def test_a_failing_request_ends_its_transcript_though_reads_that_explain_it_came_after():
    """A create refused 422 where the model expected a device is looked into (who holds that SIM?)
    before it is judged: the reproducer once ended on that lookup's 200, not on the create's 422."""
    ledger = _ledger()
    exchanges = ledger.wire.exchanges
    ledger.begin()
    exchanges.append(_step("POST", BASE, 201, created="dev_1"))
    ledger.step()
    exchanges.append(_step("POST", BASE, 422))
    sent = ledger.wire.mark()
    exchanges.append(_step("GET", f"{BASE}?sim=sim_1"))
    with pytest.raises(Violation) as raised:
        ledger.check("sim_single_device", "createDevice", False, "refused", until=sent)
    assert [(s.method, s.status) for s in raised.value.transcript] == [("POST", 201), ("POST", 422)]


@given(st.integers(0, 2**32))
def test_the_two_parts_of_a_run_never_draw_the_same_imei(run):
    """Schemathesis's half once drew the behavioural half's IMEIs (same seed, same TAC, a counter that
    wrapped at 1,000): a server keeping a deleted device's IMEI then failed a create whose reproducer,
    holding only the behavioural half's requests, could not show why."""
    from gigs_contract.behaviour.model import ImeiSource

    behaviour_part = ImeiSource(run, (15, 16))
    schemathesis_part = ImeiSource(run, (15, 16), part="schemathesis")
    tac = "49238884"
    ours = {behaviour_part.fresh(tac, 15) for _ in range(3000)}
    theirs = {schemathesis_part.fresh(tac, 15) for _ in range(3000)}
    assert len(ours) == len(theirs) == 3000 and not ours & theirs
    assert all(len(imei) == 15 and imei.startswith(tac) and imei.isdigit() for imei in ours)
