"""Pinned pictures of the reminder over the browser, in a full terminal and a small pane."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fakes import FakeClock, WallClock

from stretchtui.storage.history import append_record
from stretchtui.tui.app import StretchApp

NOON = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0).timestamp()


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment).astimezone().isoformat(timespec="seconds")


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")])
def test_nudge(snap_compare, user_dirs: dict[str, Path], size: tuple[int, int]) -> None:
    ended = NOON - 80 * 60
    append_record({"routine": "Desk break", "started": iso(ended - 290), "ended": iso(ended),
                   "planned_s": 290, "done_s": 290.0, "steps": 20, "skipped": 0, "completed": True})
    app = StretchApp(clock=FakeClock(), wall_clock=WallClock(NOON))

    async def run_before(pilot) -> None:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.reminders.check()  # 1h 20m since: due since 20 minutes
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
