"""Pinned pictures of the History screen: a fixed generated history on a fixed "today",
full at 80x24 and compact at 40x12, a session's detail, and the empty history."""

from __future__ import annotations

from pathlib import Path

import pytest
from histories import TODAY, open_history, write_history

from stretchtui.tui.app import StretchApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, user_dirs: dict[str, Path], size: tuple[int, int]) -> None:
    write_history(user_dirs["data"])
    assert snap_compare(StretchApp(today=lambda: TODAY), terminal_size=size, run_before=open_history)


def test_history_by_stretch_and_a_session(snap_compare, user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    async def by_stretch(pilot) -> None:
        await open_history(pilot)
        await pilot.press("t", "down", "down", "enter")

    assert snap_compare(StretchApp(today=lambda: TODAY), terminal_size=(80, 24), run_before=by_stretch)


def test_history_empty(snap_compare) -> None:
    assert snap_compare(StretchApp(today=lambda: TODAY), terminal_size=(80, 24), run_before=open_history)
