"""The SDK at run time, used without a type checker: as strict as its types, and nothing escapes
GigsError or shows the key.

Each case was a mistake that went through (or a failure that escaped) before: a misspelled keyword
silently dropped, an empty ID sent, a key read with its newline failing inside httpx with the key
in the message, a server that trickles its answer taking minutes, a 422 telling its problem twice.
"""

from __future__ import annotations

import logging
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest
from scripted_server import Scripted

from gigs_devices import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncGigs,
    Gigs,
    GigsError,
    InvalidRequestError,
    RateLimitError,
)

TOKEN = "sk_live_not_to_be_shown"
DEVICE = {
    "object": "device",
    "id": "dev_1",
    "metadata": {},
    "createdAt": "2021-02-14T19:38:34Z",
    "imei": None,
    "model": None,
    "name": None,
    "sims": [],
    "user": None,
}


class Counting:
    """A transport that answers `answer` and counts what reached it."""

    def __init__(self, answer: httpx.Response | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer or httpx.Response(200, json=DEVICE)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer


def gigs_with(transport: Counting, **options) -> Gigs:
    http = httpx.Client(transport=httpx.MockTransport(transport))
    return Gigs(TOKEN, project="dev", base_url="http://api.test", http_client=http, **options)


@pytest.mark.parametrize(
    ("call", "named", "nearest"),
    [
        (lambda g: g.devices.update("dev_1", nmae="x"), "nmae", "name"),
        (lambda g: g.devices.update("dev_1", metdata={"a": "b"}), "metdata", "metadata"),
        (lambda g: g.devices.create(nmae="x", imei="356938035643809"), "nmae", "name"),
        (lambda g: g.devices.retrieve("dev_1", projet="dev2"), "projet", "project"),
        (lambda g: g.devices.list(limitt=5), "limitt", "limit"),
        (lambda g: g.devices.list(timout=3), "timout", "timeout"),
        (lambda g: g.devices.list(max_retires=1), "max_retires", "max_retries"),
        (lambda g: g.devices.list(extra_header={}), "extra_header", "extra_headers"),
        (lambda g: g.device_model_brands.list(zzz=1), "zzz", None),
        (
            lambda g: g.with_raw_response.devices.delete("dev_1", idempotency_ky="k"),
            "idempotency_ky",
            "idempotency_key",
        ),
    ],
)
def test_a_misspelled_keyword_is_a_type_error_naming_it_and_the_nearest_name_before_any_request(call, named, nearest):
    transport = Counting()
    with gigs_with(transport) as gigs, pytest.raises(TypeError) as raised:
        call(gigs)
    assert f"unexpected keyword argument {named!r}" in str(raised.value)
    assert (f"did you mean {nearest!r}" in str(raised.value)) if nearest else "did you mean" not in str(raised.value)
    assert transport.requests == []


def test_the_async_client_is_as_strict():
    async def misspelled() -> None:
        async with AsyncGigs(TOKEN, project="dev", base_url="http://api.test") as gigs:
            await gigs.devices.update("dev_1", nmae="x")

    import asyncio

    with pytest.raises(TypeError, match="did you mean 'name'"):
        asyncio.run(misspelled())


def test_client_constructors_and_with_options_refuse_unknown_keywords_with_the_nearest_name():
    with pytest.raises(
        TypeError, match=r"Gigs\(\) got an unexpected keyword argument 'timout'; did you mean 'timeout'"
    ):
        Gigs(TOKEN, timout=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"AsyncGigs\(\) got an unexpected keyword argument 'max_retires'"):
        AsyncGigs(TOKEN, max_retires=5)  # type: ignore[call-arg]
    with Gigs(TOKEN, project="dev") as gigs, pytest.raises(TypeError, match="did you mean 'max_retries'"):
        gigs.with_options(max_retrys=5)


@pytest.mark.parametrize("device", ["", None, 7])
def test_an_empty_or_missing_id_is_a_value_error_before_any_request(device):
    transport = Counting()
    with gigs_with(transport) as gigs:
        with pytest.raises(ValueError, match="device must be a non-empty string"):
            gigs.devices.retrieve(device)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="project must be a non-empty string"):
            gigs.devices.list(project="")
    assert transport.requests == []


