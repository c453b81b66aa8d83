"""Asked once, after the first completed session: would a pain check-in help? The answer
is the `checkin` setting in config.toml (changed there at any time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtui.tui.keys import key_for

WHY = ("Rating your back from 0 to 10 shows, week by week, whether stretching helps, and "
       "lets stretchtui suggest easing off or stepping up. It takes one key and is never required.")


class CheckinOfferScreen(ModalScreen[str]):
    """Dismisses with the `checkin` setting chosen: "both", "after" or "off"."""

    CSS_PATH = "checkin_offer.tcss"
    HELP_TITLE = "Check-in"
    BINDINGS = [
        Binding("b", "choose('both')", "Before and after"),
        Binding("a", "choose('after')", "After only"),
        Binding("n,escape", "choose('off')", "No thanks"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "A pain check-in?"
            yield Static(WHY, id="why", markup=False)
            for choice, words in (("both", "before and after each session"),
                                  ("after", "after each session"), ("off", "no thanks")):
                key = key_for(self, f"choose('{choice}')")
                yield Static(f"{key}: {words}", classes="choice", markup=False)
            yield Static("Change it later with checkin in config.toml.", id="later", markup=False)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
