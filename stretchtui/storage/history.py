"""The session history: one JSON line per session in history.jsonl.

Appends are a single os.write of a whole line on an O_APPEND descriptor, so concurrent
writers never interleave and a kill mid-write can only leave a torn last line, which
readers skip with a warning.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stretchtui.progress import History, Record, Tail, parse_record

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
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            record = None
        if isinstance(record, dict):
            records.append(record)
        else:
            problems.append(Problem(path, "skipped a damaged or torn line", number))
    return records, problems


# A record as append_record writes it: the routine, the start (a date and time with its UTC
# offset, to the second), the end, the summary fields ("planned_s" ... "completed", then the
# "stretches" list in newer records) and the timing arrays, which a summary never needs.
# The fields are matched with one-character classes, which the engine runs fastest. Texts
# with quotes, escapes or control characters, other spacing or key orders, other time
# formats do not match; those lines are parsed in full.
_TEXT = rb'"([^"\\\x00-\x1f]*)"'
_START = (rb'"((\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))'
          rb'T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-](?:[01]\d|2[0-3]):[0-5]\d)"')
_RECORD = (rb'\{"routine": ' + _TEXT + rb', "started": ' + _START + rb', "ended": ' + _TEXT
           + rb', ("planned_s": (?:[^\]]*\]|[^\[]*)), "step_starts": \[[^\n]*\]\}(?=\n|\Z)')
_FIRST_LINE = re.compile(_RECORD)
_NEXT_LINES = re.compile(rb"\n" + _RECORD)
_DAMAGED = "skipped a damaged or torn line"


def read_records(path: Path | None = None) -> tuple[History, list[Problem]]:
    """The history as checked records (see `progress.parse_record`) without their timing
    arrays, and a Problem for each line skipped as torn or damaged.

    Fast enough for 50,000 sessions, where parsing each line as JSON takes seconds on a
    slow machine: when every line has the layout `append_record` writes, one pattern takes
    the whole file apart; each distinct summary text (the same for most sessions of a
    routine) is parsed and checked once, and records of equal text share it. Otherwise the
    file is read line by line, and lines in another layout are parsed in full. The timing
    arrays are skipped unread: damage inside them, in an otherwise whole line, goes
    unnoticed.
    """
    path = path or paths.history_file()
    columns = _Columns()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return columns.history(), []
    except OSError as error:
        return columns.history(), [Problem(path, f"cannot be read: {error.strerror or error}")]
    first = _FIRST_LINE.match(raw)
    if first is not None:
        rows = _NEXT_LINES.findall(raw)
        rows.insert(0, first.groups())
        if len(rows) == raw.count(b"\n") + (not raw.endswith(b"\n")):
            # Each match starts a line, ends one and spans none: each line matched once.
            damaged = columns.add_rows(rows)
            return columns.history(), [Problem(path, _DAMAGED, number) for number in damaged]
    problems: list[Problem] = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        found = _FIRST_LINE.match(line)
        if found is not None:
            whole = not columns.add_rows([found.groups()])
        elif line.strip():
            whole = columns.add(parse_record(_json_line(line)))
        else:
            continue
        if not whole:
            problems.append(Problem(path, _DAMAGED, number))
    return columns.history(), problems


def _json_line(line: bytes) -> Any:
    try:
        return json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


class _Columns:
    """The columns of a `History` being read, and what has been learnt on the way: the
    checked tail of each distinct summary text, the date of each distinct day."""

    def __init__(self) -> None:
        self.days: list[date] = []
        self.tails: list[Tail] = []
        self.starts: list[datetime | bytes] = []
        self.ends: list[datetime | bytes | None] = []
        self.known_tails: dict[tuple[bytes, bytes], Tail | None] = {}
        self.known_days: dict[bytes, date | None] = {}

    def history(self) -> History:
        return History(self.days, self.tails, self.starts, self.ends)

    def add(self, record: Record | None) -> bool:
        """Add a record parsed in full; False if there is none (the line is damaged)."""
        if record is None:
            return False
        self.days.append(record.started.date())
        self.tails.append(record.tail)
        self.starts.append(record.started)
        self.ends.append(record.ended)
        return True

    def tail(self, name: bytes, fields: bytes) -> Tail | None:
        """A record's fields after its two times, checked by `parse_record`; None if damaged."""
        summary = _json_line(b'{"routine": "' + name + b'", ' + fields + b"}")
        if isinstance(summary, dict):
            summary["started"] = "2000-01-01T00:00:00+00:00"  # the times are checked apart
        record = parse_record(summary)
        return None if record is None else record.tail

    def add_rows(self, rows: list[tuple[bytes, ...]]) -> list[int]:
        """Add the pattern's rows (one a line, in order); return the line numbers (from 1)
        of damaged ones. The hot loop of a long history: everything looked up once."""
        damaged: list[int] = []
        known_tails, known_days = self.known_tails, self.known_days
        days, tails, starts, ends = self.days, self.tails, self.starts, self.ends
        for number, (name, started, day, ended, fields) in enumerate(rows, 1):
            tail = known_tails.get((name, fields), False)
            if tail is False:
                tail = known_tails[(name, fields)] = self.tail(name, fields)
            when = known_days.get(day, False)
            if when is False:
                when = known_days[day] = _date(day)
            if tail is None or when is None:
                damaged.append(number)
                continue
            days.append(when)
            tails.append(tail)
            starts.append(started)
            ends.append(ended)
        return damaged


def _date(text: bytes) -> date | None:
    """The date of a start the pattern matched; None for a day the calendar lacks (02-30)."""
    try:
        return date.fromisoformat(text.decode())
    except ValueError:
        return None
