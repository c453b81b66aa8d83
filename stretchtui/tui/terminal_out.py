"""What the app tells the terminal around it: the window title during a session, and
desktop notifications when a session ends or a stretch is due.

The sequences come from `terminal` (which strips control characters from the text and wraps
them for tmux when $TMUX is set); they are written through Textual's driver, as App.bell()
and App.copy_to_clipboard() write theirs, so they take their turn with the frames and never
land in the middle of one. Textual has no public way to write raw bytes; `App._driver` is the
one its own methods use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from textual.app import App

from stretchtui.core import terminal
from stretchtui.core.model import format_duration
from stretchtui.core.status import title
from stretchtui.core.terminal import notify as notification  # not a Textual notify (tests/arch)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchtui.core.session import Session


class TerminalOut:
    """The window title (saved before the first change, restored once) and notifications."""

    def __init__(self, app: App[Any], notify: str = "auto", env: Mapping[str, str] | None = None,
                 *, bell: bool = True) -> None:
        self.app = app
        self.notify_mode = notify
        """The config's `notify`; `terminal.notify_mode` resolves `auto` from `env`."""
        self.env = os.environ if env is None else env
        self.bell = bell
        """The config's `bell`: a reminder rings too, unless the notification is the bell."""
        self.shown_title: str | None = None
        """The title we set, or None while the user's own title shows."""

    def write(self, text: str) -> None:
        """Raw text to the terminal, in turn with the frames (see the module's docstring)."""
        driver = self.app._driver
        if text and driver is not None:  # a headless driver (tests) writes nothing itself
            driver.write(text)

    def notify_desktop(self, heading: str, body: str) -> None:
        self.write(notification(heading, body, self.notify_mode, self.env))

    def show_title(self, text: str) -> None:
        """Set the window title, saving the user's first; nothing is written when it is the
        same (a step change that keeps the stretch and side, a pause)."""
        if text == self.shown_title:
            return
        save = terminal.save_title() if self.shown_title is None else ""
        self.write(save + terminal.set_title(text))
        self.shown_title = text

    def restore_title(self) -> None:
        """Give the user's title back (at a session's end, ctrl+z, and the app's exit)."""
        if self.shown_title is not None:
            self.write(terminal.restore_title(""))
            self.shown_title = None

    def show_step(self, session: Session) -> None:
        """The title of a session's current step: "Cat/Cow (cat)", as in `stretchtui status`."""
        self.show_title(title(session.step.title, session.step.part))

    def session_ended(self, session: Session) -> None:
        """Restore the title and say how it went, with the time done."""
        self.restore_title()
        done = format_duration(session.done_seconds)
        if session.completed:
            self.notify_desktop("Stretch done", f"{session.plan.routine.name}: {done}")
        else:
            planned = format_duration(session.plan.total)
            self.notify_desktop("Stretch stopped", f"{session.plan.routine.name}: {done} of {planned}")

    def remind(self, body: str) -> None:
        """A stretch is due: the bell (unless `bell = false`, or the notification is the
        bell anyway) and a notification."""
        if self.bell and terminal.notify_mode(self.notify_mode, self.env) != "bell":
            self.app.bell()
        self.notify_desktop("Time to stretch", body)
