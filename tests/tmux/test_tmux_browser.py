"""The installed program in a real terminal (tmux): it opens, filters and quits."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tmux


def test_browser_opens_filters_and_quits(tmux) -> None:
    pane = tmux(width=80, height=24)
    shown = pane.wait_for("Lumbar Rotation")
    assert "Routines" in shown and "Whole back" in shown
    pane.send("/")
    pane.wait_for("Quit", timeout=2)
    pane.send("y", "o", "g", "a")
    shown = pane.wait_for("more below")  # the Yoga Wheel is longer than the pane
    assert "Cat/Cow" not in shown
    pane.send("Enter", "Tab", "End")  # to the list, to the detail, to its end
    pane.wait_for("Full wheel")
    shown = pane.wait_until_gone("more below")
    assert "Progressions" in shown and "Full wheel" in shown
    pane.send("Escape")  # clears the filter (alone: ESC followed at once by a key reads as alt+key)
    pane.wait_for("Cat/Cow")
    pane.send("C-q")
    assert pane.exit_status() == 0


def test_browser_in_a_small_pane(tmux) -> None:
    pane = tmux(width=40, height=12)
    shown = pane.wait_for("Full back series")
    assert "Traceback" not in shown
    pane.send("C-q")
    assert pane.exit_status() == 0
