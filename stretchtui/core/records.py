"""Session records from the history, checked: what one line holds.

Pure: `parse_record` checks a record (a dict from a history line, `storage.history`
reads them); `progress` turns records into days, streaks and tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from stretchtui.core.rules import strip_controls

MAX_SECONDS = 7 * 24 * 3600.0
"""A session's time above this is not believable: the record counts as damaged."""


def _clean(text: str) -> str:
    """A name from the history, safe to show: no control characters, and no lone
    surrogates (JSON can carry them; a terminal cannot print them) but a "?"."""
    if text.isprintable():  # nearly every name: neither controls nor surrogates
        return text
    return strip_controls(text).encode("utf-8", "replace").decode("utf-8")


class StretchTime(NamedTuple):
    """One entry of a record's `stretches` list: a stretch of the plan and the seconds held."""

    id: str
    done_s: float
    progression: int | None = None
    """The progression held (1-based), in records newer than the field; None: the first."""


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
    skipped: int = 0
    steps: int = 0
    stretches: tuple[StretchTime, ...] | None = None
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


def local_time(epoch: float | None = None) -> datetime:
    """The wall-clock time where the user is (now, or at `epoch`), with its UTC offset, as
    records hold times. A system offset datetime cannot hold (24 h or more: `TZ=UTC+25`)
    falls back to UTC rather than failing a session's start or `stretchtui history`."""
    moment = datetime.now(UTC) if epoch is None else datetime.fromtimestamp(epoch, UTC)
    try:
        return moment.astimezone()
    except (ValueError, OverflowError, OSError):
        return moment


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
    """The `stretches` list, keeping its well-formed entries; None when there is no list.
    (Written out rather than through `_seconds` and `_clean`: a history holds about five
    entries a session, and the History screen reads them all.)"""
    if type(value) is not list:
        return None
    kept = []
    for entry in value:
        if type(entry) is not dict:
            continue
        name, seconds, level = entry.get("id"), entry.get("done_s"), entry.get("progression")
        if type(seconds) is int and 0 <= seconds <= MAX_SECONDS:
            seconds = float(seconds)
        if type(name) is str and type(seconds) is float and 0.0 <= seconds <= MAX_SECONDS:
            kept.append(StretchTime(name if name.isprintable() else _clean(name), seconds,
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
    return Record(started=started, ended=parse_moment(raw.get("ended")), routine=_clean(name),
                  planned_s=planned, done_s=done, completed=completed,
                  skipped=_count(raw.get("skipped")), steps=_count(raw.get("steps")),
                  stretches=_stretch_times(raw.get("stretches")),
                  pain_before=_rating(raw.get("pain_before")), pain_after=_rating(raw.get("pain_after")),
                  hurt=_ids(raw.get("hurt")))


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
