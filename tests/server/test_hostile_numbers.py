"""Whole numbers the server reads from text: any text at all gets a clear answer, never a 5xx.

Python's int() refuses strings over 4,300 digits, and str.isdigit() is true for "²": both once
turned a valid key holder's request into a 500. The property runs over every numeric query
parameter of the spec and every number of the Prefer header.
"""

from __future__ import annotations

from hostile import NUMERIC_QUERIES, numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(NUMERIC_QUERIES), value=numbers)
def test_a_numeric_query_parameter_never_fails_the_server(shared, target, value):
    path, name = target
    response = shared.get(path, params={name: value})
    assert response.status_code in (200, 422), (name, value[:40], response.status_code)
    if response.status_code == 422:
        assert [d["property"] for d in response.json()["details"]] == [name]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["retry-after", "times", "delay", "code"]), value=numbers)
def test_a_number_in_prefer_never_fails_the_server(shared, name, value):
    # With code=429 in front, a valid number forces a 429 (or none at all: times=0 spares every try);
    # anything else must be a 422 naming Prefer.
    # (A valid code would force its own status, 5xx included: codes of three ASCII digits are skipped.)
    if name == "code" and value.isascii() and value.isdigit() and len(value.lstrip("0") or "0") <= 3:
        return
    if name == "delay" and value.isascii() and value.isdigit() and int(value.lstrip("0") or "0") > 0:
        return  # a valid delay makes the test wait; delays are bounded and tested in test_faults
    prefer = f"{name}={value}" if name == "code" else f"code=429, {name}={value}"
    response = shared.get("/deviceModelBrands", headers={"Prefer": prefer.encode("utf-8")})
    assert response.status_code in ((200, 429, 422) if name == "times" else (429, 422)), (
        prefer[:60],
        response.status_code,
    )
    if response.status_code == 422:
        assert [d["property"] for d in response.json()["details"]] == ["Prefer"]
