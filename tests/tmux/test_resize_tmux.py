"""Every screen, and a running session, survive a sweep of sizes in a real tmux pane."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.history import TIMING_ENV

pytestmark = pytest.mark.tmux

SIZES = [(20, 6), (40, 12), (250, 70), (50, 16), (33, 9), (120, 40), (80, 24), (21, 7), (200, 50)]

SWEEP = Routine("Sweep", get_ready=1, rest=1, transition=1,
                items=(RoutineItem("standing-side-bend", hold=2, reps=1),))


def sweep(pane) -> None:
    for width, height in SIZES:
        pane.resize(width, height)
        time.sleep(0.25)
        assert "Traceback" not in pane.screen(), f"crashed at {width}x{height}"


def test_browser_help_and_builder_survive_a_resize_sweep(tmux) -> None:
    pane = tmux(width=80, height=24)
    pane.wait_for("Lumbar Rotation")
    sweep(pane)
    pane.resize(80, 24)
    pane.send("?")
    pane.wait_for("Help: ")  # the dialog's title ("? Help" is in the browser's footer too)
    sweep(pane)
    pane.resize(80, 24)
    pane.wait_for("Help: ")  # redrawn at 80x24 (mid-redraw, a frame can show the browser alone)
    pane.send("Escape")  # alone: ESC followed at once by b reads as alt+b
    pane.wait_until_gone("Help: ")
    pane.wait_for("▼ Routines")  # the browser, no longer covered
    pane.send("b")
    pane.wait_for("Stretches in this routine")
    sweep(pane)
    pane.resize(80, 24)
    pane.send("C-q")
    time.sleep(0.5)
    screen = pane.screen()
    if "Discard" in screen or "unsaved" in screen.lower():
        pane.send("y")
    assert pane.exit_status() == 0


def test_a_session_survives_a_resize_sweep_and_ends_on_time(tmux, tmp_path: Path, user_dirs) -> None:
    routines = write_routines(tmp_path / "routines.toml", SWEEP)
    pane = tmux(["--routines", str(routines), "run", "Sweep", "--no-summary"], width=80, height=24,
                extra_env={TIMING_ENV: "1"})  # the record keeps when each step began
    pane.wait_for("Get ready", timeout=10)
    started = time.monotonic()
    for width, height in SIZES:  # about 2.3 s of resizing while the 6 s session runs
        pane.resize(width, height)
        time.sleep(0.25)
        assert "Traceback" not in pane.screen()
    assert pane.exit_status(timeout=15) == 0
    assert time.monotonic() - started < 9
    record = json.loads((user_dirs["data"] / "history.jsonl").read_text().splitlines()[-1])
    assert record["completed"] is True
    offsets = record["step_starts"]
    planned = [0, 1, 3, 4]  # get ready, left, switch, right
    assert all(abs(actual - want) < 0.15 for actual, want in zip(offsets, planned, strict=True))
