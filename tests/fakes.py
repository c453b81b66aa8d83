"""Test doubles shared by the session tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from stretchtui.model import Routine, RoutineItem, Stretch
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
