"""The check-in: how the back feels, 0-10, in at most two keys, skipped with one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtui.tui.keys import key_for

SCALE = "0 no pain · 5 stop or ease off · 10 the worst you can imagine"


RATE = Binding.Group("Rate 0-10: 1 then 0 is 10")


class RatingScreen(ModalScreen[int | None]):
    """A digit answers at once; `1` waits for a second key (`0` makes 10, `enter` keeps 1,
    another digit answers with that digit). Dismisses with the rating, None when skipped."""

    CSS_PATH = "rating.tcss"
    HELP_TITLE = "Check-in"
    BINDINGS = [
        Binding("0", "rate(0)", "Rate", key_display="0-9", group=RATE),
        *(Binding(str(n), f"rate({n})", "Rate", show=False, group=RATE) for n in range(1, 10)),
        Binding("enter", "keep_one", "Keep 1", show=False),
        Binding("escape,s", "skip", "Skip", key_display="esc"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.pending_one = False
        """A 1 was typed: 0 next makes 10."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Check-in"
            yield Static(self.question, id="question", markup=False)
            yield Static(SCALE, id="scale", markup=False)
            yield Static(self._hint(), id="hint", markup=False)

    def _hint(self) -> str:
        if self.pending_one:
            return f"1 so far: a 0 next makes it 10; {key_for(self, 'keep_one')} keeps 1"
        return f"Type 0-10 · {key_for(self, 'skip')}: skip"

    def action_rate(self, number: int) -> None:
        if self.pending_one:
            self.dismiss(10 if number == 0 else number)
        elif number == 1:
            self.pending_one = True
            self.query_one("#hint", Static).update(self._hint())
        else:
            self.dismiss(number)

    def action_keep_one(self) -> None:
        if self.pending_one:
            self.dismiss(1)

    def action_skip(self) -> None:
        self.dismiss(None)
