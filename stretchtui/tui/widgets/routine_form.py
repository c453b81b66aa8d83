"""The routine's own fields: name, description and the pauses between holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from stretchtui.core.model import Routine
from stretchtui.tui.keys import focus_now
from stretchtui.tui.widgets.field_group import FieldGroup
from stretchtui.tui.widgets.text_field import TextField

PAUSES: tuple[tuple[str, str, str], ...] = (
    ("get_ready", "Get ready", "Ready"),
    ("rest", "Rest", "Rest"),
    ("transition", "Transition", "Next"),
)
"""Field, label in a wide pane, label in a narrow pane."""


class RoutineForm(FieldGroup):
    """Inputs for the routine's fields; edits are posted, refusals shown (see FieldGroup)."""

    SCOPED_CSS = False  # its narrow and short layouts follow the screen's breakpoint classes
    DEFAULT_CSS = """
    RoutineForm {
        height: auto;
        padding: 0 1;
        background: $boost;

        .row {
            height: 1;
        }
        .label {
            width: auto;
            margin-right: 1;
            color: $text-muted;
        }
        #name-row .label, #description-row .label {
            width: 6;
        }
        #routine-name {
            text-style: bold;
        }
        Input {
            width: 1fr;
        }
        Input.seconds {
            width: 6;
            margin-right: 2;
        }
        .narrow {
            display: none;
        }
        .unit {
            color: $text-muted;
        }
        #form-error {
            color: $text-error;
            display: none;
        }
    }

    .-narrow RoutineForm {
        padding: 0;
        .narrow {
            display: block;
        }
        .wide {
            display: none;
        }
        Input.seconds {
            width: 5;
            margin-right: 1;
        }
    }

    .-short RoutineForm #description-row {
        display: none;
    }

    RoutineForm Input.-invalid {
        background: $error 35%;
    }
    """

    class Edited(FieldGroup.Edited):
        """The user changed one of the routine's fields."""

    def compose(self) -> ComposeResult:
        # The name and description keep their text when tab arrives (the next key must not
        # overwrite a name); a number field is selected, so typing replaces the number.
        with Horizontal(classes="row", id="name-row"):
            yield Label("Name", classes="label", markup=False)
            yield TextField(name="name", id="routine-name", compact=True, max_length=200,
                        select_on_focus=False)
        with Horizontal(classes="row", id="description-row"):
            yield Label("About", classes="label", markup=False)
            yield TextField(name="description", id="routine-description", compact=True,
                        placeholder="what this routine is for (optional)", select_on_focus=False)
        with Horizontal(classes="row", id="pauses-row"):
            for field, wide, narrow in PAUSES:
                yield Label(wide, classes="label pause-label wide", markup=False)
                yield Label(narrow, classes="label pause-label narrow", markup=False)
                yield TextField(name=field, id=f"routine-{field}", classes="seconds", compact=True,
                            max_length=9)
            yield Label("seconds", classes="unit wide", markup=False)
        yield Static(id="form-error", classes="field-errors", markup=False)

    def show(self, routine: Routine) -> None:
        """Put the routine's values in the inputs without reporting them as edits."""
        for field in ("name", "description", "get_ready", "rest", "transition"):
            entry = self.query_one(f"#routine-{field}", Input)
            with entry.prevent(Input.Changed):
                entry.value = str(getattr(routine, field))
            self.set_error(field, None)

    def focus_field(self, field: str, *, select: bool = False) -> None:
        """Go to a field; with `select` its text is selected, so typing replaces it."""
        entry = self.query_one(f"#routine-{field}", Input)
        focus_now(entry)
        if select:
            entry.select_all()
