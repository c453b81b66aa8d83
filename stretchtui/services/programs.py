"""Running the user's commands (hooks, `quiet_when`) and tmux: argument lists, never a shell,
bounded in time, and a failure is one line, never an exception."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence

TIMEOUT_S = 10.0
"""How long a user's command may take before it is stopped (it and its children)."""


class Finished:
    """How a command ended: its exit status and output, or why it did not run to the end."""

    __slots__ = ("failure", "output", "status")

    def __init__(self, status: int | None, output: str = "", failure: str = "") -> None:
        self.status = status
        """The exit status; None when it never started or was stopped."""
        self.output = output
        self.failure = failure
        """One line for the user when it did not exit 0: not found, timed out, exit 3."""

    @property
    def ok(self) -> bool:
        return self.status == 0


def run(command: Sequence[str], *, stdin: bytes = b"", timeout: float = TIMEOUT_S,
        env: Mapping[str, str] | None = None) -> Finished:
    """Run `command` (no shell) with `stdin`, in a session of its own so that on a timeout
    it and everything it started are stopped. Never raises."""
    name = command[0] if command else "(empty)"
    try:
        process = subprocess.Popen(list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, start_new_session=True,
                                   env=None if env is None else dict(env))
    except (OSError, ValueError, IndexError) as error:
        reason = "not found" if isinstance(error, FileNotFoundError) else (
            getattr(error, "strerror", None) or str(error))
        return Finished(None, failure=f"{name}: {reason}")
    try:
        output, _ = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        return Finished(None, failure=f"{name}: stopped after {timeout:g} s")
    except OSError as error:  # a command that exits without reading its input: not an error
        output = b""
        process.wait()
        if process.returncode is None:  # pragma: no cover
            return Finished(None, failure=f"{name}: {error}")
    status = process.returncode
    text = output.decode("utf-8", "replace")
    return Finished(status, text, "" if status == 0 else f"{name}: exit status {status}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Kill `process` and its session (a shell script's children too), and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        process.communicate(timeout=2)


def start(command: Sequence[str], env: Mapping[str, str] | None = None) -> bool:
    """Start `command` and do not wait for it (a tmux popup stays open as long as the user
    wants); it gets a session of its own and outlives us. False when it could not start."""
    try:
        subprocess.Popen(list(command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True,
                         env=None if env is None else dict(env))
    except (OSError, ValueError):
        return False
    return True
