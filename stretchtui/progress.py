"""Progress from the session history: days, streaks, weeks, a heat map, tables by routine.

Pure: `parse_record` checks a record (a dict from a history line), a `History` holds a
whole history (`storage.history.read_records` reads one), "today" and the daily goal are
passed in, and `summarize` makes one `Summary` for `stretchtui history` and the History
screen alike (`storage.history.load_summary` does all three).

Days are local days, and "local" means the UTC offset stored in each record: a session
belongs to the calendar day on the wall clock where the user was when it started. So a
session that crosses midnight counts once, on the day it began; a daylight-saving change
needs no special case (the record already carries the offset in force); and after travel
each session stays on the day it had where it happened, whatever zone the computer is in
when the history is read. `today` is the caller's local date.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, NamedTuple, overload

from stretchtui import streak
from stretchtui.rules import strip_controls
from stretchtui.streak import EPSILON, meets_goal

HEATMAP_WEEKS = 26
STRIP_DAYS = 14
RECENT_LIMIT = 200
"""How many sessions `Summary.recent` keeps: more than a screen shows, few enough to draw."""
MAX_SECONDS = 7 * 24 * 3600.0
"""A session's time above this is not believable: the record counts as damaged."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _clean(text: str) -> str:
    """A name from the history, safe to show: no control characters, and no lone
    surrogates (JSON can carry them; a terminal cannot print them) but a "?"."""
    return strip_controls(text).encode("utf-8", "replace").decode("utf-8")


# -- records -----------------------------------------------------------------------------


class StretchTime(NamedTuple):
    """One entry of a record's `stretches` list: a stretch of the plan and the seconds held."""

    id: str
    done_s: float


Tail = tuple[str, float, float, bool, int, int, tuple[StretchTime, ...] | None]
"""A record's fields after its two times (`Record.tail`)."""
_ROUTINE, _DONE, _COMPLETED, _STRETCHES = 0, 2, 3, 6


@dataclass(frozen=True, slots=True)
class Record:
    """One session from the history, checked. `started` and `ended` are aware datetimes in
    the offset the session was recorded with (where the user was)."""

    started: datetime
    ended: datetime | None
    routine: str
    planned_s: float
    done_s: float
    completed: bool
    skipped: int
    steps: int
    stretches: tuple[StretchTime, ...] | None
    """Seconds held per stretch of the plan, in order; None in records older than the field."""

    @property
    def day(self) -> date:
        """The local day the session belongs to: the day it started, where it started."""
        return self.started.date()

    @property
    def tail(self) -> Tail:
        """Every field after the two times, in order: what sessions of a routine share."""
        return (self.routine, self.planned_s, self.done_s, self.completed, self.skipped,
                self.steps, self.stretches)


def parse_moment(value: Any) -> datetime | None:
    """An ISO date and time with its UTC offset, else None (a time without an offset cannot
    be placed on a day reliably)."""
    if type(value) is not str:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def _seconds(value: Any) -> float | None:
    """A believable number of seconds (bools and NaN are not), else None."""
    if type(value) is float:
        return value if 0.0 <= value <= MAX_SECONDS else None  # NaN fails both comparisons
    if type(value) is int:
        return float(value) if 0 <= value <= MAX_SECONDS else None
    return None


def _count(value: Any) -> int:
    return value if type(value) is int and value >= 0 else 0


def _stretch_times(value: Any) -> tuple[StretchTime, ...] | None:
    """The `stretches` list, keeping its well-formed entries; None when there is no list."""
    if type(value) is not list:
        return None
    kept = []
    for entry in value:
        if type(entry) is dict and type(entry.get("id")) is str:
            seconds = _seconds(entry.get("done_s"))
            if seconds is not None:
                kept.append(StretchTime(_clean(entry["id"]), seconds))
    return tuple(kept)


def _essentials(raw: Any) -> tuple[str, datetime, float, float, bool] | None:
    """`routine`, `started` (with its UTC offset), `done_s`, `planned_s` and `completed`
    of a record, checked: without any of them the record is damaged."""
    if not isinstance(raw, Mapping):
        return None
    name = raw.get("routine")
    started = parse_moment(raw.get("started"))
    done = _seconds(raw.get("done_s"))
    planned = _seconds(raw.get("planned_s"))
    completed = raw.get("completed")
    if (type(name) is not str or started is None or done is None or planned is None
            or type(completed) is not bool):
        return None
    return name, started, done, planned, completed


def parse_record(raw: Any) -> Record | None:
    """The record in `raw` (a dict from a history line), or None when it is damaged (see
    `_essentials`); `ended`, `skipped`, `steps` and `stretches` fall back to None or 0."""
    found = _essentials(raw)
    if found is None:
        return None
    name, started, done, planned, completed = found
    return Record(started, parse_moment(raw.get("ended")), _clean(name), planned, done,
                  completed, _count(raw.get("skipped")), _count(raw.get("steps")),
                  _stretch_times(raw.get("stretches")))


def session_day(raw: Any) -> tuple[int, float] | None:
    """(the local day the session started, as an ordinal; its seconds done) of an undamaged
    record, for `streak`: the status line's streak, without building the whole Record."""
    found = _essentials(raw)
    return None if found is None else (found[1].toordinal(), found[2])


def parse_records(raws: Iterable[Any]) -> tuple[list[Record], int]:
    """Every undamaged record, in order, and how many were damaged."""
    records: list[Record] = []
    damaged = 0
    for raw in raws:
        record = parse_record(raw)
        if record is None:
            damaged += 1
        else:
            records.append(record)
    return records, damaged


