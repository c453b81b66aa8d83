"""Progress arithmetic: local days, streaks, weeks, the heat map and the tables.

Records are dicts as a history line holds them, with times written the way a session writes
them (`isoformat` of an aware datetime), so offsets, DST and travel are what a user's
computer would have recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from histories import parse_records
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.progress import HEATMAP_WEEKS, RECENT_LIMIT, Summary, level, streaks, summarize
from stretchtui.core.records import Record, StretchTime, parse_record

BERLIN = ZoneInfo("Europe/Berlin")
GOAL = 5  # minutes


def record(started: datetime | str, done: float = 300.0, *, routine: str = "Desk break",
           completed: bool = True, ended: datetime | None = None,
           stretches: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A history record as Session.record() writes it (without the timing arrays)."""
    if isinstance(started, datetime):
        ended = ended or started + timedelta(seconds=round(done))
        started = started.isoformat(timespec="seconds")
    raw: dict[str, Any] = {
        "routine": routine, "started": started,
        "ended": ended.isoformat(timespec="seconds") if ended else started,
        "planned_s": 290, "done_s": done, "steps": 20, "skipped": 0, "completed": completed,
    }
    if stretches is not None:
        raw["stretches"] = stretches
    return {**raw, **extra}


def at(day: date, hour: int = 9, minute: int = 0, tz: Any = UTC) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def summary_of(raws: list[dict[str, Any]], today: date, goal: float = GOAL) -> Summary:
    records, damaged = parse_records(raws)
    return summarize(records, today=today, daily_goal_min=goal, damaged=damaged)


def goal_days(*days: date, tz: Any = UTC) -> list[dict[str, Any]]:
    return [record(at(day, tz=tz)) for day in days]


def run_of(last: date, length: int) -> list[date]:
    return [last - timedelta(days=back) for back in range(length)]


# -- streaks -----------------------------------------------------------------------------


def test_a_streak_runs_across_a_year_end() -> None:
    days = [date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2)]
    summary = summary_of(goal_days(*days), today=date(2027, 1, 2))
    assert (summary.current_streak, summary.longest_streak) == (4, 4)


def test_a_streak_runs_across_month_ends_including_february() -> None:
    days = [date(2028, 1, 30), date(2028, 1, 31), date(2028, 2, 1),
            date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)]
    summary = summary_of(goal_days(*days), today=date(2028, 3, 1))
    assert (summary.current_streak, summary.longest_streak) == (3, 3)
    assert summary.goal_days == 6


def test_a_gap_day_breaks_the_streak_and_longest_remembers_the_best() -> None:
    days = [*run_of(date(2026, 11, 10), 5), *run_of(date(2026, 11, 24), 2)]
    summary = summary_of(goal_days(*days), today=date(2026, 11, 24))
    assert (summary.current_streak, summary.longest_streak) == (2, 5)


def test_today_not_yet_done_keeps_the_streak_up_to_yesterday() -> None:
    today = date(2026, 11, 24)
    history = goal_days(*run_of(today - timedelta(days=1), 3))
    assert summary_of(history, today).current_streak == 3
    started = [*history, record(at(today), done=60)]  # today begun, goal not reached yet
    assert summary_of(started, today).current_streak == 3
    done = [*history, record(at(today))]
    assert summary_of(done, today).current_streak == 4
    assert summary_of(history, today + timedelta(days=1)).current_streak == 0  # yesterday missed


def test_an_empty_history_has_no_streak() -> None:
    summary = summary_of([], date(2026, 11, 24))
    assert summary.empty and (summary.current_streak, summary.longest_streak) == (0, 0)
    assert summary.recent == () and summary.routines == () and summary.stretches == ()


def test_days_after_today_never_extend_the_current_streak() -> None:
    today = date(2026, 11, 24)
    summary = summary_of(goal_days(today, today + timedelta(days=1)), today)
    assert (summary.current_streak, summary.longest_streak) == (1, 2)


# -- the goal ------------------------------------------------------------------------------


