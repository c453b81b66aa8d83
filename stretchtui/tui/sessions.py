"""A session run from the app: start it full screen (after the coach's check-in; its
screen records it, gives the terminal its title back and notifies), and when it closes,
show the summary, tell who counts sessions (the reminders), and exit for `stretchtui run`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App

from stretchtui.core.model import Routine
from stretchtui.services.keeper import SessionKeeper, SessionRefused
from stretchtui.storage.catalog import Catalog
from stretchtui.tui import screens
from stretchtui.tui.coach import Coach
from stretchtui.tui.terminal_out import TerminalOut

if TYPE_CHECKING:  # loaded with the session screen, when a session starts
    from stretchtui.core.session import Session


class Sessions:
    """The app's sessions controller: everything it needs comes through its constructor."""

    def __init__(self, app: App[int], catalog: Catalog, keeper: SessionKeeper, terminal: TerminalOut,
                 coach: Coach, *, ended: Callable[[Session], None], show_summary: bool = True,
                 exit_when_over: bool = False) -> None:
        self.app = app
        self.catalog = catalog
        self.keeper = keeper
        self.terminal = terminal
        self.coach = coach
        self.ended = ended
        """Called with each session that ran here, once it closed (the reminders count from it)."""
        self.show_summary = show_summary
        self.exit_when_over = exit_when_over
        """`stretchtui run` (or the reminder popup): the app exits with how the session ended."""

    def start(self, routine: Routine, *, exit_when_over: bool = False) -> None:
        """Run `routine` full screen (after the check-in's question, when it asks before);
        back to the calling screen when it ends."""
        self.exit_when_over = self.exit_when_over or exit_when_over
        self.coach.before(routine, self._start_rated)

    def _start_rated(self, routine: Routine, pain_before: int | None) -> None:
        app = self.app
        screens.preload_session()  # its modules load before the session's clock starts
        try:
            self.keeper.start(routine).pain_before = pain_before
        except SessionRefused as refused:
            app.notify(str(refused), severity="warning", markup=False)
            if self.exit_when_over:
                app.exit(2, return_code=2)
            return
        make = partial(screens.session_screen, self.keeper, self.catalog.config, self.terminal)
        if not screens.show(app, "session", make, self._over):
            self.keeper.close()  # never shown: nothing to record

    def _over(self, completed: bool | None) -> None:
        """The session closed (its record is written): a new one may start, the reminders
        count from its end, and the summary shows unless `run --no-summary` said not to."""
        session = self.keeper.session
        self.keeper.close()
        if session is not None:
            self.ended(session)

        def back(_: object = None) -> None:
            """Back where the session started, and quiet; `stretchtui run` exits with how
            it ended."""
            self.keeper.quiet()
            if self.exit_when_over:
                self.app.exit(0 if completed else 1, return_code=0 if completed else 1)

        if not (self.show_summary and session is not None):
            back()
            return

        def summary() -> None:
            offer = self.coach.offer_after(session)
            if not screens.show(self.app, "summary", partial(screens.summary_screen, session, offer), back):
                back()

        self.coach.offer_checkin(session, summary)
