"""Journey 4: after some sessions, open History, open one session's detail, and go back."""

from __future__ import annotations

import pytest
from journey import QUICK, SIZES, Journey


@pytest.mark.parametrize("size", SIZES)
def test_history_after_sessions_then_a_sessions_detail_and_back(journey: Journey) -> None:
    journey.routines(QUICK)
    for _ in range(2):
        journey.open("run", "Quick one", "--no-summary")
        journey.exits(0)
    journey.open()
    journey.see("/ to filter")
    journey.press("h")
    journey.see("Recent sessions", "Quick one")
    journey.press("Enter")  # the highlighted session's detail
    journey.see("closes", "completed")
    journey.press("Escape")
    journey.gone("closes")
    journey.see("Recent sessions", "Quick one")
    journey.press("Escape")
    journey.see("/ to filter")
    journey.press("C-q")
    journey.exits(0)
    journey.done()
