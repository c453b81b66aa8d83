"""The terminal goes away under a running session (tmux killed, an SSH connection dropped):
the session is recorded, `status` stops showing it, and the process ends instead of
lingering without a terminal."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def test_a_session_whose_terminal_dies_is_recorded_and_the_process_ends(
    tmux, user_dirs: dict[str, Path]
) -> None:
    pane = tmux(["run", "Desk break"])
    pane.wait_for("Get ready")
    [state] = list(user_dirs["runtime"].glob("*.session"))
    pid = int(state.stem)
    pane.close()  # kills the tmux server: the app's terminal is gone (SIGHUP)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid)
    assert not state.exists()
    [line] = (user_dirs["data"] / "history.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["routine"] == "Desk break" and record["completed"] is False
