"""Fixtures of the tmux tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def nested(user_dirs: dict[str, Path]) -> Iterator:
    """start(command) -> (inner, outer): `command` in a new tmux server (the test's XDG
    folders, the installed stretchtui first on PATH), its client drawn in `outer`."""
    from tmuxdriver import STRETCHTUI, TmuxPane, require_tmux

    require_tmux()
    env = {name: str(user_dirs[key].parent) for name, key in [
        ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_RUNTIME_DIR", "runtime"),
        ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")]}
    env["PATH"] = f"{Path(str(STRETCHTUI)).parent}{os.pathsep}{os.environ['PATH']}"
    panes: list[TmuxPane] = []

    def start(command: list[str]) -> tuple[TmuxPane, TmuxPane]:
        inner = TmuxPane(command, width=80, height=23, env=env)
        # The client gets the environment too: tmux gives new panes some of the attached
        # client's environment, so the real user's folders must not be there either.
        outer = TmuxPane(["env", "-u", "TMUX", "tmux", "-L", inner.socket, "attach", "-t", inner.name],
                         width=80, height=24, env=env)
        panes.extend([inner, outer])
        return inner, outer

    yield start
    for pane in reversed(panes):
        pane.close()
