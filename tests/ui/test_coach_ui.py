"""The coach by keyboard: the first-start safety screen, "this hurts", the check-in, a
step up offered on the summary and undone in the builder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from fakes import FakeClock, save_routine
from histories import read_history
from pilots import until

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.history import append_record
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.paths import routines_file
from stretchtui.storage.routines import load_routines
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.checkin_offer import CheckinOfferScreen
from stretchtui.tui.screens.confirm import ConfirmScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.screens.hurt import HurtScreen
from stretchtui.tui.screens.rating import RatingScreen
from stretchtui.tui.screens.safety import SafetyScreen
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.screens.summary import SummaryScreen

LIBRARY = builtin_stretches()
MINE = Routine("Mine", get_ready=1, rest=1, transition=1, items=(
    RoutineItem("reach-for-the-sky"), RoutineItem("cat-cow", hold=5, reps=1)))


def write_config(user_dirs: dict[str, Path], text: str) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text(text)


async def run_out(app: StretchApp, clock: FakeClock, pilot, until_screen: type) -> None:
    """Move the fake clock through the session until `until_screen` shows (bounded); each
    second is handled with `pause(0)`, without Pilot's idle wait of 20 ms or more."""
    await pilot.pause()
    for _ in range(400):
        if isinstance(app.screen, until_screen):
            return
        clock.advance(1.0)
        for screen in app.screen_stack:
            if isinstance(screen, SessionScreen) and screen.is_mounted:
                screen.tick()
        await pilot.pause(0)
    raise AssertionError(f"never reached {until_screen.__name__}; at {app.screen!r}")


def good_sessions(routine: str, count: int) -> None:
    start = datetime.now().astimezone() - timedelta(days=count + 1)
    for day in range(count):
        when = (start + timedelta(days=day)).isoformat(timespec="seconds")
        append_record({"routine": routine, "started": when, "ended": when, "planned_s": 60,
                       "done_s": 60.0, "steps": 5, "skipped": 0, "completed": True,
                       "pain_before": 3, "pain_after": 2})


async def test_the_first_start_shows_the_safety_screen_once(unseen: Path) -> None:
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")  # the first time, only enter leaves it
        assert isinstance(app.screen, SafetyScreen) and not unseen.exists()
        await pilot.press("enter")
        assert isinstance(app.screen, BrowserScreen)
        assert unseen.is_file()
        await pilot.press("exclamation_mark")  # always reachable: ! from anywhere
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)
    again = StretchApp(clock=FakeClock())
    async with again.run_test(size=(80, 24)):
        assert isinstance(again.screen, BrowserScreen)


async def test_run_on_a_first_start_shows_the_safety_screen_then_the_session(unseen: Path) -> None:
    app = StretchApp(clock=FakeClock(), run=MINE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SafetyScreen) and app.keeper.session is None
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, SessionScreen))


async def test_help_and_the_palette_list_the_warning_signs() -> None:
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any(what.startswith("Warning signs") for _, rows in app.screen._sections
                   for _, what in rows)
        await pilot.press("escape")
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert "Warning signs" in names


async def test_this_hurts_stops_the_hold_records_it_and_leaves_the_stretch_out_on_a_yes() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(app.catalog.book.find("Mine"))
        await pilot.pause()
        clock.advance(1.5)  # into the first hold
        app.screen.tick()
        await pilot.press("exclamation_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HurtScreen))
        session = app.keeper.session
        assert session.paused and session.hurt == ["reach-for-the-sky"]
        assert load_routines(LIBRARY).find("Mine") == MINE  # nothing changed yet
        await pilot.press("l")
        assert isinstance(app.screen, SessionScreen) and session.paused
        assert await until(pilot, lambda: load_routines(LIBRARY).find("Mine").items == MINE.items[1:])
        await pilot.press("q", "y")
        await pilot.pause()
    record = read_history()[0][-1]
    assert record["hurt"] == ["reach-for-the-sky"] and not record["completed"]


async def test_a_check_in_before_and_after_writes_both_ratings(user_dirs: dict[str, Path]) -> None:
    write_config(user_dirs, 'checkin = "both"\n')
    wheel = Routine("Wheel", get_ready=1, items=(RoutineItem("yoga-wheel"),))  # not gentle
    save_routine(routines_file(), LIBRARY, wheel)
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(app.catalog.book.find("Wheel"))
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen) and app.keeper.session is None
        await pilot.press("1", "0")  # two keys make 10: the gentlest routine is offered
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep mine
        assert await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert app.keeper.session.pain_before == 10
        await run_out(app, clock, pilot, RatingScreen)
        await pilot.press("3")
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    record = read_history()[0][-1]
    assert (record["pain_before"], record["pain_after"]) == (10, 3)