class History(Sequence[Record]):
    """Records in history order, kept as columns and made into `Record`s only when asked.

    A long history has tens of thousands of sessions, and a summary needs only each one's
    day and the fields it shares with other sessions of its routine (its `Tail`, one
    shared tuple for equal texts when `storage.history.read_records` builds it): building
    a Record and two datetimes for each would take most of the time.
    """

    __slots__ = ("days", "ends", "starts", "tails")

    def __init__(self, days: list[date], tails: list[Tail], starts: list[datetime | bytes],
                 ends: list[datetime | bytes | None]) -> None:
        self.days = days
        """The local day of each record (see the module's docstring)."""
        self.tails = tails
        self.starts = starts
        """Each start as a datetime, or as ASCII ISO text already checked to parse with an
        offset (decoded only when its Record is made)."""
        self.ends = ends
        """Each end as a datetime, UTF-8 ISO text (None if it does not parse) or None."""

    @classmethod
    def of(cls, records: Iterable[Record]) -> History:
        records = list(records)
        return cls([record.started.date() for record in records],
                   [record.tail for record in records],
                   [record.started for record in records], [record.ended for record in records])

    def __len__(self) -> int:
        return len(self.tails)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        started, ended = self.starts[index], self.ends[index]
        if type(started) is bytes:
            started = datetime.fromisoformat(started.decode())
        if type(ended) is bytes:
            ended = parse_moment(ended.decode("utf-8", "replace"))
        return Record(started, ended, *self.tails[index])


# -- days ----------------------------------------------------------------------------------


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


def summarize(
    records: Sequence[Record], *, today: date, daily_goal_min: float = 5, damaged: int = 0
) -> Summary:
    """The summary of `records` (in history order; a `History` or any sequence) as of
    `today`, with a daily goal in minutes. `damaged` is how many lines the reader skipped."""
    history = records if isinstance(records, History) else History.of(records)
    goal_s = max(0.0, float(daily_goal_min) * 60)
    tails = history.tails
    # The only loop over every session: sums by day. The rest goes by distinct tail.
    per_day: dict[date, list[Any]] = {}
    for when, tail in zip(history.days, tails, strict=True):
        slot = per_day.get(when)
        if slot is None:
            per_day[when] = [tail[_DONE], 1, int(tail[_COMPLETED])]
        else:
            slot[0] += tail[_DONE]
            slot[1] += 1
            slot[2] += tail[_COMPLETED]
    counts = Counter(map(id, tails))
    shared = dict(zip(map(id, tails), tails, strict=True))
    last = _last_indices(tails, len(counts))
    groups = [(shared[key], count, last[key]) for key, count in counts.items()]

    days: Mapping[date, list[Any]] = per_day  # [seconds, sessions, completed], read-only from here
    goal_days = [when for when, (seconds, sessions, _) in days.items()
                 if meets_goal(sessions, seconds, goal_s)]
    current, longest = streaks(goal_days, today)
    monday = today - timedelta(days=today.weekday())
    completed = sum(count for tail, count, _ in groups if tail[_COMPLETED])
    return Summary(
        today=today, goal_s=goal_s, current_streak=current, longest_streak=longest,
        this_week_s=_seconds_between(days, monday, today),
        last_week_s=_seconds_between(days, monday - timedelta(weeks=1), monday - timedelta(days=1)),
        sessions=len(tails), completed=completed, stopped=len(tails) - completed,
        seconds=sum(tail[_DONE] * count for tail, count, _ in groups),
        active_days=len(days), goal_days=len(goal_days), damaged=damaged,
        recent=tuple(reversed(history[-RECENT_LIMIT:])),
        routines=_routine_table(history, groups), stretches=_stretch_table(history, groups),
        _days=days,
    )


def _last_indices(tails: Sequence[Tail], distinct: int) -> dict[int, int]:
    """The index of the last record with each distinct tail (by identity); the newest
    sessions are at the end, so this rarely looks far back."""
    last: dict[int, int] = {}
    for index in range(len(tails) - 1, -1, -1):
        key = id(tails[index])
        if key not in last:
            last[key] = index
            if len(last) == distinct:
                break
    return last


def _table(history: History, rows: Mapping[str, list[Any]]) -> tuple[Total, ...]:
    """Totals from name -> [sessions, seconds, index of the last record], latest first."""
    ordered = sorted(rows.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))
    return tuple(Total(name, sessions, seconds, history[index].started)
                 for name, (sessions, seconds, index) in ordered)


def _add(rows: dict[str, list[Any]], name: str, sessions: int, seconds: float, index: int) -> None:
    row = rows.get(name)
    if row is None:
        rows[name] = [sessions, seconds, index]
    else:
        row[0] += sessions
        row[1] += seconds
        row[2] = max(row[2], index)


def _routine_table(history: History, groups: list[tuple[Tail, int, int]]) -> tuple[Total, ...]:
    rows: dict[str, list[Any]] = {}
    for tail, count, last in groups:
        _add(rows, tail[_ROUTINE], count, tail[_DONE] * count, last)
    return _table(history, rows)


def _stretch_table(history: History, groups: list[tuple[Tail, int, int]]) -> tuple[Total, ...]:
    """By stretch: a session counts once for each stretch it held (for more than 0 s),
    however often its plan had the stretch; records without a `stretches` list do not
    count here."""
    rows: dict[str, list[Any]] = {}
    for tail, count, last in groups:
        held: dict[str, float] = {}
        for entry in tail[_STRETCHES] or ():
            if entry.done_s > 0:
                held[entry.id] = held.get(entry.id, 0.0) + entry.done_s
        for stretch_id, seconds in held.items():
            _add(rows, stretch_id, count, seconds * count, last)
    return _table(history, rows)


def _seconds_between(days: Mapping[date, Sequence[Any]], first: date, last: date) -> float:
    return sum(seconds for when, (seconds, _, _) in days.items() if first <= when <= last)


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
