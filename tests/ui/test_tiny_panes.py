"""Panes far too small for the layout: keys must never crash the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilots import until
from textual.command import CommandList, CommandPalette

from stretchtui.tui.app import StretchApp


@pytest.mark.parametrize("size", [(10, 4), (20, 6)])
async def test_the_palettes_page_keys_in_a_tiny_pane(
    user_dirs: dict[str, Path], size: tuple[int, int]
) -> None:
    app = StretchApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        for key in ("pagedown", "pagedown", "pageup", "down", "pagedown", "r", "pagedown", "pageup"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
    assert app.return_code in (None, 0)


async def test_the_palettes_page_keys_still_page_where_there_is_room(user_dirs: dict[str, Path]) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"routine")
        options = app.screen.query_one(CommandList)
        assert await until(pilot, lambda: options.option_count >= 10, seconds=5)
        await pilot.press("down")
        first = options.highlighted
        await pilot.press("pagedown")
        assert await until(pilot, lambda: (options.highlighted or 0) > (first or 0) + 1)
