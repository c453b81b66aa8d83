"""Text rules answer as the regular expressions they stand for, without compiling them
when the text is printable (a start checks every name and cue of the library)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.rules import Invalid, check_stretch_id, has_controls, strip_controls

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
AWKWARD = st.sampled_from(
    list("\x00\x1b\n\t\x7f\x85\x9f\u00a0\u2028\u2029\u202a\u202e\u2066\u2069\u200b é-a 9"))
TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), AWKWARD), max_size=30)


@given(TEXT)
def test_controls_are_found_and_stripped_as_the_pattern_says(text: str) -> None:
    assert has_controls(text) == bool(CONTROLS.search(text))
    assert strip_controls(text) == CONTROLS.sub("", text)


def old_id_rule(text: str) -> str | None:
    """The id check as it was: check_text, then the pattern on the trimmed text."""
    if not text.strip() or len(text) > 64 or CONTROLS.search(text):
        return None
    return text.strip() if ID.match(text.strip()) else None


@given(st.text(st.sampled_from(list("ab9-Z_ é.\n\t")), max_size=70))
def test_ids_are_accepted_as_the_pattern_says(text: str) -> None:
    try:
        accepted: str | None = check_stretch_id(text)
    except Invalid:
        accepted = None
    assert accepted == old_id_rule(text)


@pytest.mark.parametrize("good", ["a", "cat-cow", "9-lives", "a" * 64])
def test_good_ids(good: str) -> None:
    assert check_stretch_id(good) == good


@pytest.mark.parametrize("bad", ["-cat", "Cat", "cat_cow", "a" * 65, "cat cow", "é"])
def test_bad_ids(bad: str) -> None:
    with pytest.raises(Invalid):
        check_stretch_id(bad)
