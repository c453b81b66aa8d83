"""The one running session and what must outlive its screen: its history record.

No Textual: the App asks this keeper to start a session and to record it, whichever way
it ends (completed, stopped, the terminal closing, a crash), exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from stretchtui.model import Routine, Stretch
from stretchtui.plan import plan
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import append_record
from stretchtui.timeline import Session


class SessionRefused(Exception):
    """A session cannot start; the message says why, in words for the user."""


class SessionKeeper:
    """Starts sessions one at a time and writes each one's history line once."""

    def __init__(self, library: Mapping[str, Stretch], clock: Callable[[], float] = time.monotonic) -> None:
        self.library = library
        self.clock = clock
        """Monotonic seconds; sessions take their deadlines from it (tests inject a fake)."""
        self.session: Session | None = None
        self._recorded: Session | None = None

    def start(self, routine: Routine) -> Session:
        """A started session of `routine`; raises SessionRefused if one runs already or the
        routine has nothing to do."""
        if self.session is not None:
            # One session at a time: a second one would orphan the first and its record.
            raise SessionRefused("A session is already running: finish or stop it first.")
        steps = plan(routine, self.library)
        if not steps.holds:
            raise SessionRefused(f"{routine.name!r} has no stretches yet: add one in the builder first.")
        self.session = Session(steps, self.clock)
        self.session.start()
        return self.session

    def record(self) -> StorageError | None:
        """Stop the running session if need be and append its record, once; the error,
        if the history could not be written."""
        session = self.session
        if session is None or session is self._recorded or session.started_at is None:
            return None
        session.stop()
        self._recorded = session
        try:
            append_record(session.record())
        except StorageError as error:
            return error
        return None

    def close(self) -> None:
        """The session's summary was seen: a new one may start."""
        self.session = None
