"""The installed `stretchtui run` in a real tmux pane: screen, keys, history and exit status."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem

pytestmark = pytest.mark.tmux

TINY = Routine("Tiny", get_ready=1, rest=1, transition=1, items=(
    RoutineItem("standing-side-bend", hold=2, reps=1),
    RoutineItem("childs-pose", hold=1, reps=1),
))


def history(user_dirs: dict[str, Path]) -> list[dict]:
    path = user_dirs["data"] / "history.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_run_pause_next_history_and_exit_status(tmux, tmp_path: Path, user_dirs) -> None:
    routines = write_routines(tmp_path / "routines.toml", TINY)
    pane = tmux(["--routines", str(routines), "run", "ti", "--no-summary"], width=80, height=24)
    pane.wait_for("Standing Side Bend", timeout=10)
    pane.wait_for("left side, 1 of 1", timeout=5)
    pane.send("Space")
    shown = pane.wait_for("Paused", timeout=3)
    time.sleep(1.5)  # paused: no time passes
    assert "left side, 1 of 1" in pane.screen()
    pane.send("Space", "n")  # resume, then skip the rest of the left side
    pane.wait_for("Switch sides", timeout=3)
    assert pane.exit_status(timeout=15) == 0
    record = history(user_dirs)[-1]
    assert record["routine"] == "Tiny"
    assert record["completed"] is True
    assert record["skipped"] == 1
    assert record["planned_s"] == 8  # 1 + 2 + 1 + 2 + 1 + 1
    assert 5.0 <= record["done_s"] <= 8.5  # less the skipped part of one hold
    assert "Traceback" not in shown


def test_run_stopped_early_exits_1_and_records(tmux, tmp_path: Path, user_dirs) -> None:
    slow = replace(TINY, items=(replace(TINY.items[0], hold=30), TINY.items[1]))
    routines = write_routines(tmp_path / "routines.toml", slow)
    pane = tmux(["--routines", str(routines), "run", "Tiny"], width=40, height=12)
    pane.wait_for("Standing Side Bend", timeout=10)
    pane.send("q")
    pane.wait_for("Stop this session?", timeout=3)
    pane.send("y")
    pane.wait_for("Stopped early", timeout=3)
    pane.send("Enter")
    assert pane.exit_status() == 1
    assert history(user_dirs)[-1]["completed"] is False


def test_run_unknown_routine_lists_names_and_exits_2(tmux, tmp_path: Path) -> None:
    pane = tmux(["run", "nope"], width=80, height=24)
    shown = pane.wait_for("no routine is called 'nope'", timeout=10)
    assert "'Desk break'" in shown
    assert pane.exit_status() == 2


LONG_HOLD = Routine("Long hold", get_ready=0, rest=0, transition=0,
                    items=(RoutineItem("childs-pose", hold=40, reps=1),))


def wait_for_record(user_dirs: dict[str, Path], timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    path = user_dirs["data"] / "history.jsonl"
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return history(user_dirs)[-1]
        time.sleep(0.1)
    raise AssertionError("no history record was written")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signals_leave_the_history_record(tmux, tmp_path: Path, user_dirs, signame: str) -> None:
    import os
    import signal
    import subprocess

    routines = write_routines(tmp_path / "routines.toml", LONG_HOLD)
    pane = tmux(["--routines", str(routines), "run", "Long"], width=80, height=24)
    pane.wait_for("Child's Pose", timeout=10)
    time.sleep(1.0)
    own_process = f"^[^ ]*python[^ ]* [^ ]*stretchtui --routines {routines} run"  # not the shell
    pids = subprocess.run(["pgrep", "-f", "--", own_process], capture_output=True,
                          text=True, check=False).stdout.split()
    assert pids, "the stretchtui process was not found"
    for pid in pids:
        os.kill(int(pid), getattr(signal, signame))
    record = wait_for_record(user_dirs)
    assert record["completed"] is False
    assert 0.5 <= record["done_s"] <= 5
    assert pane.exit_status() == 1


def big_digits(screen: str) -> list[str]:
    """The three rows of the large countdown (none while it is not drawn)."""
    rows = screen.splitlines()
    top = next((n for n, row in enumerate(rows) if row.strip().startswith(("╭", "╶", "┌", "╷"))), None)
    return [] if top is None else [row.strip() for row in rows[top : top + 3]]


def test_ctrl_z_and_fg_freeze_the_session(tmp_path: Path, user_dirs) -> None:
    from tmuxdriver import STRETCHTUI, TmuxPane, require_tmux

    require_tmux()
    short = replace(LONG_HOLD, items=(replace(LONG_HOLD.items[0], hold=12),))
    routines = write_routines(tmp_path / "routines.toml", short)
    env = {"XDG_DATA_HOME": str(user_dirs["data"].parent),
           "XDG_CONFIG_HOME": str(user_dirs["config"].parent)}
    pane = TmuxPane(["bash", "--norc", "--noprofile", "-i"], env=env, cwd=tmp_path)
    try:
        pane.send(f"{STRETCHTUI} --routines {routines} run Long --no-summary", "Enter")
        pane.wait_for("Child's Pose", timeout=10)
        time.sleep(1.5)
        # just after the readout turns to a new second: the best part of a second to suspend in
        first = big_digits(pane.wait_until(big_digits))
        before = big_digits(pane.wait_until(lambda screen: big_digits(screen) not in ([], first)))
        pane.send("C-z")
        time.sleep(0.5)
        assert "Stopped" in pane.screen() or "stopped" in pane.screen()
        time.sleep(2.5)  # time that must not count
        pane.send("fg", "Enter")
        shown = pane.wait_until(lambda screen: "Paused" in screen and bool(big_digits(screen)), timeout=5)
        assert big_digits(shown) == before  # the same second as when it was suspended
        pane.send("Space")
        # keys typed before the app has exited would go to the app: wait for the prompt
        pane.wait_until(lambda screen: "Child's Pose" not in screen
                        and screen.rstrip().splitlines()[-1].startswith("bash"), timeout=20)
        pane.send("echo EXIT=$?", "Enter")
        pane.wait_for("EXIT=0", timeout=5)
    finally:
        pane.close()
    record = history(user_dirs)[-1]
    assert record["completed"] is True and record["done_s"] == 12


def test_ctrl_q_in_a_session_asks_as_q_does_then_quits_with_1(tmux, tmp_path: Path, user_dirs) -> None:
    slow = replace(TINY, items=(replace(TINY.items[0], hold=30), TINY.items[1]))
    routines = write_routines(tmp_path / "routines.toml", slow)
    pane = tmux(["--routines", str(routines), "run", "Tiny"], width=40, height=12)
    pane.wait_for("Standing Side Bend", timeout=10)
    pane.send("C-q")
    pane.wait_for("Stop this session and quit?", timeout=3)
    pane.send("n")  # a slip of the finger costs nothing
    pane.wait_until_gone("Stop this session and quit?")
    assert "Standing Side Bend" in pane.screen()
    pane.send("C-q")
    pane.wait_for("Stop this session and quit?", timeout=3)
    pane.send("y")
    assert pane.exit_status() == 1
    assert history(user_dirs)[-1]["completed"] is False
