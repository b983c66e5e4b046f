"""Hostile values for the never-5xx properties: numbers that are not quite numbers, and where they go."""

from __future__ import annotations

from hypothesis import strategies as st
from openapi_document import operations

# Whole numbers as text, and what only looks like one.
numbers = st.one_of(
    st.text("0123456789", min_size=1, max_size=6000),  # any length, past int()'s limit
    st.builds(lambda zeros, n: "0" * zeros + str(n), st.integers(0, 5000), st.integers(0, 300)),
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=8),  # ², ³, ١٢, ...
    st.builds(
        "".join, st.lists(st.sampled_from(["-", "+", " ", "1", "0", ".", "e", "_", "²"]), min_size=1, max_size=8)
    ),
)

NUMERIC_QUERIES = sorted(
    {
        (op.path.replace("{project}", "dev"), parameter["name"])
        for op in operations()
        if op.method == "get" and "{" not in op.path.replace("{project}", "dev")
        for parameter in op.parameters
        if parameter["in"] == "query" and parameter["schema"].get("type") == "integer"
    }
)
