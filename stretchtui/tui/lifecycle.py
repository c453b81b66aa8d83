"""Every way the app can end, made safe: quitting asks about unsaved work, a signal or a
crash keeps the session's history record (and removes its state file), the terminal gets
its title back, and a crash prints one line, not pages."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from typing import TYPE_CHECKING

from textual.app import App

from stretchtui.storage import crash  # at hand when a crash comes: nothing to import then
from stretchtui.tui.screens import has_unsaved_work

if TYPE_CHECKING:
    from stretchtui.core.model import Routine
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.tui.screens.session import SessionScreen
    from stretchtui.tui.terminal_out import TerminalOut

EXIT_GRACE_S = 3.0
"""How long a signalled app may take to restore the terminal before it is ended anyway."""


class EndsSafely(App[int]):
    """Mixed into StretchApp; expects `self.keeper` and `self.terminal`."""

    keeper: SessionKeeper
    terminal: TerminalOut
    run_routine: Routine | None
    crash_line: str | None = None
    """After a crash: what happened and where the full report is, in one line."""
    crash_report: crash.CrashReport | None = None
    """The first error of a crash; any that follow go into its report."""

    def catch_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal or SSH connection) end the app cleanly."""
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signum, self._terminated)

    async def action_quit(self) -> None:
        """Quit, but ask first if a screen holds unsaved changes."""
        from stretchtui.tui.screens.confirm import ConfirmScreen  # not needed for the first frame

        if isinstance(self.screen, ConfirmScreen):
            return
        running = self._running_session_screen()
        if running is not None:  # the same question as `q`, then quit
            running.ask_to_stop(then=lambda: self.exit(return_code=1 if self.run_routine else 0))
            return
        if not has_unsaved_work(self.screen_stack):
            self.exit()
            return
        question = "Quit without saving? Your changes to the routine will be lost."
        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(ConfirmScreen(question, "Quit", "Stay"), answered)

    def _running_session_screen(self) -> SessionScreen | None:
        """The session screen, while its session runs (not on its summary)."""
        from stretchtui.tui.screens.session import SessionScreen

        session = self.keeper.session
        if session is None or session.finished:
            return None
        return next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)

    def _terminated(self) -> None:
        """Keep the record, then leave (Textual restores the terminal, if it is still there).

        When the terminal has gone (tmux killed, SSH dropped) Textual's output thread can
        wait for ever on a tty that is no more, and the process would linger without a
        terminal; the record is already safe, so after a grace period the process ends.
        A headless app (tests) has no terminal to wait on, and its process is not ours to end."""
        self.keeper.shutdown()
        self.exit(1, return_code=1)
        if self.is_headless:
            return
        watchdog = threading.Timer(EXIT_GRACE_S, os._exit, (1,))
        watchdog.daemon = True  # a clean exit before it fires ends the process as usual
        watchdog.start()

    def on_unmount(self) -> None:
        """However the app ends, while the terminal is still ours."""
        self._clean_up()

    def _clean_up(self) -> None:
        """Give the title back and keep the session's record. After a crash an error here
        goes into the crash's report and the rest still runs: the cause stays the news."""
        for step in (self.terminal.restore_title, self.keeper.shutdown):
            try:
                step()
            except Exception as failed:
                if self.crash_report is None:
                    raise
                self.crash_report.follow_on(failed)

    def _handle_exception(self, error: Exception) -> None:
        """A crash: save the report (the first error names the crash; any that follows,
        even from the clean-up below, goes into the same report), keep the session's
        record; the command line prints `crash_line` once the terminal is back (Textual
        would print pages)."""
        if self.crash_report is None:
            self.crash_report = crash.CrashReport(error)
            self.crash_line = self.crash_report.line
            self._clean_up()
        else:
            self.crash_report.follow_on(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self._close_messages_no_wait()  # exit 1, without Textual's traceback on the screen
