"""The session history: one JSON line per session in history.jsonl.

Appends are a single os.write of a whole line on an O_APPEND descriptor, so concurrent
writers never interleave and a kill mid-write can only leave a torn last line, which
readers skip with a warning.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from stretchtui.core.records import History, Record, Tail, parse_record

from . import paths
from .errors import Problem, StorageError
from .regular import open_file, unreadable

if TYPE_CHECKING:
    from stretchtui.core.progress import Summary


def format_record(record: Mapping[str, Any]) -> bytes:
    """A record as its line in history.jsonl, newline included (the layout `parse_history`
    reads fastest)."""
    return (json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8")


def append_record(record: Mapping[str, Any], path: Path | None = None) -> Path:
    path = path or paths.history_file()
    line = format_record(record)
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
        with open_file(path) as handle:
            raw = handle.read()
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [Problem(path, unreadable(error))]
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


# A line as append_record writes it: the routine, the start (a date and time with its UTC
# offset, to the second), the end, the summary fields ("planned_s" ... "completed", then the
# "stretches" list in newer records) and the timing arrays, which a summary never needs.
# The long parts are matched with one-character classes, which the engine runs fastest;
# none of them crosses a newline (a line without the arrays must not borrow the next's).
# Lines with escapes or control characters in those texts, other spacing, key orders or
# time formats do not match and are parsed as JSON.
_TEXT = rb'"([^"\\\x00-\x1f]*)"'
_START = (rb'"((\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))'
          rb'T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-](?:[01]\d|2[0-3]):[0-5]\d)"')
_LINE = re.compile(rb'\{"routine": ' + _TEXT + rb', "started": ' + _START + rb', "ended": ' + _TEXT
                   + rb', ("planned_s": (?:[^\]\n]*\]|[^\[\n]*)), "step_starts": \[')
"""The start of a line up to its timing arrays; the rest of the line is skipped by a search
for its newline (most of the file's bytes, never looked at one by one)."""


def parse_history(raw: bytes) -> tuple[History, list[int]]:
    """The records in `raw` (whole lines of history.jsonl) as checked records (see
    `records.parse_record`) without their timing arrays, and the numbers (from 1) of the
    lines skipped as torn or damaged.

    Fast enough for 50,000 sessions, where parsing each line as JSON would take seconds on
    a slow machine: a line in the layout `append_record` writes is taken apart by one
    pattern, and its summary fields (the same text for most sessions of a routine) are
    parsed and checked once per distinct text, which records then share. Other lines are
    parsed as JSON. The timing arrays are skipped unread: damage inside them, in an
    otherwise whole line, goes unnoticed.
    """
    columns = _Columns()
    skipped = columns.read(raw)
    return columns.history(), skipped


def load_summary(
    *, today: date, daily_goal_min: float, path: Path | None = None
) -> tuple[Summary, list[Problem]]:
    """The progress summary of the history (yours, or `path`) as of `today`, and the
    problems with the file itself (it cannot be read). Lines skipped as damaged are not
    among them: the summary counts those (`Summary.damaged`). Sums of what was read before
    come from the cache (`history_cache`): only what was appended since is parsed."""
    from stretchtui.core.progress import summary_of  # the app's start reads the last record only

    from .history_cache import read_tally

    tally, latest, problems = read_tally(path or paths.history_file())
    return summary_of(tally, latest, today=today, daily_goal_min=daily_goal_min), problems


class _Columns:
    """The columns of a `History` being read, and what has been learnt on the way: the
    tail of each distinct summary text, the date of each distinct day."""

    def __init__(self) -> None:
        self.days: list[date] = []
        self.tails: list[Tail] = []
        self.starts: list[datetime | bytes] = []
        self.ends: list[datetime | bytes | None] = []
        self.known_tails: dict[tuple[int, bytes], list[tuple[bytes, Tail | None]]] = {}
        self.known_days: dict[bytes, date | None] = {}

    def history(self) -> History:
        return History(self.days, self.tails, self.starts, self.ends)

    def read(self, raw: bytes) -> list[int]:
        """Add every record in `raw`; return the numbers (from 1) of the lines skipped.

        The loop runs once per session ever done, so it looks everything up once: a
        record's summary text is compared in place with the texts already seen (of the
        same length and routine) rather than copied out and hashed."""
        skipped: list[int] = []
        days, tails, starts, ends = self.days, self.tails, self.starts, self.ends
        known_tails, known_days = self.known_tails, self.known_days
        match, find, same = _LINE.match, raw.find, raw.startswith
        position, number, size = 0, 1, len(raw)
        while position < size:
            found = match(raw, position)
            if found is None:
                end = find(b"\n", position)
                end = size if end < 0 else end
                line = raw[position:end]
                if line.strip() and not self.add(parse_record(_parse_line(line))):
                    skipped.append(number)
                position, number = end + 1, number + 1
                continue
            line_end = find(b"\n", found.end())
            line_end = size if line_end < 0 else line_end
            if raw[line_end - 2:line_end] != b"]}":  # torn: not a whole record
                skipped.append(number)
                position, number = line_end + 1, number + 1
                continue
            position, number = line_end + 1, number + 1
            name, started, day, ended = found.group(1, 2, 3, 4)
            begin, end = found.span(5)
            tail: Tail | bool | None = False
            for text, known in known_tails.get((end - begin, name), ()):
                if same(text, begin):
                    tail = known
                    break
            if tail is False:
                tail = self.tail(name, raw[begin:end])
            if day not in known_days:
                known_days[day] = _date(day)
            when = known_days[day]
            if tail is None or when is None:
                skipped.append(number - 1)
                continue
            days.append(when)
            tails.append(tail)  # type: ignore[arg-type]
            starts.append(started)
            ends.append(ended)
        return skipped

    def add(self, record: Record | None) -> bool:
        """Add a record parsed in full; False if there is none (its line is damaged)."""
        if record is None:
            return False
        self.days.append(record.started.date())
        self.tails.append(record.tail)
        self.starts.append(record.started)
        self.ends.append(record.ended)
        return True

    def tail(self, name: bytes, fields: bytes) -> Tail | None:
        """The tail of a summary text not seen before, checked by `parse_record` (None if
        damaged), remembered for the records that repeat it."""
        summary = _parse_line(b'{"routine": "' + name + b'", ' + fields + b"}")
        if isinstance(summary, dict):
            summary["started"] = "2000-01-01T00:00:00+00:00"  # the times are checked apart
        record = parse_record(summary)
        tail = None if record is None else record.tail
        self.known_tails.setdefault((len(fields), name), []).append((fields, tail))
        return tail


def _date(text: bytes) -> date | None:
    """The date of a start the pattern matched; None for a day the calendar lacks (02-30)."""
    try:
        return date.fromisoformat(text.decode())
    except ValueError:
        return None


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


def read_forwards(path: Path, start: int, end: int) -> tuple[list[dict[str, Any]], int]:
    """The whole records in bytes `start` to `end` (appended since an earlier read), oldest
    first, and where the last whole line ends: the next read starts there, so a line being
    written now is read once it is whole. Damaged lines are skipped; raises OSError."""
    with open_file(path) as handle:
        handle.seek(start)
        data = handle.read(max(0, end - start))
    whole = data.rfind(b"\n") + 1
    records = [_parse_line(line) for line in data[:whole].split(b"\n") if line.strip()]
    return [record for record in records if record is not None], start + whole


def whole_lines_end(path: Path, size: int) -> int:
    """Where the last whole line ends within the first `size` bytes (0 if none is whole).
    A torn line longer than MAX_LINE_BYTES is nobody's record: it counts as read."""
    with open_file(path) as handle:
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