def test_two_short_sessions_reach_the_goal_together() -> None:
    today = date(2026, 11, 24)
    two = [record(at(today, 9), done=150), record(at(today, 15), done=150)]
    summary = summary_of(two, today)
    assert summary.current_streak == 1 and summary.day(today).goal_met
    assert (summary.day(today).sessions, summary.day(today).seconds) == (2, 300)
    short = [record(at(today, 9), done=150), record(at(today, 15), done=149.9)]
    assert summary_of(short, today).current_streak == 0


def test_stopped_sessions_count_toward_the_goal() -> None:
    today = date(2026, 11, 24)
    summary = summary_of([record(at(today, 9), done=100, completed=True),
                          record(at(today, 10), done=200, completed=False)], today)
    day = summary.day(today)
    assert day.goal_met and (day.completed, day.stopped) == (1, 1)
    assert (summary.completed, summary.stopped) == (1, 1)


def test_sums_of_rounded_seconds_reach_the_goal_exactly() -> None:
    today = date(2026, 11, 24)
    parts = [86.96, 149.89, 63.15]  # 300.0 on paper, 299.99999999999994 in floats
    assert sum(parts) < 300
    assert summary_of([record(at(today, 9 + n), done=d) for n, d in enumerate(parts)],
                      today).day(today).goal_met


def test_the_goal_comes_from_the_caller() -> None:
    today = date(2026, 11, 24)
    history = [record(at(today), done=400)]
    assert summary_of(history, today, goal=5).current_streak == 1
    assert summary_of(history, today, goal=10).current_streak == 0


@pytest.mark.parametrize(("seconds", "shade"), [
    (0, 0), (1, 1), (149.9, 1), (150, 2), (299.9, 2), (300, 3), (599.9, 3), (600, 4), (5000, 4),
])
def test_levels_by_time_against_the_goal(seconds: float, shade: int) -> None:
    assert level(seconds, 300) == shade


# -- local days: DST, midnight, travel -------------------------------------------------------


def test_spring_forward_in_berlin_counts_each_session_on_its_local_day() -> None:
    # 29 March 2026: clocks go from 02:00 to 03:00 (+01:00 to +02:00).
    history = [
        record(datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN)),  # 22:30 UTC on the 28th
        record(datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN), done=100),  # 23:30 UTC on the 28th
        record(datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN), done=200),  # after the change
        record(datetime(2026, 3, 30, 0, 15, tzinfo=BERLIN)),  # 22:15 UTC on the 29th
    ]
    assert history[1]["started"].endswith("+01:00") and history[2]["started"].endswith("+02:00")
    summary = summary_of(history, today=date(2026, 3, 30))
    assert [(d.date.day, d.sessions, d.seconds) for d in summary.last_days(3)] == [
        (28, 1, 300), (29, 2, 300), (30, 1, 300)]
    assert summary.current_streak == 3


def test_fall_back_in_berlin_counts_the_repeated_hour_once_on_its_day() -> None:
    # 25 October 2026: 03:00 +02:00 becomes 02:00 +01:00; 02:30 happens twice.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    history = [record(datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN), done=100),  # 22:30 UTC on the 24th
               record(first, done=150), record(second, done=150),
               record(datetime(2026, 10, 25, 23, 50, tzinfo=BERLIN), done=200)]
    assert history[1]["started"] != history[2]["started"]
    summary = summary_of(history, today=date(2026, 10, 26))
    day = summary.day(date(2026, 10, 25))
    assert (day.sessions, day.seconds) == (4, 600)
    assert summary.day(date(2026, 10, 24)).sessions == 0
    assert summary.day(date(2026, 10, 26)).sessions == 0
    assert summary.current_streak == 1  # the 25th; the 26th (today) not yet done


def test_a_session_across_midnight_counts_once_on_the_day_it_started() -> None:
    started = datetime(2026, 11, 23, 23, 58, tzinfo=timezone(timedelta(hours=1)))
    history = [record(started, done=480, ended=started + timedelta(minutes=8))]
    assert history[0]["ended"].startswith("2026-11-24T00:06")
    summary = summary_of(history, today=date(2026, 11, 24))
    assert summary.day(date(2026, 11, 23)).seconds == 480
    assert summary.day(date(2026, 11, 24)).sessions == 0
    assert summary.current_streak == 1  # yesterday met, today not yet


