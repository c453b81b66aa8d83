"""The routine's own fields: name, description and the pauses between holds."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from stretchtui.model import Routine

PAUSES: tuple[tuple[str, str, str], ...] = (
    ("get_ready", "Get ready", "Ready"),
    ("rest", "Rest", "Rest"),
    ("transition", "Transition", "Next"),
)
"""Field, label in a wide pane, label in a narrow pane."""


class RoutineForm(Vertical):
    """Inputs for the routine's fields. Posts Edited on every keystroke; the screen
    validates through the draft and reports back with set_error."""

    class Edited(Message):
        """The user changed a field's text (not yet validated)."""

        def __init__(self, field: str, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row", id="name-row"):
            yield Label("Name", classes="label")
            yield Input(name="name", id="routine-name", compact=True, max_length=200)
        with Horizontal(classes="row", id="description-row"):
            yield Label("About", classes="label")
            yield Input(name="description", id="routine-description", compact=True,
                        placeholder="what this routine is for (optional)")
        with Horizontal(classes="row", id="pauses-row"):
            for field, wide, narrow in PAUSES:
                yield Label(wide, classes="label pause-label wide")
                yield Label(narrow, classes="label pause-label narrow")
                yield Input(name=field, id=f"routine-{field}", classes="seconds", compact=True,
                            max_length=9)
            yield Label("seconds", classes="unit wide")
        yield Static(id="form-error", markup=False)

    def show(self, routine: Routine) -> None:
        """Put the routine's values in the inputs without reporting them as edits."""
        for field in ("name", "description", "get_ready", "rest", "transition"):
            entry = self.query_one(f"#routine-{field}", Input)
            with entry.prevent(Input.Changed):
                entry.value = str(getattr(routine, field))
            self.set_error(field, None)

    def focus_field(self, field: str) -> None:
        self.query_one(f"#routine-{field}", Input).focus()

    def set_error(self, field: str, message: str | None) -> None:
        """Mark a field's input as rejected with the reason, or clear it."""
        self.query_one(f"#routine-{field}", Input).set_class(message is not None, "-invalid")
        if message is None:
            self._errors.pop(field, None)
        else:
            self._errors[field] = message
        error = self.query_one("#form-error", Static)
        error.update(" · ".join(self._errors.values()))
        error.display = bool(self._errors)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.name:
            self.post_message(self.Edited(event.input.name, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves on, like tab: the value was taken as it was typed."""
        event.stop()
        self.screen.focus_next()
