"""Pinned pictures of the browser at 80x24 and in a 40x12 pane."""

from __future__ import annotations

import pytest

from stretchtui.tui.app import StretchApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]


@pytest.mark.parametrize("size", SIZES)
def test_browser_opened(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_browser_stretch_selected(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, press=["j"] * 7)


@pytest.mark.parametrize("size", SIZES)
def test_browser_filtered(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, press=["slash", *"side"])
