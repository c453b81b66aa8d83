"""A crash in the real program: exit status 1, one line saying what happened and where the
full report is, the report saved, the terminal given back, and the session's record kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tmuxdriver import TmuxPane, require_tmux

pytestmark = pytest.mark.tmux

# The installed program, with one action made to fail the way a bug would.
CRASHING = """
import sys
from stretchtui.tui.screens.browser import BrowserScreen
def broken(self):
    raise ZeroDivisionError("a bug")
BrowserScreen.action_build = broken
from stretchtui.cli import main
sys.exit(main([]))
"""


def test_a_crash_exits_1_with_one_line_and_a_saved_report(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    require_tmux()
    state = tmp_path / "xdg-state"
    env = {"XDG_DATA_HOME": str(user_dirs["data"].parent), "XDG_CONFIG_HOME": str(user_dirs["config"].parent),
           "XDG_STATE_HOME": str(state)}
    pane = TmuxPane([sys.executable, "-c", CRASHING], width=80, height=24, env=env, cwd=tmp_path)
    try:
        pane.wait_for("Full back series")
        pane.send("b")
        assert pane.exit_status() == 1
        lines = [line for line in pane.screen(joined=True).splitlines() if line.strip()]
        assert len(lines) == 1, lines  # one line (the terminal may wrap it), nothing else
        crashed = lines[0].strip()
        assert crashed.startswith("stretchtui crashed: ZeroDivisionError: a bug in ")
        report = Path(crashed.split("The full report is in ")[1].split()[0].rstrip("."))
        assert report.parent == state / "stretchtui"
        assert "Traceback" in report.read_text() and "ZeroDivisionError: a bug" in report.read_text()
        alternate = subprocess.run(["tmux", "-L", pane.socket, "display", "-p", "-t", pane.name,
                                    "#{alternate_on}"], capture_output=True, text=True).stdout.strip()
        assert alternate == "0"  # the terminal is back from the app's screen
    finally:
        pane.close()


CRASH_IN_SESSION = """
import sys
from stretchtui.tui.screens.session import SessionScreen
original = SessionScreen.action_next
def broken(self):
    raise RuntimeError("a bug in a session")
SessionScreen.action_next = broken
from stretchtui.cli import main
sys.exit(main(["run", "Desk break"]))
"""


def test_a_crash_in_a_session_still_records_it(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    require_tmux()
    env = {"XDG_DATA_HOME": str(user_dirs["data"].parent), "XDG_CONFIG_HOME": str(user_dirs["config"].parent),
           "XDG_STATE_HOME": str(tmp_path / "xdg-state")}
    pane = TmuxPane([sys.executable, "-c", CRASH_IN_SESSION], width=80, height=24, env=env, cwd=tmp_path)
    try:
        pane.wait_for("Get ready")
        pane.send("n")
        assert pane.exit_status() == 1
        assert "stretchtui crashed: RuntimeError: a bug in a session in <string>:" in pane.screen(joined=True)
        history = (user_dirs["data"] / "history.jsonl").read_text()
        records = [json.loads(line) for line in history.splitlines()]
        assert records[-1]["routine"] == "Desk break" and records[-1]["completed"] is False
    finally:
        pane.close()


CRASH_AFTER_EXIT_DECIDED = """
import sys
from stretchtui.tui.screens.summary import SummaryScreen
def broken(self):
    self.app.exit(0, return_code=0)  # `run` had decided on success when the bug struck
    raise RuntimeError("a bug on the summary")
SummaryScreen.action_close = broken
from stretchtui.cli import main
sys.exit(main(["run", "Desk break"]))
"""


def test_a_crash_exits_1_even_after_run_decided_on_success(user_dirs: dict[str, Path],
                                                           tmp_path: Path) -> None:
    """`stretchtui run` exited 0 after crashing on the summary of a completed routine."""
    require_tmux()
    env = {"XDG_DATA_HOME": str(user_dirs["data"].parent), "XDG_CONFIG_HOME": str(user_dirs["config"].parent),
           "XDG_STATE_HOME": str(tmp_path / "xdg-state")}
    pane = TmuxPane([sys.executable, "-c", CRASH_AFTER_EXIT_DECIDED], width=80, height=24, env=env,
                    cwd=tmp_path)
    try:
        pane.wait_for("Get ready")
        pane.send("q")
        pane.wait_for("Stop this session?")
        pane.send("y")
        pane.wait_for("Stopped early")
        pane.send("Enter")
        assert pane.exit_status() == 1
        assert "stretchtui crashed: RuntimeError: a bug on the summary" in pane.screen(joined=True)
    finally:
        pane.close()
