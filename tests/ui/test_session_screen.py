"""The session view driven by keys with a fake clock: times, controls, stop, summary, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock, save_routine
from histories import read_history
from pilots import until
from textual.widgets import Static

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.confirm import ConfirmScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.screens.summary import SummaryScreen
from stretchtui.tui.widgets.countdown import Countdown
from stretchtui.tui.widgets.hold_bar import HoldBar

SHORT = Routine("Short", get_ready=3, rest=2, transition=4, items=(
    RoutineItem("standing-side-bend", hold=6, reps=2),
    RoutineItem("cat-cow", hold=5, reps=1),
))


async def settle(app: StretchApp, pilot) -> None:
    """Let the view catch up with the moved clock now, not at the timer's next tick
    (under load the 10 Hz timer may not have fired yet)."""
    for screen in app.screen_stack:  # under a question or help too
        if isinstance(screen, SessionScreen):
            screen.tick()
    await pilot.pause()


async def ring_out(app: StretchApp, clock: FakeClock, pilot) -> None:
    """Let the three bells of the end ring (a quarter second apart), as the screen waits
    for them before the summary."""
    for _ in range(4):
        clock.advance(0.3)
        await settle(app, pilot)


def text(app: StretchApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def shown_time(app: StretchApp) -> str:
    return app.screen.query_one(Countdown).value


async def start(routine: Routine = SHORT, size: tuple[int, int] = (80, 24), **kwargs):
    clock = FakeClock()
    app = StretchApp(clock=clock, **kwargs)
    return app, clock


async def test_full_routine_runs_to_the_summary_on_planned_times(user_dirs: dict[str, Path]) -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        session = app.keeper.session
        assert isinstance(app.screen, SessionScreen)
        seen = []
        for step in session.plan.steps:
            assert session.step is step
            seen.append((text(app, "#title"), text(app, "#detail"), shown_time(app)))
            clock.advance(step.duration)
            await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)  # the end's three bells ring first
        await ring_out(app, clock, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert seen[:4] == [
            ("Get ready", "first: Standing Side Bend", "0:03"),
            ("Standing Side Bend", "left side, 1 of 2", "0:06"),
            ("Switch sides", "next: right side", "0:02"),
            ("Standing Side Bend", "right side, 1 of 2", "0:06"),
        ]
        assert ("Cat/Cow", "cow, 1 of 1", "0:05") in seen
        assert [offset for _, offset in session.starts] == [s.start for s in session.plan.steps]
        summary = str(app.screen.query_one("#figures", Static).content.columns[1]._cells)
        assert "2 of 2" in summary and "0:47" in summary
        await pilot.press("enter")
        assert isinstance(app.screen, BrowserScreen)
    records, problems = read_history()
    assert problems == []
    assert records[-1]["routine"] == "Short"
    assert records[-1]["completed"] is True
    assert records[-1]["planned_s"] == records[-1]["done_s"] == 47
    assert records[-1]["steps"] == len(session.plan.steps)
    assert records[-1]["skipped"] == 0


async def test_readout_counts_down_and_bar_fills() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(3 + 1.5)  # 1.5 s into the first 6 s hold
        await settle(app, pilot)
        assert shown_time(app) == "0:05"
        assert app.screen.query_one(HoldBar).fraction == 0.25
        assert text(app, "#overall") == "step 2 of 11 · under a minute left"


async def test_the_seconds_of_a_hold_repaint_without_laying_out_the_screen(monkeypatch) -> None:
    """A second of a hold changes text of the same width: a repaint, not a layout pass of
    the whole screen (which was most of a hold's CPU)."""
    layouts: list[float] = []
    original = SessionScreen._refresh_layout

    def counting(self, *args, **kwargs):
        layouts.append(clock.now)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SessionScreen, "_refresh_layout", counting)
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(3 + 0.5)  # into the first 6 s hold
        await settle(app, pilot)
        await pilot.pause()
        before = len(layouts)
        shown = [shown_time(app)]
        for _ in range(4):
            clock.advance(1)
            await settle(app, pilot)
            shown.append(shown_time(app))
        assert shown == ["0:06", "0:05", "0:04", "0:03", "0:02"]
        assert len(layouts) == before


