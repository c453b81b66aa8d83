"""What a finished session achieved: stretches done, time spent, steps skipped."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from stretchtui.core.coach import Change
from stretchtui.core.model import format_duration
from stretchtui.core.session import Session
from stretchtui.tui import messages
from stretchtui.tui.keys import help_and_quit, key_for
from stretchtui.tui.widgets.key_footer import KeyFooter


class SummaryScreen(Screen[None]):
    """Shown when a session ends; any of its keys goes back to where the session started."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        *help_and_quit(),
        Binding("enter,escape,q", "close", "Done", key_display="enter"),
        Binding("a", "accept", "Accept suggestion"),
    ]

    def __init__(self, session: Session, offer: Change | None = None) -> None:
        super().__init__()
        self.session = session
        self.offer = offer
        """A step up (or, after a rating that says so, down) the coach suggests: one key
        accepts it, nothing changes otherwise."""

    def compose(self) -> ComposeResult:
        session = self.session
        items = len({step.item for step in session.plan.holds})
        holds = session.holds_done
        stretches = f"{session.stretches_done} of {items}"
        if session.stretches_partly:
            stretches += f", {session.stretches_partly} in part"
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Stretches done", stretches)
        table.add_row("Holds done", f"{sum(d for d, _ in holds)} of {sum(p for _, p in holds)}")
        table.add_row("Time spent", format_duration(session.done_seconds))
        table.add_row("Planned", format_duration(session.plan.total))
        table.add_row("Steps skipped", str(len(session.skipped)))
        headline = "Well done!" if session.completed else "Stopped early"
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Text(session.plan.routine.name)
            yield Static(headline, id="headline", markup=False)
            yield Static(table, id="figures", markup=False)
            if self.offer is not None:
                word = "Next step" if self.offer.up else "Ease off"
                yield Static(f"{word}: {self.offer.describe()}\n{self.offer.reason}\n"
                             f"{key_for(self, 'accept')}: accept (undo in the builder)",
                             id="offer", markup=False)
            yield Static(f"{key_for(self, 'close')}: back", id="hint", markup=False)
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "accept" or self.offer is not None

    def action_accept(self) -> None:
        """Ask the app to save the change; the line says so, and the offer is gone."""
        if self.offer is None:
            return
        self.post_message(messages.ApplyChange(self.offer))
        self.query_one("#offer", Static).update(f"Saved: {self.offer.describe()}")
        self.offer = None
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(None)
