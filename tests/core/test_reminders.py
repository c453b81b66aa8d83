"""When the open app reminds: an interval after the last session ended today, or after the
app opened; snoozed, dismissed, or off; and which routine it suggests."""

from __future__ import annotations

import pytest
from fakes import FakeClock, at

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.reminders import Reminder, since_today, suggest


def due_after(reminder: Reminder, clock: FakeClock, seconds: float) -> None:
    """Not due a second before `seconds` from now; due then."""
    clock.advance(seconds - 1)
    assert not reminder.due()
    clock.advance(1)
    assert reminder.due()


def test_since_counts_a_session_that_ended_today_only(berlin: None) -> None:
    now = at("2026-03-02T15:00:00+01:00")
    assert since_today(at("2026-03-02T13:40:00+01:00"), now) == 80 * 60
    assert since_today(at("2026-03-02T00:00:01+01:00"), now) == pytest.approx(15 * 3600 - 1)
    assert since_today(at("2026-03-01T23:59:00+01:00"), now) is None  # yesterday, local time
    assert since_today(at("2026-03-02T15:00:30+01:00"), now) == 0.0  # a clock a little ahead
    assert since_today(None, now) is None


def test_due_an_interval_after_the_app_opened_when_nothing_ended_today() -> None:
    clock = FakeClock()
    reminder = Reminder(3600, 600, clock)
    due_after(reminder, clock, 3600)


def test_due_an_interval_after_the_last_session_ended() -> None:
    clock = FakeClock()
    reminder = Reminder(3600, 600, clock, since_last=3000)
    due_after(reminder, clock, 600)
    assert Reminder(3600, 600, clock, since_last=5 * 3600).due()  # long ago: due at once


def test_a_session_ending_starts_a_new_interval() -> None:
    clock = FakeClock()
    reminder = Reminder(3600, 600, clock)
    clock.advance(3000)
    reminder.stretched()
    due_after(reminder, clock, 3600)


def test_snooze_and_dismiss() -> None:
    clock = FakeClock()
    reminder = Reminder(3600, 600, clock)
    clock.advance(3600)
    reminder.snooze()
    due_after(reminder, clock, 600)
    reminder.dismiss()
    due_after(reminder, clock, 3600)


def test_an_interval_of_zero_turns_reminders_off() -> None:
    clock = FakeClock()
    reminder = Reminder(0, 600, clock, since_last=10**6)
    assert not reminder.on and reminder.due_at is None
    clock.advance(10**7)
    reminder.snooze()
    reminder.dismiss()
    assert not reminder.due()


ROUTINES = [Routine("Empty"), Routine("Desk break", items=(RoutineItem("cat-cow"),)),
            Routine("Floor", items=(RoutineItem("childs-pose"),))]


def test_the_suggestion_is_the_last_routine_then_the_default_then_the_first() -> None:
    assert suggest(ROUTINES, "floor", "Desk break").name == "Floor"  # type: ignore[union-attr]
    assert suggest(ROUTINES, "Gone", "desk BREAK").name == "Desk break"  # type: ignore[union-attr]
    # the first with stretches
    assert suggest(ROUTINES, "", "").name == "Desk break"  # type: ignore[union-attr]
    assert suggest(ROUTINES, "Empty", "Empty").name == "Desk break"  # type: ignore[union-attr]
    assert suggest([Routine("Empty")], "", "") is None
