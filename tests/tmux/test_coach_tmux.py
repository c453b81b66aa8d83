"""The coach in the installed program, in a real tmux pane: the safety screen on the first
start only, a check-in that writes both ratings, `!` that writes `hurt`, and a step up that,
accepted on the summary, changes routines.toml."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.history import append_record

pytestmark = pytest.mark.tmux

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]
TINY = Routine("Tiny", get_ready=1, rest=1, transition=1, items=(RoutineItem("childs-pose", hold=2, reps=1),))


def history(user_dirs: dict[str, Path]) -> list[dict]:
    return [json.loads(line) for line in (user_dirs["data"] / "history.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("size", SIZES)
def test_the_first_start_shows_the_safety_screen_once(tmux, unseen: Path, size: tuple[int, int]) -> None:
    pane = tmux([], width=size[0], height=size[1])
    pane.wait_for("Before you stretch", timeout=15)
    assert "emergency care" in pane.screen(joined=True)
    pane.send("Enter")
    pane.wait_until_gone("Before you stretch")
    assert unseen.is_file()
    pane.send("C-q")
    assert pane.exit_status() == 0
    again = tmux(["run", "Desk break", "--no-summary"], width=size[0], height=size[1])
    again.wait_for("Get ready", timeout=15)  # straight into the session, no safety screen
    assert "Before you stretch" not in again.screen()


@pytest.mark.parametrize("size", SIZES)
def test_a_session_with_a_check_in_writes_both_ratings(tmux, tmp_path: Path, user_dirs,
                                                       size: tuple[int, int]) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text('checkin = "both"\n')
    routines = write_routines(tmp_path / "routines.toml", TINY)
    pane = tmux(["--routines", str(routines), "run", "Tiny"], width=size[0], height=size[1])
    pane.wait_for("Type 0-10", timeout=15)
    assert "How does your back feel before" in pane.screen()
    pane.send("4")
    pane.wait_until_gone("Type 0-10")
    pane.wait_for("How does your back feel now?", timeout=20)  # after the session, before the summary
    pane.send("1", "0")
    pane.wait_for("Well done", timeout=20)
    pane.send("Enter")
    assert pane.exit_status() == 0
    record = history(user_dirs)[-1]
    assert (record["pain_before"], record["pain_after"], record["completed"]) == (4, 10, True)


def test_this_hurts_writes_hurt(tmux, tmp_path: Path, user_dirs) -> None:
    slow = Routine("Slow", get_ready=1, items=(RoutineItem("childs-pose", hold=60, reps=1),))
    routines = write_routines(tmp_path / "routines.toml", slow)
    pane = tmux(["--routines", str(routines), "run", "Slow"], width=80, height=24)
    pane.wait_for("1 of 1", timeout=15)
    pane.send("!")
    pane.wait_for("This hurts", timeout=5)
    assert "warning signs" in pane.screen(joined=True)
    pane.send("Escape")
    pane.wait_until_gone("This hurts")
    pane.send("q")
    pane.wait_for("Stop this session?", timeout=5)
    pane.send("y")
    pane.wait_for("Stopped early", timeout=5)
    pane.send("Enter")
    assert pane.exit_status() == 1
    assert history(user_dirs)[-1]["hurt"] == ["childs-pose"]


def test_an_accepted_step_up_changes_routines_toml(tmux, tmp_path: Path, user_dirs) -> None:
    routines = write_routines(tmp_path / "routines.toml", TINY)
    start = datetime.now().astimezone() - timedelta(days=3)
    for day in range(2):
        when = (start + timedelta(days=day)).isoformat(timespec="seconds")
        append_record({"routine": "Tiny", "started": when, "ended": when, "planned_s": 4,
                       "done_s": 4.0, "steps": 2, "skipped": 0, "completed": True})
    pane = tmux(["--routines", str(routines), "run", "Tiny"], width=80, height=24)
    pane.wait_for("Next step", timeout=40)
    assert "Child's Pose: hold" in pane.screen()
    pane.send("a")
    pane.wait_for("Saved", timeout=15)
    saved = tomllib.loads(routines.read_text())["routines"][0]["items"][0]
    assert saved == {"stretch": "childs-pose", "hold": 7, "reps": 1}
    pane.send("Enter")
    assert pane.exit_status() == 0
