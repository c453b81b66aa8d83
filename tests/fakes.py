"""Test doubles shared by the session tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from stretchtui.core.model import Routine, RoutineItem, Stretch
from stretchtui.storage.render import render_routines
from stretchtui.storage.routines import update_routines


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_routines(path: Path, *routines: Routine) -> Path:
    """A routines file for tests, written by the project's own renderer."""
    path.write_text(render_routines(list(routines)))
    return path


def save_routine(
    path: Path, library: Mapping[str, Stretch], routine: Routine, *, replaces: str | None = None
) -> list[Routine]:
    """Add `routine` to a routines file, or put it in place of the routine named `replaces`."""
    target = (replaces or routine.name).casefold()

    def change(current: list[Routine]) -> list[Routine]:
        names = [r.name.casefold() for r in current]
        if target in names:
            current[names.index(target)] = routine
            return current
        return [*current, routine]

    return update_routines(path, library, change)


def named(name: str, **fields: object) -> Routine:
    """A routine of one stretch: the smallest routine a file may hold."""
    return Routine(name, items=(RoutineItem("cat-cow"),), **fields)  # type: ignore[arg-type]


def at(text: str) -> float:
    """Epoch seconds of an ISO date and time with its offset."""
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp()


class WallClock:
    """Epoch seconds that move only when told to (the app's wall clock)."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def record_terminal_writes(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """What apps started after this write to the user's terminal through Textual's driver
    (App.run_test's headless driver is replaced by one that keeps each write). Textual's
    own mouse pointer shapes (OSC 22) are left out; frames are never written headless."""
    from textual.drivers import headless_driver

    written: list[str] = []

    class RecordingDriver(headless_driver.HeadlessDriver):
        def write(self, data: str) -> None:
            if not data.startswith("\x1b]22;"):
                written.append(data)

    monkeypatch.setattr(headless_driver, "HeadlessDriver", RecordingDriver)
    return written


# get ready 2 · side bend left 4 · switch 1 · right 4 · transition 2 · cat 3 · cow 3 · end
EARS = Routine("Ears", get_ready=2, rest=1, transition=2, items=(
    RoutineItem("standing-side-bend", hold=4, reps=1),
    RoutineItem("cat-cow", hold=3, reps=1),
))
"""A routine to follow by ear: sides, positions, a transition and the end."""
EARS_RINGS = [
    2.0,                        # side bend, left: one bell
    3.0, 4.0, 5.0,              # its last three seconds
    6.0, 6.3,                   # switch sides: two bells
    7.0,                        # right side: one bell
    8.0, 9.0, 10.0,             # countdown
    13.0,                       # cat: one bell
    14.0, 15.0,                 # countdown (3 s hold: the bell at 3 s left is the start's)
    16.0, 16.3,                 # cow: the next position, two bells
    17.0, 18.0,
    19.0, 19.3, 19.6,           # done: three bells
]
"""When EARS rings, in seconds from its start, as a screen refreshing every 0.1 s rings it
(a pattern's bells are 0.25 s apart, heard at the next refresh)."""


def ended_ago(minutes: float, routine: str = "Desk break", done_s: int = 300) -> dict[str, object]:
    """A history record of a completed session that ended `minutes` ago (local time)."""
    from datetime import datetime, timedelta

    ended = datetime.now().astimezone() - timedelta(minutes=minutes)
    started = ended - timedelta(seconds=done_s)
    return {"routine": routine, "started": started.isoformat(timespec="seconds"),
            "ended": ended.isoformat(timespec="seconds"), "planned_s": done_s, "done_s": float(done_s),
            "steps": 20, "skipped": 0, "completed": True}


def shell_script(path: Path, body: str) -> str:
    """An executable `#!/bin/sh` script at `path` (a hook, a meeting check, a stand-in
    program); its path as text."""
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


LOCK_HOLDER = """
import fcntl, os, sys
handle = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(handle, fcntl.LOCK_EX)
os.pwrite(handle, f"{os.getpid()}\\n".encode(), 0)
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin (or kills us)
"""
"""A program that holds a save lock (argv[1]) the way another stretchtui would."""


@contextmanager
def lock_held(lock: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding `lock` (LOCK_HOLDER) until the block ends or closes its
    stdin; killed at the end either way."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()
