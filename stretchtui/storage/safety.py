"""Facts the coach remembers as files in the state folder: `safety-seen` (the safety
screen was acknowledged) and `checkin-asked` (the check-in was offered once).

A file's presence is the fact, so a dotfiles setup (or a test) can create it; its content
does not matter. Never in config.toml: they are facts, not settings.
"""

from __future__ import annotations

from pathlib import Path

from stretchtui.core.safety import SEEN_FILE

from . import paths
from .write import atomic_write

ASKED_FILE = "checkin-asked"


def seen_file() -> Path:
    return paths.state_dir() / SEEN_FILE


def _present(path: Path) -> bool:
    """Whether the fact's file is there (one that cannot be checked counts as there: these
    screens are a courtesy, never a wall)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def safety_seen() -> bool:
    return _present(seen_file())


def mark_safety_seen() -> None:
    """Remember the acknowledgement; raises StorageError (one line) if it cannot be written."""
    atomic_write(seen_file(), "The stretchtui safety screen was acknowledged.\n", backup=False)


def checkin_asked() -> bool:
    return _present(paths.state_dir() / ASKED_FILE)


def mark_checkin_asked() -> None:
    atomic_write(paths.state_dir() / ASKED_FILE, "The check-in was offered.\n", backup=False)
