"""A fixed history for the History screen's tests and snapshots: the benchmark's generator
(sessions of the built-in routines as real Sessions record them) ending on a fixed day; and
the summary of a list of records, made as `load_summary` makes one from a file."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from stretchtui.core.progress import RECENT_LIMIT, Summary, Tally, summary_of
from stretchtui.core.records import History, Record

RUN_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
TODAY = date(2026, 3, 11)
"""A Wednesday: this week has days done and days to come."""


def benchmark_module():
    """benchmarks/run.py, loaded once under the name bench_run."""
    if "bench_run" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_run"]


def write_history(folder: Path, today: date = TODAY, sessions: int = 500, years: int = 1,
                  rest_days: float = 0.25) -> Path:
    """history.jsonl in the data `folder`: about a session a day over the last year, some
    days off, ending on `today`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "history.jsonl"
    path.write_bytes(benchmark_module().history_lines(sessions, years, today=today,
                                                       rest_days=rest_days))
    return path


def columns_of(records: Iterable[Record]) -> History:
    """`records` as the columns `storage.history.parse_history` reads a file into."""
    records = list(records)
    return History([record.started.date() for record in records], [record.tail for record in records],
                   [record.started for record in records], [record.ended for record in records])


def summarize(records: Sequence[Record], *, today: date, daily_goal_min: float = 5,
              damaged: int = 0) -> Summary:
    """The summary of `records` (in history order; a `History` or any sequence) as of `today`,
    by the app's own steps: a tally of them all, and the latest records."""
    history = records if isinstance(records, History) else columns_of(records)
    tally = Tally()
    tally.add(history, damaged)
    return summary_of(tally, history[-RECENT_LIMIT:], today=today, daily_goal_min=daily_goal_min)
