"""Progress from the session history: days, streaks, weeks, a heat map, tables by routine.

Pure: the records come checked (`records.parse_record`; `storage.history.load_summary`
reads them), "today" and the daily goal are passed in, and `summarize` makes one `Summary`
for `stretchtui history` and the History screen alike.

Days are local days, and "local" means the UTC offset stored in each record: a session
belongs to the calendar day on the wall clock where the user was when it started. So a
session that crosses midnight counts once, on the day it began; a daylight-saving change
needs no special case (the record already carries the offset in force); and after travel
each session stays on the day it had where it happened, whatever zone the computer is in
when the history is read. `today` is the caller's local date.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from stretchtui.core import streak
from stretchtui.core.coach import PainTrend, pain_trend
from stretchtui.core.records import Record
from stretchtui.core.streak import EPSILON, meets_goal

HEATMAP_WEEKS = 26
STRIP_DAYS = 14
RECENT_LIMIT = 100
"""How many sessions `Summary.recent` keeps: more than a screen shows, few enough to draw."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def level(seconds: float, goal_s: float) -> int:
    """A day's shade, 0 to 4, by its time against the daily goal: 0 nothing, 1 under half
    the goal, 2 half the goal or more, 3 the goal reached (the day counts toward a streak),
    4 twice the goal or more. With a goal of 0, any time is a 4."""
    if seconds <= 0:
        return 0
    if seconds >= 2 * goal_s - EPSILON:
        return 4
    if seconds >= goal_s - EPSILON:
        return 3
    return 2 if seconds >= goal_s / 2 - EPSILON else 1


@dataclass(frozen=True, slots=True)
class Day:
    """One local day: its sessions and time, and how it shows in the calendar."""

    date: date
    seconds: float = 0.0
    """Time done that day, completed and stopped sessions alike."""
    sessions: int = 0
    completed: int = 0
    stopped: int = 0
    level: int = 0
    goal_met: bool = False
    """The day counts toward a streak (see `meets_goal`)."""
    today: bool = False
    future: bool = False
    """After today (the rest of this week in the heat map): drawn as "not yet"."""

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True, slots=True)
class HeatMap:
    """A contribution-style calendar: one column a week (oldest first), rows Monday to Sunday."""

    weeks: tuple[tuple[Day, ...], ...]
    months: tuple[tuple[int, str], ...]
    """(column, "Mar") at the first column whose Monday is in a new month. The first
    column's label is left out when the next label is in the column right after it, so
    with columns two characters wide or more, labels never overlap."""


@dataclass(frozen=True, slots=True)
class Total:
    """A row of the by-routine or by-stretch table."""

    name: str
    """The routine's name, or the stretch's id."""
    sessions: int
    seconds: float
    last: datetime
    """When the latest session with it started (in that session's own offset)."""

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class Summary:
    """Everything the History screen and `stretchtui history` show, computed once by
    `summarize`.

    "Latest" and "newest" follow the history's order: each session is appended when it
    ends, so the last line is the session that ended last. (Ordering by start time would
    compare datetimes across UTC offsets, about a microsecond each, 50,000 times.)
    """

    today: date
    goal_s: float
    current_streak: int
    """Goal days in a row up to today, or up to yesterday while today is not done yet."""
    longest_streak: int
    this_week_s: float
    """Monday to today."""
    last_week_s: float
    """All of last week, Monday to Sunday."""
    sessions: int
    completed: int
    stopped: int
    seconds: float
    active_days: int
    """Days with at least one session."""
    goal_days: int
    damaged: int
    """History lines skipped: unreadable lines and damaged records together."""
    recent: tuple[Record, ...]
    """The latest sessions, newest first (at most RECENT_LIMIT)."""
    routines: tuple[Total, ...]
    """By routine name, the most recently done first."""
    stretches: tuple[Total, ...]
    """By stretch id, the most recently done first. Only records with a `stretches` list
    count here, and a session counts for a stretch it held for more than 0 s."""
    _days: Mapping[date, Sequence[Any]] = field(repr=False)
    """[seconds, sessions, completed] of each day with sessions."""
    pain: PainTrend | None = None
    """The check-in's weekly averages (coach.pain_trend); None when not worked out."""

    @property
    def empty(self) -> bool:
        return self.sessions == 0

    def day(self, when: date) -> Day:
        """Any day, with or without sessions."""
        seconds, sessions, completed = self._days.get(when, (0.0, 0, 0))
        return Day(when, seconds, sessions, completed, sessions - completed,
                   level(seconds, self.goal_s), meets_goal(sessions, seconds, self.goal_s),
                   when == self.today, when > self.today)

    @property
    def today_day(self) -> Day:
        return self.day(self.today)

    def last_days(self, count: int = STRIP_DAYS) -> tuple[Day, ...]:
        """The last `count` days, oldest first, ending today (the compact view's strip)."""
        return tuple(self.day(self.today - timedelta(days=back)) for back in range(count - 1, -1, -1))

    @cached_property
    def heatmap(self) -> HeatMap:
        """The last HEATMAP_WEEKS weeks (see `build_heatmap`)."""
        return build_heatmap(self)

    def active(self) -> list[Day]:
        """Every day with a session, oldest first."""
        return [self.day(when) for when in sorted(self._days)]


