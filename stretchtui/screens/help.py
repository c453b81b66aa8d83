"""A modal listing the keys of the screen it was opened from."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "Hold each stretch gently: you should feel a pull, never pain. "
    "Breathe slowly. Stop if anything hurts."
)


class HelpScreen(ModalScreen[None]):
    """Keys come from the calling screen's active bindings, so this never goes stale."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]

    def __init__(self, title: str, keys: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._keys = list(keys)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, description in self._keys:
            table.add_row(key, description)
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = f"Help: {self._title}"
            dialog.border_subtitle = "esc closes"
            yield Static(INTRO, id="intro", markup=False)
            yield Static(table, id="keys")
            yield Static("ctrl+p opens the command palette: every action, stretch and routine.",
                         id="palette", markup=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
