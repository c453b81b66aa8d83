"""The builder in a real terminal (tmux): ctrl+s, shift+arrows and ctrl+z reach it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux


def test_build_reorder_undo_and_save_in_a_terminal(tmux, user_dirs: dict[str, Path]) -> None:
    pane = tmux(width=80, height=24)
    pane.wait_for("Full back series")
    pane.send("j", "j", "j", "j", "b")  # b on a stretch: a new routine that starts with it
    # the builder's own heading first: the browser's "Desk break" also lists "1. Reach For The Sky"
    pane.wait_for("Stretches in this routine")
    pane.wait_for("1. Reach For The Sky")
    pane.send("j", "j", "a")
    pane.wait_for("2. Cat/Cow")
    pane.send("l", "S-Up")
    pane.wait_for("1. Cat/Cow")
    pane.send("d")
    pane.wait_for("3. Reach For The Sky")
    pane.send("C-z")
    pane.wait_for("2. Reach For The Sky")
    pane.send("C-s")
    pane.wait_for("Saved")
    saved = tomllib.loads((user_dirs["data"] / "routines.toml").read_text())
    assert [item["stretch"] for item in saved["routines"][0]["items"]] == ["cat-cow", "reach-for-the-sky"]
    pane.send("Escape")
    pane.wait_for("New routine")  # back in the browser, which lists the saved routine
    pane.send("C-q")
    assert pane.exit_status() == 0


def test_builder_in_a_small_pane(tmux) -> None:
    pane = tmux(width=40, height=12)
    pane.wait_for("Full back series")
    pane.send("j", "j", "j", "j", "b")
    shown = pane.wait_for("Stretches in this routine")
    assert "1. Reach For The Sky" not in shown  # 40 columns: the library has the focus and the pane
    pane.send("l")  # to the routine's items, which take the pane
    shown = pane.wait_for("1. Reach For The Sky")
    assert "/ to filter" not in shown and "Traceback" not in shown and "Hold" in shown
    pane.send("l")  # and back to the library
    pane.wait_until(lambda shown: "/ to filter" in shown and "1. Reach For The Sky" not in shown)
