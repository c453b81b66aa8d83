"""Where stretchtui keeps the user's files (honouring the XDG variables).

platformdirs decides.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "stretchtui"
ROUTINES_ENV = "STRETCHTUI_ROUTINES"


def ask_platformdirs(kind: str) -> str:
    """platformdirs' folder of this kind ("data", "config", "state", "cache", "runtime")."""
    ask = {"data": platformdirs.user_data_dir, "config": platformdirs.user_config_dir,
           "state": platformdirs.user_state_dir, "cache": platformdirs.user_cache_dir,
           "runtime": platformdirs.user_runtime_dir}[kind]
    return ask(APP_NAME, appauthor=False)


def data_dir() -> Path:
    return Path(ask_platformdirs("data"))


def config_dir() -> Path:
    return Path(ask_platformdirs("config"))


def state_dir() -> Path:
    """Things worth keeping that are not the user's documents (crash reports)."""
    return Path(ask_platformdirs("state"))


def cache_dir() -> Path:
    return Path(ask_platformdirs("cache"))


def runtime_dir() -> Path:
    """Where a running session tells other processes about itself (`stretchtui status`).
    Always asked: platformdirs checks the folder itself (owner, mode), not just the names."""
    return Path(ask_platformdirs("runtime"))


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
