"""Journey 6: the README's tmux recipes, read from the README itself so they cannot drift,
in a tmux server whose PATH finds the installed stretchtui, its client drawn in a pane of a
second server so the test reads what the user sees (status line and popup included)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from journey import QUICK, SIZES, Journey
from tmuxdriver import TmuxPane

from stretchtui.core.model import Routine
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import builtin_routines

README = Path(__file__).resolve().parents[2] / "README.md"


def recipes() -> tuple[str, str]:
    """(the tmux.conf lines, the shell line of the split), as the README's "In tmux" shows them."""
    section = README.read_text().split("## In tmux", 1)[1]
    conf = re.search(r"```tmux\n(.*?)```", section, re.DOTALL)
    shell = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert conf and shell, "the README's In tmux section lost its recipes"
    [split] = [line for line in shell.group(1).splitlines() if line.startswith("tmux split-window")]
    return conf.group(1), split


class Nested:
    """`inner`: a tmux server with the user's shell; `outer`: the pane its client draws in."""

    def __init__(self, journey: Journey) -> None:
        width, height = journey.size
        self.inner = TmuxPane(["sh"], width=width, height=height - 1, env=journey.env, cwd=journey.tmp_path)
        # The client gets the journey's environment too: tmux gives new panes some of it.
        self.outer = journey.open(command=["env", "-u", "TMUX", "tmux", "-L", self.inner.socket, "attach",
                                           "-t", self.inner.name])
        journey.panes.insert(0, self.inner)  # closed with the journey; its screen on failure
        self.journey = journey

    def source(self, conf: str, tmp_path: Path) -> None:
        """The README's lines, as in ~/.tmux.conf."""
        path = tmp_path / "tmux.conf"
        path.write_text(conf)
        self.inner.tmux("source-file", str(path))

    def shell(self, line: str) -> None:
        """Typed at the shell prompt of the first pane, as the user would."""
        self.inner.tmux("send-keys", "-t", self.inner.name, "-l", line)
        self.inner.tmux("send-keys", "-t", self.inner.name, "Enter")

    def panes(self) -> int:
        """How many panes the window has."""
        return len(self.inner.tmux("list-panes", "-t", self.inner.name).splitlines())


@pytest.mark.parametrize("size", SIZES)
def test_the_status_line_and_the_popup_from_the_readme(journey: Journey) -> None:
    journey.routines(replace(QUICK, name="Desk"))  # "desk" names it exactly: a short one
    nested = Nested(journey)
    conf, _ = recipes()
    journey.see("[t]")  # the client is drawn
    nested.source(conf, journey.tmp_path)
    journey.see("not stretched yet", timeout=10)  # status-right, every status-interval (5 s)
    journey.press("C-b", "S")  # the popup
    journey.see("Well done!")
    journey.press("Enter")  # exit 0: -EE closes the popup
    journey.gone("Well done!")
    journey.see("stretched 0m ago", timeout=10)
    assert [(r["routine"], r["completed"]) for r in journey.history()] == [("Desk", True)]
    journey.done()


@pytest.mark.parametrize("size", SIZES)
def test_the_split_from_the_readme_runs_desk_break_beside_the_builders_copy(journey: Journey) -> None:
    """The builder invites "Desk break (copy)"; `stretchtui run desk` then said "could be
    any of" and the split closed before it could be read."""
    library = builtin_stretches()
    desk = next(r for r in builtin_routines(library) if r.name == "Desk break")
    journey.routines(replace(desk, name="Desk break (copy)"))
    nested = Nested(journey)
    _, split = recipes()
    journey.see("[t]")
    nested.shell(split)
    journey.see("Get ready", "first: Reach For The Sky")
    journey.press("q")
    journey.see("Stop this session?")
    journey.press("y")
    journey.see("Stopped early")
    journey.press("Enter")  # exit 1: the split waits for enter
    journey.gone("Stopped early")
    assert nested.panes() == 2
    journey.press("Enter")
    journey.until(lambda _: nested.panes() == 1, "the split did not close")
    assert [(r["routine"], r["completed"]) for r in journey.history()] == [("Desk break", False)]
    journey.done()


@pytest.mark.parametrize("size", SIZES)
def test_an_error_in_the_readmes_split_stays_readable(journey: Journey) -> None:
    journey.routines(Routine("Desk stretch", items=QUICK.items))  # "desk": truly two routines
    nested = Nested(journey)
    _, split = recipes()
    journey.see("[t]")
    nested.shell(split)
    journey.see("could be any of")  # and it stays, until enter
    assert nested.panes() == 2
    journey.press("Enter")
    journey.until(lambda _: nested.panes() == 1, "the split did not close")
    journey.done()
