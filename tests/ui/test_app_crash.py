"""A crash in the running app: the line and the report name the first error, not what
failed after it while the app was going down."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen


async def test_the_first_error_of_a_crash_is_the_one_reported(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: BrowserScreen) -> None:
        raise ZeroDivisionError("the cause")

    def shutdown_fails() -> None:
        raise RuntimeError("a follow-on error")

    monkeypatch.setattr(BrowserScreen, "action_build", broken)
    app = StretchApp()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            monkeypatch.setattr(app.keeper, "shutdown", shutdown_fails)
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
    assert app.crash_line is not None
    assert app.crash_line.startswith("stretchtui crashed: ZeroDivisionError: the cause")
    [report] = (user_dirs["state"]).glob("crash-*.txt")
    text = report.read_text()
    assert text.index("ZeroDivisionError: the cause") < text.index("RuntimeError: a follow-on error")
