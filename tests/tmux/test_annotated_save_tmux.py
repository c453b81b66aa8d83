"""A routines file the user annotated, edited with the builder in the installed program:
every comment survives, in the routines the save did not change and in the one it did
(renamed, a stretch added), and every routine the save did not change stays as written."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

ROUTINES = """\
# My routines (kept in my dotfiles; hand-edited)

[[routines]]
name = "Morning wake"   # before coffee
get_ready = 5
rest = 5
transition = 10

[[routines.items]]
stretch = "cat-cow"  # slowly
reps = 8

# For the desk, between calls
[[routines]]
name = "Quick desk"  # mine, between calls
get_ready = 3
rest = 2  # short rests
transition = 4

[[routines.items]]
stretch = "lumbar-rotation"  # left side first
"""


def test_the_builder_keeps_the_comments_of_a_hand_edited_file(tmux, user_dirs: dict[str, Path]) -> None:
    path = user_dirs["data"] / "routines.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ROUTINES)
    path.chmod(0o600)
    pane = tmux(width=80, height=24)
    pane.wait_for("Full back series")
    pane.send("C-p")
    pane.wait_for("Search")
    pane.send("Edit routine: Quick desk")
    pane.wait_for("Edit routine: Quick desk")
    pane.send("Enter")
    pane.wait_for("Stretches in this routine")
    pane.wait_for("1. Lumbar Rotation")
    pane.send("a")  # the library's first stretch, added to the routine
    pane.wait_for("2. ")
    pane.send("r")  # to the name, renamed
    pane.send("End")
    pane.send(" 2")
    pane.wait_for("Quick desk 2")
    pane.send("C-s")
    pane.wait_for("Saved")
    pane.send("Escape", "Escape")  # out of the name field, then out of the builder
    pane.wait_until_gone("Stretches in this routine")
    pane.send("C-q")
    assert pane.exit_status() == 0
    text = path.read_text()
    morning = ROUTINES[: ROUTINES.index('[[routines]]\nname = "Quick desk"')]
    assert text.startswith(morning)  # the header, the untouched routine and the comment above
    assert "# For the desk, between calls\n[[routines]]" in text
    saved = tomllib.loads(text)["routines"]
    assert [r["name"] for r in saved] == ["Morning wake", "Quick desk 2"]
    assert len(saved[1]["items"]) == 2
    for comment in ('name = "Quick desk 2"  # mine, between calls\n', "rest = 2  # short rests\n",
                    'stretch = "lumbar-rotation"  # left side first\n'):
        assert comment in text  # the changed routine's comments, each on its line
    assert oct(path.stat().st_mode & 0o777) == "0o600"