def test_travel_keeps_each_session_on_the_day_where_it_happened() -> None:
    tokyo, new_york = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    history = [
        record(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), done=300),
        record(datetime(2026, 11, 23, 22, 0, tzinfo=new_york), done=350),  # 03:00 UTC on the 24th
        record(datetime(2026, 11, 24, 8, 0, tzinfo=tokyo), done=400),  # 23:00 UTC on the 23rd
    ]
    summary = summary_of(history, today=date(2026, 11, 24))
    assert [(d.date.day, d.seconds) for d in summary.last_days(3)] == [(22, 300), (23, 350), (24, 400)]
    assert (summary.current_streak, summary.longest_streak) == (3, 3)
    assert summary.recent[0].started.utcoffset() == timedelta(hours=9)  # the last line


# -- weeks ----------------------------------------------------------------------------------


def test_this_week_runs_monday_to_today_and_last_week_is_whole() -> None:
    today = date(2026, 11, 26)  # a Thursday
    assert today.weekday() == 3
    history = [
        record(at(date(2026, 11, 15)), done=1000),  # Sunday before last week: neither
        record(at(date(2026, 11, 16)), done=60),  # last Monday
        record(at(date(2026, 11, 22), 23, 59), done=120),  # last Sunday
        record(at(date(2026, 11, 23)), done=180),  # this Monday
        record(at(today), done=240),
        record(at(date(2026, 11, 27)), done=5000),  # tomorrow: not counted yet
    ]
    summary = summary_of(history, today)
    assert (summary.this_week_s, summary.last_week_s) == (420, 180)


# -- the heat map and the strip -------------------------------------------------------------


def test_heatmap_has_26_weeks_monday_to_sunday_ending_with_this_week() -> None:
    today = date(2026, 11, 26)  # Thursday
    summary = summary_of([record(at(today), done=700), record(at(date(2026, 6, 1)), done=100)],
                         today)
    heat = summary.heatmap
    assert len(heat.weeks) == HEATMAP_WEEKS
    assert all(len(week) == 7 and [d.date.weekday() for d in week] == list(range(7))
               for week in heat.weeks)
    assert all(b[0].date - a[0].date == timedelta(weeks=1) for a, b in pairwise(heat.weeks))
    last = heat.weeks[-1]
    assert last[3].today and last[3].level == 4
    assert [d.future for d in last] == [False] * 4 + [True] * 3
    assert sum(d.today for week in heat.weeks for d in week) == 1
    first_monday = heat.weeks[0][0].date
    assert first_monday == date(2026, 6, 1)
    assert heat.weeks[0][0].level == 1


def test_heatmap_month_labels_sit_on_the_first_week_of_each_month() -> None:
    summary = summary_of([], date(2026, 11, 26))
    heat = summary.heatmap
    # Columns start on Monday 1 June 2026; each label is on the first Monday in its month.
    labels = dict(heat.months)
    assert list(labels.values()) == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    for column, name in heat.months:
        monday = heat.weeks[column][0].date
        assert f"{monday:%b}" == name and monday.day <= 7


def test_heatmap_leaves_out_a_first_label_that_would_collide() -> None:
    today = date(2026, 12, 24)  # first column: Monday 29 June; July starts the next column
    heat = summary_of([], today).heatmap
    assert heat.weeks[0][0].date == date(2026, 6, 29)
    assert heat.months[0] == (1, "Jul")
    assert all(b - a >= 2 for a, b in pairwise(column for column, _ in heat.months))
    heat = summary_of([], date(2026, 12, 31)).heatmap  # first column: Monday 6 July
    assert heat.months[0] == (0, "Jul") and heat.months[1] == (4, "Aug")


