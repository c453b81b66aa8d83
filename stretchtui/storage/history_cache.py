"""A kept tally of the history, so that opening History reads only the sessions since.

The History screen and `stretchtui history` sum every session ever done; with years of
sessions, reading and parsing history.jsonl is most of their time. The file only ever grows
by whole lines at its end (`history.append_record`), so the sums of what was read before
(`progress.Tally`) are kept in `history-tally` in the user cache folder with what they came
from: the file's path, inode and device, how many bytes they cover (whole lines), a CRC-32
of those bytes and, when the file had settled, its `sealed.file_key`. On the next read:

- the key unchanged: only the bytes after the covered ones are read (usually none; a line
  being written) and nothing before them;
- the file changed: it is read whole, and if it still begins with the covered bytes (same
  inode and device, at least as long, the CRC matches) only the rest is parsed;
- anything else (a rewritten, shortened or replaced file, another file, no cache, a cache
  that is not whole, ours and of this version): the file is parsed as if nothing were kept.

So an edit anywhere in the history is seen, and the kept sums can never be stale. The latest
records (the recent list) are parsed again each time from the end of the file. The cache is
replaced atomically and never synced: losing it costs one full read.
"""

from __future__ import annotations

import os
import zlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from stretchtui.core.progress import RECENT_LIMIT, Tally

from . import paths
from .errors import Problem, StorageError
from .history import parse_history
from .regular import open_regular, unreadable
from .sealed import file_key, header, seal, settled, unseal

if TYPE_CHECKING:
    from pathlib import Path

    from stretchtui.core.records import Record

FILE_NAME = "history-tally"
HEADER = header("history-tally 1")
LATEST_WINDOW = 131_072
"""Bytes read back from the end for the latest records: RECENT_LIMIT sessions and more."""
Identity = tuple[str, int, int]
"""A history file: its path, inode and device."""


def read_tally(path: Path) -> tuple[Tally, list[Record], list[Problem]]:
    """The tally of the history at `path`, its latest records (at most RECENT_LIMIT, oldest
    first) and the problem with the file itself, if it cannot be read. Never raises."""
    try:
        descriptor, status = open_regular(path)
    except FileNotFoundError:
        return Tally(), [], []
    except StorageError as error:
        return Tally(), [], error.problems
    try:
        return _read(path, descriptor, status)
    except OSError as error:
        return Tally(), [], [Problem(path, unreadable(error))]
    finally:
        os.close(descriptor)


_remembered: tuple[str, int, int, Any, int, int, Tally] | None = None  # Identity + what _load gives
"""What this process kept last, as in the file: an app that opens History again reads no
cache file (its checks against the history are the same). Its tally is never changed: the
summaries made from it share it."""


def forget() -> None:
    """Drop what this process remembers (as a new process would start)."""
    global _remembered
    _remembered = None


def _read(path: Path, descriptor: int, status: os.stat_result) -> tuple[Tally, list[Record], list[Problem]]:
    """`read_tally` on an open file: the three ways of the module's docstring, then what is
    kept for next time (the whole lines only) and the latest records."""
    global _remembered
    identity = (os.fspath(path), status.st_ino, status.st_dev)
    recalled = _recall(identity)
    kept = recalled or _load(identity)
    tally, start, crc = Tally(), 0, 0
    if kept is not None and kept[0] == file_key(status):  # unchanged: read past the covered
        _, start, crc, tally = kept
        data = _pread(descriptor, status.st_size - start, start)
    else:
        raw = _pread(descriptor, status.st_size, 0)
        if kept is not None and len(raw) >= kept[1] and zlib.crc32(memoryview(raw)[:kept[1]]) == kept[2]:
            _, start, crc, tally = kept
        data = raw[start:]
    whole = data.rfind(b"\n") + 1
    if whole:
        if recalled is not None and tally is recalled[3]:
            tally = tally.copy()  # what is remembered is never changed
        _add(tally, data[:whole])
        crc = zlib.crc32(memoryview(data)[:whole], crc)
    key = file_key(status) if settled(status) else None
    if whole or kept is None or kept[0] != key:
        _save(identity, key, start + whole, crc, tally)
    _remembered = (*identity, key, start + whole, crc, tally)
    if whole < len(data):  # a line being written (or torn): counted, not kept
        tally = tally.copy()
        _add(tally, data[whole:])
    return tally, _latest(descriptor, start + len(data)), []


