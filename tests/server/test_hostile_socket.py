"""Never a 5xx, over a real socket: hostile numbers, nesting and body sizes against the running server.

The same properties as test_hostile_numbers and test_errors hold in process; here each example goes
through the server's own stack (httptools, its limits, the gathered writes), where a value can also
break what stands in front of the app. Every answer is the API's error format when it is an error,
and bounded in size.
"""

from __future__ import annotations

import json

import pytest
from hostile import NUMERIC_QUERIES, numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_server import EXAMPLE_IMEI, exchange, running_server

from gigs_devices_mock.app import MAX_BODY_BYTES

FIELDS = ["name", "metadata", "sims", "user", "imei"]


@pytest.fixture(scope="module")
def server():
    # A Content-Length past the body sent waits for the rest: a short body timeout answers it 408.
    with running_server("--body-timeout", "0.3") as url:
        yield url


def send(url: str, head: list[str], body: bytes = b"") -> tuple[int, bytes]:
    """One request on its own connection, written as given; the status and body of the answer."""
    lines = [*head, "Host: 127.0.0.1", "Authorization: Bearer dev_token", "Connection: close"]
    answer = exchange(url, "\r\n".join(lines).encode("utf-8") + b"\r\n\r\n" + body)
    head_bytes, _, rest = answer.partition(b"\r\n\r\n")
    return int(head_bytes.split(b" ")[1]), rest


def create(body: bytes, *headers: str) -> list[str]:
    return [
        "POST /projects/dev/devices HTTP/1.1",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *headers,
    ]


def built(kind: str, where: str, value: str | int) -> tuple[list[str], bytes]:
    """The request a (kind, where, value) example stands for: built here, so that a failing
    example reads as three short values rather than a megabyte of body."""
    if kind == "query":
        path, name = where.split(" ")
        return [f"GET {path}?{name}={value} HTTP/1.1"], b""
    if kind == "prefer":
        return ["GET /deviceModelBrands HTTP/1.1", f"Prefer: code=429, {where}={value}"], b""
    if kind == "content-length":
        return ["POST /projects/dev/devices HTTP/1.1", f"Content-Length: {value}"], b"{}"
    if kind == "nesting":
        body = f'{{"imei": "{EXAMPLE_IMEI}", "{where}": {"[" * value}{"]" * value}}}'.encode()
    elif kind == "name length":
        body = json.dumps({"imei": EXAMPLE_IMEI, "name": "n" * value}).encode()
    else:  # metadata keys
        body = json.dumps({"imei": EXAMPLE_IMEI, "metadata": {f"k{i}": i for i in range(value)}}).encode()
    return create(body), body


one_line = numbers.filter(lambda value: not any(c in value for c in " \r\n")).map(lambda value: value[:4000])
requests = st.one_of(
    # A numeric query parameter of the spec, or a number of the Prefer header (after code=429, so
    # that a valid one forces a 429), or a Content-Length, with any text for its value.
    st.tuples(st.just("query"), st.sampled_from([f"{path} {name}" for path, name in NUMERIC_QUERIES]), one_line),
    st.tuples(st.just("prefer"), st.sampled_from(["retry-after", "times"]), one_line),
    st.tuples(st.just("content-length"), st.just(""), one_line.map(lambda value: value[:100])),
    # A body field nested to any depth; a body of any size up to past the cap; any number of keys.
    st.tuples(st.just("nesting"), st.sampled_from(FIELDS), st.integers(1, 5000)),
    st.tuples(st.just("name length"), st.just("name"), st.integers(0, MAX_BODY_BYTES + 1024)),
    st.tuples(st.just("metadata keys"), st.just("metadata"), st.integers(11, 80_000)),
)


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(example=requests)
def test_no_hostile_request_gets_a_5xx_over_the_wire(server, example):
    head, body = built(*example)
    status, answer = send(server, head, body)
    assert status < 500, (head[:2], status, answer[:200])
    if status >= 400:
        error = json.loads(answer)
        assert error["object"] == "error" and error["type"] and error["message"]
        assert len(answer) < 20_000, (head[:2], len(answer))
    assert not (status == 201 and len(body) > MAX_BODY_BYTES)
