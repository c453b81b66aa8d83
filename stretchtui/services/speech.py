"""Spoken cues: which speech program to use, and speaking without ever blocking the app.

The `voice` setting is "off", "auto" (the first of SPEECH_PROGRAMS on PATH, but not over
SSH, where the sound would play on the server) or a command as an argument list, to which
the line is appended as one last argument. Nothing goes through a shell: a stretch named
`; rm -rf ~` is spoken, not run. No Textual here; the screen shows the messages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from stretchtui.core.rules import strip_controls

SPEECH_PROGRAMS: tuple[str, ...] = ("espeak-ng", "espeak", "say", "spd-say")
"""What `voice = "auto"` looks for, in order (`say` is macOS's)."""

NOT_FOUND = ("Voice: no speech program found (looked for " + ", ".join(SPEECH_PROGRAMS)
             + "); the session goes on with bells.")
OVER_SSH = ('Voice: off over SSH, since the sound would play on the server; set voice to a '
            'command such as ["espeak-ng"] to speak there anyway.')


class Process(Protocol):
    """What the speaker needs of a started program (subprocess.Popen has it)."""

    @property
    def pid(self) -> int: ...

    def poll(self) -> int | None: ...


Starter = Callable[[Sequence[str]], Process]
Signaller = Callable[[int, int], None]


def voice_command(setting: str | Sequence[str],
                  environ: Mapping[str, str] | None = None) -> tuple[tuple[str, ...] | None, str | None]:
    """The command to speak with (None: no voice) and a line to show once, if any.

    An explicit command is used as given, even over SSH: the user asked for it.
    """
    environ = os.environ if environ is None else environ
    if isinstance(setting, str):
        if setting != "auto":
            return None, None
        if environ.get("SSH_CONNECTION"):
            return None, OVER_SSH
        search = environ.get("PATH", os.defpath)
        for name in SPEECH_PROGRAMS:
            found = shutil.which(name, path=search)
            if found:
                return (found,), None
        return None, NOT_FOUND
    command = tuple(setting)
    return (command or None), None


def start_process(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start a speech program detached: no shell, no terminal I/O, its own process group
    (so stopping it also stops anything it started, e.g. a player)."""
    return subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)


def spoken_argument(text: str) -> str:
    """The line as one safe last argument: no control characters, and never starting with
    "-", which a speech program would take for an option (a stretch named "-w FILE"), however
    many dashes and spaces it begins with ("- -x")."""
    line = strip_controls(text).strip()
    while line.startswith("-"):
        line = line.lstrip("-").strip()
    return line


class Speaker:
    """Speaks one line at a time in a separate process; a new line cuts off the last.

    `say` only starts a process and returns, so the UI and the session clock never wait.
    A command that cannot start turns the voice off for this speaker with one message.
    """

    def __init__(self, command: Sequence[str] | None, *, start: Starter = start_process,
                 signal_group: Signaller = os.killpg) -> None:
        self.command: tuple[str, ...] | None = tuple(command) if command else None
        self._start = start
        self._signal_group = signal_group
        self._process: Process | None = None

    @property
    def on(self) -> bool:
        """Whether lines are spoken (False after a failure to start or close())."""
        return self.command is not None

    @property
    def speaking(self) -> bool:
        """Whether the last line is still being spoken."""
        return self._process is not None and self._process.poll() is None

    def say(self, text: str) -> str | None:
        """Speak `text`, stopping a line still being spoken; returns a message to show
        once when the voice had to be turned off, else None. Never raises."""
        if self.command is None:
            return None
        argument = spoken_argument(text)
        if not argument:
            return None
        self.stop()
        try:
            self._process = self._start([*self.command, argument])
        except (OSError, ValueError) as error:
            program = self.command[0]
            self.command = None
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            return f"Voice: could not start {program} ({reason}); voice off for this session."
        return None

    def stop(self) -> None:
        """Stop the line being spoken, with anything its program started."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):  # it ended just now
            self._signal_group(process.pid, signal.SIGTERM)
        process.poll()  # reap it if it is already gone

    def close(self) -> None:
        """End any speech this speaker started and speak no more (session end, app exit)."""
        self.stop()
        self.command = None
