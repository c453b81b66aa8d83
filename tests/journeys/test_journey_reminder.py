"""Journey 5: the open app reminds the user, who snoozes the reminder, then starts the
suggested routine from it when it comes back.

The installed stretchtui runs with one change: its clocks run a minute a second, through
StretchApp's `clock` and `wall_clock` (the injected clocks sessions and reminders read), so a
`remind_after_min = 1` comes due in a second and a one-minute snooze ends a second later.
The reminder's check still runs every few real seconds, as for a user."""

from __future__ import annotations

import sys

import pytest
from journey import QUICK, SIZES, Journey

FAST_CLOCK = """
import sys, time
def faster(clock):
    start = clock()
    return lambda: start + (clock() - start) * 60  # a minute passes every second
from stretchtui.tui.app import StretchApp
made = StretchApp.__init__
def with_fast_clock(self, *args, **kwargs):
    made(self, *args, clock=faster(time.monotonic), wall_clock=faster(time.time), **kwargs)
StretchApp.__init__ = with_fast_clock
from stretchtui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_reminder_comes_due_is_snoozed_then_starts_its_routine(journey: Journey) -> None:
    journey.routines(QUICK)
    # away_min = 0: the journey's tmux has no client attached, which counts as time away
    journey.config('remind_after_min = 1\nsnooze_min = 1\nheads_up_min = 0\naway_min = 0\n'
                   'default_routine = "Quick one"\n')
    journey.open(command=[sys.executable, "-c", FAST_CLOCK])
    journey.see("/ to filter")
    journey.see("Time to stretch", timeout=20)
    journey.press("z")
    journey.gone("Time to stretch")
    assert journey.history() == []
    journey.see("Time to stretch", timeout=20)  # back once the snooze is over
    journey.press("Enter")
    journey.see("Well done!")  # the suggested routine ran (its holds pass in a blink)
    journey.press("Enter")
    journey.see("/ to filter")
    journey.press("C-q")
    journey.exits(0)
    assert [(r["routine"], r["completed"]) for r in journey.history()] == [("Quick one", True)]
    journey.done()