def test_last_days_end_today_oldest_first() -> None:
    today = date(2026, 11, 24)
    summary = summary_of([record(at(today - timedelta(days=13)))], today)
    strip = summary.last_days(14)
    assert [d.date for d in strip] == [today - timedelta(days=n) for n in range(13, -1, -1)]
    assert strip[0].sessions == 1 and strip[-1].today
    assert len(summary.last_days(3)) == 3


# -- recent sessions and tables -------------------------------------------------------------


def test_recent_sessions_are_newest_first_and_limited() -> None:
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    history = [record(start + timedelta(hours=n), done=float(n)) for n in range(RECENT_LIMIT + 5)]
    summary = summary_of(history, date(2026, 3, 1))
    assert len(summary.recent) == RECENT_LIMIT
    assert summary.recent[0].done_s == RECENT_LIMIT + 4
    assert [r.done_s for r in summary.recent] == sorted((r.done_s for r in summary.recent),
                                                        reverse=True)


def test_recent_records_keep_every_field() -> None:
    started = datetime(2026, 11, 24, 9, tzinfo=timezone(timedelta(hours=1)))
    raw = record(started, done=145.1, completed=False, skipped=2, steps=13,
                 stretches=[{"id": "cat-cow", "done_s": 80.0}])
    [recent] = summary_of([raw], date(2026, 11, 24)).recent
    assert recent == Record(started, started + timedelta(seconds=145), "Desk break", 290.0,
                            145.1, False, 2, 13, (StretchTime("cat-cow", 80.0),))
    assert recent.day == date(2026, 11, 24)


def test_by_routine_table_has_sessions_minutes_and_last_done() -> None:
    day = date(2026, 11, 20)
    history = [
        record(at(day, 9), routine="Desk break", done=290),
        record(at(day, 10), routine="Floor", done=600, completed=False),
        record(at(day + timedelta(days=1), 9), routine="Desk break", done=100),
    ]
    rows = summary_of(history, date(2026, 11, 24)).routines
    assert [(r.name, r.sessions, r.seconds, r.last) for r in rows] == [
        ("Desk break", 2, 390, at(day + timedelta(days=1), 9)),
        ("Floor", 1, 600, at(day, 10)),
    ]
    assert rows[1].minutes == 10


def test_by_stretch_table_uses_the_stretches_field_and_old_records_count_elsewhere() -> None:
    day = date(2026, 11, 20)
    new = [{"id": "cat-cow", "done_s": 80.0}, {"id": "childs-pose", "done_s": 0.0},
           {"id": "cat-cow", "done_s": 20.0}]
    history = [
        record(at(day, 8), done=500),  # older record: no stretches list
        record(at(day, 9), stretches=new),
        record(at(day, 10), stretches=[{"id": "childs-pose", "done_s": 30.0}]),
    ]
    summary = summary_of(history, date(2026, 11, 24))
    assert summary.sessions == 3 and summary.day(day).seconds == 1100
    assert [(t.name, t.sessions, t.seconds, t.last) for t in summary.stretches] == [
        ("childs-pose", 1, 30.0, at(day, 10)),  # a 0 s entry is not a session of it
        ("cat-cow", 1, 100.0, at(day, 9)),  # twice in one plan: one session
    ]
    assert summary.routines[0].sessions == 3


def test_control_characters_never_reach_the_tables() -> None:
    history = [record(at(date(2026, 11, 24)), routine="Desk\x1b[31m break\u202e",
                      stretches=[{"id": "cat\x07-cow", "done_s": 5.0}])]
    summary = summary_of(history, date(2026, 11, 24))
    assert summary.routines[0].name == "Desk[31m break"
    assert summary.stretches[0].name == "cat-cow"
    lone = parse_record(record(at(date(2026, 11, 24)), routine="Desk \ud800break"))
    assert lone is not None and lone.routine == "Desk ?break"  # printable, not a crash


