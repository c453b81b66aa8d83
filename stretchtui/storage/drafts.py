"""The builder's unsaved draft, kept when the app is ended by a signal (SIGHUP: the SSH
connection dropped, the tmux pane was killed; SIGTERM) and offered back the next time the
builder opens. One file in the state folder, written atomically; a file that cannot be
read is no draft (it is never a reason to fail)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomli_w

from stretchtui.core.model import Routine, Stretch

from . import paths
from .errors import StorageError
from .render import ROUTINES_HEADER, render_routines
from .schema import parse_routines
from .toml import read_toml
from .write import atomic_write

HEADER = ("# stretchtui: the routine builder's unsaved draft, kept when the app was closed by a\n"
          "# signal. The builder offers it back the next time it opens.\n\n")


@dataclass(frozen=True)
class KeptDraft:
    routine: Routine
    replaces: str | None
    """The saved routine a save of the draft replaces; None for a new routine."""
    kept_at: datetime


def draft_file() -> Path:
    return paths.state_dir() / "builder-draft.toml"


def keep_draft(routine: Routine, replaces: str | None, kept_at: datetime) -> None:
    """Write the draft (atomically: a second signal mid-write leaves the old file or the new)."""
    meta: dict[str, str] = {"kept_at": kept_at.isoformat(timespec="seconds")}
    if replaces is not None:
        meta["replaces"] = replaces
    body = render_routines([routine]).removeprefix(ROUTINES_HEADER)
    atomic_write(draft_file(), f"{HEADER}{tomli_w.dumps({'draft': meta})}\n{body}", backup=False)


def load_draft(library: Mapping[str, Stretch]) -> KeptDraft | None:
    """The kept draft, or None when there is none or it cannot be read whole."""
    path = draft_file()
    try:
        data, locator = read_toml(path)
    except (FileNotFoundError, StorageError):
        return None
    meta = data.get("draft")
    routines, problems = parse_routines({"routines": data.get("routines", [])}, path, locator, library)
    if not isinstance(meta, dict) or problems or len(routines) != 1:
        return None
    replaces = meta.get("replaces")
    try:
        kept_at = datetime.fromisoformat(str(meta.get("kept_at")))
    except ValueError:
        return None
    return KeptDraft(routines[0], replaces if isinstance(replaces, str) else None, kept_at)


def discard_draft() -> None:
    """Remove the kept draft (after the user answered whether to restore it)."""
    with contextlib.suppress(OSError):
        draft_file().unlink(missing_ok=True)
