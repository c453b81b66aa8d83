"""Journeys 1 and 2: run a routine to its end, from the browser and from `stretchtui run`,
leave the summary, and find the app (or the shell) in the state the user expects."""

from __future__ import annotations

import pytest
from journey import QUICK, SIZES, SLOW, Journey


def start_quick_one(journey: Journey) -> None:
    """From the browser: down the routines to "Quick one" (the fourth, after the built-in
    three), then s."""
    journey.see("/ to filter")
    journey.press("j", "j", "j")
    journey.see("Quick one", "yours")
    journey.press("s")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("leave", ["Enter", "Escape"])
def test_open_run_to_the_end_leave_the_summary_and_quit(journey: Journey, leave: str) -> None:
    journey.routines(QUICK)
    journey.open()
    start_quick_one(journey)
    journey.see("Well done!")
    journey.press(leave)
    journey.gone("Well done!")
    journey.see("/ to filter")  # the browser is back
    journey.press("h")  # and answers keys: History lists the session just done
    journey.see("Recent sessions", "Quick one")
    journey.press("Escape")
    journey.see("/ to filter")
    journey.press("C-q")
    journey.exits(0)
    [record] = journey.history()
    assert record["routine"] == "Quick one" and record["completed"] is True
    journey.done()


@pytest.mark.parametrize("size", SIZES)
def test_run_by_name_to_its_end_then_stopped_early(journey: Journey) -> None:
    journey.routines(QUICK, SLOW)
    journey.open("run", "Quick one")
    journey.see("Well done!")
    journey.press("Enter")
    journey.exits(0)

    journey.open("run", "slow")  # a name's beginning is enough
    journey.see("Child's Pose")
    journey.press("q")
    journey.see("Stop this session?")
    journey.press("y")
    journey.see("Stopped early")
    journey.press("Enter")
    journey.exits(1)
    assert [r["completed"] for r in journey.history()] == [True, False]
    journey.done()
