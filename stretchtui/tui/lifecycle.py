"""Every way the app can end, made safe: quitting asks about unsaved work, a signal or a
crash keeps the session's history record (and removes its state file), the terminal gets
its title back, and a crash prints one line, not pages."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App

from stretchtui.storage import crash  # at hand when a crash comes: nothing to import then
from stretchtui.tui.screens import has_unsaved_work, keep_unsaved_work

if TYPE_CHECKING:
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.tui.screens.session import SessionScreen
    from stretchtui.tui.sessions import Sessions
    from stretchtui.tui.terminal_out import TerminalOut

EXIT_GRACE_S = 3.0
"""How long a signalled app may take to restore the terminal before it is ended anyway."""


class Ending:
    """The app's ending controller: the App hands it the ends Textual tells the App about
    (quit, unmount, an exception); everything it needs comes through its constructor."""

    def __init__(self, app: App[int], keeper: SessionKeeper, terminal: TerminalOut,
                 sessions: Sessions) -> None:
        self.app = app
        self.keeper = keeper
        self.terminal = terminal
        self.sessions = sessions
        self.crash_line: str | None = None
        """After a crash: what happened and where the full report is, in one line."""
        self.crash_report: crash.CrashReport | None = None
        """The first error of a crash; any that follow go into its report."""

    def catch_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal or SSH connection) end the app cleanly."""
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signum, self.terminated)

    def quit(self) -> None:
        """Quit, but ask first if a session runs or a screen holds unsaved changes."""
        from stretchtui.tui.screens.confirm import ConfirmScreen  # not needed for the first frame

        app = self.app
        if isinstance(app.screen, ConfirmScreen):
            return
        running = self._running_session_screen()
        if running is not None:  # the same question as `q`, then quit
            code = 1 if self.sessions.exit_when_over else 0
            running.ask_to_stop(then=lambda: app.exit(return_code=code))
            return
        if not has_unsaved_work(app.screen_stack):
            app.exit()
            return
        app.run_worker(self._ask_then_quit(), group="quit", exclusive=True)

    async def _ask_then_quit(self) -> None:
        """In a worker: ask, and quit on a yes."""
        from stretchtui.tui.screens.confirm import ConfirmScreen

        question = "Quit without saving? Your changes to the routine will be lost."
        if await self.app.push_screen_wait(ConfirmScreen(question, "Quit", "Stay")):
            self.app.exit()

    def _running_session_screen(self) -> SessionScreen | None:
        """The session screen, while its session runs (not on its summary)."""
        from stretchtui.tui.screens.session import SessionScreen

        session = self.keeper.session
        if session is None or session.finished:
            return None
        return next((s for s in self.app.screen_stack if isinstance(s, SessionScreen)), None)

    def terminated(self) -> None:
        """Keep the record, then leave (Textual restores the terminal, if it is still there).

        When the terminal has gone (tmux killed, SSH dropped) Textual's output thread can
        wait for ever on a tty that is no more, and the process would linger without a
        terminal; the record is already safe, so after a grace period the process ends.
        A headless app (tests) has no terminal to wait on, and its process is not ours to end."""
        keep_unsaved_work(self.app.screen_stack, datetime.now().astimezone())
        self.keeper.shutdown()
        self.app.exit(1, return_code=1)
        if self.app.is_headless:
            return
        watchdog = threading.Timer(EXIT_GRACE_S, os._exit, (1,))
        watchdog.daemon = True  # a clean exit before it fires ends the process as usual
        watchdog.start()

    def clean_up(self) -> None:
        """Give the title back and keep the session's record. After a crash an error here
        goes into the crash's report and the rest still runs: the cause stays the news."""
        for step in (self.terminal.restore_title, self.keeper.shutdown):
            try:
                step()
            except Exception as failed:
                if self.crash_report is None:
                    raise
                self.crash_report.follow_on(failed)

    def crashed(self, error: Exception) -> None:
        """A crash: save the report (the first error names the crash; any that follows,
        even from the clean-up below, goes into the same report), keep the session's
        record; the command line prints `crash_line` once the terminal is back (Textual
        would print pages)."""
        if self.crash_report is None:
            self.crash_report = crash.CrashReport(error)
            self.crash_line = self.crash_report.line
            self.clean_up()
        else:
            self.crash_report.follow_on(error)
