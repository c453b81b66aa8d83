"""The README's tmux recipes, each in a real tmux server whose client is attached inside a
pane of a second server, so that capture-pane of that pane reads what the client draws:
the status line. The popup and the split, as the README writes them now, are journeys:
tests/journeys/test_journey_tmux_recipes.py reads their lines from the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem

pytestmark = pytest.mark.tmux

HOLD = Routine("Hold", get_ready=0, rest=0, transition=0,
               items=(RoutineItem("childs-pose", hold=8, reps=1),))


def test_the_status_line_recipe_draws_the_session_then_the_time_since(nested, tmp_path: Path) -> None:
    routines = write_routines(tmp_path / "routines.toml", HOLD)
    inner, outer = nested(["stretchtui", "--routines", str(routines), "run", "Hold", "--no-summary"])
    inner.tmux("set-option", "-g", "status-right", "#(stretchtui status --tmux)")
    inner.tmux("set-option", "-g", "status-interval", "1")  # the README says 5: a quicker test
    drawn = outer.wait_for("Child's Pose 0:0", timeout=10).splitlines()[-1]
    assert drawn.rstrip().endswith("1/1") and "#[" not in drawn  # tmux read the markup
    assert inner.exit_status(timeout=15) == 0
    drawn = outer.wait_for("stretched 0m ago", timeout=5).splitlines()[-1]
    assert "#[" not in drawn
