"""The README's tmux recipes, each in a real tmux server whose client is attached inside a
pane of a second server, so that capture-pane of that pane reads what the client draws:
the status line, a popup, a split."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem

pytestmark = pytest.mark.tmux

HOLD = Routine("Hold", get_ready=0, rest=0, transition=0,
               items=(RoutineItem("childs-pose", hold=8, reps=1),))


def test_the_status_line_recipe_draws_the_session_then_the_time_since(nested, tmp_path: Path) -> None:
    routines = write_routines(tmp_path / "routines.toml", HOLD)
    inner, outer = nested(["stretchtui", "--routines", str(routines), "run", "Hold", "--no-summary"])
    inner.tmux("set-option", "-g", "status-right", "#(stretchtui status --tmux)")
    inner.tmux("set-option", "-g", "status-interval", "1")  # the README says 5: a quicker test
    drawn = outer.wait_for("Child's Pose 0:0", timeout=10).splitlines()[-1]
    assert drawn.rstrip().endswith("1/1") and "#[" not in drawn  # tmux read the markup
    assert inner.exit_status(timeout=15) == 0
    drawn = outer.wait_for("stretched 0m ago", timeout=5).splitlines()[-1]
    assert "#[" not in drawn


def test_the_popup_recipe_opens_a_session_and_closes_with_it(nested) -> None:
    inner, outer = nested(["sh", "-c", "sleep 120"])
    inner.tmux("bind", "S", "display-popup", "-E", "-w", "70", "-h", "22", "stretchtui run desk")
    outer.wait_for("[t]", timeout=5)  # the client is drawn
    outer.send("C-b", "S")
    shown = outer.wait_for("Get ready", timeout=10)
    assert "first: Reach For The Sky" in shown and "Traceback" not in shown
    outer.send("C-q")
    outer.wait_for("Stop this session and quit?", timeout=5)  # ctrl+q in a session asks first
    outer.send("y")
    deadline = time.monotonic() + 10
    while "first: Reach For The Sky" in outer.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "first: Reach For The Sky" not in outer.screen()  # the popup closed with the session


def test_the_split_recipe_runs_a_session_in_twelve_lines(nested) -> None:
    inner, outer = nested(["sh", "-c", "sleep 120"])
    outer.wait_for("[t]", timeout=5)
    inner.tmux("split-window", "-l", "12", "-t", inner.name, "stretchtui run desk")
    shown = outer.wait_for("Reach For The Sky", timeout=10)
    assert "Traceback" not in shown
    assert inner.tmux("display-message", "-p", "-t", inner.name, "#{pane_height}").strip() == "12"
