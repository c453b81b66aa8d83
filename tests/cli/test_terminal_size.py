"""Exported COLUMNS and LINES far from the real size: the app lays out for the terminal."""

from __future__ import annotations

import os
import pty
from pathlib import Path

from stretchtui.cli.run import MAX_CELLS, trust_the_terminal


def test_a_terminal_that_knows_its_size_is_believed_over_the_environment() -> None:
    parent, child = pty.openpty()
    try:
        environ = {"COLUMNS": "100000", "LINES": "9" * 5000, "TERM": "xterm"}
        trust_the_terminal(environ, child)
        assert environ == {"TERM": "xterm"}
    finally:
        os.close(parent)
        os.close(child)


def test_without_a_terminal_size_the_exports_are_bounded(tmp_path: Path) -> None:
    with (tmp_path / "not-a-tty").open("w") as handle:
        environ = {"COLUMNS": "100000", "LINES": "9" * 5000}
        trust_the_terminal(environ, handle.fileno())
        assert environ == {"COLUMNS": str(MAX_CELLS[0]), "LINES": str(MAX_CELLS[1])}
        sane = {"COLUMNS": "120", "LINES": "40"}
        trust_the_terminal(sane, handle.fileno())
        assert sane == {"COLUMNS": "120", "LINES": "40"}


SIZE_AT_START = """
import sys
from stretchtui.tui.app import StretchApp
mounted = StretchApp.on_mount
def on_mount(self):
    mounted(self)
    def report():
        with open(sys.argv[1], "w") as out:
            out.write(f"{self.size.width}x{self.size.height}")
        self.exit(0)
    self.set_timer(0.5, report)
StretchApp.on_mount = on_mount
from stretchtui.cli import main
sys.exit(main([]))
"""


def test_the_app_lays_out_for_the_real_terminal_whatever_columns_and_lines_say(
    user_dirs: dict[str, Path], tmp_path: Path
) -> None:
    """In an 80x24 pseudo-terminal (no tmux to tell the app its size in band)."""
    from test_bells_pty import run_in_pty
    from tmuxdriver import SIZED_BY_ENV, STRETCHTUI

    python = str(Path(STRETCHTUI).with_name("python"))
    report = tmp_path / "size"
    env = {key: value for key, value in os.environ.items() if key not in SIZED_BY_ENV}
    env.update(TERM="xterm-256color", COLUMNS="300", LINES="100")
    run_in_pty([python, "-c", SIZE_AT_START, str(report)], env, timeout=30)
    assert report.read_text() == "80x24"
