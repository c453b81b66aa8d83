"""The session history: one JSON line per session in history.jsonl.

Appends are a single os.write of a whole line on an O_APPEND descriptor, so concurrent
writers never interleave and a kill mid-write can only leave a torn last line, which
readers skip with a warning.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from stretchtui.core.records import Record, parse_record

from . import paths
from .errors import Problem, StorageError
from .regular import NotRegularFile, open_file, unreadable

if TYPE_CHECKING:  # the summary's module loads with the first summary, not the app's start
    from stretchtui.core.progress import Summary

TIMING_ENV = "STRETCHTUI_RECORD_TIMING"
"""Set to 1, a session's record keeps when each step began and was seen (`step_starts`,
`step_seen`): for the timing benchmark, not the user."""


def format_record(record: Mapping[str, Any]) -> bytes:
    """A record as its line in history.jsonl, newline included."""
    return (json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8")


def append_record(record: Mapping[str, Any], path: Path | None = None) -> Path:
    """Append one whole line; StorageError if it could not be written whole (a full disk),
    and then the file is as it was."""
    path = path or paths.history_file()
    line = format_record(record)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o644)
        try:
            _refuse_special(descriptor)
            _heal_torn_end(descriptor)
            _append_whole(descriptor, line)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise StorageError(
            Problem(path, f"could not record the session ({error.strerror or error})")
        ) from None
    return path


def _refuse_special(descriptor: int) -> None:
    """A FIFO or a device in place of the history is not written to (a record would vanish)."""
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        raise NotRegularFile(errno.EINVAL, "is not a regular file; nothing was written")


def _append_whole(descriptor: int, line: bytes) -> None:
    """Write `line` at the end and sync it, or take back what part of it was written and
    raise OSError: a line cut short would be skipped as torn, the session lost unseen."""
    size = os.fstat(descriptor).st_size
    written = 0
    try:
        written = os.write(descriptor, line)
        if written != len(line):
            raise OSError(errno.ENOSPC, f"the disk is full: {written} of {len(line)} bytes written")
        os.fsync(descriptor)
    except OSError:
        if os.fstat(descriptor).st_size == size + written:  # nobody appended after us
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, size)
        raise


def _heal_torn_end(descriptor: int) -> None:
    """If a killed writer left a line without its newline, end it so ours starts clean."""
    size = os.fstat(descriptor).st_size
    if size and os.pread(descriptor, 1, size - 1) != b"\n":
        os.write(descriptor, b"\n")


def read_records(path: Path | None = None) -> tuple[list[Record], int, list[Problem]]:
    """Every undamaged record (checked by `records.parse_record`), in history order; how many
    lines were skipped as torn or damaged; and the problem with the file itself, if it
    cannot be read."""
    path = path or paths.history_file()
    try:
        with open_file(path) as handle:
            raw = handle.read()
    except FileNotFoundError:
        return [], 0, []
    except OSError as error:
        return [], 0, [Problem(path, unreadable(error))]
    records: list[Record] = []
    damaged = 0
    for line in raw.split(b"\n"):
        if line.strip():
            record = parse_record(_parse_line(line))
            if record is None:
                damaged += 1
            else:
                records.append(record)
    return records, damaged, []


def read_recent(limit: int, path: Path | None = None) -> list[Record]:
    """The newest `limit` undamaged records, newest first, as `read_records` would end:
    read from the end of the file, so the History screen shows them before the whole
    history is read. Damaged lines are skipped as `read_records` skips them."""
    recent: list[Record] = []
    if limit <= 0:
        return recent
    for raw in read_backwards(path):
        record = parse_record(raw)
        if record is not None:
            recent.append(record)
            if len(recent) == limit:
                break
    return recent


def load_summary(
    *, today: date, daily_goal_min: float, path: Path | None = None
) -> tuple[Summary, list[Problem]]:
    """The progress summary of the history (yours, or `path`) as of `today`, and the
    problems with the file itself (it cannot be read). Lines skipped as damaged are not
    among them: the summary counts those (`Summary.damaged`)."""
    from stretchtui.core.progress import summarize

    records, damaged, problems = read_records(path)
    return summarize(records, today=today, daily_goal_min=daily_goal_min, damaged=damaged), problems


_DECODER = json.JSONDecoder()


def _parse_line(line: bytes) -> dict[str, Any] | None:
    """The record on one line, or None when it is damaged, torn or not a record.

    As `json.loads` reads it (lone surrogates pass, for `records` to clean), through the
    decoder itself: `loads`' per-call checks cost as much as the parse of a short line."""
    try:
        text = line.decode("utf-8", "surrogatepass").strip().lstrip("\ufeff")  # as loads reads bytes
        record, end = _DECODER.raw_decode(text)
    except (ValueError, RecursionError):  # also an integer of more digits than Python converts
        return None
    return record if end == len(text) and type(record) is dict else None


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
        handle = open_file(path)  # closed when the generator ends
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


def last_record(path: Path | None = None, *, end: int | None = None) -> Record | None:
    """The newest session that ended, checked as every reader checks it (`parse_record`),
    or None: no history, or nothing undamaged near its end. Reads a few kB: the status
    line's "stretched 20m ago" and the app's reminders ask for it."""
    for raw in read_backwards(path, max_bytes=LAST_RECORD_SCAN_BYTES, end=end):
        record = parse_record(raw)
        if record is not None and record.ended is not None:
            return record
    return None


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
