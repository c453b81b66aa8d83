"""The routine's own fields: name, description and the pauses between holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from stretchtui.keys import focus_now
from stretchtui.model import Routine
from stretchtui.widgets.field_group import FieldGroup

PAUSES: tuple[tuple[str, str, str], ...] = (
    ("get_ready", "Get ready", "Ready"),
    ("rest", "Rest", "Rest"),
    ("transition", "Transition", "Next"),
)
"""Field, label in a wide pane, label in a narrow pane."""


class RoutineForm(FieldGroup):
    """Inputs for the routine's fields; edits are posted, refusals shown (see FieldGroup)."""

    class Edited(FieldGroup.Edited):
        """The user changed one of the routine's fields."""

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
        yield Static(id="form-error", classes="field-errors", markup=False)

    def show(self, routine: Routine) -> None:
        """Put the routine's values in the inputs without reporting them as edits."""
        for field in ("name", "description", "get_ready", "rest", "transition"):
            entry = self.query_one(f"#routine-{field}", Input)
            with entry.prevent(Input.Changed):
                entry.value = str(getattr(routine, field))
            self.set_error(field, None)

    def focus_field(self, field: str) -> None:
        focus_now(self.query_one(f"#routine-{field}", Input))
