"""Every wrong value is named before sending: a TypeError or ValueError that names the argument, the
type it takes and what was given, from every method (sync, async, raw), the constructors and
`with_options`; and nothing reaches the wire.

The methods' checks come from their annotations (sdk/templates/runtime/client.py, `arguments`), so a
property walks every argument of every operation; the table holds the mistakes users made.
"""

from __future__ import annotations

import asyncio
import datetime
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from gigs_devices_client.models import User
from openapi_document import operations

from gigs_devices import AsyncGigs, Backoff, Gigs

ALL_OPERATIONS = sorted(operations(), key=lambda op: op.operation_id)
MODES = ("sync", "async", "sync raw", "async raw")
NOT_ARGUMENTS = {"self", "options", "return"}


class Wrong:
    """A value no argument takes."""

    def __repr__(self) -> str:
        return "<wrong>"


def recorder(sent: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    """A transport's handler that keeps each request that reached it, and answers 500."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    return answer


def gigs_recording(sent: list[httpx.Request]) -> Gigs:
    return Gigs(
        "k", project="dev", max_retries=0, http_client=httpx.Client(transport=httpx.MockTransport(recorder(sent)))
    )


def clients(sent: list[httpx.Request]) -> dict[str, Any]:
    gigs, answer = gigs_recording(sent), recorder(sent)

    async def async_answer(request: httpx.Request) -> httpx.Response:
        return answer(request)

    transport = httpx.MockTransport(async_answer)
    agigs = AsyncGigs("k", project="dev", max_retries=0, http_client=httpx.AsyncClient(transport=transport))
    return {"sync": gigs, "async": agigs, "sync raw": gigs.with_raw_response, "async raw": agigs.with_raw_response}


def method_of(client: Any, op: Any) -> Any:
    return getattr(getattr(client, op.data["x-sdk"]["resource"]), op.data["x-sdk"]["method"])


def valid(hint: Any) -> Any:
    """A value of an annotated type, for the arguments a call needs besides the one under test."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return valid(typing.get_args(hint)[0])
    if typing.get_origin(hint) in (list, tuple):
        return []
    return {str: "x", int: 1, bool: True}.get(hint, "x")


def called(method: Any, *args: Any, **kwargs: Any) -> None:
    result = method(*args, **kwargs)
    if inspect.iscoroutine(result):
        asyncio.run(result)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.operation_id)
