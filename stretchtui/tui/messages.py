"""What screens and widgets ask of the app: messages go up, data comes down.

A screen never calls into the App; it posts one of these and the App, which owns the
catalog and the running session, decides what happens. Plain classes: each dataclass
costs the app's start a compile of its generated methods.
"""

from __future__ import annotations

from textual.message import Message

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchtui.core.model import Routine, Stretch


class StartSession(Message):
    """Run `routine` full screen."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class OpenBuilder(Message):
    """Open the routine builder on (a copy of) `routine`, or on a new one."""

    def __init__(self, routine: Routine | None = None, first: Stretch | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.first = first
        """A stretch the new routine starts with."""


class ShowEntry(Message):
    """Highlight a stretch or routine in the browser."""

    def __init__(self, entry: Stretch | Routine) -> None:
        super().__init__()
        self.entry = entry


class RoutinesChanged(Message):
    """The routines file was saved or changed: views that list routines refresh."""


class OpenHistory(Message):
    """Show the History screen: streaks, the calendar and past sessions."""
