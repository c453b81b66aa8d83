"""Drive the installed `stretchtui` in a real tmux pane: send keys, read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest


def _installed() -> str | None:
    """The console script beside this interpreter (the venv under test), else on PATH."""
    beside = Path(sys.executable).parent / "stretchtui"
    return str(beside) if beside.exists() else shutil.which("stretchtui")


STRETCHTUI = _installed()
SIZED_BY_ENV = ("COLUMNS", "LINES")
"""Not passed on: they override the terminal's own size (shutil.get_terminal_size, which
Textual asks), and pytest-xdist's workers, for one, set them to 80x24."""


class TmuxPane:
    """One detached tmux session on a private socket, running one command."""

    def __init__(self, command: list[str], *, width: int = 80, height: int = 24,
                 env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
        self.socket = f"stretchtui-test-{uuid.uuid4().hex[:8]}"
        self.name = "t"
        inherited = {key: value for key, value in os.environ.items() if key not in SIZED_BY_ENV}
        environment = self.environment = {**inherited, "TERM": "xterm-256color", **(env or {})}
        """Every tmux command runs with it: tmux gives the panes it opens the environment of
        the command that opened them, and tests never reach the real user's folders."""
        # The command runs inside a shell that records its exit status for us.
        self.status_file = Path(environment.get("TMPDIR", "/tmp")) / f"{self.socket}.status"
        script = f"{shlex.join(command)}; echo $? > {shlex.quote(str(self.status_file))}; sleep 30"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   f"cd {shlex.quote(str(cwd or Path.cwd()))} && env {exports} TERM=xterm-256color "
                   f"sh -c {shlex.quote(script)}", env=environment)

    def _tmux(self, *args: str, env: Mapping[str, str] | None = None, check: bool = False) -> str:
        # -f /dev/null: the user's ~/.tmux.conf never changes what a test sees.
        result = subprocess.run(["tmux", "-f", "/dev/null", "-L", self.socket, *args],
                                capture_output=True, text=True, env=dict(env or self.environment),
                                check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {shlex.join(args)} failed ({result.returncode}): {result.stderr}")
        return result.stdout

    def tmux(self, *args: str) -> str:
        """Any tmux command on this server (set-option, display-message, ...); its output."""
        return self._tmux(*args)

    def new_window(self, window: str, command: list[str]) -> None:
        """Open window `window` beside the first, running `command` with the environment the
        server was started with (the test's XDG folders)."""
        self._tmux("new-window", "-d", "-t", self.name, "-n", window, shlex.join(command), check=True)

    def target(self, window: str | None = None) -> str:
        return self.name if window is None else f"{self.name}:{window}"

    def send(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def screen(self, window: str | None = None, *, joined: bool = False) -> str:
        """The pane's text (of `window`, else the first); `joined` puts lines the terminal
        wrapped back together."""
        return self._tmux("capture-pane", "-p", *(["-J"] if joined else []), "-t", self.target(window))

    def wait_for(self, text: str, timeout: float = 15.0, window: str | None = None) -> str:
        return self.wait_until(lambda shown: text in shown, timeout, window, f"{text!r} did not appear")

    def wait_until(self, holds: Callable[[str], object], timeout: float = 15.0, window: str | None = None,
                   what: str = "the screen did not come") -> str:
        """The first screen for which `holds` is true (a frame can be caught half redrawn)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen(window)
            if holds(shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{what} within {timeout} s; screen:\n{self.screen(window)}")

    def wait_until_gone(self, text: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text not in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} still shown after {timeout} s; screen:\n{self.screen()}")

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def exit_status(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return int(self.status_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"the program did not exit within {timeout} s:\n{self.screen()}")

    def close(self) -> None:
        self._tmux("kill-server")
        self.status_file.unlink(missing_ok=True)


def require_tmux() -> None:
    if shutil.which("tmux") is None or STRETCHTUI is None:
        pytest.fail("tmux and the installed stretchtui are needed (.ci/run installs tmux)")
