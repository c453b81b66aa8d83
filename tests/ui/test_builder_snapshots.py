"""Pinned pictures of the routine builder: empty and with several items, at 80x24, in a
50x16 pane and in a 40x12 pane (where the item list and the library take turns)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from stretchtui.tui.app import StretchApp

SEVERAL = [
    "a", "j", "j", "a", "j", "a", "j", "j", "j", "a", "j", "j", "j", "a",  # five stretches
    "l", "up", "tab", "4", "5", "shift+tab",  # hold 45 on the fourth, back to the list
]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((50, 16), id="50x16")]


def new_routine(*keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Open the builder on a new, empty routine ("New routine" in the palette), press `keys`,
    and clear the notices they left (each one-letter command says what it did)."""

    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, StretchApp)
        app.open_builder()
        await pilot.pause()
        await pilot.press(*keys)
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_builder_empty(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, run_before=new_routine())


@pytest.mark.parametrize("size", [*SIZES, pytest.param((40, 12), id="40x12")])
def test_builder_several_items(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(StretchApp(), terminal_size=size, run_before=new_routine(*SEVERAL))


def test_builder_narrow_library_turn(snap_compare) -> None:
    assert snap_compare(StretchApp(), terminal_size=(40, 12), run_before=new_routine(*SEVERAL, "l"))


def test_builder_rejected_value(snap_compare) -> None:
    assert snap_compare(StretchApp(), terminal_size=(80, 24),
                        run_before=new_routine(*SEVERAL, "tab", "ctrl+u", *"9999"))


def test_builder_sides_list_opens_clear_of_the_status_line(snap_compare) -> None:
    """The sides drop-down of an item near the bottom opens above, not over the footer."""
    keys = ["j"] * 7 + ["a", "l", "tab", "tab", "tab", "enter"]  # add Lumbar Rotation, open sides
    assert snap_compare(StretchApp(), terminal_size=(80, 24), run_before=new_routine(*keys))
