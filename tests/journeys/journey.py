"""Whole journeys of a user through the installed stretchtui, in a real tmux pane.

A `Journey` keeps each test short: `open()` starts the installed program (or a command) in a
pane of the journey's size with the test's own HOME and XDG folders, `see()` waits for text,
`press()` sends keys, `exits()` checks the exit status, and `done()` checks the end state
that every journey shares: no crash report in XDG_STATE_HOME and no traceback on screen.
Every failure shows the last screen (tests/journeys/conftest.py adds it to the report)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import write_routines
from tmuxdriver import STRETCHTUI, TmuxPane, require_tmux

from stretchtui.core.model import Routine, RoutineItem

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]

QUICK = Routine("Quick one", description="two short holds", get_ready=1, rest=0, transition=0, items=(
    RoutineItem("childs-pose", hold=1, reps=1),
    RoutineItem("reach-for-the-sky", hold=1, reps=1),
))
"""A routine over in about three seconds (get ready, two holds)."""

SLOW = Routine("Slow one", get_ready=1, rest=0, transition=0,
               items=(RoutineItem("childs-pose", hold=60, reps=1),))
"""A routine that lasts long enough to be stopped on a loaded machine."""


class Journey:
    def __init__(self, folders: dict[str, Path], tmp_path: Path, size: tuple[int, int]) -> None:
        require_tmux()
        self.folders, self.tmp_path, self.size = folders, tmp_path, size
        self.env = {
            "HOME": os.environ["HOME"],
            "XDG_DATA_HOME": str(folders["data"].parent),
            "XDG_CONFIG_HOME": str(folders["config"].parent),
            "XDG_RUNTIME_DIR": str(folders["runtime"].parent),
            "XDG_STATE_HOME": str(folders["state"].parent),
            "XDG_CACHE_HOME": str(folders["cache"].parent),
            # The installed stretchtui first on PATH, as for a user whose venv is active.
            "PATH": f"{Path(str(STRETCHTUI)).parent}{os.pathsep}{os.environ['PATH']}",
        }
        self.panes: list[TmuxPane] = []

    # -- the user's files --------------------------------------------------------------

    def routines(self, *routines: Routine) -> Path:
        """The user's own routines file, in its usual place."""
        self.folders["data"].mkdir(parents=True, exist_ok=True)
        return write_routines(self.folders["data"] / "routines.toml", *routines)

    def config(self, text: str) -> None:
        self.folders["config"].mkdir(parents=True, exist_ok=True)
        (self.folders["config"] / "config.toml").write_text(text)

    def history(self) -> list[dict]:
        path = self.folders["data"] / "history.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    # -- the terminal ------------------------------------------------------------------

    def open(self, *args: str, command: list[str] | None = None) -> TmuxPane:
        """`stretchtui ARGS` (or `command`) in a new pane of the journey's size."""
        width, height = self.size
        pane = TmuxPane(command or [str(STRETCHTUI), *args], width=width, height=height,
                        env=self.env, cwd=self.tmp_path)
        self.panes.append(pane)
        return pane

    @property
    def pane(self) -> TmuxPane:
        return self.panes[-1]

    def see(self, *texts: str, timeout: float = 15.0) -> str:
        """The first screen showing every one of `texts` (a line the pane wrapped counts whole)."""
        return self.until(lambda shown: all(text in shown for text in texts),
                          f"{' and '.join(map(repr, texts))} did not appear", timeout)

    def until(self, holds: Callable[[str], object], what: str, timeout: float = 15.0) -> str:
        """The first screen (wrapped lines joined) for which `holds` is true; bounded."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.pane.screen(joined=True)
            if holds(shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{what} within {timeout} s")

    def gone(self, text: str, timeout: float = 10.0) -> str:
        return self.pane.wait_until_gone(text, timeout)

    def press(self, *keys: str) -> None:
        """tmux key names ("Enter", "Escape", "C-q", "j"). An Escape waits a moment alone: a key
        right after it would read as alt+key."""
        for key in keys:
            self.pane.send(key)
            if key == "Escape":
                time.sleep(0.3)

    def focus_with(self, key: str, timeout: float = 10.0) -> None:
        """`key`, which puts a text field in focus, then wait until the terminal's cursor
        moved there (Textual places it at the field's cursor): keys typed at once could reach
        the widget that had the focus before, where a person waits to see the field."""
        def cursor() -> str:
            return self.pane.tmux("display-message", "-p", "-t", self.pane.name, "#{cursor_x},#{cursor_y}")

        before = cursor()
        self.press(key)
        deadline = time.monotonic() + timeout
        while cursor() == before:
            assert time.monotonic() < deadline, f"no field took the focus after {key!r} within {timeout} s"
            time.sleep(0.05)

    def type(self, text: str) -> None:
        self.pane.tmux("send-keys", "-t", self.pane.name, "-l", text)

    def exits(self, code: int, timeout: float = 15.0) -> None:
        assert self.pane.exit_status(timeout) == code, f"exit status; screen:\n{self.pane.screen()}"

    def last_screen(self) -> str:
        return "\n".join(f"-- pane {n} --\n{pane.screen()}" for n, pane in enumerate(self.panes, 1))

    def done(self) -> None:
        """No crash report was written and no traceback reached the screen."""
        crashes = sorted(self.folders["state"].glob("crash-*")) if self.folders["state"].exists() else []
        assert crashes == [], crashes[0].read_text()
        for pane in self.panes:
            assert "Traceback" not in pane.screen()

    def close(self) -> None:
        for pane in self.panes:
            pane.close()
