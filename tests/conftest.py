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
