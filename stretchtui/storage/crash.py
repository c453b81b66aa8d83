"""When the app crashes: the full report goes to a file, the terminal gets one line.

Each crash gets a file of its own (created exclusively, so two crashes in the same second,
of one process or of two, never overwrite each other), and the first error of a crash is
the one its line names: errors that follow it while the app goes down are added to the
same report, after it, and never replace the cause.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from stretchtui.core.rules import shown_path

from . import paths

MAX_TRIES = 1000
"""Files tried in one second before giving up (a crash loop, not a person)."""


class CrashReport:
    """One crash: its report file and the line to print, both naming the first error."""

    def __init__(self, error: BaseException) -> None:
        self.line = summary(error)
        """What happened and where the full report is, in one line."""
        self.path: Path | None = None
        try:
            self.path = _new_file(_text(error))
        except OSError as failed:
            self.line = f"{self.line}. (The full report could not be saved: {failed.strerror or failed}.)"
        else:
            self.line = f"{self.line}. The full report is in {shown_path(self.path)}"

    def follow_on(self, error: BaseException) -> None:
        """An error after the first (while going down): added to the report, the line kept."""
        if self.path is None:
            return
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "a", encoding="utf-8", errors="replace") as handle:
                handle.write("\nThen, while stretchtui was ending:\n" + _text(error))
        except OSError:
            pass  # the first error, the one that matters, is already saved


def summary(error: BaseException) -> str:
    """`stretchtui crashed: TYPE: message in FILE:LINE`, one line."""
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    place = f" in {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where else ""
    what = f"stretchtui crashed: {type(error).__name__}: {error}{place}"
    return what.splitlines()[0] if what.strip() else "stretchtui crashed"


def _text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def _new_file(text: str) -> Path:
    """Write `text` to a crash file that did not exist before (O_EXCL), mode 0600."""
    folder = paths.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, MAX_TRIES + 1):
        path = folder / (f"crash-{stamp}.txt" if number == 1 else f"crash-{stamp}-{number}.txt")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
        return path
    raise FileExistsError(17, "too many crash reports this second")