def streaks(goal_days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive goal days. The current run ends today, or
    yesterday while today has not reached the goal yet; days after today never extend it."""
    return streak.streaks((day.toordinal() for day in goal_days), today.toordinal())


def summarize(records: Sequence[Record], *, today: date, daily_goal_min: float = 5,
              damaged: int = 0) -> Summary:
    """The summary of `records` (in history order) as of `today`, with a daily goal in
    minutes; `damaged` lines were skipped on the way. A session counts for a stretch once
    for each stretch it held for more than 0 s, however often its plan had it; records
    without a `stretches` list count everywhere else."""
    goal_s = max(0.0, float(daily_goal_min) * 60)
    days: dict[date, list[Any]] = {}
    routines: dict[str, list[Any]] = {}
    stretches: dict[str, list[Any]] = {}
    completed, seconds = 0, 0.0
    for index, record in enumerate(records):
        slot = days.setdefault(record.day, [0.0, 0, 0])
        slot[0] += record.done_s
        slot[1] += 1
        slot[2] += record.completed
        completed += record.completed
        seconds += record.done_s
        _add(routines, record.routine, record.done_s, index, record.started)
        held: dict[str, float] = {}
        for entry in record.stretches or ():
            if entry.done_s > 0:
                held[entry.id] = held.get(entry.id, 0.0) + entry.done_s
        for stretch_id, stretch_s in held.items():
            _add(stretches, stretch_id, stretch_s, index, record.started)
    goal_days = [when for when, (day_s, sessions, _) in days.items()
                 if meets_goal(sessions, day_s, goal_s)]
    current, longest = streaks(goal_days, today)
    monday = today - timedelta(days=today.weekday())
    return Summary(
        today=today, goal_s=goal_s, current_streak=current, longest_streak=longest,
        this_week_s=_seconds_between(days, monday, today),
        last_week_s=_seconds_between(days, monday - timedelta(weeks=1), monday - timedelta(days=1)),
        sessions=len(records), completed=completed, stopped=len(records) - completed,
        seconds=seconds, active_days=len(days), goal_days=len(goal_days),
        damaged=damaged, recent=tuple(reversed(records[-RECENT_LIMIT:])),
        routines=_table(routines), stretches=_table(stretches), _days=days,
        pain=pain_trend(records, today),
    )


def _add(rows: dict[str, list[Any]], name: str, seconds: float, index: int,
         started: datetime) -> None:
    """One session more in a table's row: [sessions, seconds, index of the latest, its start]."""
    row = rows.get(name)
    if row is None:
        rows[name] = [1, seconds, index, started]
    else:
        row[0] += 1
        row[1] += seconds
        row[2], row[3] = index, started


def _table(rows: Mapping[str, list[Any]]) -> tuple[Total, ...]:
    """Totals from a table's rows, the most recently done first."""
    ordered = sorted(rows.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))
    return tuple(Total(name, sessions, seconds, started)
                 for name, (sessions, seconds, _, started) in ordered)


def _seconds_between(days: Mapping[date, Sequence[Any]], first: date, last: date) -> float:
    """Time done from `first` to `last`, both included (a week: seven lookups, however long
    the history)."""
    span = (last - first).days + 1
    return float(sum(days[when][0] for when in (first + timedelta(days=n) for n in range(span))
                     if when in days))


def build_heatmap(summary: Summary, weeks: int = HEATMAP_WEEKS) -> HeatMap:
    """The last `weeks` weeks as a calendar, this week (with today) in the last column."""
    today = summary.today
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    columns = []
    months: list[tuple[int, str]] = []
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        columns.append(tuple(summary.day(monday + timedelta(days=row)) for row in range(7)))
        if column == 0 or monday.month != (monday - timedelta(weeks=1)).month:
            months.append((column, _MONTHS[monday.month - 1]))
    if len(months) > 1 and months[1][0] == 1:
        del months[0]
    return HeatMap(tuple(columns), tuple(months))


def format_minutes(seconds: float) -> str:
    """Whole minutes for week and total figures: "23 min", from an hour "1 h 05 min"."""
    minutes = math.floor(seconds / 60 + 0.5)
    hours, rest = divmod(minutes, 60)
    return f"{hours:,} h {rest:02d} min" if hours else f"{minutes} min"
