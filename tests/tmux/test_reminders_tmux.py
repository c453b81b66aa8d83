"""Reminders in a real tmux with an attached client (drawn inside a pane of a second
server, so capture-pane reads what the client shows, popups included): `remind_popup`
offers the suggested routine in a popup when the status line finds a stretch due (`z`
snoozes, `enter` starts it, `escape` dismisses; once per due time), and the README's
clickable status segment starts the suggested routine in a popup."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fakes import ended_ago, write_routines

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage import reminding
from stretchtui.storage.history import append_record

pytestmark = pytest.mark.tmux

HOLD = Routine("Hold", get_ready=0, rest=0, transition=0, items=(RoutineItem("childs-pose", hold=5, reps=1),))
OFFER = "Time to stretch"


@pytest.fixture
def due(user_dirs: dict[str, Path]) -> dict[str, Path]:
    """A stretch due (the last session, of Hold, ended 61 minutes ago) and popups on."""
    user_dirs["data"].mkdir(parents=True, exist_ok=True)
    write_routines(user_dirs["data"] / "routines.toml", HOLD)
    append_record(ended_ago(61, routine="Hold", done_s=5))
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text("remind_popup = true\n")
    return user_dirs


def with_status_line(nested):  # type: ignore[no-untyped-def]
    """A shell-like pane (cat) with the README's status segment, refreshed every second."""
    inner, outer = nested(["cat"])
    inner.tmux("set-option", "-g", "status-right", "#(stretchtui status --tmux)")
    inner.tmux("set-option", "-g", "status-interval", "1")
    return inner, outer


def history_lines(user_dirs: dict[str, Path]) -> int:
    return len((user_dirs["data"] / "history.jsonl").read_text().splitlines())


def test_the_popup_offers_the_routine_and_z_snoozes_it_everywhere(nested, due: dict[str, Path]) -> None:
    _, outer = with_status_line(nested)
    shown = outer.wait_for(OFFER, timeout=20)
    assert "Hold" in shown and "snooze" in shown
    seen = reminding.read_presence(str(due["runtime"]))  # tmux's own #{client_activity}
    assert seen is not None and time.time() - 120 < seen.activity <= time.time()
    outer.send("z")
    outer.wait_until_gone(OFFER, timeout=10)
    answers = reminding.read(str(due["runtime"]), reminding.REMINDER)
    assert answers["snoozed_until"] > time.time() + 9 * 60  # snooze_min, seen by every process
    line = outer.wait_until(lambda s: "stretched 1h 1m ago" in s.splitlines()[-1], timeout=10)
    assert OFFER not in line  # snoozed: not due, no popup


def test_enter_starts_the_routine_in_the_popup_and_escape_dismisses(nested, due: dict[str, Path]) -> None:
    _, outer = with_status_line(nested)
    outer.wait_for(OFFER, timeout=20)
    outer.send("Enter")
    outer.wait_for("Child's Pose", timeout=15)
    outer.wait_until(lambda s: "Hold" in s and "Child's Pose" not in s.splitlines()[-1]
                     and history_lines(due) == 2, timeout=30)  # done: recorded
    outer.send("Enter")  # leave the summary: the popup closes
    outer.wait_until(lambda s: "stretched 0m ago" in s.splitlines()[-1], timeout=15)


def test_escape_dismisses_and_it_is_offered_once_per_due_time(nested, due: dict[str, Path]) -> None:
    _, outer = with_status_line(nested)
    outer.wait_for(OFFER, timeout=20)
    outer.send("Escape")
    outer.wait_until_gone(OFFER, timeout=10)
    assert reminding.read(str(due["runtime"]), reminding.REMINDER)["dismissed_at"] > time.time() - 60
    outer.wait_until(lambda s: "stretched 1h 1m ago" in s.splitlines()[-1], timeout=10)


def test_a_popup_closed_unanswered_is_not_offered_again_for_the_same_due_time(
        nested, due: dict[str, Path]) -> None:
    inner, outer = with_status_line(nested)
    inner.tmux("set-option", "-g", "status-right", "#(stretchtui status --tmux) #(date +%%s)")
    outer.wait_for(OFFER, timeout=20)
    [client] = inner.tmux("list-clients", "-F", "#{client_name}").split()
    inner.tmux("display-popup", "-C", "-c", client)  # closed without an answer
    outer.wait_until_gone(OFFER, timeout=10)

    def seconds_shown(screen: str) -> int:
        last = screen.splitlines()[-1].split()[-1]
        return int(last) if last.isdigit() else 0

    shown = outer.wait_until(lambda s: "stretch due" in s.splitlines()[-1], timeout=10)
    first = seconds_shown(shown)
    later = outer.wait_until(lambda s: seconds_shown(s) >= first + 3, timeout=15)  # status ran again
    assert OFFER not in later and "stretch due" in later.splitlines()[-1]


def test_no_popup_while_paused(nested, due: dict[str, Path]) -> None:
    reminding.write_pause(str(due["runtime"]), time.time() + 3600)
    _, outer = with_status_line(nested)
    shown = outer.wait_until(lambda s: "quiet until" in s.splitlines()[-1], timeout=15)
    assert OFFER not in shown
    assert not list(due["runtime"].glob("announced-*"))


def test_clicking_the_status_segment_starts_the_suggested_routine_in_a_popup(
        nested, due: dict[str, Path]) -> None:
    (due["config"] / "config.toml").write_text("")  # no popup of its own: only the click
    inner, outer = with_status_line(nested)
    inner.tmux("set-option", "-g", "mouse", "on")
    # The README's recipe, as a line of .tmux.conf
    inner.tmux("bind-key", "-n", "MouseDown1StatusRight", "display-popup", "-E", "-w", "70", "-h", "22",
               "stretchtui run")
    outer.wait_until(lambda s: "stretch due" in s.splitlines()[-1], timeout=15)
    click = "\x1b[<0;78;24M\x1b[<0;78;24m"  # press and release on the status line's right end
    outer.tmux("send-keys", "-t", outer.name, "-l", click)
    outer.wait_for("Child's Pose", timeout=15)
    outer.wait_until(lambda s: history_lines(due) == 2, timeout=30)