async def test_on_the_real_clock_the_view_wakes_only_when_something_changes(monkeypatch) -> None:
    """On the real clock the view sleeps until the next whole second, step or bell instead
    of reading the clock ten times a second (a third of a hold's CPU): a 3 s routine is
    drawn second by second, rings its bells and ends, in a few wake-ups."""
    woken: list[tuple[int, str]] = []
    original = SessionScreen.tick

    def counting(self: SessionScreen) -> None:
        original(self)
        if not self._ended:
            woken.append((self.session.index, self.query_one(Countdown).value))

    monkeypatch.setattr(SessionScreen, "tick", counting)
    tiny = Routine("Tiny", get_ready=1, rest=0, transition=0,
                   items=(RoutineItem("reach-for-the-sky", hold=2, reps=1),))
    app = StretchApp()  # the real monotonic clock
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(tiny)
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen), 10)
    shown = list(dict.fromkeys(woken))  # each (step, time) in the order it was first drawn
    assert shown == [(0, "0:01"), (1, "0:02"), (1, "0:01"), (1, "0:00")]
    # get ready, two seconds of hold, the end and its three bells: polling took about 35
    assert len(woken) <= 10, woken


async def test_a_wake_up_that_comes_after_the_screen_went_does_nothing(monkeypatch) -> None:
    """A wake-up that falls due as Textual takes the screen down (its widgets go first)
    must neither draw on the missing widgets (a crash on quitting) nor set another
    wake-up that would outlive the screen."""
    tiny = Routine("Tiny", get_ready=1, items=(RoutineItem("reach-for-the-sky", hold=30),))
    app = StretchApp()  # the real clock: the screen sleeps on timers
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.start_session(tiny)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        app.pop_screen()
        await pilot.pause()
        alarms: list[float] = []
        monkeypatch.setattr(app, "set_timer", lambda delay, *args, **kwargs: alarms.append(delay))
        app.keeper.clock = lambda: 10**9  # long past every deadline: everything has changed
        screen.session.clock = app.keeper.clock
        screen.tick()
        screen._set_alarm()
        assert alarms == []
    assert app.return_code in (None, 0)


async def test_pause_and_resume_by_space_lose_no_time() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(1)
        await pilot.press("space")
        assert app.keeper.session.paused
        assert "Paused" in text(app, "#status")
        clock.advance(500)
        await settle(app, pilot)
        assert app.keeper.session.index == 0 and app.keeper.session.remaining == 2
        await pilot.press("space")
        assert text(app, "#status") == ""
        clock.advance(2)
        await settle(app, pilot)
        assert text(app, "#detail") == "left side, 1 of 2"


async def test_next_previous_restart_plus_minus_keys() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        await pilot.press("n")
        assert text(app, "#detail") == "left side, 1 of 2"
        clock.advance(4)
        await pilot.press("r")
        assert app.keeper.session.remaining == 6
        await pilot.press("plus")
        assert shown_time(app) == "0:11"
        await pilot.press("minus", "minus")
        assert shown_time(app) == "0:01"
        await pilot.press("p")
        assert text(app, "#title") == "Get ready"
        assert app.keeper.session.skipped == {0}


async def test_stop_asks_first_and_records_a_stopped_session() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(5)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.keeper.session.paused  # the hold waits while the question is open
        clock.advance(30)
        await pilot.press("n")  # keep going
        assert isinstance(app.screen, SessionScreen)
        assert not app.keeper.session.paused and app.keeper.session.remaining == 4
        clock.advance(1)
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Stopped early" in str(app.screen.query_one("#headline", Static).render())
        figures = app.screen.query_one("#figures", Static).content
        rows = dict(zip(figures.columns[0]._cells, figures.columns[1]._cells, strict=True))
        # 3 s into the first 6 s hold (of 2 sides x 2 reps): nothing done in full
        assert rows["Stretches done"] == "0 of 2, 1 in part"
        assert rows["Holds done"] == "0 of 6"
    records, _ = read_history()
    assert records[-1]["completed"] is False
    assert records[-1]["done_s"] == 6


