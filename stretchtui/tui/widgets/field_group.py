"""The shared behaviour of the builder's input groups: report edits, show refusals."""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static


class FieldGroup(Vertical):
    """Inputs named after the fields they edit, plus a `.field-errors` Static.

    Every keystroke is posted as `Edited` (not validated here: the screen checks it
    through the draft, which holds the rules) and the screen answers with set_error.
    Subclasses declare their own `Edited` subclass so handlers can tell groups apart.
    """

    class Edited(Message):
        """The user changed a field's text (not yet validated)."""

        def __init__(self, field: str, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._errors: dict[str, str] = {}

    def field_input(self, field: str) -> Input | None:
        return next((entry for entry in self.query(Input) if entry.name == field), None)

    def set_error(self, field: str, message: str | None) -> None:
        """Mark a field's input as refused with the reason, or clear it."""
        entry = self.field_input(field)
        if entry is not None:
            entry.set_class(message is not None, "-invalid")
        if message is None:
            self._errors.pop(field, None)
        else:
            self._errors[field] = message
        errors = self.query_one(".field-errors", Static)
        errors.update(" · ".join(self._errors.values()))
        errors.display = bool(self._errors)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.name:
            self.post_message(self.Edited(event.input.name, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves on, like tab: the value was taken as it was typed."""
        event.stop()
        self.screen.focus_next()
