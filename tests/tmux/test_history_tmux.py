"""The installed program: a session just done shows in the History screen and in
`stretchtui history --json`, on today's cell and as a streak of one day.

A 2-second routine alone cannot reach a daily goal (at least a minute), so today already
holds a stopped session of 58.5 s: the goal of 1 minute is reached only by the session
this test runs, which turns a streak of 0 into 1 and today's shade from "half the goal"
to "goal reached". (A run within seconds of midnight would split the two across days.)
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import write_routines
from tmuxdriver import STRETCHTUI

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.history import append_record
from stretchtui.tui.widgets.heatmap import GLYPHS, TODAY_MARK

pytestmark = pytest.mark.tmux

TWO_SECONDS = Routine("Two seconds", get_ready=0, rest=0, transition=0,
                      items=(RoutineItem("childs-pose", hold=2, reps=1),))


def history_json(user_dirs: dict[str, Path]) -> dict[str, Any]:
    env = {"XDG_DATA_HOME": str(user_dirs["data"].parent),
           "XDG_CONFIG_HOME": str(user_dirs["config"].parent), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(STRETCHTUI), "history", "--json", "--days", "1"], env=env,
                          capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def test_a_session_done_makes_todays_cell_and_a_streak_of_one(tmux, tmp_path: Path,
                                                              user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("daily_goal_min = 1\n")
    now = datetime.now().astimezone()
    append_record({"routine": "Desk break", "started": now.isoformat(timespec="seconds"),
                   "ended": (now + timedelta(seconds=59)).isoformat(timespec="seconds"),
                   "planned_s": 290, "done_s": 58.5, "steps": 5, "skipped": 0, "completed": False},
                  user_dirs["data"] / "history.jsonl")
    before = history_json(user_dirs)
    assert before["streaks"]["current"] == 0 and before["days"][-1]["seconds"] == 58.5

    routines = write_routines(tmp_path / "routines.toml", TWO_SECONDS)
    run = tmux(["--routines", str(routines), "run", "Two seconds", "--no-summary"])
    assert run.exit_status(timeout=20) == 0

    after = history_json(user_dirs)
    today = after["days"][-1]
    assert after["streaks"] == {"current": 1, "longest": 1}
    assert today["date"] == after["today"] and today["sessions"] == 2 and today["goal_met"]
    assert 60.0 <= today["seconds"] <= 61.0

    pane = tmux(["--routines", str(routines)], extra_env={"NO_COLOR": "1"})
    pane.wait_for("Lumbar Rotation")
    pane.send("h")
    # The newest sessions show first; the figures follow once the whole history is read.
    shown = pane.wait_until(lambda screen: "0:02 of 0:02" in screen and "Longest" in screen)
    figures = {line.split()[-3]: " ".join(line.split()[-2:]) for line in shown.splitlines()
               if "Streak" in line or "Longest" in line}
    assert figures == {"Streak": "1 day", "Longest": "1 day"}
    assert GLYPHS[3] + TODAY_MARK in shown  # today's cell: the goal reached, marked
    assert "Two seconds" in shown and "0:02 of 0:02" in shown
    pane.send("Escape")  # alone: ESC followed at once by another key reads as alt+key
    pane.wait_for("▼ Routines")  # the browser again
    pane.send("C-q")
    assert pane.exit_status() == 0
