"""stretchtui reinstalled (or removed) while it runs: a screen opened later cannot read its
styles or its module. One clear line, and the app goes on; no traceback."""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path

import pytest
from pilots import until
from textual.css.stylesheet import Stylesheet, StylesheetError

from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen


async def test_styles_gone_from_disk_give_one_line_and_the_app_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        def gone(self: Stylesheet, filename: object) -> None:
            raise StylesheetError(f"unable to read CSS file {str(filename)!r}")

        with monkeypatch.context() as patched:  # undoes only this, never the isolation
            patched.setattr(Stylesheet, "read", gone)
            await pilot.press("b")
            assert isinstance(app.screen, BrowserScreen)
            [note] = [n for n in app._notifications if n.title == "Please restart stretchtui"]
            assert note.message.startswith("The builder screen could not be loaded (unable to read CSS file")
            assert "quit and start it again" in note.message
        await pilot.press("j", "s")  # still working: a session starts
        assert app.keeper.session is not None


class Gone(importlib.abc.MetaPathFinder):
    """A screen's module is no longer on disk."""

    def __init__(self, module: str) -> None:
        self.module = module

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == self.module:
            raise ModuleNotFoundError(f"No module named {name!r}")


SESSION = "stretchtui.tui.screens.session"
RATING = "stretchtui.tui.screens.rating"


async def test_a_module_gone_from_disk_gives_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        with monkeypatch.context() as patched:
            patched.delitem(sys.modules, SESSION, raising=False)
            patched.setattr(sys, "meta_path", [Gone(SESSION), *sys.meta_path])
            await pilot.press("s")
            assert isinstance(app.screen, BrowserScreen)
            assert any("The session screen could not be loaded" in n.message for n in app._notifications)
            assert app.keeper.session is None  # nothing half-started is left behind
        await pilot.press("s")
        assert app.keeper.session is not None


async def test_a_question_asked_in_a_worker_that_cannot_load_gives_one_line(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    """The check-in before a session (screens.ask, in a worker): its screen gone from disk
    is one line, and the session starts without a rating."""
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text('checkin = "both"\n')
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        with monkeypatch.context() as patched:
            patched.delitem(sys.modules, RATING, raising=False)
            patched.setattr(sys, "meta_path", [Gone(RATING), *sys.meta_path])
            await pilot.press("s")
            assert await until(pilot, lambda: app.keeper.session is not None)
            assert app.keeper.session.pain_before is None
            assert any("The rating screen could not be loaded" in n.message for n in app._notifications)
