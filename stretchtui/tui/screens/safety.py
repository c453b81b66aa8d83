"""The warning signs that need a doctor rather than a stretch: shown once on the first
start (`enter` acknowledges it, remembered as `safety-seen` in the state folder), and
whenever asked for from help or the command palette."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtui.core import safety
from stretchtui.tui.keys import key_for
from stretchtui.tui.widgets.key_footer import KeyFooter


class SafetyScreen(Screen[bool]):
    """Dismisses with True when acknowledged with `enter`. On the first start only `enter`
    leaves it (or quitting); later, `escape` closes it too."""

    CSS_PATH = "safety.tcss"
    HELP_TITLE = "Warning signs"
    BINDINGS = [
        Binding("enter", "acknowledge", "I understand"),
        Binding("escape", "close", "Close", key_display="esc"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, first: bool = False) -> None:
        super().__init__()
        self.first = first
        """The first start: escape does not skip it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="signs") as signs:
            signs.border_title = Text(safety.TITLE)
            signs.can_focus = True
            yield Static(safety.INTRO, id="intro", markup=False)
            for number, (heading, items) in enumerate(safety.sections()):
                table = Table.grid(padding=(0, 1))
                table.add_column(no_wrap=True)
                table.add_column()
                for item in items:
                    table.add_row("•", Text(item))
                yield Static(Text(heading, style="bold"), classes=f"heading level-{number}", markup=False)
                yield Static(table, classes="signs", markup=False)
            yield Static(safety.DURING, id="during", markup=False)
            yield Static("Sources: " + "; ".join(safety.SOURCES), id="sources", markup=False)
            yield Static(f"{key_for(self, 'acknowledge')}: I understand", id="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#signs").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "close" and self.first)  # the first time asks for enter

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
