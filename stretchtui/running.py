"""A session run from the app: start it full screen, and when it ends (completed or
stopped) record it, give the terminal its title back, notify, and show the summary, or
exit for `stretchtui run`."""

from __future__ import annotations

from textual import on
from textual.app import App

from stretchtui import messages
from stretchtui.model import Routine
from stretchtui.screens import open_screen
from stretchtui.sessions import SessionKeeper, SessionRefused
from stretchtui.storage.catalog import Catalog
from stretchtui.terminal_out import TerminalOut


class RunsSessions(App[int]):
    """Mixed into StretchApp; expects `catalog`, `keeper`, `terminal`, `run_routine`,
    `show_summary`, and `stretched` (from nudges.Reminds)."""

    catalog: Catalog
    keeper: SessionKeeper
    terminal: TerminalOut
    run_routine: Routine | None
    show_summary: bool

    def stretched(self, routine: Routine) -> None:
        """A session of `routine` ended (the reminders count from here)."""

    @on(messages.StartSession)
    def _start_requested(self, message: messages.StartSession) -> None:
        self.start_session(message.routine)

    def start_session(self, routine: Routine) -> None:
        """Run `routine` full screen; back to the calling screen when it ends."""
        try:
            self.keeper.start(routine)
        except SessionRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            if self.run_routine is not None:
                self.exit(2, return_code=2)
            return
        open_screen(self, "session", self._session_ended, self.keeper, self.catalog.config, self.terminal)

    def _session_ended(self, completed: bool | None) -> None:
        session, error = self.keeper.session, self.keeper.record()
        if error is not None:
            self.notify(str(error), severity="error", markup=False)
        if session is not None:
            self.terminal.session_ended(session)
            self.stretched(session.plan.routine)
        status = 0 if completed else 1
        if session is None or (self.run_routine is not None and not self.show_summary):
            self.exit(status, return_code=status)
            return

        def closed(_: None) -> None:
            self.keeper.close()
            if self.run_routine is not None:
                self.exit(status, return_code=status)

        open_screen(self, "summary", closed, session)