async def test_ctrl_q_asks_the_same_question_as_q_then_quits_keeping_the_record() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(5)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)  # not quit at once
        assert "Stop this session" in str(app.screen.query_one("#question", Static).render())
        assert app.keeper.session.paused
        clock.advance(30)
        await pilot.press("n")  # keep going: nothing lost, the hold goes on
        assert isinstance(app.screen, SessionScreen) and app.is_running
        assert not app.keeper.session.paused and app.keeper.session.remaining == 4
        clock.advance(1)
        await pilot.press("ctrl+q", "y")
        assert await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0  # the app quit as asked (`run` says 1: stopped early)
    records, _ = read_history()
    assert records[-1]["completed"] is False and records[-1]["done_s"] == 6


async def test_ctrl_q_under_run_asks_and_exits_1() -> None:
    app, _ = await start(run=SHORT)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert await until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert read_history()[0][-1]["completed"] is False


async def test_bell_rings_at_each_transition_and_m_mutes_it() -> None:
    app, clock = await start()
    rings = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: rings.append(clock.now)  # type: ignore[method-assign]
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(3)
        await settle(app, pilot)
        assert len(rings) == 1
        await pilot.press("m")
        clock.advance(6)
        await settle(app, pilot)
        assert len(rings) == 1


async def test_run_mode_exits_with_status_and_without_summary(user_dirs: dict[str, Path]) -> None:
    app, clock = await start(run=SHORT, summary=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        clock.advance(47)
        await ring_out(app, clock, pilot)
    assert app.return_value == 0
    assert read_history()[0][-1]["completed"] is True


async def test_a_saved_routine_starts_from_the_browser(user_dirs: dict[str, Path]) -> None:
    app = StretchApp(clock=FakeClock())
    save_routine(app.catalog.routines_path, app.catalog.library, SHORT)
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "enter")
        assert isinstance(app.screen, SessionScreen)
        assert app.keeper.session.plan.routine.name == "Short"


