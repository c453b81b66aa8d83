"""The reminder in the open app: a stretch is due, here is a routine to start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stretchtui.core.model import Routine, format_duration
from stretchtui.tui.keys import help_and_quit, key_for
from stretchtui.tui.widgets.key_footer import KeyFooter

START, SNOOZE, DISMISS = "start", "snooze", "dismiss"


class NudgeScreen(ModalScreen[str]):
    """Dismisses with START, SNOOZE or DISMISS; the App decides what each means."""

    CSS_PATH = "nudge.tcss"
    BINDINGS = [
        *help_and_quit(),
        Binding("enter", f"answer('{START}')", "Start", key_display="enter",
                tooltip="Start the suggested routine"),
        Binding("z", f"answer('{SNOOZE}')", "Snooze", tooltip="Remind me again in a few minutes"),
        Binding("escape", f"answer('{DISMISS}')", "Not now",
                tooltip="Dismiss until the next interval"),
    ]
    HELP_TITLE = "Reminder"

    def __init__(self, routine: Routine, length_s: float, since: str | None, snooze_min: int) -> None:
        super().__init__()
        self.routine = routine
        self._length = format_duration(length_s)
        self._since = since
        """How long ago the last session ended ("1h 20m"); None when none did today."""
        self._snooze_min = snooze_min

    def compose(self) -> ComposeResult:
        last = f"Last stretch {self._since} ago." if self._since else "No stretch yet today."
        start, snooze, later = (key_for(self, f"answer('{answer}')") for answer in (START, SNOOZE, DISMISS))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Text("Time to stretch")
            yield Static(last, id="since", markup=False)
            yield Static(f"{self.routine.name} · {self._length}", id="routine", markup=False)
            if self.routine.description:
                yield Static(self.routine.description, id="description", markup=False)
            yield Static(f"{start}: start · {snooze}: snooze {self._snooze_min} min · {later}: not now",
                         id="hint", markup=False)
        yield KeyFooter(compact=True)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