def _pread(descriptor: int, size: int, offset: int) -> bytes:
    """`size` bytes from `offset`, or fewer if the file is shorter now."""
    chunks = []
    while size > 0:
        chunk = os.pread(descriptor, size, offset)
        if not chunk:
            break
        chunks.append(chunk)
        size, offset = size - len(chunk), offset + len(chunk)
    return b"".join(chunks)


def _add(tally: Tally, data: bytes) -> None:
    history, skipped = parse_history(data)
    tally.add(history, len(skipped))


def _latest(descriptor: int, end: int) -> list[Record]:
    """The last RECENT_LIMIT records before byte `end`, read back from there in growing windows."""
    window = LATEST_WINDOW
    while True:
        begin = max(0, end - window)
        data = _pread(descriptor, end - begin, begin)
        if begin:
            data = data[data.find(b"\n") + 1:] if b"\n" in data else b""  # from a whole line
        history, _ = parse_history(data)
        if len(history) >= RECENT_LIMIT or not begin:
            return history[-RECENT_LIMIT:]
        window *= 4


# -- the cache file ------------------------------------------------------------------------


def _cache_file() -> Path:
    return paths.cache_dir() / FILE_NAME


def _recall(identity: Identity) -> tuple[Any, int, int, Tally] | None:
    """What this process kept for this very file, as `_load` gives it (the tally to be
    copied before anything is added to it), or None."""
    if _remembered is None or _remembered[:3] != identity:
        return None
    return _remembered[3:]


def _load(identity: Identity) -> tuple[Any, int, int, Tally] | None:
    """(key or None, covered bytes, their CRC-32, tally) kept for this very file, or None."""
    try:
        value = unseal(HEADER, _cache_file().read_bytes())
    except OSError:
        return None
    if not (isinstance(value, tuple) and len(value) == 7):
        return None
    name, inode, device, key, covered, crc, plain = value
    if (name, inode, device) != identity:
        return None
    if not (type(covered) is int and type(crc) is int and (key is None or type(key) is tuple)):
        return None
    tally = _tally_from(plain)
    return None if tally is None else (key, covered, crc, tally)


def _save(identity: Identity, key: Any, covered: int, crc: int, tally: Tally) -> None:
    """Keep the tally of the first `covered` bytes, and the file's key if it had settled
    when it was read. Never raises: only speed is lost."""
    value = (*identity, key, covered, crc, _plain(tally))
    from .write import replace_with

    try:
        target = _cache_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_with(target, seal(HEADER, value), durable=False)
    except (OSError, ValueError):
        return


def _plain(tally: Tally) -> tuple[Any, ...]:
    """The tally in plain values (marshal writes no dates)."""
    def rows(table: dict[str, list[Any]]) -> dict[str, list[Any]]:
        return {name: [n, s, index, started.isoformat()] for name, (n, s, index, started) in table.items()}

    days = {when.toordinal(): slot for when, slot in tally.days.items()}
    return (tally.records, tally.damaged, tally.completed, tally.seconds, days,
            rows(tally.routines), rows(tally.stretches))


def _tally_from(plain: Any) -> Tally | None:
    """A tally from `_plain`'s values, checked; None if anything is not as written."""
    if not (isinstance(plain, tuple) and len(plain) == 7):
        return None
    records, damaged, completed, seconds, days, routines, stretches = plain
    if not (type(records) is int and type(damaged) is int and type(completed) is int
            and type(seconds) is float and all(type(table) is dict for table in (days, routines, stretches))):
        return None
    tally = Tally()
    tally.records, tally.damaged, tally.completed, tally.seconds = records, damaged, completed, seconds
    try:
        for ordinal, (day_s, sessions, done) in days.items():
            if not (type(day_s) is float and type(sessions) is int and type(done) is int):
                return None
            tally.days[date.fromordinal(ordinal)] = [day_s, sessions, done]
        for kept, table in ((routines, tally.routines), (stretches, tally.stretches)):
            for name, (sessions, row_s, index, started) in kept.items():
                if not (type(name) is str and type(sessions) is int and type(row_s) is float
                        and type(index) is int and type(started) is str):
                    return None
                table[name] = [sessions, row_s, index, datetime.fromisoformat(started)]
    except (TypeError, ValueError, OverflowError):
        return None
    return tally
