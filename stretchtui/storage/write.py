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


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside `path` for a read-modify-write.

    A folder we cannot write to fails here, before anything is read or changed, so it
    is reported like every other storage problem rather than as a raw OSError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise save_failed(path, error) from None
    import fcntl  # only a command that writes needs it

    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed save left behind (safe: writers hold the lock).

    Names are compared literally: a folder or file name holding `*` or `[x]` is no pattern."""
    if not _temporaries(path):
        return
    with contextlib.suppress(OSError, StorageError), locked(path):
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


def atomic_write(path: Path, text: str, *, backup: bool = True) -> None:
    """Replace `path` with `text` so that a crash leaves the old or the new file, whole.

    Through a symbolic link the target is replaced (the link stays); the file's mode is
    kept, and the backup (`NAME.bak` beside `path`) gets the same mode."""
    target = target_of(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
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
