"""Reminders in the open app: a timer compares the App's clock with the reminder, and once
a stretch is due and the user is idle in the browser, shows the nudge. It never covers a
session, the builder or another modal: it waits until the user has left them."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from stretchtui.core.model import format_duration
from stretchtui.core.plan import plan
from stretchtui.core.reminders import Reminder, since_today, suggest
from stretchtui.core.status import ago
from stretchtui.storage import runtime
from stretchtui.tui.messages import StartSession
from stretchtui.tui.screens import open_screen
from stretchtui.tui.screens.browser import BrowserScreen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchtui.core.session import Session
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.storage.catalog import Catalog
    from stretchtui.tui.terminal_out import TerminalOut

CHECK_SECONDS = 5.0
"""How often the timer looks at the clock (a comparison; nothing is drawn or read)."""


class Reminds(App[int]):
    """Mixed into StretchApp; expects `catalog`, `keeper`, `terminal` and `wall_clock`."""

    catalog: Catalog
    keeper: SessionKeeper
    terminal: TerminalOut
    wall_clock: Callable[[], float]
    reminder: Reminder | None = None
    _last_routine = ""
    _last_ended: float | None = None
    """When the newest session we know of ended, epoch seconds."""

    def start_reminders(self) -> None:
        """Count from the last session that ended today (the history's last record), else
        from now; check every CHECK_SECONDS while reminders are on."""
        config = self.catalog.config
        self._learn_last_session()
        self.reminder = Reminder(config.remind_after_min * 60, config.snooze_min * 60,
                                 self.keeper.clock, since_last=self._since_last())
        if self.reminder.on:
            self.set_interval(CHECK_SECONDS, self.check_reminder)

    def stretched(self, session: Session) -> None:
        """`session` ended here: the next reminder is an interval after its end."""
        ago = max(0.0, self.keeper.clock() - (session.end_time or self.keeper.clock()))
        self._last_routine, self._last_ended = session.plan.routine.name, self.wall_clock() - ago
        if self.reminder is not None:
            self.reminder.stretched(ago)

    def check_reminder(self) -> None:
        """The timer's check: show the nudge if it is due and nothing else is going on."""
        reminder = self.reminder
        if reminder is None or not reminder.due() or not self._idle():
            return
        if self._learn_last_session():  # another stretchtui recorded a session meanwhile
            reminder.stretched(self._since_last() or 0.0)
            if not reminder.due():
                return
        if runtime.read_running(self.wall_clock()):
            return  # a session runs in another pane: its end will count as stretching
        routine = suggest(self.catalog.routines, self._last_routine, self.catalog.config.default_routine)
        if routine is None:
            reminder.dismiss()
            return
        length = plan(routine, self.catalog.library).total
        since = self._since_last()
        self.terminal.remind(f"{routine.name} ({format_duration(length)})")

        def answered(answer: str | None) -> None:
            from stretchtui.tui.screens.nudge import SNOOZE, START

            if answer == SNOOZE:
                reminder.snooze()
                return
            reminder.dismiss()  # also when starting: a refused start is not asked again at once
            if answer == START:
                self.post_message(StartSession(routine))

        open_screen(self, "nudge", answered, routine, length, None if since is None else ago(since),
                    self.catalog.config.snooze_min)

    def _idle(self) -> bool:
        return self.keeper.session is None and isinstance(self.screen, BrowserScreen)

    def _learn_last_session(self) -> bool:
        """Read the history's last record (a few kB); True when it is newer than we knew."""
        from stretchtui.storage.history import last_record  # after the first frame (json)

        last = last_record()
        if last is None or last.ended is None:
            return False
        ended = last.ended.timestamp()
        if self._last_ended is not None and ended <= self._last_ended:
            return False
        self._last_routine, self._last_ended = last.routine, ended
        return True

    def _since_last(self) -> float | None:
        return since_today(self._last_ended, self.wall_clock())
