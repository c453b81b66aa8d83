"""The safety screen's acknowledgement: the file `safety-seen` in the state folder.

Its presence means the user saw the warning signs, so a dotfiles setup (or a test) can
create it; its content does not matter. Never in config.toml: it is a fact, not a setting.
"""

from __future__ import annotations

from pathlib import Path

from stretchtui.core.safety import SEEN_FILE

from . import paths
from .write import atomic_write


def seen_file() -> Path:
    return paths.state_dir() / SEEN_FILE


def safety_seen() -> bool:
    """Whether the safety screen was acknowledged (a file that cannot be checked counts as
    seen: the screen is a courtesy, never a wall)."""
    try:
        return seen_file().exists() or seen_file().is_symlink()
    except OSError:
        return True


def mark_safety_seen() -> None:
    """Remember the acknowledgement; raises StorageError (one line) if it cannot be written."""
    atomic_write(seen_file(), "The stretchtui safety screen was acknowledged.\n", backup=False)
