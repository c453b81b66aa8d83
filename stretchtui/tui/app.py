"""The stretchtui App: loads the catalog, installs screens and answers their messages."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from stretchtui.core.model import Routine, Stretch
from stretchtui.services.hooks import Hooks
from stretchtui.services.keeper import SessionKeeper
from stretchtui.storage.catalog import Catalog
from stretchtui.storage.config import save_config
from stretchtui.storage.errors import StorageError, summarise
from stretchtui.storage.write import LockBusy
from stretchtui.tui import messages, screens
from stretchtui.tui.coach import Coach
from stretchtui.tui.lifecycle import Ending
from stretchtui.tui.providers import LibraryCommands, Palette, screen_commands
from stretchtui.tui.reminders import Reminders
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.sessions import Sessions
from stretchtui.tui.terminal_out import TerminalOut


class StretchApp(App[int]):
    """Data goes down to screens through their constructors; requests come up as messages.

    Three controllers do the app's long-running jobs, each given what it needs when it is
    made: `reminders` (the nudge), `sessions` (a session full screen, then its summary)
    and `ending` (quitting, signals and crashes, made safe)."""

    TITLE = "stretchtui"
    SUB_TITLE = "back stretches"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LibraryCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True), Binding("q", "quit", "Quit"),
                Binding("f1", "help", "Help", show=False,
                        tooltip="Help, also while typing in a text field (where ? is a character)"),
                Binding("exclamation_mark", "safety", "Warning signs", key_display="!", show=False,
                        tooltip="Warning signs that need a doctor rather than a stretch")]

    def __init__(self, routines_path: Path | None = None, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time, run: Routine | None = None,
                 summary: bool = True, today: Callable[[], date] = date.today, remind: bool = False) -> None:
        super().__init__()
        self.today = today
        """The local date now (the History screen's "today"; tests fix it)."""
        self.catalog = Catalog.load(routines_path)
        config = self.catalog.config
        hooks = Hooks(dict(config.hooks), report=self._hook_failed, wall_clock=wall_clock)
        self.keeper = SessionKeeper(self.catalog.library, clock, wall_clock=wall_clock, voice=config.voice,
                                    hooks=hooks)
        self.terminal = TerminalOut(self, config.notify, bell=config.bell)
        self.wall_clock = wall_clock
        self.run_routine = run
        """`stretchtui run`: start this routine at once and exit when it ends."""
        self.coach = Coach(self, self.catalog)
        self.reminders = Reminders(self, self.catalog, self.keeper, self.terminal, wall_clock,
                                   remind_now=remind)
        self.sessions = Sessions(self, self.catalog, self.keeper, self.terminal, self.coach,
                                 ended=self.reminders.stretched, show_summary=summary,
                                 exit_when_over=run is not None)
        self.ending = Ending(self, self.keeper, self.terminal, self.sessions)

    def action_command_palette(self) -> None:
        """Textual's palette, guarded for panes too small to lay out its list."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def get_default_screen(self) -> Screen[Any]:
        return BrowserScreen(self.catalog)

    def on_mount(self) -> None:
        if self.catalog.config.theme in self.available_themes:
            self.theme = self.catalog.config.theme
        self.theme_changed_signal.subscribe(self, self._save_theme)
        self.ending.catch_signals()
        if self.catalog.problems:
            self.notify(summarise(self.catalog.problems, 5, "run `stretchtui check`"), markup=False,
                        title="Some files have problems", severity="warning", timeout=12)
        self.coach.first_start(self._begin)

    def _begin(self) -> None:
        """After the safety screen of the first start: `run`'s session, or the reminders."""
        if self.run_routine is not None:
            self.sessions.start(self.run_routine)
        else:
            self.reminders.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.reminders.last_key_at = self.wall_clock()  # time away, outside tmux
        await super().on_event(event)

    def start_session(self, routine: Routine) -> None:
        """Run `routine` full screen."""
        self.sessions.start(routine)

    @on(messages.StartSession)
    def _start_requested(self, message: messages.StartSession) -> None:
        self.sessions.start(message.routine, exit_when_over=message.exit_when_over)

    async def action_quit(self) -> None:
        """Quit, but ask first if a session runs or a screen holds unsaved changes."""
        self.ending.quit()

    @property
    def crash_line(self) -> str | None:
        """After a crash: what happened and where the full report is, in one line."""
        return self.ending.crash_line

    def on_unmount(self) -> None:
        """However the app ends, while the terminal is still ours."""
        self.ending.clean_up()

    def _handle_exception(self, error: Exception) -> None:
        self.ending.crashed(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self._close_messages_no_wait()  # exit 1, without Textual's traceback on the screen

    def _hook_failed(self, line: str) -> None:
        """A hook failed (said once per event kind, from the hook's thread)."""
        with contextlib.suppress(RuntimeError):  # the app has ended: nobody to tell
            self.post_message(messages.Trouble(line))

    @on(messages.Trouble)
    def _tell_trouble(self, trouble: messages.Trouble) -> None:
        if trouble.error:
            self.notify(trouble.text, severity="error", markup=False)
        else:
            self.notify(trouble.text, severity="warning", markup=False, timeout=10)

    def _save_theme(self, _: object) -> None:
        try:
            save_config({"theme": self.theme}, wait=0)
        except LockBusy:  # another stretchtui is saving the config: wait off the UI's thread
            self._save_theme_when_free(self.theme)
        except StorageError as error:
            self.notify(str(error), severity="error", markup=False)

    @work(thread=True, exclusive=True, group="theme")
    def _save_theme_when_free(self, theme: str) -> None:
        try:
            save_config({"theme": theme})
        except StorageError as error:
            self.post_message(messages.Trouble(str(error), error=True))

    @on(messages.OpenBuilder)
    def _builder_requested(self, request: messages.OpenBuilder) -> None:
        self.open_builder(request.routine, request.first)

    def open_builder(self, routine: Routine | None = None, first: Stretch | None = None) -> None:
        """Open the routine builder on a copy of `routine`, or on a new routine."""
        earlier = None if routine is None else self.coach.earlier.get(routine.name.casefold())
        make = partial(screens.builder_screen, self.catalog, routine, first, earlier=earlier)
        screens.show(self, "builder", make, self._show_entry)

    @on(messages.OpenHistory)
    def _history_requested(self) -> None:
        screens.show(self, "history", partial(screens.history_screen, self.catalog, self.today()))

    @on(messages.ShowEntry)
    def _show_entry(self, shown: messages.ShowEntry | Routine | None) -> None:
        """Highlight an entry in the browser, when the browser is on screen."""
        entry = shown.entry if isinstance(shown, messages.ShowEntry) else shown
        if entry is not None and isinstance(self.screen, BrowserScreen):
            self.screen.show_entry(entry)

    @on(messages.RoutinesChanged)
    def _routines_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BrowserScreen):
                screen.refresh_library()

    @on(messages.ApplyChange)
    def _apply_change(self, message: messages.ApplyChange) -> None:
        self.coach.apply(message.change)

    @on(messages.ThisHurts)
    def _this_hurts(self, message: messages.ThisHurts) -> None:
        self.coach.this_hurts(message.routine, message.index)

    @on(messages.ShowSafety)
    def action_safety(self) -> None:
        """The warning signs, from any screen (help and the palette list this)."""
        self.coach.show_safety()

    def action_help(self) -> None:
        from stretchtui.tui.screens.help import HelpScreen  # its module loads when first asked for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.for_screen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands plus every binding of the current screen, so keys are discoverable."""
        yield from super().get_system_commands(screen)
        yield from screen_commands(self, screen)