def test_every_argument_of_every_method_refuses_a_wrong_type_by_name_before_sending(op, mode):
    sent: list[httpx.Request] = []
    method = method_of(clients(sent)[mode], op)
    hints = typing.get_type_hints(method)
    parameters = inspect.signature(method).parameters
    positional = [p.name for p in parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    required = {
        p.name: valid(hints[p.name]) for p in parameters.values() if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    }
    checked = [name for name in hints if name not in NOT_ARGUMENTS and name not in positional]
    for name in checked:
        with pytest.raises(
            TypeError, match=rf"\.{method.__name__}\(\) argument '{name}' must be .*, got Wrong <wrong>"
        ):
            called(method, *["dev_1"] * len(positional), **{**required, name: Wrong()})
    assert sent == []


USER = User.from_dict(
    {
        "object": "user",
        "id": "usr_1",
        "metadata": {},
        "birthday": None,
        "createdAt": "2026-12-06T10:00:00Z",
        "email": "a@example.com",
        "emailVerified": True,
        "fullName": "A",
        "preferredLocale": "en-US",
        "status": "active",
    }
)
# The mistakes of the report, each with the exception and the words it must say.
MISTAKES = {
    "a string timeout per call": (
        lambda g: g.devices.list(timeout="1"),
        TypeError,
        "devices.list() argument 'timeout' must be seconds (a number), None or an httpx.Timeout, got str '1'"
        " (a value read from text needs float(...))",
    ),
    "a timedelta timeout": (
        lambda g: g.devices.list(timeout=datetime.timedelta(seconds=1)),
        TypeError,
        "(a timedelta needs .total_seconds())",
    ),
    "a string timeout of the client": (lambda g: Gigs("k", timeout="2"), TypeError, "Gigs() argument 'timeout'"),
    "a string timeout in with_options": (
        lambda g: g.with_options(timeout="x"),  # type: ignore[arg-type]
        TypeError,
        "Gigs.with_options() argument 'timeout'",
    ),
    "a negative timeout": (lambda g: Gigs("k", timeout=-1), ValueError, "must be a positive number of seconds"),
    "metadata as a string": (
        lambda g: g.devices.create(imei="356938035643809", metadata="crmId=1"),
        TypeError,
        "devices.create() argument 'metadata' must be MetadataUpdate | a mapping of str, got str 'crmId=1'",
    ),
    "a user model for its ID": (
        lambda g: g.devices.create(user=USER),
        TypeError,
        "devices.create() argument 'user' must be str, got User",
    ),
    "a None filter": (
        lambda g: g.devices.list(user=None),
        TypeError,
        "devices.list() argument 'user' must be str, got NoneType None (leave the argument out for none",
    ),
    "a string max_retries": (
        lambda g: Gigs("k", max_retries="3"),
        TypeError,
        "Gigs() argument 'max_retries' must be an int, got str '3'",
    ),
    "a mapping for the backoff": (
        lambda g: Gigs("k", backoff={}),
        TypeError,
        "argument 'backoff' must be a gigs_devices.Backoff",
    ),
    "no sleep": (lambda g: Gigs("k", sleep=None), TypeError, "Gigs() argument 'sleep' must be a function of seconds"),
    "the async client's http_client": (
        lambda g: Gigs("k", http_client=httpx.AsyncClient()),
        TypeError,
        "Gigs() argument 'http_client' must be an httpx.Client, got AsyncClient (use AsyncGigs with it)",
    ),
    "the sync client's http_client": (
        lambda g: AsyncGigs("k", http_client=httpx.Client()),
        TypeError,
        "AsyncGigs() argument 'http_client' must be an httpx.AsyncClient, got Client (use Gigs with it)",
    ),
    "a non-ASCII header value": (
        lambda g: g.devices.list(extra_headers={"X-Name": "Zoë"}),
        ValueError,
        "argument 'extra_headers': the value of 'X-Name' has 'ë' at position 2",
    ),
    "a non-ASCII default header": (
        lambda g: Gigs("k", default_headers={"X-Name": "Zoë"}),
        ValueError,
        "Gigs() argument 'default_headers': the value of 'X-Name' has 'ë'",
    ),
    "a misspelled with_options": (
        lambda g: g.with_options(max_retry=5),  # type: ignore[call-arg]
        TypeError,
        "Gigs.with_options() got an unexpected keyword argument 'max_retry'; did you mean 'max_retries'?",
    ),
    "a list with a wrong item": (
        lambda g: g.device_models.list(type=["smartphone", 3]),
        TypeError,
        "(item 1 is int 3)",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_reported_mistake_is_named_before_sending(mistake):
    make, kind, words = MISTAKES[mistake]
    sent: list[httpx.Request] = []
    with pytest.raises(kind) as raised:
        make(gigs_recording(sent))
    assert words in str(raised.value) and sent == []


def test_a_user_model_where_its_id_belongs_says_how_to_pass_it():
    with pytest.raises(TypeError, match=r"\(pass its ID: \.id, 'usr_1'\)"):
        gigs_recording([]).devices.update("dev_1", user=USER)


def test_right_values_pass_the_checks():
    sent: list[httpx.Request] = []
    gigs = gigs_recording(sent).with_options(timeout=5, timeout_per_try=1, backoff=Backoff(), max_retry_after=0)
    with pytest.raises(Exception):  # noqa: B017 - the 500 the transport answers; what matters is it was sent
        gigs.devices.create(imei="356938035643809", sims=("sim_1",), metadata={"crmId": "c-1"}, timeout=2.5)
    with pytest.raises(Exception):  # noqa: B017
        gigs.devices.update("dev_1", user=None, name=None, metadata={"crmId": None})
    with pytest.raises(Exception):  # noqa: B017
        gigs.device_models.list(type=["smartphone", "drone"], brand=["Apple"], limit=5, extra_query={"a": "b"})
    assert len(sent) == 3


def test_the_property_walks_every_keyword_argument():
    walked = {
        name
        for op in ALL_OPERATIONS
        for name, parameter in inspect.signature(method_of(clients([])["sync"], op)).parameters.items()
        if parameter.kind is parameter.KEYWORD_ONLY
    }
    assert {
        "imei",
        "user",
        "sims",
        "name",
        "metadata",
        "limit",
        "after",
        "type",
        "brand",
        "idempotency_key",
        "project",
    } <= walked
