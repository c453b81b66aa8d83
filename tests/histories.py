"""A fixed history for the History screen's tests and snapshots: the benchmark's generator
(sessions of the built-in routines as real Sessions record them) ending on a fixed day."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from pilots import until
from textual.pilot import Pilot

from stretchtui.core.records import Record, parse_record
from stretchtui.storage import paths
from stretchtui.storage.errors import Problem
from stretchtui.storage.history import _parse_line
from stretchtui.storage.regular import open_file, unreadable
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


# -- readers only the tests need ---------------------------------------------------------


def read_history(path: Path | None = None) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every whole record as written, and a warning for each line that is torn or not a
    record: what the file holds, for tests that check what the app wrote."""
    path = path or paths.history_file()
    try:
        with open_file(path) as handle:
            raw = handle.read()
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [Problem(path, unreadable(error))]
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        record = _parse_line(line)
        if record is not None:
            records.append(record)
        else:
            problems.append(Problem(path, "skipped a damaged or torn line", number))
    return records, problems


def parse_records(raws: Iterable[Any]) -> tuple[list[Record], int]:
    """Every undamaged record, in order, and how many were damaged."""
    records: list[Record] = []
    damaged = 0
    for raw in raws:
        record = parse_record(raw)
        if record is None:
            damaged += 1
        else:
            records.append(record)
    return records, damaged
