"""One past session in full: its times, how it ended and how long each stretch was held."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtui.core.model import Stretch, format_duration
from stretchtui.core.records import Record
from stretchtui.tui.keys import key_for

NO_STRETCHES = "Times per stretch were not recorded for this session (it predates them)."


def _moment(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%a %Y-%m-%d %H:%M:%S}"


def figures(record: Record) -> Table:
    """The session's figures, two columns: what, and how much."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row("Started", _moment(record.started))
    table.add_row("Ended", _moment(record.ended))
    table.add_row("Planned", format_duration(record.planned_s))
    table.add_row("Done", format_duration(record.done_s))
    table.add_row("Result", "completed" if record.completed else "stopped early")
    table.add_row("Steps", f"{record.steps} reached, {record.skipped} skipped")
    return table


def held(record: Record, library: Mapping[str, Stretch]) -> Table | str:
    """Each stretch of the plan in order with the time held; names from the library (an
    id the library no longer has is shown as it was recorded)."""
    if record.stretches is None:
        return NO_STRETCHES
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    for entry in record.stretches:
        stretch = library.get(entry.id)
        table.add_row(Text(stretch.name if stretch else entry.id), format_duration(entry.done_s))
    return table


class SessionDetailScreen(ModalScreen[None]):
    """Opened from the History screen's recent sessions; closes back to it."""

    CSS_PATH = "session_detail.tcss"
    BINDINGS = [Binding("escape,enter,q", "close", "Close", key_display="esc")]

    def __init__(self, record: Record, library: Mapping[str, Stretch]) -> None:
        super().__init__()
        self.record = record
        self.library = library

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = Text(self.record.routine)
            dialog.border_subtitle = f"{key_for(self, 'close')} closes"
            yield Static(figures(self.record), id="figures", markup=False)
            yield Static("Held", id="held-title", markup=False)
            yield Static(held(self.record, self.library), id="held", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