async def test_a_skipped_check_in_writes_no_rating(user_dirs: dict[str, Path]) -> None:
    write_config(user_dirs, 'checkin = "after"\n')
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(MINE)
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)  # "after": nothing asked before
        await run_out(app, clock, pilot, RatingScreen)
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    assert not {"pain_before", "pain_after"} & set(read_history()[0][-1])


async def test_the_check_in_is_offered_once_after_the_first_completed_session(
        unasked: Path, user_dirs: dict[str, Path]) -> None:
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(MINE)
        await run_out(app, clock, pilot, CheckinOfferScreen)
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert unasked.is_file() and app.catalog.config.checkin == "after"
        assert 'checkin = "after"' in (user_dirs["config"] / "config.toml").read_text()
        await pilot.press("enter")
        app.start_session(MINE)
        await run_out(app, clock, pilot, RatingScreen)  # this time the rating, no offer


async def test_three_good_sessions_offer_a_step_up_that_one_key_saves_and_ctrl_z_undoes() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    good_sessions("Mine", 2)
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(app.catalog.book.find("Mine"))
        await run_out(app, clock, pilot, SummaryScreen)
        offer = app.screen.offer
        assert offer is not None and offer.describe() == "Reach For The Sky: hold 10 s -> 15 s"
        await pilot.press("a")
        assert await until(pilot, lambda: load_routines(LIBRARY).find("Mine").items[0].hold == 15)
        assert app.screen.offer is None
        await pilot.press("enter")
        app.open_builder(app.catalog.book.find("Mine"))
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
        await pilot.press("ctrl+z", "ctrl+s")
        assert await until(pilot, lambda: load_routines(LIBRARY).find("Mine") == MINE)


async def test_a_built_in_routine_becomes_your_copy_when_a_step_is_accepted() -> None:
    good_sessions("Desk break", 2)
    app = StretchApp(clock=(clock := FakeClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(app.catalog.book.find("Desk break"))
        await run_out(app, clock, pilot, SummaryScreen)
        assert app.screen.offer is not None
        await pilot.press("a")
        assert await until(pilot, lambda: load_routines(LIBRARY).find("Desk break (copy)") is not None)
    assert json.dumps(read_history()[0][-1]).count("Desk break") == 1


async def test_choosing_the_full_wheel_early_is_allowed_after_a_clear_warning() -> None:
    from textual.widgets import Select

    wheel = Routine("Wheel", items=(RoutineItem("yoga-wheel"),))
    save_routine(routines_file(), LIBRARY, wheel)
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_builder(app.catalog.book.find("Wheel"))
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
        screen = app.screen
        assert await until(pilot, lambda: bool(screen.query("#item-progression")))
        assert screen.selected == 0
        levels = screen.query_one("#item-progression", Select)
        levels.value = "3"
        assert await until(pilot, lambda: screen.draft.routine.items[0].progression == 3)
        assert await until(pilot, lambda: any("level 3" in str(n.message) for n in app._notifications))
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: load_routines(LIBRARY).find("Wheel").items[0].progression == 3)
        levels.value = "1"
        await pilot.pause()
        count = len(app._notifications)
        levels.value = "1"
        await pilot.pause()
        assert len(app._notifications) == count  # the first level needs no warning
