"""A text field whose keys are applied in the order they were typed, however fast they come.

Textual's Input (8.2.8) inserts a printable key in its own key handler, but its editing keys
(backspace, delete, arrows, home, end) are bindings, which Textual runs only once the key event
has bubbled from the field up through every container to the App. Keys that arrive in one
burst (a laggy SSH link, a paste, tmux send-keys) overtake each other on the way: "backspace
backspace 3 0" on "20" inserts 3 and 0 before the backspaces reach the field, and leaves "".
A hold time must be what was typed, so every text field of the app runs its own bindings as
the key reaches it, before the next key; the rest is Input's.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextField(Input):
    """Input with its own bindings run in typing order (see the module's docstring)."""

    async def on_key(self, event: events.Key) -> None:
        """Runs before Input's own handler (Textual calls a subclass's first), which then
        inserts a printable key or restarts the cursor's blink."""
        if event.is_printable:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # Priority bindings ran before the key was sent here; a binding whose action the
            # field refuses (check_action) is left to bubble, as Textual would.
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()  # handled here: nothing bubbles, so nothing runs it twice
                return
