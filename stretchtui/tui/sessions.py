"""A session run from the app: start it full screen (its screen records it, gives the
terminal its title back, notifies and shows the summary), and when it closes, let a new
one start, count it for the reminders, or exit for `stretchtui run`."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import App

from stretchtui.core.model import Routine
from stretchtui.core.session import Session
from stretchtui.services.keeper import SessionKeeper, SessionRefused
from stretchtui.storage.catalog import Catalog
from stretchtui.tui import messages, screens
from stretchtui.tui.coach import Coach
from stretchtui.tui.terminal_out import TerminalOut


class RunsSessions(App[int]):
    """Mixed into StretchApp; expects `catalog`, `keeper`, `terminal`, `run_routine`,
    `show_summary`, and `stretched` (from nudges.Reminds)."""

    catalog: Catalog
    keeper: SessionKeeper
    terminal: TerminalOut
    run_routine: Routine | None
    show_summary: bool
    coach: Coach

    def stretched(self, session: Session) -> None:
        """`session` ended (the reminders count from its end)."""

    @on(messages.StartSession)
    def _start_requested(self, message: messages.StartSession) -> None:
        self.start_session(message.routine)

    def start_session(self, routine: Routine) -> None:
        """Run `routine` full screen (after the check-in's question, when it asks before);
        back to the calling screen when it ends."""
        self.coach.before(routine, self._start_rated)

    def _start_rated(self, routine: Routine, pain_before: int | None) -> None:
        screens.preload_session()  # its modules load before the session's clock starts
        try:
            self.keeper.start(routine).pain_before = pain_before
        except SessionRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            if self.run_routine is not None:
                self.exit(2, return_code=2)
            return
        make = partial(screens.session_screen, self.keeper, self.catalog.config, self.terminal)
        if not screens.show(self, "session", make, self._session_over):
            self.keeper.close()  # never shown: nothing to record

    def _session_over(self, completed: bool | None) -> None:
        """The session closed (its record is written): a new one may start, the reminders
        count from its end, and the summary shows unless `run --no-summary` said not to."""
        session = self.keeper.session
        self.keeper.close()
        if session is not None:
            self.stretched(session)

        def back(_: object = None) -> None:
            """Back where the session started, and quiet; `stretchtui run` exits with how
            it ended."""
            self.keeper.quiet()
            if self.run_routine is not None:
                self.exit(0 if completed else 1, return_code=0 if completed else 1)

        if not (self.show_summary and session is not None):
            back()
            return

        def summary() -> None:
            offer = self.coach.offer_after(session)
            if not screens.show(self, "summary", partial(screens.summary_screen, session, offer), back):
                back()

        self.coach.offer_checkin(session, summary)
