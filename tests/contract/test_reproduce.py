"""The reproducer's shell words: bash reads each back as the text it stands for."""

import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from gigs_contract.reproduce import Var, _word

VALUES = {"A": "a b", "B_1": "$HOME'\"`x`"}  # values bash must not split or expand again

parts = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=8),
        st.sampled_from([Var("A"), Var("B_1")]),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(parts)
def test_a_word_of_text_and_variables_reads_back_as_the_text_with_their_values(word_parts):
    # Two variables side by side (an ID right after another in a URL) once raised TypeError here.
    expected = "".join(VALUES[part.name] if isinstance(part, Var) else part for part in word_parts)
    shown = subprocess.run(
        ["bash", "-c", f"printf %s {_word(word_parts)}"],
        env={"PATH": "/usr/bin:/bin", **VALUES},
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert shown == expected
