"""When the open app reminds the user to stretch, and which routine it suggests.

Pure. Time is the App's monotonic clock, injected; the wall clock enters once, as how long
ago the last session ended (`since_today`, from the history's last record), and then only
when the history says another stretchtui recorded a session meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from stretchtui.core.model import Routine


def since_today(ended: float | None, now: float) -> float | None:
    """Seconds since a session that ended today (local time) ended, both epoch seconds;
    None when there was none today, so the reminder counts from when the app opened."""
    if ended is None or time.localtime(ended)[:3] != time.localtime(now)[:3]:
        return None
    return max(0.0, now - ended)


class Reminder:
    """Due `every_s` after the last session ended today, or after the app opened when none
    did; `snooze` puts it off by `snooze_s`, `dismiss` by a whole interval. An interval of
    0 (`remind_after_min = 0`) turns it off."""

    def __init__(self, every_s: float, snooze_s: float, clock: Callable[[], float], *,
                 since_last: float | None = None) -> None:
        self.every_s = every_s
        self.snooze_s = snooze_s
        self.clock = clock
        self.due_at: float | None = None
        """Clock time the next reminder is due; None when reminders are off."""
        self.stretched(since_last or 0.0)

    @property
    def on(self) -> bool:
        return self.every_s > 0

    def stretched(self, ago: float = 0.0) -> None:
        """A session ended `ago` seconds ago: the next reminder is an interval after it."""
        self._due_in(self.every_s - ago)

    def due(self) -> bool:
        return self.due_at is not None and self.clock() >= self.due_at

    def snooze(self) -> None:
        self._due_in(self.snooze_s)

    def dismiss(self) -> None:
        """Not now: the next reminder comes after another interval."""
        self._due_in(self.every_s)

    def _due_in(self, seconds: float) -> None:
        self.due_at = self.clock() + seconds if self.on else None


def suggest(routines: Sequence[Routine], last: str, default: str) -> Routine | None:
    """The routine a reminder suggests: the one run last, else `default_routine` from the
    config, else the first; only routines with stretches (a reminder must start something).
    Names match in any case."""
    runnable = [routine for routine in routines if routine.items]
    for wanted in (last.casefold(), default.casefold()):
        for routine in runnable:
            if wanted and routine.name.casefold() == wanted:
                return routine
    return runnable[0] if runnable else None
