"""A modal listing the keys of the screen it was opened from, in the words of this app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from stretchtui.tui.keys import bindings_of, key_for, palette_key
from stretchtui.tui.screens import HasHelpNotes

INTRO = (
    "Hold each stretch gently: you should feel a pull, never pain. "
    "Breathe slowly. Stop if anything hurts."
)
Section = tuple[str, list[tuple[str, str]]]


class HelpScreen(ModalScreen[None]):
    """Keys come from the calling screen's own BINDINGS (not the generic keys of whatever
    widget has the focus), so this never goes stale and never drowns the app's keys."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", key_display="esc"),
    ]

    def __init__(self, title: str, sections: Iterable[Section], notes: Iterable[str] = ()) -> None:
        super().__init__()
        self._title = title
        self._sections = list(sections)
        self._notes = list(notes)

    @classmethod
    def for_screen(cls, screen: Screen[Any]) -> HelpScreen:
        """The help of `screen`: its own keys, then the keys that work everywhere."""
        app = screen.app
        own = key_rows(app, bindings_of(type(screen), ours=True))
        everywhere = key_rows(app, bindings_of(type(app), ours=True))
        title = getattr(screen, "HELP_TITLE", type(screen).__name__.removesuffix("Screen"))
        notes = screen.help_notes() if isinstance(screen, HasHelpNotes) else []
        return cls(title, [(title, own), ("Everywhere", everywhere)], notes)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for number, (heading, rows) in enumerate(self._sections):
            if not rows:
                continue
            if number:
                table.add_row("", "")
            table.add_row(Text(heading, style="underline"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = Text(f"Help: {self._title}")
            dialog.border_subtitle = f"{key_for(self, 'close')} closes"
            yield Static(INTRO, id="intro", markup=False)
            yield Static(table, id="keys", markup=False)
            for note in self._notes:
                yield Static(note, classes="note", markup=False)
            yield Static(f"{palette_key(self)} opens the command palette: every action, stretch "
                         "and routine.", id="palette", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def key_rows(app: App[Any], bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """One row per action (or per binding group): all its keys, and what it does.

    A binding's tooltip, when it has one, is the longer description help shows; the
    palette's own binding is listed once, in the palette line, not here.
    """
    rows: dict[object, tuple[list[str], str]] = {}
    for binding in bindings:
        if not binding.description or binding.system or binding.action == "command_palette":
            continue
        what = binding.group.description if binding.group else (binding.tooltip or binding.description)
        key = binding.group or binding.action
        keys, _ = rows.setdefault(key, ([], what))
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), what) for keys, what in rows.values()]
