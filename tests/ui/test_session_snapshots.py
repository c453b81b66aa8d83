"""Pinned pictures of the session view: during a hold, a rest, paused, and the summary."""

from __future__ import annotations

import pytest
from fakes import FakeClock

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.session import SessionScreen

ROUTINE = Routine("Snapshot", get_ready=5, rest=5, transition=10, items=(
    RoutineItem("standing-side-bend", hold=30, reps=2),
    RoutineItem("childs-pose", reps=1),
))
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]
MOMENTS = {
    "hold": (5 + 12, []),           # 12 s into the first hold
    "rest": (5 + 30 + 2, []),       # 2 s into "switch sides"
    "paused": (5 + 20, ["space"]),
    "ending": (5 + 28, []),         # the last seconds of the first hold look different
    "summary": (5 + 30 * 4 + 5 * 3 + 10 + 30 + 1, []),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("size", SIZES)
def test_session(snap_compare, size: tuple[int, int], moment: str) -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    seconds, keys = MOMENTS[moment]

    async def run_before(pilot) -> None:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.start_session(ROUTINE)
        await pilot.pause()
        clock.advance(seconds)
        for _ in range(5 if moment == "summary" else 1):  # the end waits for its three bells
            if isinstance(app.screen, SessionScreen):
                app.screen.tick()  # catch up now, not at the timer's next tick
            clock.advance(0.3 if moment == "summary" else 0)
        await pilot.pause(0.2)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
