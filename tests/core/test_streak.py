"""Goal days and their runs: the one streak arithmetic of the History screen, `stretchtui
history` and the status line, read back as far as the run goes or brought forward."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from fakes import at
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.streak import current, run_backwards, streaks, today

D = date(2026, 1, 2).toordinal()
"""A "today" for the tests, as an ordinal."""


def test_today_is_the_local_date_without_datetime(berlin: None) -> None:
    # 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25.
    for moment, day in [("2026-03-30T00:30:00+02:00", date(2026, 3, 30)),
                        ("2026-03-29T23:30:00+02:00", date(2026, 3, 29)),
                        ("2026-10-26T00:10:00+01:00", date(2026, 10, 26)),
                        ("2026-01-01T00:00:01+01:00", date(2026, 1, 1)),
                        ("2025-12-31T23:59:59+01:00", date(2025, 12, 31)),
                        ("2024-02-29T12:00:00+01:00", date(2024, 2, 29))]:
        assert today(at(moment)) == day.toordinal(), moment


@given(st.integers(0, 4_000_000_000))
def test_today_agrees_with_the_calendar_every_day(seconds: int) -> None:
    assert today(seconds) == datetime.fromtimestamp(seconds).date().toordinal()


def test_the_streak_counts_while_the_run_ends_today_or_yesterday() -> None:
    assert current(D, 5, D) == 5
    assert current(D - 1, 5, D) == 5  # today not yet done
    assert current(D - 2, 5, D) == 0
    assert current(D + 1, 5, D) == 0  # a day after today never counts
    assert current(0, 0, D) == 0


def test_streaks_from_goal_days() -> None:
    days = [D - 9, D - 8, D - 7, D - 6, D - 5, D - 2, D - 1]
    assert streaks(days, D) == (2, 5)
    assert streaks([*days, D], D) == (3, 5)
    assert streaks([D - 3], D) == (0, 1)
    assert streaks([D - 1, D, D + 1, D + 2, D + 3], D) == (2, 5)  # later days never extend it
    assert streaks([], D) == (0, 0)


# -- reading back ------------------------------------------------------------------------------


def back(count: int, *, end: int = D, seconds: float = 300) -> list[tuple[int, float]]:
    """One session a day for `count` days up to `end`, newest first."""
    return [(end - n, seconds) for n in range(count)]


def pair(sessions: object, on: int = D, goal_s: float = 300) -> tuple[int, int]:
    run = run_backwards(sessions, goal_s=goal_s, on=on)  # type: ignore[arg-type]
    return run.end, run.days


def test_a_run_ending_today() -> None:
    assert pair(back(5)) == (D, 5)


def test_today_not_yet_done_keeps_yesterdays_run() -> None:
    assert pair([(D, 60), *back(3, end=D - 1)]) == (D - 1, 3)


def test_a_missed_yesterday_means_no_run() -> None:
    assert pair(back(10, end=D - 2)) == (0, 0)
    assert pair([]) == (0, 0)


def test_two_short_sessions_reach_the_goal_together() -> None:
    assert pair([(D, 150), (D, 150), (D - 1, 200)]) == (D, 1)


def test_a_session_that_ended_after_a_later_ones_start_counts_on_its_own_day() -> None:
    # Started before midnight, ended after a session of the next day had started: written
    # after it, so its day comes out of order.
    assert pair([(D - 1, 360), (D, 10), *back(2, end=D - 2)]) == (D - 1, 3)


def test_a_zero_goal_still_needs_some_stretching_each_day() -> None:
    assert pair(back(2), goal_s=0) == (D, 2)


def test_only_the_run_is_read_not_the_whole_history() -> None:
    read = []

    def sessions() -> Iterator[tuple[int, float]]:
        for item in [*back(4), *back(5000, end=D - 10)]:
            read.append(item)
            yield item

    assert pair(sessions()) == (D, 4)
    assert len(read) <= 4 + 3  # the run and two days past its gap


day_seconds = st.dictionaries(st.integers(1, 60), st.sampled_from([0, 60, 150, 299, 300, 900]),
                              max_size=40)


@given(day_seconds, st.integers(60, 62))
def test_reading_back_agrees_with_counting_every_day(days: dict[int, float], on: int) -> None:
    sessions = [(day, seconds) for day, seconds in sorted(days.items(), reverse=True)]
    run = run_backwards(sessions, goal_s=300, on=on)
    goal_days = [day for day, seconds in days.items() if seconds >= 300]
    assert current(run.end, run.days, on) == streaks(goal_days, on)[0]
