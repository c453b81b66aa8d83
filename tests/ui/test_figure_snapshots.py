"""Pinned pictures of the stick figures: in the browser's detail pane and in the session,
at 80x24 and in a 40x12 pane, on a light theme and under NO_COLOR."""

from __future__ import annotations

import pytest
from fakes import FakeClock

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.session import SessionScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]


def _browse_to(name: str):
    """Filter the browser down to one stretch and show it; in a small pane, scroll the
    details down to the figures (the pane says there is more below)."""
    async def run_before(pilot) -> None:
        await pilot.press("slash", *name, "enter")
        if pilot.app.size.height < 16:
            await pilot.press("tab", "down", "down")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stretch", ["cat cow", "lumbar", "wheel"])
def test_detail_figures(snap_compare, size: tuple[int, int], stretch: str) -> None:
    """Cat and Cow side by side; left and right mirrored; the Yoga Wheel's three levels."""
    assert snap_compare(StretchApp(), terminal_size=size, run_before=_browse_to(stretch))


def test_detail_figures_light_theme(snap_compare) -> None:
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await _browse_to("side bend")(pilot)

    assert snap_compare(StretchApp(), terminal_size=(80, 24), run_before=run_before)


ROUTINE = Routine("Figures", get_ready=5, rest=5, transition=10, items=(
    RoutineItem("cat-cow", reps=1),
    RoutineItem("yoga-wheel", progression=3),
))


def _session_at(clock: FakeClock, seconds: float):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.bell = lambda: None
        app.start_session(ROUTINE)
        await pilot.pause()
        clock.advance(seconds)
        if isinstance(app.screen, SessionScreen):
            app.screen.tick()
        await pilot.pause()

    return run_before


MOMENTS = {"cat": 5 + 3, "cow": 5 + 10 + 3, "wheel": 5 + 20 + 10 + 3}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_session_figure(snap_compare, size: tuple[int, int], moment: str) -> None:
    """The figure follows the step: Cat, then Cow, then the wheel's third level; a 40x12
    pane has no room for it and keeps the name, time and bar."""
    clock = FakeClock()
    app = StretchApp(clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_session_at(clock, MOMENTS[moment]))


def test_session_figure_no_color(snap_compare, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = StretchApp(clock=clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_session_at(clock, MOMENTS["cow"]))
