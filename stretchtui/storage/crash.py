"""When the app crashes: the full report goes to a file, the terminal gets one line."""

from __future__ import annotations

import time
import traceback

from . import paths
from .write import replace_with


def report(error: BaseException) -> str:
    """Save the traceback of `error` in the user's state folder; the line to print."""
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    place = f" in {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where else ""
    what = f"stretchtui crashed: {type(error).__name__}: {error}{place}"
    what = what.splitlines()[0] if what.strip() else "stretchtui crashed"
    text = "".join(traceback.format_exception(error))
    path = paths.state_dir() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_with(path, text.encode("utf-8", "replace"), sync_folder=False)
    except OSError as failed:
        return f"{what}. (The full report could not be saved: {failed.strerror or failed}.)"
    return f"{what}. The full report is in {path}"