# -- damaged records ------------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    {"started": None}, {"started": "2026-11-24T09:00:00"}, {"started": "yesterday"},
    {"started": 1764000000}, {"done_s": -1}, {"done_s": float("nan")}, {"done_s": True},
    {"done_s": "300"}, {"done_s": 1e12}, {"planned_s": None}, {"routine": 7},
    {"routine": None}, {"completed": "yes"}, {"completed": None},
])
def test_a_record_with_a_wrong_essential_field_is_damaged(change: dict[str, Any]) -> None:
    raw = {**record(at(date(2026, 11, 24))), **change}
    raw = {key: value for key, value in raw.items() if value is not None}
    assert parse_record(raw) is None
    summary = summary_of([raw, record(at(date(2026, 11, 24)))], date(2026, 11, 24))
    assert (summary.sessions, summary.damaged) == (1, 1)


@pytest.mark.parametrize("raw", [None, [], "text", 3])
def test_a_line_that_is_not_an_object_is_damaged(raw: Any) -> None:
    assert parse_record(raw) is None


def test_optional_fields_fall_back_instead_of_damaging_the_record() -> None:
    raw = record(at(date(2026, 11, 24)), skipped="two", steps=-3,
                 stretches=[{"id": "cat-cow", "done_s": "80"}, {"id": 5}, "x",
                            {"id": "childs-pose", "done_s": 12}])
    parsed = parse_record({**raw, "ended": "soon"})
    assert parsed is not None
    assert (parsed.skipped, parsed.steps, parsed.ended) == (0, 0, None)
    assert parsed.stretches == (StretchTime("childs-pose", 12.0),)
    assert parse_record({**raw, "stretches": "all"}).stretches is None  # type: ignore[union-attr]


def test_reader_damage_and_record_damage_add_up() -> None:
    records, damaged = parse_records([record(at(date(2026, 11, 24))), {"routine": "x"}])
    summary = summarize(records, today=date(2026, 11, 24), damaged=damaged + 2)
    assert summary.damaged == 3


# -- properties -----------------------------------------------------------------------------

day_seconds = st.dictionaries(st.integers(0, 120), st.sampled_from([0, 60, 150, 299, 300, 301, 900]),
                              max_size=60)


@given(day_seconds, st.integers(0, 130))
def test_streak_properties(days: dict[int, float], today_offset: int) -> None:
    origin = date(2025, 12, 1)
    today = origin + timedelta(days=today_offset)
    history = [record(at(origin + timedelta(days=n), 12), done=s) for n, s in days.items()]
    summary = summary_of(history, today)
    met = {origin + timedelta(days=n) for n, s in days.items() if s >= 300}
    assert summary.current_streak <= summary.longest_streak
    assert summary.goal_days == len(met)
    # The current streak is made of goal days ending today or yesterday.
    end = today if today in met else today - timedelta(days=1)
    run = [end - timedelta(days=k) for k in range(summary.current_streak)]
    assert all(day in met for day in run)
    assert end - timedelta(days=summary.current_streak) not in met
    # The longest streak is the longest run of consecutive goal days, by brute force.
    best = max((k for start in met for k in range(1, 200)
                if all(start + timedelta(days=j) in met for j in range(k))), default=0)
    assert summary.longest_streak == best
    assert streaks(met, today) == (summary.current_streak, summary.longest_streak)


@given(st.lists(st.tuples(st.integers(-12 * 60, 14 * 60), st.integers(0, 2000),
                          st.floats(0, 3600, allow_nan=False)), max_size=40))
def test_every_session_lands_on_exactly_one_local_day(
    sessions: list[tuple[int, int, float]]
) -> None:
    """Whatever the offsets, day totals add up to the whole and each day is the local date."""
    base = datetime(2026, 1, 1, tzinfo=UTC)
    history = []
    for offset_min, minute, done in sessions:
        zone = timezone(timedelta(minutes=offset_min))
        history.append(record((base + timedelta(minutes=minute * 7)).astimezone(zone), done=done))
    summary = summary_of(history, date(2026, 3, 1))
    assert sum(day.sessions for day in summary.active()) == len(sessions) == summary.sessions
    assert sum(day.seconds for day in summary.active()) == pytest.approx(summary.seconds)
    for raw in history:
        local = date.fromisoformat(raw["started"][:10])
        assert summary.day(local).sessions >= 1
