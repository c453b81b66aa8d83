"""The rules of a reminder's day, on an injected clock: time away restarts the reminder
clock, quiet time (a pause, active hours and days, a meeting) holds it, the heads-up comes
`heads_up_min` before a stretch is due."""

from __future__ import annotations

import pytest
from fakes import at

from stretchtui.core.day import (
    ALL_DAYS,
    Presence,
    active_until,
    due_at,
    is_away,
    next_active,
    next_clock,
    observe,
    parse_clock,
    parse_days,
    parse_hours,
    quiet_until,
    reminder_state,
)

MIN = 60.0
WEEKDAYS = frozenset(range(5))
OFFICE = (9 * 60, 18 * 60)


def test_times_and_days_parse_and_bad_ones_say_what_is_expected() -> None:
    assert parse_clock("14:00") == 840
    assert parse_clock("9:05") == 545
    assert parse_hours("09:00-18:00") == OFFICE
    assert parse_hours("22:00-02:00") == (1320, 120)
    assert parse_days(["mon", "Tuesday", "FRI"]) == frozenset({0, 1, 4})
    for bad in ("14", "25:00", "14:60", "2pm", "14:5"):
        with pytest.raises(ValueError, match="time of day"):
            parse_clock(bad)
    with pytest.raises(ValueError, match="same time"):
        parse_hours("09:00-09:00")
    with pytest.raises(ValueError, match="day names"):
        parse_days(["mo"])
    with pytest.raises(ValueError, match="day names"):
        parse_days(["monsoon"])


def test_active_hours_and_days(berlin: None) -> None:
    monday_noon = at("2026-03-02T12:00:00+01:00")
    assert active_until(monday_noon, OFFICE, WEEKDAYS) == at("2026-03-02T18:00:00+01:00")
    assert active_until(at("2026-03-02T08:59:00+01:00"), OFFICE, WEEKDAYS) is None
    assert active_until(at("2026-03-02T18:00:00+01:00"), OFFICE, WEEKDAYS) is None
    saturday = at("2026-03-07T12:00:00+01:00")
    assert active_until(saturday, OFFICE, WEEKDAYS) is None
    assert next_active(saturday, OFFICE, WEEKDAYS) == at("2026-03-09T09:00:00+01:00")
    assert active_until(saturday, None, ALL_DAYS) == float("inf")
    assert next_active(saturday, OFFICE, frozenset()) is None


def test_hours_past_midnight_belong_to_the_day_they_start_on(berlin: None) -> None:
    night = (22 * 60, 2 * 60)
    friday_late = at("2026-03-07T01:00:00+01:00")  # Saturday 01:00, Friday's night
    assert active_until(friday_late, night, WEEKDAYS) == at("2026-03-07T02:00:00+01:00")
    assert active_until(at("2026-03-08T01:00:00+01:00"), night, WEEKDAYS) is None  # Saturday's


def test_active_hours_across_a_daylight_saving_change(berlin: None) -> None:
    # Sunday 29 March 2026: clocks go from 02:00 to 03:00 in Berlin
    sunday = at("2026-03-29T12:00:00+02:00")
    assert active_until(sunday, OFFICE, ALL_DAYS) == at("2026-03-29T18:00:00+02:00")
    assert next_active(at("2026-03-29T01:00:00+01:00"), OFFICE, ALL_DAYS) == at("2026-03-29T09:00:00+02:00")


def test_pause_until_a_time_is_today_else_tomorrow(berlin: None) -> None:
    assert next_clock(at("2026-03-02T12:00:00+01:00"), 14 * 60) == at("2026-03-02T14:00:00+01:00")
    assert next_clock(at("2026-03-02T15:00:00+01:00"), 14 * 60) == at("2026-03-03T14:00:00+01:00")


def test_quiet_time_pause_hours_and_meetings(berlin: None) -> None:
    noon = at("2026-03-02T12:00:00+01:00")
    assert quiet_until(noon) is None
    assert quiet_until(noon, paused_until=noon + 45 * MIN) == noon + 45 * MIN
    assert quiet_until(noon, paused_until=noon - 1) is None  # a pause ends by itself
    assert quiet_until(noon, meeting=True) == float("inf")
    evening = at("2026-03-02T19:00:00+01:00")
    assert quiet_until(evening, hours=OFFICE, days=WEEKDAYS) == at("2026-03-03T09:00:00+01:00")
    assert quiet_until(noon, hours=OFFICE, days=WEEKDAYS) is None
    # a pause that runs past the end of the day still ends when the day begins again
    assert quiet_until(evening, paused_until=evening + 60, hours=OFFICE) == at("2026-03-03T09:00:00+01:00")


def test_time_away_is_key_presses_at_least_away_min_apart() -> None:
    away_s = 10 * MIN
    start = 1_000_000.0
    seen = observe(None, start, start, away_s)
    assert seen.back_at == 0.0
    for minute in range(1, 9):  # typing every minute: never away
        seen = observe(seen, start + minute * MIN, start + minute * MIN + 5, away_s)
        assert not is_away(seen, start + minute * MIN + 5, away_s)
    last = start + 8 * MIN
    assert seen.back_at == 0.0
    # then nothing for 25 minutes: away from the 10th minute on
    assert not is_away(seen, last + 9 * MIN, away_s)
    assert is_away(seen, last + 10 * MIN, away_s)
    seen = observe(seen, last, last + 20 * MIN, away_s)  # a look while away sees the old key
    assert seen.back_at == 0.0
    back = last + 25 * MIN
    seen = observe(seen, back, back + 3, away_s)
    assert seen.back_at == back and not is_away(seen, back + 3, away_s)
    assert observe(seen, None, back + 9, away_s) == seen  # tmux could not tell: nothing changes
    assert not is_away(None, back, away_s)


def test_coming_back_restarts_the_reminder_clock_and_away_never_says_due() -> None:
    every = 60 * MIN
    ended = 1_000_000.0
    assert due_at(every, ended) == ended + every
    back = ended + 50 * MIN  # away from minute 10 to minute 50
    assert due_at(every, ended, back) == back + every
    assert due_at(0, ended) is None
    assert due_at(every) == 0.0  # nothing started the clock: due already
    assert due_at(every, ended, snoozed_until=ended + 2 * every) == ended + 2 * every
    due = due_at(every, ended)
    assert reminder_state(ended + every, due, quiet=None, away=True, heads_up_s=120) == "idle"


def test_heads_up_then_due_and_quiet_time_holds_both() -> None:
    due = 5000.0
    state = lambda now, quiet=None: reminder_state(now, due, quiet=quiet, away=False, heads_up_s=2 * MIN)  # noqa: E731
    assert state(due - 121) == "idle"
    assert state(due - 120) == "soon"
    assert state(due - 1) == "soon"
    assert state(due) == "due"
    assert state(due, quiet=due + 60) == "quiet"
    assert state(due - 60, quiet=due + 60) == "quiet"
    assert reminder_state(due, None, quiet=None, away=False, heads_up_s=120) == "idle"
    assert reminder_state(due - 60, due, quiet=None, away=False, heads_up_s=0) == "idle"


def test_presence_compares_by_value() -> None:
    assert Presence(1.0, 2.0, 3.0) == Presence(1.0, 2.0, 3.0) != Presence(1.0, 0.0, 3.0)
    assert "back_at=2.0" in repr(Presence(1.0, 2.0, 3.0))
