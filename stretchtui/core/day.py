"""When a reminder may speak: quiet time (a pause, outside active hours, a meeting), time
away from the keyboard, and when the next stretch is due.

Pure and cheap to import (`stretchtui status` uses it every few seconds): no dataclasses,
re or typing. Wall-clock time is epoch seconds, given by the caller; local time comes from
`localtime`, injected too, so tests run a whole day in milliseconds.
"""

from __future__ import annotations

import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""`active_days` names, in `time.struct_time.tm_wday` order."""
FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALL_DAYS = frozenset(range(7))


# -- times of day ------------------------------------------------------------------------


def parse_clock(text: str) -> int:
    """Minutes after midnight of `HH:MM` (00:00 to 24:00); ValueError otherwise."""
    hours, colon, minutes = text.strip().partition(":")
    if not (colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        raise ValueError(f"expected a time of day like 14:00, not {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise ValueError(f"expected a time of day like 14:00, not {text!r}")
    return value


def parse_hours(text: str) -> tuple[int, int]:
    """`"09:00-18:00"` as minutes after midnight (540, 1080); an end before the start runs
    past midnight (`"22:00-02:00"`). ValueError for anything else."""
    start, dash, end = text.partition("-")
    if not dash:
        raise ValueError(f'expected hours like "09:00-18:00", not {text!r}')
    hours = parse_clock(start), parse_clock(end)
    if hours[0] == hours[1]:
        raise ValueError(f"the hours {text!r} start and end at the same time")
    return hours


def parse_days(names: Iterable[str]) -> frozenset[int]:
    """`["mon", "tue", ...]` or whole names, any case, as weekday numbers (Monday 0)."""
    days = set()
    for name in names:
        word = name.strip().casefold()
        short = word[:3]
        if short not in DAY_NAMES or word not in (short, FULL_NAMES[DAY_NAMES.index(short)]):
            raise ValueError(f'expected day names like "mon" or "monday", not {name!r}')
        days.add(DAY_NAMES.index(short))
    if not days:
        raise ValueError("expected at least one day")
    return frozenset(days)


def _day_start(now: float, localtime: Callable[[float], time.struct_time], days_ahead: int = 0) -> float:
    """Epoch seconds of local midnight `days_ahead` days after `now`'s day (DST-safe)."""
    moment = localtime(now)
    return time.mktime((moment.tm_year, moment.tm_mon, moment.tm_mday + days_ahead, 0, 0, 0, 0, 0, -1))


def at_minute(day_start: float, minute: int, localtime: Callable[[float], time.struct_time]) -> float:
    """Epoch seconds of `minute` after midnight on the day beginning at `day_start`."""
    moment = localtime(day_start)
    return time.mktime((moment.tm_year, moment.tm_mon, moment.tm_mday, minute // 60, minute % 60,
                        0, 0, 0, -1))


def next_clock(now: float, minute: int,
               localtime: Callable[[float], time.struct_time] = time.localtime) -> float:
    """The next time after `now` the local clock shows `minute` (`pause --until 14:00`):
    today, else tomorrow."""
    for ahead in (0, 1, 2):
        moment = at_minute(_day_start(now, localtime, ahead), minute, localtime)
        if moment > now:
            return moment
    raise ValueError("no such time")  # pragma: no cover (a day always has the minute)


def active_until(now: float, hours: tuple[int, int] | None, days: frozenset[int],
                 localtime: Callable[[float], time.struct_time] = time.localtime) -> float | None:
    """None when `now` is outside the active hours and days, else when they end
    (inf when they do not: every hour of every day). A span past midnight belongs to the
    day it starts on."""
    for start, end in _spans(now, hours, days, localtime, back=1):
        if start <= now < end:
            return end
    return None


def next_active(now: float, hours: tuple[int, int] | None, days: frozenset[int],
                localtime: Callable[[float], time.struct_time] = time.localtime) -> float | None:
    """When active time next begins after `now` (None: never, no day is active)."""
    starts = [start for start, _ in _spans(now, hours, days, localtime, back=0) if start > now]
    return min(starts, default=None)


def _spans(now: float, hours: tuple[int, int] | None, days: frozenset[int],
           localtime: Callable[[float], time.struct_time], back: int) -> list[tuple[float, float]]:
    """The active spans (start, end) of the days from `back` days before `now`'s to a week on."""
    if hours is None and days == ALL_DAYS:
        return [(float("-inf"), float("inf"))]
    first, last = hours or (0, 24 * 60)
    spans = []
    for ahead in range(-back, 8):
        day = _day_start(now, localtime, ahead)
        if localtime(day).tm_wday not in days:
            continue
        ends_next_day = last <= first or last == 24 * 60
        end_day = _day_start(day + 43_200, localtime, 1) if ends_next_day else day
        spans.append((at_minute(day, first, localtime), at_minute(end_day, last % (24 * 60), localtime)))
    return spans


