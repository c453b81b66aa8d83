"""The stretchtui App: loads the library and routines through storage and wires up screens."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from stretchtui import storage
from stretchtui.model import Routine, Stretch, plan
from stretchtui.providers import LibraryCommands
from stretchtui.screens.browser import BrowserScreen
from stretchtui.screens.help import HelpScreen

if TYPE_CHECKING:
    from stretchtui.session import Session

PaletteCommand = tuple[str, Callable[[], object], str]


class StretchApp(App[int]):
    """A thin shell: state lives in storage-loaded model objects, behaviour in screens."""

    TITLE = "stretchtui"
    SUB_TITLE = "back stretches"
    CSS_PATH = [
        "app.tcss",
        # The first screen's styles are parsed with the app's: a screen that brings new CSS
        # makes Textual re-parse the whole stylesheet (twice at start, about 20 ms).
        "screens/browser.tcss",
        "widgets/detail.tcss",
        "widgets/library_tree.tcss",
        "widgets/hold_bar.tcss",
        "widgets/countdown.tcss",
        "widgets/routine_form.tcss",
        "widgets/routine_items.tcss",
        "widgets/item_editor.tcss",
    ]
    COMMANDS = App.COMMANDS | {LibraryCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        routines_path: Path | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        run: Routine | None = None,
        summary: bool = True,
    ) -> None:
        super().__init__()
        self.clock = clock
        """Monotonic seconds; sessions take their deadlines from it (tests inject a fake)."""
        self.run_routine = run
        """`stretchtui run`: start this routine at once and exit when it ends."""
        self.show_summary = summary
        self.session: Session | None = None
        """The session running now; it lives on the App so no screen change can lose it."""
        self._recorded: Session | None = None
        self.routines_path = routines_path or storage.paths.routines_file()
        loaded = storage.load_library()
        self.library: dict[str, Stretch] = loaded.stretches
        self.book = storage.load_routines(self.library, self.routines_path)
        self.problems = [*loaded.problems, *self.book.problems]
        self.config = storage.load_config()
        """The user's settings (theme, bell), read once at start."""

    def get_default_screen(self) -> Screen[object]:
        return BrowserScreen()

    @property
    def routines(self) -> list[Routine]:
        return self.book.routines

    def on_mount(self) -> None:
        theme = self.config.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signum, self._terminated)
        if self.run_routine is not None:
            self.start_session(self.run_routine)
        if self.problems:
            shown = "\n".join(str(problem) for problem in self.problems[:5])
            more = len(self.problems) - 5
            if more > 0:
                shown += f"\n…and {more} more (run `stretchtui check`)"
            self.notify(shown, title="Some files have problems", severity="warning", timeout=12)

    def _remember_theme(self, _: object) -> None:
        try:
            storage.save_config({"theme": self.theme})
        except storage.StorageError as error:
            self.notify(str(error), severity="error")

    def reload_routines(self) -> None:
        """Re-read the routines file (after a save) and refresh the browser."""
        self.book = storage.load_routines(self.library, self.routines_path)
        for screen in self.screen_stack:
            if isinstance(screen, BrowserScreen):
                screen.refresh_library()

    def show_entry(self, entry: Stretch | Routine) -> None:
        browser = next((s for s in self.screen_stack if isinstance(s, BrowserScreen)), None)
        if browser is not None and browser is self.screen:
            browser.show_entry(entry)

    async def action_quit(self) -> None:
        """Quit, but ask first if a routine in the builder has unsaved changes."""
        from stretchtui.screens.builder import BuilderScreen
        from stretchtui.screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return
        unsaved = [s for s in self.screen_stack
                   if isinstance(s, BuilderScreen) and s.has_unsaved_changes]
        if not unsaved:
            self.exit()
            return
        self.push_screen(
            ConfirmScreen("Quit without saving? Your changes to the routine will be lost.",
                          "Quit", "Stay"),
            lambda quit_now: self.exit() if quit_now else None,
        )

    def open_builder(self, routine: Routine | None = None) -> None:
        """Open the routine builder on a copy of `routine`, or on a new routine."""
        from stretchtui.screens.builder import BuilderScreen

        self.push_screen(BuilderScreen(routine))

    def start_session(self, routine: Routine) -> None:
        """Run `routine` full screen; back to the calling screen when it ends."""
        from stretchtui.screens.session import SessionScreen
        from stretchtui.session import Session

        if self.session is not None:
            # One session at a time: a second one would orphan the first and its record.
            self.notify("A session is already running: finish or stop it first.",
                        severity="warning")
            return
        self.session = Session(plan(routine, self.library), self.clock)
        self.session.start()
        bell = self.config.get("bell", True) is not False
        self.push_screen(SessionScreen(self.session, bell=bell), self._session_ended)

    def _session_ended(self, completed: bool | None) -> None:
        from stretchtui.screens.summary import SummaryScreen

        session = self.session
        if session is None:
            return
        self.record_session()
        status = 0 if completed else 1
        if self.run_routine is not None and not self.show_summary:
            self.exit(status, return_code=status)
            return

        def closed(_: None) -> None:
            self.session = None
            if self.run_routine is not None:
                self.exit(status, return_code=status)

        self.push_screen(SummaryScreen(session), closed)

    def record_session(self) -> None:
        """Append the running session to the history, once, however it ended."""
        session = self.session
        if session is None or session is self._recorded or session.started_at is None:
            return
        session.stop()
        self._recorded = session
        try:
            storage.append_record(session.record())
        except storage.StorageError as error:
            self.notify(str(error), severity="error")

    def _terminated(self) -> None:
        """SIGTERM or SIGHUP: keep the record, then leave (Textual restores the terminal)."""
        self.record_session()
        self.exit(1, return_code=1)

    def routine_commands(self, routine: Routine) -> Iterable[PaletteCommand]:
        """Palette commands for one routine; screens added later extend this."""
        where = "a copy in the routine builder" if routine.builtin else "the routine builder"
        return (
            (f"Start routine: {routine.name}", partial(self.start_session, routine),
             "Run it full screen"),
            (f"Edit routine: {routine.name}", partial(self.open_builder, routine), f"Open {where}"),
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands plus every binding of the current screen, so keys are discoverable."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("New routine", "Open the routine builder on an empty routine",
                            self.open_builder)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.action == "quit":
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key: {self.get_key_display(binding)}",
                partial(self.run_action, binding.action, active.node),
            )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys = [
            (self.get_key_display(active.binding), active.binding.description)
            for active in self.screen.active_bindings.values()
            if active.binding.description
        ]
        keys.append(("ctrl+p", "Command palette"))
        title = type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, dict.fromkeys(keys)))
