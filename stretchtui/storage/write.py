"""Writing files so that nothing is ever half-written or lost.

Saves are atomic (temporary file, fsync, rename, fsync of the directory) and may keep
the previous version as a `.bak`; read-modify-write cycles hold a lock beside the file,
so two instances never lose each other's changes. A file that is a symbolic link (dotfiles
kept in a repository) is written through to its target, in the target's folder, and a
file keeps its mode (0600 stays 0600), as does its backup.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import Problem, StorageError


class LockBusy(StorageError):
    """Another process holds the save lock (asked not to wait, or waited LOCK_WAIT_S)."""


NOT_A_LOCK = "is {what}, so saves cannot be locked; nothing was changed (remove it)"
LOCK_WAIT_S = 10.0
"""How long a save waits for another stretchtui's save to finish before it gives up."""


@contextlib.contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock beside `path` (`NAME.lock`, holding the holder's pid) for a
    read-modify-write.

    A folder we cannot write to, or a lock file that is not a regular file (a FIFO would
    block for ever), fails here, before anything is read or changed; a lock still held by
    another process after `wait` seconds (LOCK_WAIT_S) is a StorageError naming that process.
    """
    wait = LOCK_WAIT_S if wait is None else wait
    lock = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except IsADirectoryError:
        raise StorageError(Problem(lock, NOT_A_LOCK.format(what="a folder"))) from None
    except OSError as error:
        raise save_failed(path, error) from None
    import fcntl  # only a command that writes needs it

    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise StorageError(Problem(lock, NOT_A_LOCK.format(what="not a regular file")))
        _acquire(descriptor, path, lock, wait)
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is only a hint for whoever waits
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _acquire(descriptor: int, path: Path, lock: Path, wait: float) -> None:
    """Take the lock, trying every 20 ms until one holder has kept it for `wait` seconds.

    Each holder writes its pid into the lock file, which changes the file's time: while the
    lock changes hands (other saves finishing one after another) the wait starts again, so a
    busy writer cannot starve this one into a false "is being saved" error."""
    import fcntl
    import time

    def stamp() -> int:
        return os.fstat(descriptor).st_mtime_ns

    seen = stamp()
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if (now := stamp()) != seen:
                seen, deadline = now, time.monotonic() + wait
            elif time.monotonic() >= deadline:
                break
            time.sleep(0.02)
    try:
        holder = os.pread(descriptor, 16, 0).decode("ascii", "replace").strip()
    except OSError:
        holder = ""
    who = f"process {holder}" if holder.isdigit() else "another process"
    raise LockBusy(Problem(path, f"is being saved by {who} (it holds {lock.name} for more than "
                                     f"{wait:.0f} s); nothing was changed, try again"))


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed save left behind (safe: writers hold the lock).

    Names are compared literally: a folder or file name holding `*` or `[x]` is no pattern."""
    if not _temporaries(path):
        return
    with contextlib.suppress(OSError, StorageError), locked(path, wait=0.5):
        for leftover in _temporaries(path):
            leftover.unlink(missing_ok=True)


def _temporaries(path: Path) -> list[Path]:
    """The temporary files of `path`, of its backup and, for a link, of its target
    (`.NAME.*.tmp`, see replace_with)."""
    found = []
    for file in dict.fromkeys((path, target_of(path))):
        prefix = f".{file.name}."
        try:
            names = os.listdir(file.parent)
        except OSError:
            continue
        found += [file.parent / name for name in names
                  if name.startswith(prefix) and name.endswith(".tmp") and len(name) > len(prefix) + 4]
    return found


def target_of(path: Path) -> Path:
    """The file a save replaces: `path`, or the file its symbolic link(s) point to."""
    return Path(os.path.realpath(path))


def atomic_write(path: Path, text: str, *, backup: bool = True, through_links: bool = False) -> None:
    """Replace `path` with `text` so that a crash leaves the old or the new file, whole.

    The file's mode is kept, and the backup (`NAME.bak` beside `path`) gets the same mode.
    `through_links` (the user's own documents only): a symbolic link is written through to
    its target, which must be a regular file (or not exist yet), and the link stays. A file
    of the program's own (state, cache) never follows a link: the link itself is replaced,
    so a link planted there can never make a save overwrite another file or a device."""
    target = target_of(path) if through_links else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            status = os.stat(target) if through_links else os.lstat(target)
        except FileNotFoundError:
            mode: int | None = None
        else:
            if stat.S_ISLNK(status.st_mode):
                mode = None  # the program's own file: the link is replaced, never followed
            elif not stat.S_ISREG(status.st_mode):
                raise StorageError(Problem(path, "is not a regular file; it was not saved over"))
            else:
                mode = stat.S_IMODE(status.st_mode)
        if backup and mode is not None:
            from .toml import read_bytes  # bounded, and only a regular file

            replace_with(path.with_name(path.name + ".bak"), read_bytes(target)[0], mode=mode)
        replace_with(target, text.encode("utf-8"), mode=mode)
    except OSError as error:
        raise save_failed(path, error) from None


def save_failed(path: Path, error: OSError) -> StorageError:
    """One clear line for a save the system refused (no permission, disk full, ...)."""
    return StorageError(
        Problem(path, f"could not be saved ({error.strerror or error}); the file on disk is unchanged")
    )


def replace_with(path: Path, data: bytes, *, sync_folder: bool = True, durable: bool = True,
                 mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, sync it and rename it over `path`.
    Not `durable` (a cache): never synced, still never seen half-written. `mode`: the new
    file's permissions (else 0644 less the umask).

    Raises OSError; the temporary file never outlives a failure.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        descriptor = os.open(temporary, flags, 0o644 if mode is None else 0o600)
        if mode is not None:
            os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if not (sync_folder and durable):
        return
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
