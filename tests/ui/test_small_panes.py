"""`?` and quit stay in the footer of every screen however narrow; a tiny pane still shows
the session's countdown (issue 18 §3)."""

from __future__ import annotations

import re

import pytest
from fakes import FakeClock
from pilots import until
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.history import HistoryScreen
from stretchtui.tui.screens.session import SessionScreen

SIZES = [(40, 12), (50, 16), (80, 24)]


def visible_keys(app: StretchApp) -> set[str]:
    """The footer keys drawn wholly inside the screen."""
    width = app.screen.size.width
    return {key.key for key in app.screen.query(FooterKey)
            if key.region.width and key.region.right <= width}


async def open_screen(app: StretchApp, pilot, name: str) -> None:
    if name == "builder":
        await pilot.press("b")
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
    elif name == "history":
        await pilot.press("h")
        assert await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
    elif name == "session":
        await pilot.press("s")
        assert await until(pilot, lambda: isinstance(app.screen, SessionScreen))
    else:
        assert isinstance(app.screen, BrowserScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["browser", "builder", "history", "session"])
async def test_help_and_quit_show_in_every_footer(name: str, size: tuple[int, int]) -> None:
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await open_screen(app, pilot, name)
        assert await until(pilot, lambda: "question_mark" in visible_keys(app)), visible_keys(app)
        keys = visible_keys(app)
        assert "ctrl+q" in keys
        if name == "session":
            assert {"space", "q"} <= keys  # pause and stop come before quit


async def test_a_20x6_pane_still_shows_the_countdown() -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.press("s")
        assert await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        clock.advance(1)
        app.screen.tick()
        await pilot.pause()
        time = app.screen.query_one("#time", Static)
        assert time.display and re.fullmatch(r"\d+:\d\d", str(time.render()))
        assert time.region.height == 1 and time.region.bottom <= 5, time.region  # above the footer
        assert "question_mark" in visible_keys(app)
