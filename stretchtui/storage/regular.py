"""Opening a user's file for reading: only a regular file (links followed), never blocking.

A FIFO in place of a file would block a reader for ever (and `stretchtui status`, which tmux
runs every few seconds, would pile up) and a device never ends; a symbolic link that loops
or a folder must say so rather than pass for an empty file.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # `list`, `check` and `status` start faster without typing
if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO

_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
)


class NotRegularFile(OSError):
    """Something other than a regular file where one is read; its text says what."""


def open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """A descriptor open for reading on the regular file at `path`, and its status taken
    when it was opened. The caller closes the descriptor.

    FileNotFoundError is left to the caller (a missing user file is often no problem);
    anything else that is not a readable regular file is a StorageError with one line.
    """
    try:
        return _open_checked(path)
    except FileNotFoundError:
        raise
    except OSError as error:
        from .errors import Problem, StorageError  # dataclasses: not for `status`

        raise StorageError(Problem(path, unreadable(error))) from None


def open_file(path: Path | str) -> BinaryIO:
    """`open_regular` as a binary file object, for readers to whom any OSError means "nothing
    to read" (anything but a regular file raises NotRegularFile, an OSError)."""
    descriptor, _ = _open_checked(path)
    return open(descriptor, "rb")


def _open_checked(path: Path | str) -> tuple[int, os.stat_result]:
    # O_NONBLOCK: a FIFO put in place between a check and the open must not hang us.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        what = next((name for test, name in _NOT_REGULAR if test(status.st_mode)), "not a regular file")
        raise NotRegularFile(f"is {what}, not a file; it was not read")
    return descriptor, status


def unreadable(error: OSError) -> str:
    """The one line for a file that could not be opened or read."""
    if isinstance(error, NotRegularFile):
        return str(error)
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops; it was not read"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file; it was not read"
    return f"cannot be read: {error.strerror or error}"