async def test_compact_layout_in_a_small_pane() -> None:
    app, clock = await start()
    async with app.run_test(size=(40, 12)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(4)
        await settle(app, pilot)
        assert not app.screen.query_one(Countdown).display
        assert text(app, "#time") == "0:05"  # the name is on the title line, once
        assert text(app, "#title") == "Standing Side Bend"
        assert app.screen.query_one(HoldBar).region.bottom <= 11
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        assert app.screen.query_one(Countdown).display
        assert app.keeper.session.remaining == 5


async def test_a_paused_session_stays_paused_after_the_stop_question() -> None:
    app, _ = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.press("space", "q", "n")
        assert isinstance(app.screen, SessionScreen) and app.keeper.session.paused


async def test_the_sessions_help_explains_its_bells_and_the_browsers_has_no_notes() -> None:
    """The session screen's help_notes (screens.HasHelpNotes) reach its help; a screen
    without notes gets none."""
    app, _ = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and not app.screen.query(".note")
        await pilot.press("escape")
        app.start_session(SHORT)
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        notes = [str(note.render()) for note in app.screen.query(".note")]
        assert len(notes) == 1 and notes[0].startswith("One bell: a hold starts.")


async def test_a_session_ending_under_the_help_closes_it_and_shows_the_summary() -> None:
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.start_session(SHORT)
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        clock.advance(60)
        await ring_out(app, clock, pilot)
        assert [type(s) for s in app.screen_stack] == [BrowserScreen, SummaryScreen]
        await pilot.press("enter")
        assert isinstance(app.screen, BrowserScreen)
    records, _ = read_history()
    assert records[-1]["completed"] is True


async def test_a_session_ending_under_the_builder_waits_and_keeps_the_builder() -> None:
    from stretchtui.tui.screens.builder import BuilderScreen

    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.start_session(SHORT)
        await pilot.pause()
        app.open_builder()
        await pilot.pause()
        clock.advance(60)
        await pilot.pause(0.2)
        assert isinstance(app.screen, BuilderScreen)
        app.pop_screen()
        await ring_out(app, clock, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert [type(s) for s in app.screen_stack] == [BrowserScreen, SummaryScreen]


async def test_a_second_session_is_refused_while_one_runs() -> None:
    app, _ = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        first = app.keeper.session
        app.start_session(Routine("Other", items=(RoutineItem("cat-cow"),)))
        await pilot.pause()
        assert app.keeper.session is first
        assert sum(isinstance(s, SessionScreen) for s in app.screen_stack) == 1


async def test_cat_cow_shows_both_positions_in_order() -> None:
    app, clock = await start()
    routine = Routine("CC", get_ready=2, items=(RoutineItem("cat-cow", hold=4, reps=1),))
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        app.start_session(routine)
        await pilot.pause()
        shown = []
        for step in app.keeper.session.plan.steps:
            cues = text(app, "#cues").splitlines()
            shown.append((text(app, "#detail"), text(app, "#next"), cues[0] if cues else ""))
            clock.advance(step.duration)
            await settle(app, pilot)
        await ring_out(app, clock, pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert shown == [
        ("first: Cat/Cow", "Next: Cat/Cow, cat (4 s)",
         "• Kneel on all fours: hands under shoulders, knees under hips."),
        ("cat, 1 of 1", "Next: Cat/Cow, cow (4 s)",
         "Now: Cat: back rounded up toward the ceiling"),
        ("cow, 1 of 1", "Next: done", "Now: Cow: back dropped into a swayback"),
    ]


async def test_the_bar_is_visible_with_no_color(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        clock.advance(3 + 2)  # a third of the first 6 s hold
        await settle(app, pilot)
        bar = app.screen.query_one(HoldBar)
        assert bar.render_line(0).text.startswith("█" * (bar.size.width // 3 - 1))
        clock.advance(1)  # half, and the last three seconds: another glyph
        await settle(app, pilot)
        line = bar.render_line(0).text
        assert line.startswith("▓" * (bar.size.width // 2 - 1)) and "█" not in line


async def _run_out_by_its_own_timer(app: StretchApp, clock: FakeClock, pilot) -> None:
    """Let the session end the way it does for a user: on the screen's own timer (which runs
    in the session screen's context), never by calling tick() from the test."""
    def summary_shown() -> bool:
        clock.advance(0.3)  # the end's bells ring a quarter second apart
        return isinstance(app.screen, SummaryScreen)

    clock.advance(sum(step.duration for step in app.keeper.session.plan.steps))
    assert await until(pilot, summary_shown, 5)


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_leaving_a_completed_sessions_summary_returns_to_a_browser_that_answers(key: str) -> None:
    """The summary of a routine run to its end, left with enter or esc, crashed the app
    (a dismissal awaited from the session screen's own timer)."""
    app, clock = await start()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        await _run_out_by_its_own_timer(app, clock, pilot)
        await pilot.press(key)
        assert await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        before = app.screen.focused
        await pilot.press("j", "h")
        assert await until(pilot, lambda: type(app.screen).__name__ == "HistoryScreen")
        assert before is not None and app.keeper.session is None
    assert app.return_code in (None, 0)
    records, _ = read_history()
    assert [r["completed"] for r in records] == [True]


async def test_run_exits_0_after_the_summary_of_a_completed_routine() -> None:
    app, clock = await start(run=SHORT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _run_out_by_its_own_timer(app, clock, pilot)
        await pilot.press("enter")
        assert await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
