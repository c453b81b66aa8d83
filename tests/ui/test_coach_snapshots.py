"""Pinned pictures of the coach's screens at 80x24 and in a 40x12 pane: the safety screen,
the check-in's rating and its one-time offer, "this hurts", a step up on the summary, and
the History screen's pain trend."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fakes import FakeClock, save_routine
from histories import TODAY, open_history
from pilots import until

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.history import append_record
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.paths import routines_file
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.hurt import HurtScreen
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.screens.summary import SummaryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]
LIBRARY = builtin_stretches()
MINE = Routine("Mine", get_ready=1, rest=1, transition=1, items=(
    RoutineItem("reach-for-the-sky"), RoutineItem("yoga-wheel", progression=2)))


def record(days_ago: int, before: int | None = None, after: int | None = None,
           routine: str = "Mine") -> dict[str, object]:
    started = f"{TODAY - timedelta(days=days_ago)}T09:00:00+01:00"
    line: dict[str, object] = {"routine": routine, "started": started, "ended": started,
                               "planned_s": 60, "done_s": 60.0, "steps": 5, "skipped": 0,
                               "completed": True}
    if before is not None:
        line["pain_before"] = before
    if after is not None:
        line["pain_after"] = after
    return line


@pytest.mark.parametrize("size", SIZES)
def test_safety_first_start(snap_compare, unseen: Path, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(clock=FakeClock()), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_rating(snap_compare, user_dirs: dict[str, Path], size: tuple[int, int]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text('checkin = "both"\n')
    app = StretchApp(clock=FakeClock())

    async def ask(pilot) -> None:
        app.start_session(app.catalog.book.find("Desk break"))
        await pilot.pause()
        await pilot.press("1")  # waiting for the second key

    assert snap_compare(app, terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", SIZES)
def test_checkin_offer(snap_compare, unasked: Path, size: tuple[int, int]) -> None:
    app = StretchApp(clock=FakeClock())

    async def offer(pilot) -> None:
        from stretchtui.tui import screens

        screens.show(app, "check-in", screens.checkin_offer_screen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=offer)


@pytest.mark.parametrize("size", SIZES)
def test_this_hurts(snap_compare, size: tuple[int, int]) -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    clock = FakeClock()
    app = StretchApp(clock=clock)

    async def hurt(pilot) -> None:
        app.start_session(app.catalog.book.find("Mine"))
        await pilot.pause()
        clock.advance(1.5)
        assert isinstance(app.screen, SessionScreen)
        app.screen.tick()
        await pilot.press("exclamation_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HurtScreen))

    assert snap_compare(app, terminal_size=size, run_before=hurt)


@pytest.mark.parametrize("size", SIZES)
def test_summary_offers_a_step_up(snap_compare, size: tuple[int, int]) -> None:
    mine = Routine("Mine", get_ready=1, rest=1, transition=1, items=(RoutineItem("reach-for-the-sky"),))
    save_routine(routines_file(), LIBRARY, mine)
    append_record(record(2, 3, 2))
    append_record(record(1, 3, 2))
    clock = FakeClock()
    app = StretchApp(clock=clock, wall_clock=lambda: 1_800_000_000.0)

    async def finish(pilot) -> None:
        app.start_session(app.catalog.book.find("Mine"))
        await pilot.pause()
        for _ in range(200):
            if isinstance(app.screen, SummaryScreen):
                break
            clock.advance(1.0)
            if isinstance(app.screen, SessionScreen):
                app.screen.tick()
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.screen.offer is not None

    assert snap_compare(app, terminal_size=size, run_before=finish)


@pytest.mark.parametrize("size", SIZES)
def test_history_pain_trend(snap_compare, size: tuple[int, int]) -> None:
    for days_ago, before, after in ((40, 7, 6), (33, 6, 6), (26, 6, 5), (19, 5, 4), (12, 5, 4),
                                    (5, 4, 3), (1, 4, 3)):
        append_record(record(days_ago, before, after))
    append_record(record(0))
    assert snap_compare(StretchApp(today=lambda: TODAY), terminal_size=size, run_before=open_history)
