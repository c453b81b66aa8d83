"""Test doubles shared by the session tests."""

from __future__ import annotations

from pathlib import Path

from stretchtui.model import Routine
from stretchtui.storage import render_routines


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
