"""read_records: the history read with plain json, line by line, into checked records;
whatever is wrong with a line, it is skipped and counted, never a crash."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from histories import parse_records, read_history

from stretchtui.storage.history import (
    append_record,
    last_record,
    read_backwards,
    read_recent,
    read_records,
)


def session_record(n: int = 0, **changes: Any) -> dict[str, Any]:
    """A record as older versions wrote it, timing arrays included."""
    started = datetime(2026, 11, 24, 9, tzinfo=timezone(timedelta(hours=1))) + timedelta(hours=n)
    return {
        "routine": "Desk break", "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=290)).isoformat(timespec="seconds"),
        "planned_s": 290, "done_s": 290.0, "steps": 3, "skipped": 0, "completed": True,
        "stretches": [{"id": "reach-for-the-sky", "done_s": 30.0}, {"id": "cat-cow", "done_s": 80.0}],
        "step_starts": [0.0, 5.0, 20.0], "step_seen": [0.0, 5.02, 20.01, 290.03], **changes,
    }


def without_timing(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("step_starts", "step_seen")}


def test_old_lines_with_timing_arrays_read_as_new_ones(tmp_path: Path) -> None:
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    for n in range(3):
        append_record(session_record(n), old)
        append_record(without_timing(session_record(n)), new)
    assert read_records(old) == read_records(new)
    records, damaged, problems = read_records(old)
    assert (len(records), damaged, problems) == (3, 0, [])
    assert [r.started.hour for r in records] == [9, 10, 11]
    assert records[0].stretches is not None and records[0].stretches[1].id == "cat-cow"


def test_torn_damaged_blank_and_other_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    old = {k: v for k, v in session_record(1).items() if k != "stretches"}  # before the field
    other_order = dict(reversed(list(session_record(2).items())))
    lines = [
        json.dumps(session_record(0), separators=(", ", ": ")),
        json.dumps(old, separators=(", ", ": ")),
        json.dumps(other_order),
        "",
        json.dumps(session_record(3, started="2026-02-30T09:00:00+01:00")),
        json.dumps(session_record(4, started="2026-11-24T09:00:00")),
        json.dumps(session_record(5, done_s=-1)),
        json.dumps(session_record(6, routine='Say "hi"\\')),
        "not json",
        json.dumps(session_record(7))[:150],  # torn by a kill
    ]
    path.write_text("\n".join(lines))
    records, damaged, _ = read_records(path)
    assert damaged == 5
    assert [r.routine for r in records] == ["Desk break"] * 3 + ['Say "hi"\\']
    assert records[1].stretches is None
    raws, problems = read_history(path)
    assert parse_records(raws)[0] == records
    assert [problem.line for problem in problems] == [9, 10]


def test_no_reader_of_the_history_blocks_on_a_named_pipe(tmp_path: Path) -> None:
    """The status line, reminders and the app's start read the history back from its end."""
    path = tmp_path / "history.jsonl"
    os.mkfifo(path)
    assert last_record(path) is None and list(read_backwards(path)) == []
    raws, [problem] = read_history(path)
    assert raws == [] and str(problem) == f"{path}: is a named pipe (FIFO), not a file; it was not read"
    assert read_records(path)[2] == [problem]


def test_a_deeply_nested_line_is_damaged_not_a_crash(tmp_path: Path) -> None:
    """JSON nested deeper than Python recurses: one damaged line, like any other."""
    path = tmp_path / "history.jsonl"
    append_record(session_record(0), path)
    with path.open("ab") as history:
        history.write(b"[" * 200_000 + b"\n" + b'{"a": ' * 200_000 + b"\n")
    append_record(session_record(1), path)
    records, damaged, _ = read_records(path)
    assert (len(records), damaged) == (2, 2)


def test_an_integer_too_long_to_convert_is_a_damaged_line(tmp_path: Path) -> None:
    """json raises ValueError (not a decode error) for an integer of more than 4,300 digits."""
    path = tmp_path / "history.jsonl"
    append_record(session_record(0), path)
    with path.open("ab") as history:
        history.write(b'{"routine": "x", "done_s": ' + b"9" * 5000 + b"}\n")
        history.write(b"1" * 5000 + b"\n")
    append_record(session_record(1), path)
    records, damaged, _ = read_records(path)
    assert (len(records), damaged) == (2, 2)
    assert last_record(path) == records[-1]


def test_the_recent_read_from_the_end_is_the_end_of_the_whole_read(tmp_path: Path) -> None:
    """`read_recent` (the History screen's first step) skips what `read_records` skips and
    returns its newest records, newest first: damaged lines among many blocks, a torn end,
    a last line without its newline, fewer records than asked for, an empty file."""
    path = tmp_path / "history.jsonl"
    good = [json.dumps(session_record(n)) for n in range(300)]  # ~130 kB: many 16 kB blocks
    damaged = ["not json", json.dumps(session_record(0, done_s=-1)), "", "  ", "[1, 2]"]
    lines = [line for n, line in enumerate(good) for line in (line, damaged[n % len(damaged)])]
    shapes = {
        "damaged between": "\n".join(lines) + "\n",
        "torn end": "\n".join(lines) + "\n" + good[0][:80],
        "no final newline": "\n".join(good),
        "few": "\n".join(good[:3]) + "\nnot json\n",
        "empty": "",
        "only damaged": "not json\n{\"routine\": \"torn",
    }
    for shape, text in shapes.items():
        path.write_text(text)
        records = read_records(path)[0]
        for limit in (0, 1, 100, 1000):
            assert read_recent(limit, path) == records[::-1][:limit], (shape, limit)
    assert read_recent(100, tmp_path / "missing.jsonl") == []
