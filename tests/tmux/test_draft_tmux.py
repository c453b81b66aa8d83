"""A dropped connection (the tmux server killed: SIGHUP) keeps the builder's unsaved draft,
and the installed app offers it back the next time the builder opens."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux


def test_a_draft_survives_a_killed_pane_and_is_restored(tmux, user_dirs: dict[str, Path]) -> None:
    kept = user_dirs["state"] / "builder-draft.toml"
    pane = tmux([], width=80, height=24)
    pane.wait_for("Full back series")
    pane.send("b")
    pane.wait_for("Full back series (copy)")
    pane.send("a")  # one stretch more: the draft is unsaved
    pane.wait_for("Added")
    pane.close()  # kills the tmux server: the app gets SIGHUP, as when SSH drops
    deadline = time.monotonic() + 10
    while not kept.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kept.is_file()
    items = len(tomllib.loads(kept.read_text())["routines"][0]["items"])

    pane = tmux([], width=80, height=24)
    pane.wait_for("Full back series")
    pane.send("b")
    pane.wait_for("Restore the unsaved draft")
    pane.send("y")
    pane.wait_for("Draft restored")
    pane.send("C-s")
    pane.wait_for("Saved")
    saved = tomllib.loads((user_dirs["data"] / "routines.toml").read_text())["routines"]
    assert [r["name"] for r in saved] == ["Full back series (copy)"]
    assert len(saved[0]["items"]) == items == 9
    assert not kept.exists()
