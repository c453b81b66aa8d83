"""`stretchtui status` and a state file left by a SIGKILLed paused app whose pid now
belongs to another process: nothing is running, not "paused" for ever."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from stretchtui.core.status import RunningState
from stretchtui.storage import runtime


def status() -> str:
    done = subprocess.run([sys.executable, "-m", "stretchtui", "status", "--format", "{state}"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env=dict(os.environ))
    assert done.returncode == 0
    return done.stdout.strip()


def test_a_paused_file_whose_pid_was_reused_is_not_a_paused_session(user_dirs: dict[str, Path]) -> None:
    other = subprocess.Popen(["sleep", "60"])  # the program that got the dead app's pid
    try:
        paused = RunningState(pid=other.pid, started=time.time() - 60, routine="Desk break",
                              stretch="Cat/Cow", side="", step=2, steps=9, kind="hold", paused=True,
                              left=12.0)
        assert runtime.publish(paused)
        assert status() == "paused"  # its own process, still alive: paused
        started = runtime.process_start(other.pid)
        assert started is not None
        state = user_dirs["runtime"] / f"{other.pid}.session"
        state.write_text(runtime.render(paused, str(int(started) - 1)) or "")  # written by an earlier process
        assert status() != "paused"
        assert not state.exists()
    finally:
        other.kill()
        other.wait()