# -- time away -------------------------------------------------------------------------


class Presence:
    """What the last look at the user's keyboard saw (a plain class: dataclasses load slowly)."""

    __slots__ = ("activity", "back_at", "seen_at")

    def __init__(self, activity: float = 0.0, back_at: float = 0.0, seen_at: float = 0.0) -> None:
        self.activity = activity
        """The newest key press seen (epoch seconds): every tmux client's, or the app's own."""
        self.back_at = back_at
        """When the user came back from the last time away; 0 for never."""
        self.seen_at = seen_at
        """When this was looked at."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Presence) and (self.activity, self.back_at, self.seen_at) == (
            other.activity, other.back_at, other.seen_at)

    def __repr__(self) -> str:
        return f"Presence(activity={self.activity!r}, back_at={self.back_at!r}, seen_at={self.seen_at!r})"


def observe(before: Presence | None, activity: float | None, now: float, away_s: float) -> Presence:
    """The presence after a look at `now` that saw the newest key press at `activity` (None:
    could not tell). Key presses `away_s` or more apart mean the user was away in between,
    and came back at the later one: tmux keeps only each client's newest key press, so the
    looks must come more often than `away_s` (status runs every few seconds)."""
    if activity is None:
        return before or Presence(seen_at=now)
    previous = before.activity if before else 0.0
    back_at = before.back_at if before else 0.0
    if previous and activity - previous >= away_s:
        back_at = activity
    return Presence(max(activity, previous), back_at, now)


def is_away(presence: Presence | None, now: float, away_s: float) -> bool:
    """No key pressed for `away_s` or more (unknown presence is not away)."""
    return presence is not None and presence.activity > 0 and now - presence.activity >= away_s


# -- when a stretch is due ---------------------------------------------------------------


def due_at(every_s: float, *starts: float | None, snoozed_until: float = 0.0) -> float | None:
    """When a stretch is due: `every_s` after the latest of `starts` (the last session's end,
    coming back from time away, a dismissed reminder), and not before a snooze ends. None
    when reminders are off; the snooze end, or 0 (due already), when nothing started the clock."""
    if every_s <= 0:
        return None
    known = [start for start in starts if start]
    return max(max(known) + every_s if known else 0.0, snoozed_until)


def quiet_until(now: float, *, paused_until: float = 0.0, hours: tuple[int, int] | None = None,
                days: frozenset[int] = ALL_DAYS, meeting: bool = False,
                localtime: Callable[[float], time.struct_time] = time.localtime) -> float | None:
    """None when reminders may speak at `now`; else until when they may not (inf: a meeting,
    which ends when its command says so, or no active day at all). A pause ends by itself."""
    if meeting:
        return float("inf")
    until = paused_until if paused_until > now else None
    if active_until(now, hours, days, localtime) is None:
        starts = next_active(now, hours, days, localtime)
        starts = float("inf") if starts is None else starts
        until = starts if until is None else max(until, starts)
    return until


def reminder_state(now: float, due: float | None, *, quiet: float | None, away: bool,
                   heads_up_s: float) -> str:
    """"due", "soon" (within the heads-up), or "idle"; quiet time and time away are "quiet"
    and "idle": neither ever says a stretch is due."""
    if due is None:
        return "idle"
    if quiet is not None:
        return "quiet"
    if away:
        return "idle"
    if now >= due:
        return "due"
    return "soon" if due - now <= heads_up_s else "idle"


def parse_duration(text: str) -> float:
    """Seconds of `45m`, `1h`, `1h30m` or `90` (minutes); ValueError otherwise."""
    rest, total, seen = text.strip().casefold(), 0.0, False
    if rest.isdigit():
        return int(rest) * 60.0
    for unit, seconds in (("h", 3600), ("m", 60)):
        number, found, after = rest.partition(unit)
        if found:
            if not number.isdigit():
                raise ValueError(f"expected a length like 45m, 1h or 1h30m, not {text!r}")
            total, rest, seen = total + int(number) * seconds, after, True
    if rest or not seen or total <= 0:
        raise ValueError(f"expected a length like 45m, 1h or 1h30m, not {text!r}")
    return total
