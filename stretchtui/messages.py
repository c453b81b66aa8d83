"""What screens and widgets ask of the app: messages go up, data comes down.

A screen never calls into the App; it posts one of these and the App, which owns the
catalog and the running session, decides what happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from stretchtui.model import Routine, Stretch


@dataclass
class StartSession(Message):
    """Run `routine` full screen."""

    routine: Routine


@dataclass
class OpenBuilder(Message):
    """Open the routine builder on (a copy of) `routine`, or on a new one."""

    routine: Routine | None = None
    first: Stretch | None = None
    """A stretch the new routine starts with."""


@dataclass
class ShowEntry(Message):
    """Highlight a stretch or routine in the browser."""

    entry: Stretch | Routine


@dataclass
class RoutinesChanged(Message):
    """The routines file was saved or changed: views that list routines refresh."""


@dataclass
class OpenHistory(Message):
    """Show the History screen: streaks, the calendar and past sessions."""
