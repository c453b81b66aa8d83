"""A large m:ss readout that repaints only the characters that changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Digits

SLOTS = 7
"""Characters the readout can show: up to "9:59:59"."""


class Countdown(Horizontal, can_focus=False):
    """One Digits per character: a tick that changes the last digit sends three cells'
    worth of a repaint over SSH instead of the whole readout."""

    DEFAULT_CSS = """
    Countdown {
        height: 3;
        width: auto;

        Digits {
            width: auto;
        }
    }
    """

    def compose(self) -> ComposeResult:
        for _ in range(SLOTS):
            yield Digits("")

    @property
    def value(self) -> str:
        return "".join(digits.value for digits in self.query(Digits) if digits.display)

    def update(self, text: str) -> None:
        for slot, digits in enumerate(self.query(Digits)):
            char = text[slot] if slot < len(text) else ""
            if digits.value != char:
                digits.update(char)
            if digits.display != bool(char):
                digits.display = bool(char)
