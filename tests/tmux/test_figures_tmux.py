"""The installed program draws the stick figures in a real terminal (tmux): in the
detail pane, and in a session, where the figure follows the step; a small pane leaves
it out."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem

pytestmark = pytest.mark.tmux

CAT_COW = Routine("Cat cow", get_ready=1, rest=1, transition=1, items=(
    RoutineItem("cat-cow", hold=60, reps=1),
))


def braille(shown: str) -> int:
    """How many cells of the screen are braille dots (a figure)."""
    return sum(0x2800 < ord(char) <= 0x28FF for char in shown)


def test_the_detail_pane_draws_both_sides(tmux) -> None:
    pane = tmux(width=80, height=24)
    pane.wait_for("Lumbar Rotation")
    pane.send("/")  # the footer loses the browser's keys once the filter has the focus
    pane.wait_until(lambda screen: "Start" not in screen.rstrip().splitlines()[-1], timeout=5)
    for _ in range(3):  # keys typed as the filter takes the focus can be lost: type again
        pane.send(*"rotation")
        try:
            pane.wait_until(lambda screen: screen.splitlines()[1].startswith("rotation"), timeout=3)
            break
        except AssertionError:
            pane.send("C-u")  # whatever arrived of it
    pane.send("Enter")
    shown = pane.wait_until(lambda screen: "left side" in screen and "right side" in screen)
    assert braille(shown) > 40
    pane.send("C-q")
    assert pane.exit_status() == 0


def test_the_session_figure_follows_the_position(tmux, tmp_path: Path) -> None:
    routines = write_routines(tmp_path / "routines.toml", CAT_COW)
    pane = tmux(["--routines", str(routines), "run", "cat"], width=80, height=24)
    shown = pane.wait_for("cat, 1 of 1", timeout=10)
    cat = pane.wait_until(lambda screen: "cat, 1 of 1" in screen and braille(screen) > 30)
    pane.send("n")  # on to the cow
    cow = pane.wait_until(lambda screen: "cow, 1 of 1" in screen and braille(screen) > 30)
    drawn_cat = [line for line in cat.splitlines() if braille(line)]
    drawn_cow = [line for line in cow.splitlines() if braille(line)]
    assert drawn_cat != drawn_cow
    assert "Traceback" not in shown
    pane.resize(40, 12)  # a small pane: no room, the name and the time stay
    small = pane.wait_until(lambda screen: braille(screen) == 0 and "cow, 1 of 1" in screen)
    assert "Cat/Cow" in small
