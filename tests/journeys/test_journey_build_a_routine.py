"""Journey 3: build a routine by keyboard, save it, quit, open the app again, run it, then
edit it and save again."""

from __future__ import annotations

import tomllib

import pytest
from journey import SIZES, Journey


def leave_the_builder(journey: Journey) -> None:
    """esc leaves a text field first, then the builder (a field keeps the focus after a save)."""
    journey.press("Escape")
    try:
        journey.see("/ to filter", timeout=3)
    except AssertionError:
        journey.press("Escape")
        journey.see("/ to filter")


def saved(journey: Journey) -> dict[str, list[str]]:
    """Routine name -> its stretches, as written to the user's routines file."""
    text = (journey.folders["data"] / "routines.toml").read_text()
    return {r["name"]: [item["stretch"] for item in r["items"]] for r in tomllib.loads(text)["routines"]}


@pytest.mark.parametrize("size", SIZES)
def test_build_save_reopen_run_and_edit_again(journey: Journey) -> None:
    journey.open()
    journey.see("Full back series")
    journey.press("j", "j", "j", "j", "b")  # b on the first stretch: a new routine with it
    journey.see("Stretches in this routine")
    journey.press("j", "j", "a")  # and Cat/Cow, two down the library (past a heading)
    journey.see("10 holds")  # 2 of Reach For The Sky, 8 of Cat/Cow
    journey.focus_with("r")  # the name, selected: typing replaces it
    journey.type("My back")
    journey.press("C-s")
    journey.see("Saved")
    leave_the_builder(journey)
    journey.press("C-q")
    journey.exits(0)
    assert saved(journey) == {"My back": ["reach-for-the-sky", "cat-cow"]}

    journey.open()
    journey.see("/ to filter")
    journey.press("j", "j", "j")  # after the three built-in routines
    journey.see("My back", "yours")
    journey.press("s")
    journey.see("Get ready", "Reach For The Sky")
    journey.press("q")
    journey.see("Stop this session?")
    journey.press("y")
    journey.see("Stopped early")
    journey.press("Enter")
    journey.see("/ to filter")
    assert [(r["routine"], r["completed"]) for r in journey.history()] == [("My back", False)]

    journey.press("b")  # edit it again
    journey.see("Stretches in this routine")
    journey.focus_with("r")
    journey.type("My back, better")
    journey.press("C-s")
    journey.see("Saved")
    leave_the_builder(journey)
    journey.press("C-q")
    journey.exits(0)
    assert saved(journey) == {"My back, better": ["reach-for-the-sky", "cat-cow"]}
    journey.done()
