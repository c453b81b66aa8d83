"""Days that met the daily goal and the runs they make: one piece of code for the History
screen and `stretchtui history` (through `progress`) and for the status line.

Days are ordinals (`date.toordinal()`: consecutive days are consecutive numbers), so this
module needs no `datetime`, dataclasses or typing: `status` imports it on every run, every
few seconds, and those imports would double its time.

The status line must not read the whole history to know today's streak. It keeps the newest
run of goal days (`Run`), worked out once by reading the history back only as far as the run
goes (`run_backwards`); the streak on any day follows from the run without reading anything
(`current`). The History screen counts its streaks with the same `Run`, from every day.
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Iterable

EPSILON = 1e-6
"""Seconds of slack in the goal: 299.9999995 s done meets a 5-minute goal."""


def meets_goal(sessions: int, seconds: float, goal_s: float) -> bool:
    """A day counts toward a streak when it has a session and its time reached the goal
    (completed and stopped sessions alike)."""
    return sessions > 0 and seconds >= goal_s - EPSILON


def today(now: float) -> int:
    """The local day of epoch seconds `now`, as an ordinal, without importing datetime."""
    local = time.localtime(now)
    year = local.tm_year - 1
    return year * 365 + year // 4 - year // 100 + year // 400 + local.tm_yday


def current(end: int, days: int, on: int) -> int:
    """The streak on day `on` from the newest run (ending on day `end`, `days` long): it still
    counts when it ended yesterday, as today may not be done yet."""
    return days if end and on - 1 <= end <= on else 0


class Run:
    """The newest run of days that met the goal: its last day (0 for none) and its length.
    A plain class: dataclasses load slowly."""

    __slots__ = ("days", "end")

    def __init__(self, end: int = 0, days: int = 0) -> None:
        self.end = end
        self.days = days

    def goal_day(self, day: int) -> None:
        """`day`, later than any before it, met the goal: it extends the run or starts one."""
        if day != self.end:
            self.days = self.days + 1 if self.end == day - 1 else 1
            self.end = day

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Run) and (self.end, self.days) == (other.end, other.days)

    def __hash__(self) -> int:
        return hash((self.end, self.days))

    def __repr__(self) -> str:
        return f"Run({self.end}, {self.days})"


def streaks(goal_days: Iterable[int], on: int) -> tuple[int, int]:
    """(current, longest) runs of consecutive goal days. The current run ends on day `on`, or
    the day before while `on` has not reached the goal yet; later days never extend it."""
    run, longest, now = Run(), 0, 0
    for day in sorted(set(goal_days)):
        run.goal_day(day)
        longest = max(longest, run.days)
        if day <= on:
            now = current(run.end, run.days, on)
    return now, longest


def run_backwards(sessions: Iterable[tuple[int, float]], *, goal_s: float, on: int) -> Run:
    """The run as of day `on` from sessions newest first, each as (the local day it started,
    its seconds done), reading only as far back as the run goes (and two days past it).

    A day is settled once a session two days older has been read: sessions come in the
    order they ended, so only one that ran past midnight next to another can be out of day
    order. Going back from yesterday (today may still be short of the goal), the first
    settled day that missed the goal ends the run; what was read is then counted oldest day
    first, and a run that ended before yesterday is no run.
    """
    totals: dict[int, float] = {}
    cursor, newest, settled = on - 1, 0, False
    for day, seconds in sessions:
        totals[day] = totals.get(day, 0.0) + seconds
        newest = max(newest, day)
        while not settled and cursor - day >= 2:
            settled = not meets_goal(cursor in totals, totals.get(cursor, 0.0), goal_s)
            cursor -= 0 if settled else 1
        if settled and newest - day >= 2:  # the newest day's time is whole too
            break
    run = Run()
    for day in sorted(totals):
        if meets_goal(1, totals[day], goal_s):
            run.goal_day(day)
    if run.end < on - 1:
        run.end = run.days = 0
    return run
