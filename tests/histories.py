"""A fixed history for the History screen's tests and snapshots: the benchmark's generator
(sessions of the built-in routines as real Sessions record them) ending on a fixed day."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from types import ModuleType

from pilots import until
from textual.pilot import Pilot

from stretchtui.tui.screens.history import HistoryScreen

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 11)
"""A Wednesday: this week has days done and days to come."""


def benchmark_people() -> ModuleType:
    """The benchmark's `people` module (the package lies beside the project, not installed;
    its folder goes last on the path, so the installed stretchtui is still the one imported)."""
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    from benchmarks import people

    return people


def write_history(folder: Path, today: date = TODAY, sessions: int = 500, years: int = 1,
                  rest_days: float = 0.25) -> Path:
    """history.jsonl in the data `folder`: about a session a day over the last year, some
    days off, ending on `today`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "history.jsonl"
    path.write_bytes(benchmark_people().history_lines(sessions, years, today=today,
                                                       rest_days=rest_days))
    return path


async def open_history(pilot: Pilot) -> HistoryScreen:
    """Press the browser's history key and wait (bounded) until the screen has read the history."""
    await pilot.press("h")
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    assert await until(pilot, lambda: screen.summary is not None, seconds=10)
    await pilot.pause()
    return screen