def test_a_bare_string_for_a_list_filter_stays_a_type_error():
    with gigs_with(Counting()) as gigs, pytest.raises(TypeError):
        gigs.device_models.list(type="smartphone")  # type: ignore[arg-type]


def test_a_key_read_with_its_newline_works_and_one_broken_inside_is_refused_without_showing_it():
    transport = Counting()
    http = httpx.Client(transport=httpx.MockTransport(transport))
    with Gigs(f"  {TOKEN}\n", project="dev", base_url="http://api.test", http_client=http) as gigs:
        gigs.devices.retrieve("dev_1")
    assert transport.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    with pytest.raises(GigsError) as raised:
        Gigs(f"{TOKEN}\nX-Injected: 1", project="dev")
    assert TOKEN not in str(raised.value) and "position" in str(raised.value)


def test_a_header_a_request_cannot_carry_is_refused_naming_it_and_showing_no_value():
    gigs = Gigs(TOKEN, project="dev", base_url="http://127.0.0.1:9", max_retries=0)
    expected = re.escape("argument 'extra_headers': the value of 'X-Trace' has '\\r' at position 23")
    with gigs, pytest.raises(ValueError, match=expected) as raised:
        gigs.devices.list(extra_headers={"X-Trace": f"{TOKEN}\r\nEvil: 1"})
    assert TOKEN not in str(raised.value) and not isinstance(raised.value.__cause__, httpx.HTTPError)


