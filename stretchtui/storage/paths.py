"""Where stretchtui keeps the user's files (honouring the XDG variables)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import (
    user_cache_dir,
    user_config_dir,
    user_data_dir,
    user_runtime_dir,
    user_state_dir,
)

APP_NAME = "stretchtui"
ROUTINES_ENV = "STRETCHTUI_ROUTINES"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Things worth keeping that are not the user's documents (crash reports)."""
    return Path(user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, appauthor=False))


def runtime_dir() -> Path:
    """Where a running session tells other processes about itself (`stretchtui status`)."""
    return Path(user_runtime_dir(APP_NAME, appauthor=False))


def routines_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's routines file: --routines, then $STRETCHTUI_ROUTINES, then the data dir."""
    chosen = override or os.environ.get(ROUTINES_ENV)
    return Path(chosen).expanduser() if chosen else data_dir() / "routines.toml"


def stretches_file() -> Path:
    return data_dir() / "stretches.toml"


def history_file() -> Path:
    return data_dir() / "history.jsonl"


def config_file() -> Path:
    return config_dir() / "config.toml"
