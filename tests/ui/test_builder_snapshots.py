"""Pinned pictures of the routine builder: empty and with several items, at 80x24, in a
50x16 pane and in a 40x12 pane (where the item list and the library take turns)."""

from __future__ import annotations

import pytest

from stretchtui.app import StretchApp

OPEN_NEW = ["j", "j", "j", "j", "b"]  # onto a stretch in the browser, then b: a new routine
SEVERAL = [
    *OPEN_NEW,
    "a", "j", "j", "a", "j", "a", "j", "j", "j", "a", "j", "j", "j", "a",  # five stretches
    "l", "up", "tab", "4", "5", "shift+tab",  # hold 45 on the fourth, back to the list
]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((50, 16), id="50x16")]


@pytest.mark.parametrize("size", SIZES)
def test_builder_empty(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, press=OPEN_NEW)


@pytest.mark.parametrize("size", [*SIZES, pytest.param((40, 12), id="40x12")])
def test_builder_several_items(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, press=SEVERAL)


def test_builder_narrow_library_turn(snap_compare) -> None:
    assert snap_compare(StretchApp(), terminal_size=(40, 12), press=[*SEVERAL, "l"])


def test_builder_rejected_value(snap_compare) -> None:
    assert snap_compare(StretchApp(), terminal_size=(80, 24),
                        press=[*SEVERAL, "tab", "ctrl+u", *"9999"])
