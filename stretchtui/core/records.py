"""Session records from the history, checked: what one line holds and a whole history.

Pure: `parse_record` checks a record (a dict from a history line) and a `History` holds
a whole history as columns (`storage.history.parse_history` reads one); `progress` turns
it into days, streaks and tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, NamedTuple, overload

from stretchtui.core.rules import strip_controls

MAX_SECONDS = 7 * 24 * 3600.0
"""A session's time above this is not believable: the record counts as damaged."""


def _clean(text: str) -> str:
    """A name from the history, safe to show: no control characters, and no lone
    surrogates (JSON can carry them; a terminal cannot print them) but a "?"."""
    return strip_controls(text).encode("utf-8", "replace").decode("utf-8")


class StretchTime(NamedTuple):
    """One entry of a record's `stretches` list: a stretch of the plan and the seconds held."""

    id: str
    done_s: float
    progression: int | None = None
    """The progression held (1-based), in records newer than the field; None: the first."""


Tail = tuple[str, float, float, bool, int, int, tuple[StretchTime, ...] | None, int | None,
             int | None, tuple[str, ...]]
"""A record's fields after its two times (`Record.tail`)."""
ROUTINE: Final = 0
DONE: Final = 2
COMPLETED: Final = 3
STRETCHES: Final = 6
"""Positions in a Tail that summaries read."""


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
    pain_before: int | None = None
    """The 0-10 rating before the session (the check-in), if one was given."""
    pain_after: int | None = None
    hurt: tuple[str, ...] = ()
    """Ids of the stretches "this hurts" was pressed in."""

    @property
    def day(self) -> date:
        """The local day the session belongs to: the day it started, where it started."""
        return self.started.date()

    @property
    def tail(self) -> Tail:
        """Every field after the two times, in order: what sessions of a routine share."""
        return (self.routine, self.planned_s, self.done_s, self.completed, self.skipped,
                self.steps, self.stretches, self.pain_before, self.pain_after, self.hurt)


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
                level = entry.get("progression")
                kept.append(StretchTime(_clean(entry["id"]), seconds,
                                        level if type(level) is int and level >= 1 else None))
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
                  _stretch_times(raw.get("stretches")), _rating(raw.get("pain_before")),
                  _rating(raw.get("pain_after")), _ids(raw.get("hurt")))


def _rating(value: Any) -> int | None:
    """A 0-10 pain rating (bools are not), else None: a bad one is dropped, not the record."""
    return value if type(value) is int and 0 <= value <= 10 else None


def _ids(value: Any) -> tuple[str, ...]:
    """The `hurt` list's stretch ids; () when there is none or it is not a list of texts."""
    if type(value) is not list:
        return ()
    return tuple(_clean(entry) for entry in value if type(entry) is str)


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
    shared tuple for equal texts when `storage.history.parse_history` builds it): building
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
        if isinstance(started, bytes):
            started = datetime.fromisoformat(started.decode())
        if isinstance(ended, bytes):
            ended = parse_moment(ended.decode("utf-8", "replace"))
        return Record(started, ended, *self.tails[index])
