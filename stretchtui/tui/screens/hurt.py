""""This hurts" in a session: the hold has stopped; offer the easier step next time,
leaving the stretch out of this routine, or the warning signs. Nothing changes without
a yes (one of these keys), and a change is undone with ctrl+z in the builder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtui.core.coach import Change
from stretchtui.tui.keys import key_for


class HurtScreen(ModalScreen[str | None]):
    """Dismisses with "easier", "leave", "signs", or None (nothing changes)."""

    CSS_PATH = "hurt.tcss"
    HELP_TITLE = "This hurts"
    BINDINGS = [
        Binding("e", "choose('easier')", "Easier next time"),
        Binding("l", "choose('leave')", "Leave it out"),
        Binding("w", "choose('signs')", "Warning signs"),
        Binding("escape", "choose('')", "Nothing", key_display="esc"),
    ]

    def __init__(self, name: str, easier: Change | None, leave: Change | None) -> None:
        super().__init__()
        self.stretch_name = name
        self.easier = easier
        self.leave = leave

    def compose(self) -> ComposeResult:
        def key(choice: str) -> str:
            return key_for(self, f"choose('{choice}')")

        with Vertical(id="dialog") as dialog:
            dialog.border_title = "This hurts"
            yield Static(f"Stopped. {self.stretch_name} is noted in your history. Stretching should "
                         "feel like a pull, never pain.", id="stopped", markup=False)
            if self.easier is not None:
                yield Static(f"{key('easier')}: {self.easier.describe()} from now on",
                             classes="choice", markup=False)
            if self.leave is not None:
                yield Static(f"{key('leave')}: {self.leave.describe()}",
                             classes="choice", markup=False)
            yield Static(f"{key('signs')}: show the warning signs",
                         classes="choice", markup=False)
            yield Static(f"{key('')}: change nothing; the hold waits "
                         "and goes on when you do", classes="choice muted", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters:
            return {"easier": self.easier, "leave": self.leave}.get(str(parameters[0]), True) is not None
        return True

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
