"""The session history: one JSON line per session in history.jsonl.

Appends are a single os.write of a whole line on an O_APPEND descriptor, so concurrent
writers never interleave and a kill mid-write can only leave a torn last line, which
readers skip with a warning.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from . import paths
from .errors import Problem, StorageError


def append_record(record: Mapping[str, Any], path: Path | None = None) -> Path:
    path = path or paths.history_file()
    line = (json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _heal_torn_end(descriptor)
            os.write(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise StorageError(
            Problem(path, f"could not record the session ({error.strerror or error})")
        ) from None
    return path


def _heal_torn_end(descriptor: int) -> None:
    """If a killed writer left a line without its newline, end it so ours starts clean."""
    size = os.fstat(descriptor).st_size
    if size and os.pread(descriptor, 1, size - 1) != b"\n":
        os.write(descriptor, b"\n")


def read_history(path: Path | None = None) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every whole record, and a warning for each line that is torn or not a record."""
    path = path or paths.history_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [Problem(path, f"cannot be read: {error.strerror or error}")]
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        record = _parse_line(line)
        if record is not None:
            records.append(record)
        else:
            problems.append(Problem(path, "skipped a damaged or torn line", number))
    return records, problems


def _parse_line(line: bytes) -> dict[str, Any] | None:
    """The record on one line, or None when it is damaged, torn or not a record."""
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


BLOCK_BYTES = 16_384
MAX_LINE_BYTES = 1_000_000
"""A line longer than this is not one of our records (they are a few kB): skipped unread."""
LAST_RECORD_SCAN_BYTES = 8_000_000


def read_backwards(path: Path | None = None, *, max_bytes: int | None = None,
                   end: int | None = None) -> Iterator[dict[str, Any]]:
    """Whole records from the newest back, reading the file from its end in blocks.

    Readers that need only the recent past (the last session, today's streak) read a few kB
    however long the history is. Damaged and torn lines are skipped silently, as are lines
    over MAX_LINE_BYTES (never held in memory). Stops after `max_bytes` read, if given;
    starts at byte `end` instead of the end of the file, if given.
    """
    path = path or paths.history_file()
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed when the generator ends)
    except OSError:
        return
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            size = size if end is None else min(end, size)
            for line in _lines_backwards(handle, size, max_bytes):
                record = _parse_line(line) if line.strip() else None
                if record is not None:
                    yield record
        except OSError:
            return


def last_record(path: Path | None = None, *, end: int | None = None) -> dict[str, Any] | None:
    """The newest whole record, or None (no history, or nothing readable near its end)."""
    return next(read_backwards(path, max_bytes=LAST_RECORD_SCAN_BYTES, end=end), None)


def read_forwards(path: Path, start: int, end: int) -> tuple[list[dict[str, Any]], int]:
    """The whole records in bytes `start` to `end` (appended since an earlier read), oldest
    first, and where the last whole line ends: the next read starts there, so a line being
    written now is read once it is whole. Damaged lines are skipped; raises OSError."""
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(max(0, end - start))
    whole = data.rfind(b"\n") + 1
    records = [_parse_line(line) for line in data[:whole].split(b"\n") if line.strip()]
    return [record for record in records if record is not None], start + whole


def whole_lines_end(path: Path, size: int) -> int:
    """Where the last whole line ends within the first `size` bytes (0 if none is whole).
    A torn line longer than MAX_LINE_BYTES is nobody's record: it counts as read."""
    with open(path, "rb") as handle:
        position = size
        while position > 0 and size - position < MAX_LINE_BYTES:
            start = max(0, position - BLOCK_BYTES)
            handle.seek(start)
            newline = handle.read(position - start).rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                return end if size - end <= MAX_LINE_BYTES else size
            position = start
    return 0 if position == 0 else size


def _lines_backwards(handle: BinaryIO, size: int, max_bytes: int | None) -> Iterator[bytes]:
    """The file's lines, last first, without their newlines; over-long lines are left out."""
    position = size
    carry = b""  # the end of a line whose beginning is further back
    skipping = False  # the line being read is over MAX_LINE_BYTES: its bytes are dropped
    while position > 0:
        if max_bytes is not None and size - position >= max_bytes:
            return
        step = min(BLOCK_BYTES, position)
        position -= step
        handle.seek(position)
        block = handle.read(step)
        if len(block) != step:
            return  # the file shrank under us: what is left is not worth guessing
        first, *complete = block.split(b"\n")
        if complete:
            if not skipping:
                yield complete[-1] + carry
            skipping = False
            yield from reversed(complete[:-1])
            carry = first
        elif not skipping:
            carry = first + carry
        if len(carry) > MAX_LINE_BYTES:
            skipping, carry = True, b""
    if not skipping:
        yield carry
