"""Shared fixtures. Every test runs with its own empty user data and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point XDG data and config at a temporary folder so no test touches real user files."""
    data = tmp_path / "xdg-data"
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.delenv("STRETCHTUI_ROUTINES", raising=False)
    return {"data": data / "stretchtui", "config": config / "stretchtui"}


@pytest.fixture
def tmux(user_dirs: dict[str, Path], tmp_path: Path):
    """Start the installed stretchtui in tmux: `pane = tmux(["run", "Desk break"], width=50)`."""
    from tmuxdriver import STRETCHTUI, TmuxPane, require_tmux

    require_tmux()
    panes: list[TmuxPane] = []
    env = {
        "XDG_DATA_HOME": str(user_dirs["data"].parent),
        "XDG_CONFIG_HOME": str(user_dirs["config"].parent),
    }

    def start(args: list[str] = [], width: int = 80, height: int = 24,  # noqa: B006
              extra_env: dict[str, str] | None = None) -> TmuxPane:
        pane = TmuxPane([str(STRETCHTUI), *args], width=width, height=height,
                        env={**env, **(extra_env or {})}, cwd=tmp_path)
        panes.append(pane)
        return pane

    yield start
    for pane in panes:
        pane.close()
