"""The session history: one JSON line per session in history.jsonl.

Appends are a single os.write of a whole line on an O_APPEND descriptor, so concurrent
writers never interleave and a kill mid-write can only leave a torn last line, which
readers skip with a warning.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
