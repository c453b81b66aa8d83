"""What screens and widgets ask of the app: messages go up, data comes down.

A screen never calls into the App; it posts one of these and the App, which owns the
catalog and the running session, decides what happens. Plain classes: each dataclass
costs the app's start a compile of its generated methods.
"""

from __future__ import annotations

from textual.message import Message

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchtui.core.coach import Change
    from stretchtui.core.model import Routine, Stretch


class StartSession(Message):
    """Run `routine` full screen (and exit when it is over, for the reminder popup)."""

    def __init__(self, routine: Routine, *, exit_when_over: bool = False) -> None:
        super().__init__()
        self.routine = routine
        self.exit_when_over = exit_when_over


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


class ApplyChange(Message):
    """The user said yes to a change the coach offered: save it (undone in the builder)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class ThisHurts(Message):
    """"This hurts" was pressed in a session, in item `index` of `routine` (already noted
    in the session's record): offer what can be done about it."""

    def __init__(self, routine: Routine, index: int) -> None:
        super().__init__()
        self.routine = routine
        self.index = index


class ShowSafety(Message):
    """Show the warning signs."""


class Trouble(Message):
    """Something failed off the UI's thread (a hook, a save that waited): tell the user.
    Posting is thread-safe and does nothing once the app has ended; `call_from_thread`
    blocked the thread and, after the end, left its coroutine never awaited."""

    def __init__(self, text: str, *, error: bool = False) -> None:
        super().__init__()
        self.text = text
        self.error = error
