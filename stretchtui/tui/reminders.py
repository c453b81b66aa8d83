"""Reminders in the open app: a timer compares the App's clock with the reminder, and once
a stretch is due and the user is idle in the browser, shows the nudge. It never covers a
session, the builder or another modal: it waits until the user has left them. The day has
its say too (`services.reminding`): time away restarts the clock; quiet time and time away
hold the nudge; an answer given anywhere (the popup) counts here."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from textual.app import App

from stretchtui.core.day import Presence, observe
from stretchtui.core.model import format_duration
from stretchtui.core.plan import plan
from stretchtui.core.reminders import Reminder, since_today, suggest
from stretchtui.core.status import ago
from stretchtui.storage import runtime
from stretchtui.storage.reminding import claim
from stretchtui.tui import screens
from stretchtui.tui.messages import StartSession
from stretchtui.tui.screens.browser import BrowserScreen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchtui.core.session import Session
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.storage.catalog import Catalog
    from stretchtui.tui.terminal_out import TerminalOut

CHECK_SECONDS = 5.0
"""How often the timer looks at the clock (a comparison; nothing is drawn or read)."""


class Reminders:
    """The app's reminders controller: everything it needs comes through its constructor;
    a start it asks for goes up as a StartSession message."""

    def __init__(self, app: App[int], catalog: Catalog, keeper: SessionKeeper, terminal: TerminalOut,
                 wall_clock: Callable[[], float], *, remind_now: bool = False) -> None:
        self.app = app
        self.catalog = catalog
        self.keeper = keeper
        self.terminal = terminal
        self.wall_clock = wall_clock
        self.remind_now = remind_now
        """`stretchtui remind` (the tmux popup): offer the suggested routine at once, and
        exit when it is answered (or its session is over)."""
        self.reminder: Reminder | None = None
        self._last_routine = ""
        self._last_ended: float | None = None
        """When the newest session we know of ended, epoch seconds."""
        self.last_key_at: float | None = None
        """When the user last pressed a key here, epoch seconds (time away outside tmux)."""
        self._presence: Presence | None = None
        """Outside tmux: what the keys pressed in the app tell of time away."""
        self._counted_back = 0.0
        """The return from time away the reminder clock was last restarted for."""

    def start(self) -> None:
        """Count from the last session that ended today (the history's last record), else
        from now; check every CHECK_SECONDS while reminders are on."""
        config = self.catalog.config
        self._learn_last_session()
        self.reminder = Reminder(config.remind_after_min * 60, config.snooze_min * 60,
                                 self.keeper.clock, since_last=self._since_last())
        if self.remind_now:
            self.offer()
        elif self.reminder.on:
            self.app.set_interval(CHECK_SECONDS, self.check)

    def stretched(self, session: Session) -> None:
        """`session` ended here: the next reminder is an interval after its end."""
        ago = max(0.0, self.keeper.clock() - (session.end_time or self.keeper.clock()))
        self._last_routine, self._last_ended = session.plan.routine.name, self.wall_clock() - ago
        if self.reminder is not None:
            self.reminder.stretched(ago)

    def check(self) -> None:
        """The timer's check: show the nudge if it is due and nothing else is going on."""
        reminder = self.reminder
        if reminder is not None and not os.environ.get("TMUX"):
            self._watch_keys(reminder)
        if reminder is None or not reminder.due() or not self._idle():
            return
        if self._learn_last_session():  # another stretchtui recorded a session meanwhile
            reminder.stretched(self._since_last() or 0.0)
            if not reminder.due():
                return
        if runtime.read_running(self.wall_clock()):
            return  # a session runs in another pane: its end will count as stretching
        due_at = self._day_allows(reminder)
        if due_at is None:
            return
        self.offer(due_at)

    def _day_allows(self, reminder: Reminder) -> float | None:
        """When the day lets the due reminder speak (not quiet, not away; coming back from
        time away restarts the clock, and an answer given in the popup holds it): the due
        time the day knows, else None."""
        directory = runtime.default_directory()
        if directory is None:
            return 0.0
        from stretchtui.services.reminding import Settings, look

        config, now = self.catalog.config, self.wall_clock()
        in_tmux = bool(os.environ.get("TMUX"))
        settings = Settings(every_s=config.remind_after_min * 60,
                            away_s=config.away_min * 60 if in_tmux else 0.0,
                            heads_up_s=config.heads_up_min * 60, hours=config.active_hours,
                            days=config.active_days, quiet_when=config.quiet_when)
        found = look(settings, now=now, last_ended=self._last_ended, directory=str(directory),
                     env=os.environ)
        if in_tmux and self._came_back(reminder, found.back_at) and not reminder.due():
            return None
        return found.due_at if found.state == "due" else None

    def _watch_keys(self, reminder: Reminder) -> None:
        """Outside tmux only the keys pressed here tell time away: a gap of `away_min`."""
        away_s = self.catalog.config.away_min * 60
        if away_s:
            self._presence = observe(self._presence, self.last_key_at, self.wall_clock(), away_s)
            self._came_back(reminder, self._presence.back_at)

    def _came_back(self, reminder: Reminder, back_at: float) -> bool:
        """Restart the reminder clock at a return from time away not counted yet."""
        if back_at <= self._counted_back:
            return False
        self._counted_back = back_at
        reminder.stretched(max(0.0, self.wall_clock() - back_at))
        return True

    def offer(self, due_at: float | None = None) -> None:
        """Show the nudge for the suggested routine; its answer counts everywhere. A stretch
        due at `due_at` runs the `on_due` hook, unless another process announced it."""
        reminder = self.reminder
        routine = suggest(self.catalog.routines, self._last_routine, self.catalog.config.default_routine)
        if routine is None or reminder is None:
            if reminder is not None:
                reminder.dismiss()
            if self.remind_now:
                self.app.exit(2, return_code=2)
            return
        length = plan(routine, self.catalog.library).total
        since = self._since_last()
        self.terminal.remind(f"{routine.name} ({format_duration(length)})")
        directory = runtime.default_directory()
        # Claimed here too, so that no status line opens a popup for what shows here already
        if (due_at is not None and directory is not None and claim(str(directory), due_at)
                and self.keeper.hooks is not None):
            self.keeper.hooks.fire("on_due", routine=routine.name, planned_s=round(length, 3))

        def answered(answer: str | None) -> None:
            from stretchtui.tui.screens.nudge import SNOOZE, START

            self._share_answer(answer, routine.name)
            if answer == SNOOZE:
                reminder.snooze()
            else:
                reminder.dismiss()  # also when starting: a refused start is not asked again at once
            if answer == START:  # the popup closes when the session is over
                self.app.post_message(StartSession(routine, exit_when_over=self.remind_now))
            elif self.remind_now:
                self.app.exit(0, return_code=0)

        make = partial(screens.nudge_screen, routine, length, None if since is None else ago(since),
                       self.catalog.config.snooze_min)
        screens.show(self.app, "nudge", make, answered)

    def _share_answer(self, answer: str | None, routine: str) -> None:
        """Every process sees the answer (status, the popup): a snooze, else the clock
        restarts; `z` runs the on_snooze hook and `esc` on_skip (a start runs on_start)."""
        from stretchtui.services.reminding import answer as share
        from stretchtui.tui.screens.nudge import SNOOZE, START

        config = self.catalog.config
        directory = runtime.default_directory()
        if directory is not None:
            share(str(directory), "snooze" if answer == SNOOZE else "dismiss", self.wall_clock(),
                  config.snooze_min * 60)
        if self.keeper.hooks is not None and answer != START:
            event = "on_snooze" if answer == SNOOZE else "on_skip"
            self.keeper.hooks.fire(event, routine=routine, snooze_min=config.snooze_min)

    def _idle(self) -> bool:
        return self.keeper.session is None and isinstance(self.app.screen, BrowserScreen)

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
