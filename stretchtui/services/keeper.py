"""The one running session and what must outlive its screen: its history record, its
state file for `stretchtui status`, and the voice that may still be saying "Routine done"
while the summary shows.

No Textual: the App asks this keeper to start a session and to record it, whichever way
it ends (completed, stopped, the terminal closing, a crash), exactly once; the session
screen asks it to publish the session's state when its step, pause or timing changed.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from stretchtui.core.records import local_time
from stretchtui.storage import runtime, status_cache
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import TIMING_ENV, append_record

if TYPE_CHECKING:  # the app makes a keeper at start; a session's modules load with one
    from datetime import datetime

    from stretchtui.core.model import Routine, Stretch
    from stretchtui.core.session import Session
    from stretchtui.services.hooks import Hooks
    from stretchtui.services.speech import Speaker, Starter


class SessionRefused(Exception):
    """A session cannot start; the message says why, in words for the user."""


class SessionKeeper:
    """Starts sessions one at a time and writes each one's history line once."""

    def __init__(
        self,
        library: Mapping[str, Stretch],
        clock: Callable[[], float] = time.monotonic,
        *,
        wall_clock: Callable[[], float] = time.time,
        voice: str | Sequence[str] = "off",
        start_speech: Starter | None = None,
        hooks: Hooks | None = None,
    ) -> None:
        self.library = library
        self.clock = clock
        """Monotonic seconds; sessions take their deadlines from it (tests inject a fake)."""
        self.real_time = clock is time.monotonic
        """The clock runs with real time, so a view may sleep until a deadline; an injected
        one may jump at any moment and is polled."""
        self.wall_clock = wall_clock
        """Epoch seconds: a record's start and end, a state file's deadlines (tests inject
        the same fake wall clock as the App's, so reminders and records agree)."""
        self.session: Session | None = None
        self._recorded: Session | None = None
        self._voice_setting = voice
        self.start_speech = start_speech
        """Starts a speech process from an argument list (None: voice.start_process; tests
        record instead)."""
        self.voice_on = voice != "off"
        """Whether steps are spoken; `v` in a session flips it for the rest of the app's run."""
        self._speaker: Speaker | None = None
        self._published: tuple[object, ...] | None = None
        self.hooks = hooks
        """`[hooks]`: on_start and on_end run from here, in the background."""

    def speaker(self) -> tuple[Speaker, str | None]:
        """The speaker, made on first use from the `voice` setting ("auto" when the setting
        is off and the user turned the voice on), and the line to show about it, once."""
        if self._speaker is not None:
            return self._speaker, None
        from stretchtui.services.speech import Speaker, start_process, voice_command

        setting = "auto" if self._voice_setting == "off" else self._voice_setting
        command, message = voice_command(setting)
        self._speaker = Speaker(command, start=self.start_speech or start_process)
        return self._speaker, message

    def quiet(self) -> None:
        """Stop any line being spoken."""
        if self._speaker is not None:
            self._speaker.stop()

    def start(self, routine: Routine) -> Session:
        """A started session of `routine`; raises SessionRefused if one runs already or the
        routine has nothing to do."""
        if self.session is not None:
            # One session at a time: a second one would orphan the first and its record.
            raise SessionRefused("A session is already running: finish or stop it first.")
        from stretchtui.core.plan import plan
        from stretchtui.core.session import Session

        steps = plan(routine, self.library)
        if not steps.holds:
            raise SessionRefused(f"{routine.name!r} has no stretches yet: add one in the builder first.")
        self.quiet()
        self.session = Session(steps, self.clock, wall_clock=self._local_now)
        self.session.start()
        self._published = None
        self.publish()
        if self.hooks is not None:
            self.hooks.fire("on_start", routine=routine.name, planned_s=round(steps.total, 3))
        return self.session

    def _local_now(self) -> datetime:
        return local_time(self.wall_clock())

    def publish(self) -> None:
        """Write the running session's state file (`storage.runtime`), if its step, pause,
        length or start changed since the last write: the screen asks after every change
        it notices, and nothing is written while a hold simply counts down."""
        session = self.session
        if session is None:
            return
        key = (session.index, session.paused, session.step_start_time, session.step_length,
               session.finished)  # a finished session's file is removed
        if key != self._published:
            self._published = key
            runtime.publish_session(session, now=self.wall_clock())

    def record(self) -> StorageError | None:
        """Stop the running session if need be and append its record, once; the error,
        if the history could not be written."""
        session = self.session
        if session is None:
            return None
        runtime.clear()  # `status` stops showing it, however it ended
        if session is self._recorded or session.started_at is None:
            return None
        session.stop()
        self._recorded = session
        record = session.record(timing=os.environ.get(TIMING_ENV) == "1")
        if self.hooks is not None:
            self.hooks.fire("on_end", routine=session.plan.routine.name, record=record)
        try:
            append_record(record)
        except StorageError as error:
            return error
        with contextlib.suppress(StorageError, OSError):  # only the status line's speed is lost
            status_cache.refresh(os.environ, self.wall_clock())
        return None

    def close(self) -> None:
        """The session's screen closed (its record is written): a new one may start. Its
        last line ("Routine done") may still be spoken while the summary shows."""
        self.session = None

    def shutdown(self) -> None:
        """The app is ending: record a session still running and end any speech."""
        self.record()
        if self._speaker is not None:
            self._speaker.close()
        if self.hooks is not None:
            self.hooks.settle()
