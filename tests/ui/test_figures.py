"""The figures in the app: the browser's detail pane shows every part of the highlighted
stretch; the session shows the current step's figure, changes it with the step, never
repaints it while a hold runs, and hides it where there is no room."""

from __future__ import annotations

from fakes import FakeClock
from pilots import until

from stretchtui.core.figure import Figure
from stretchtui.core.model import Routine, RoutineItem
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.widgets.figures import Figures
from stretchtui.tui.widgets.stretch_detail import StretchDetail

ROUTINE = Routine("Figures", get_ready=3, rest=2, transition=4, items=(
    RoutineItem("standing-side-bend", hold=6, reps=1),
    RoutineItem("cat-cow", hold=5, reps=1),
))


def captions(figures: Figures) -> list[str]:
    return [figure.caption for figure in figures.figures]


def drawn(figures: Figures) -> str:
    return str(figures.render())


async def test_the_detail_pane_shows_each_part_of_the_stretch() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"cat cow", "enter")
        figures = app.screen.query_one(StretchDetail).query_one(Figures)
        assert await until(pilot, lambda: captions(figures) == ["Cat", "Cow"])
        assert figures.display and figures.region.height == 8
        text = drawn(figures)
        assert "Cat" in text and "Cow" in text and any(0x2800 < ord(c) <= 0x28FF for c in text)
        await pilot.press("escape", "slash", *"side bend", "enter")
        assert await until(pilot, lambda: captions(figures) == ["left side", "right side"])


async def test_a_stretch_without_a_pose_shows_no_figure(user_dirs) -> None:
    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "stretches.toml").write_text(
        '[[stretches]]\nid = "neck-roll"\nname = "Neck Roll"\nareas = ["upper back"]\n'
        'feel_it_in = "Your neck."\ncues = ["Roll slowly."]\nhold = 20\n', encoding="utf-8")
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"neck roll", "enter")
        detail = app.screen.query_one(StretchDetail)
        assert await until(pilot, lambda: detail.stretch is not None and detail.stretch.id == "neck-roll")
        assert not detail.query_one(Figures).display


async def figure_after(app: StretchApp, clock: FakeClock, pilot, seconds: float) -> Figure | None:
    clock.advance(seconds)
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    screen.tick()
    await pilot.pause()
    figures = screen.query_one(Figures).figures
    return figures[0] if figures else None


async def test_the_session_figure_follows_the_step_and_never_repaints_during_a_hold(monkeypatch) -> None:
    renders: list[tuple[Figure, ...]] = []
    original = Figures.render

    def counting(self: Figures):
        renders.append(self.figures)
        return original(self)

    monkeypatch.setattr(Figures, "render", counting)
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(ROUTINE)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        # getting ready already shows what to get into: the left side
        assert (await figure_after(app, clock, pilot, 0)).caption == "left side"
        left = await figure_after(app, clock, pilot, 3.5)
        assert left.caption == "left side" and not left.mirrored
        assert screen.query_one(Figures).region.width > 20
        assert await until(pilot, lambda: renders and renders[-1] == (left,))
        painted = len(renders)
        for _ in range(4):  # four seconds of the hold: the clock moves, the figure does not
            await figure_after(app, clock, pilot, 1)
        assert len(renders) == painted
        switch = await figure_after(app, clock, pilot, 2)  # "switch sides" shows the next side
        assert switch.caption == "right side" and switch.mirrored
        assert await until(pilot, lambda: renders[-1] == (switch,))
        assert (await figure_after(app, clock, pilot, 2 + 6 + 4)).caption == "Cat"
        assert (await figure_after(app, clock, pilot, 5)).caption == "Cow"
        assert "Cow" in drawn(screen.query_one(Figures))


async def test_a_small_pane_has_no_room_for_the_figure() -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        app.start_session(ROUTINE)
        await pilot.pause()
        await figure_after(app, clock, pilot, 3.5)
        figures = app.screen.query_one(Figures)
        assert figures.figures  # there is a figure for the step, but no room to show it
        assert not figures.display and figures.region.area == 0