@pytest.mark.parametrize("base_url", ["ftp://api.test", "not a url", "http://"])
def test_a_base_url_that_is_not_http_is_refused_at_once(base_url):
    with pytest.raises(GigsError, match="base_url"):
        Gigs(TOKEN, base_url=base_url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_refused_connection_names_the_host_the_port_and_the_cause():
    port = free_port()
    gigs = Gigs(TOKEN, project="dev", base_url=f"http://127.0.0.1:{port}", max_retries=1, sleep=lambda s: None)
    with gigs, pytest.raises(APIConnectionError) as raised:
        gigs.devices.list()
    assert str(raised.value) == f"GET http://127.0.0.1:{port}/projects/dev/devices: connection refused"
    assert raised.value.__cause__ is None and TOKEN not in str(raised.value)


def test_a_name_that_does_not_resolve_says_so():
    with (
        Gigs(TOKEN, project="dev", base_url="http://gigs-api.invalid", max_retries=0) as gigs,
        pytest.raises(APIConnectionError, match=r"http://gigs-api\.invalid:80/projects/dev/devices: name not resolved"),
    ):
        gigs.devices.list()


@pytest.mark.parametrize("silent", [False, True])
def test_a_trickling_or_silent_server_fails_in_the_time_the_user_set(silent):
    server = Scripted("stall" if silent else "trickle body")
    try:
        with Gigs(TOKEN, project="dev", base_url=server.url, timeout=1.5) as gigs:
            began = time.monotonic()
            with pytest.raises(APITimeoutError, match="timed out after 1.5 s"):
                gigs.devices.list()
            took = time.monotonic() - began
    finally:
        server.close()
    assert took < 10, took  # the user's 1.5 s, retries included, and a loaded machine's slack


def test_the_async_client_keeps_the_deadline_too():
    import asyncio

    server = Scripted("trickle body")

    async def call() -> None:
        async with AsyncGigs(TOKEN, project="dev", base_url=server.url, timeout=1.5) as gigs:
            await gigs.devices.retrieve("dev_1")

    try:
        began = time.monotonic()
        with pytest.raises(APITimeoutError, match="timed out after 1.5 s"):
            asyncio.run(call())
        assert time.monotonic() - began < 10
    finally:
        server.close()


def test_a_422_tells_each_problem_once():
    error = {
        "object": "error",
        "type": "invalid",
        "code": "deviceImeiAlreadyExists",
        "message": "imei: Another device of the project already has this IMEI.",
        "details": [
            {
                "object": "propertyErrorDetail",
                "code": "deviceImeiAlreadyExists",
                "property": "imei",
                "message": "Another device of the project already has this IMEI.",
                "suggestion": None,
            },
            {
                "object": "propertyErrorDetail",
                "code": "propertyInvalid",
                "property": "name",
                "message": "Too long.",
                "suggestion": None,
            },
        ],
    }
    with gigs_with(Counting(httpx.Response(422, json=error))) as gigs, pytest.raises(InvalidRequestError) as raised:
        gigs.devices.create(imei="356938035643809")
    text = str(raised.value)
    assert text.count("Another device of the project already has this IMEI.") == 1 and "; name: Too long." in text


def test_a_retry_after_over_the_cap_is_not_waited_and_says_why_and_the_cap_is_the_users():
    limited = httpx.Response(
        429, headers={"Retry-After": "120"}, json={"object": "error", "type": "rateLimited", "message": "Slow down."}
    )
    waits: list[float] = []
    with gigs_with(Counting(limited), sleep=waits.append) as gigs, pytest.raises(RateLimitError) as raised:
        gigs.devices.list()
    assert waits == [] and any("120 s" in note and "max_retry_after" in note for note in raised.value.__notes__)
    transport = Counting(limited)
    gigs = gigs_with(transport, sleep=waits.append, max_retry_after=300, max_retries=1, timeout=None)
    with gigs, pytest.raises(RateLimitError):
        gigs.devices.list()
    assert waits == [120.0] and len(transport.requests) == 2


def test_gigs_log_adds_its_handler_once_and_never_beside_the_applications():
    program = (
        "import logging, httpx; logging.basicConfig(level=logging.INFO, format='APP %(message)s');"
        "from gigs_devices import Gigs;"
        "http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)));"
        "g = Gigs('k', project='dev', base_url='http://api.test', http_client=http, max_retries=1, sleep=lambda s: None)\n"
        "try: g.devices.list()\nexcept Exception: pass\n"
        "import gigs_devices._client as c; c._configure_logging();"  # a second configuration adds nothing
        "print('handlers', len(logging.getLogger('gigs_devices').handlers), logging.getLogger('gigs_devices').level)"
    )
    run = subprocess.run(
        [sys.executable, "-c", program],
        env={"GIGS_LOG": "info", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    retries = [line for line in run.stderr.splitlines() if "retrying GET /projects/dev/devices" in line]
    assert len(retries) == 1 and retries[0].startswith("APP "), run.stderr
    assert run.stdout.split() == ["handlers", "1", str(logging.INFO)], run.stdout  # in the child, where GIGS_LOG is


def test_details_that_repeat_the_message_are_not_said_again_and_shared_words_name_their_properties_once():
    error = {
        "object": "error",
        "type": "invalid",
        "message": "A device needs an imei, a user or both.",
        "details": [
            {
                "object": "propertyErrorDetail",
                "code": "propertyInvalid",
                "property": name,
                "message": "give an imei, a user or both",
                "suggestion": None,
            }
            for name in ("imei", "user")
        ]
        + [
            {
                "object": "propertyErrorDetail",
                "code": "propertyInvalid",
                "property": f"sims.{n}",
                "message": "No SIM with this ID.",
                "suggestion": None,
            }
            for n in (0, 1)
        ],
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(422, json=error))
    gigs = Gigs(TOKEN, project="dev", http_client=httpx.Client(transport=transport))
    with pytest.raises(InvalidRequestError) as raised:
        gigs.devices.create(user="usr_1")
    assert str(raised.value) == (
        "POST /projects/dev/devices → 422 invalid: A device needs an imei, a user or both.;"
        " sims.0, sims.1: No SIM with this ID."
    )


def test_an_ipv6_host_is_written_in_brackets():
    gigs = Gigs(TOKEN, project="dev", base_url=f"http://[::1]:{free_port()}", max_retries=0)
    with gigs, pytest.raises(APIConnectionError, match=r"^GET http://\[::1\]:\d+/projects/dev/devices: "):
        gigs.devices.list()


def test_a_redirect_says_where_it_pointed_and_that_it_is_not_followed():
    transport = httpx.MockTransport(lambda request: httpx.Response(302, headers={"Location": "https://elsewhere/"}))
    gigs = Gigs(TOKEN, project="dev", http_client=httpx.Client(transport=transport))
    with pytest.raises(APIStatusError) as raised:
        gigs.devices.list()
    assert str(raised.value) == (
        "GET /projects/dev/devices → 302: Found: a redirect to https://elsewhere/, which the SDK does not follow"
    )
