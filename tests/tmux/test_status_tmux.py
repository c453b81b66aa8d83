"""`stretchtui status` beside a running session, as tmux users meet it: from another window,
and drawn in tmux's status line by the README's recipe (read back with capture-pane)."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from fakes import write_routines

from stretchtui.core.model import Routine, RoutineItem

pytestmark = pytest.mark.tmux

HOLD = Routine("Hold", get_ready=0, rest=0, transition=0,
               items=(RoutineItem("childs-pose", hold=60, reps=1),))
"""A hold long enough that a loaded machine's slow starts cannot outlast it: the test ends
it with `n` once it has seen the countdown move."""
STATUS_LOOP = ("while :; do line=$({stretchtui} status 2>>{errors}); printf '\\033[H\\033[2J%s' \"$line\"; "
               "sleep 0.3; done")
"""A window that shows `stretchtui status` afresh every 0.3 s (the line first, then the
screen cleared and the line shown, so it is never read blank)."""


def countdown(line: str) -> int:
    """Seconds left in "Child's Pose 0:06 1/1"."""
    found = re.search(r"(\d+):(\d\d) 1/1", line)
    assert found, line
    return int(found[1]) * 60 + int(found[2])


def pane_title(pane, window: str | None = None, becomes: str | None = None) -> str:
    """The pane's title as tmux keeps it (OSC 2 sets it); with `becomes`, once it is that."""
    deadline = time.monotonic() + 5
    while True:
        title = pane.tmux("display-message", "-p", "-t", pane.target(window), "#{pane_title}").strip()
        if becomes is None or title == becomes or time.monotonic() > deadline:
            return title
        time.sleep(0.1)


def status_line(pane, window: str = "status") -> str:
    return pane.screen(window).splitlines()[0] if pane.screen(window).strip() else ""


def test_status_from_another_window_follows_the_session_then_says_how_long_ago(
    tmux, tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    from tmuxdriver import STRETCHTUI

    routines = write_routines(tmp_path / "routines.toml", HOLD)
    pane = tmux(["--routines", str(routines), "run", "Hold", "--no-summary"], width=80, height=24)
    errors = tmp_path / "status-errors"
    pane.new_window("status", ["sh", "-c", STATUS_LOOP.format(stretchtui=STRETCHTUI, errors=errors)])
    pane.new_window("shell", ["sh", "-c", "sleep 60"])
    try:  # a busy machine: both start slowly
        pane.wait_until(lambda shown: re.match(r"Child's Pose \d:\d\d 1/1", shown.strip()),
                        timeout=30, window="status", what="the status window did not show the hold")
    except AssertionError as error:  # say all there is to know: it failed once, blank, under load
        said = errors.read_text() if errors.exists() else "(nothing)"
        raise AssertionError(f"{error}\nstatus said on stderr: {said}\nwindows:\n"
                             f"{pane.tmux('list-windows', '-t', pane.name)}\n"
                             f"the app's window:\n{pane.screen()}") from None
    first = countdown(status_line(pane))
    assert pane_title(pane, becomes="Child's Pose") == "Child's Pose"  # the window title
    time.sleep(2.2)
    later = countdown(status_line(pane))
    assert status_line(pane).startswith("Child's Pose ") and first - 3 <= later <= first - 1
    pane.send("n")  # skip the rest of the last hold: the routine is done
    assert pane.exit_status(timeout=15) == 0
    pane.wait_for("stretched 0m ago", window="status", timeout=5)
    assert not any(user_dirs["runtime"].glob("*.session"))  # the state file went with the app
    default_title = pane_title(pane, "shell")
    assert pane_title(pane, becomes=default_title) == default_title  # given back at the end

    # A history whose last session ended longer ago than remind_after_min (60): due.
    last = json.loads((user_dirs["data"] / "history.jsonl").read_text().splitlines()[-1])
    two_hours_ago = datetime.fromtimestamp(time.time() - 7200).astimezone()
    last.update(started=two_hours_ago.isoformat(timespec="seconds"),
                ended=two_hours_ago.isoformat(timespec="seconds"))
    (user_dirs["data"] / "history.jsonl").write_text(json.dumps(last) + "\n")
    pane.wait_for("stretch due", window="status", timeout=5)
