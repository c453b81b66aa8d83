"""parse_history: the fast reader of the history agrees with parsing every line as JSON."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchtui.core.records import parse_records
from stretchtui.storage.history import (
    append_record,
    last_record,
    parse_history,
    read_backwards,
    read_forwards,
    read_history,
    whole_lines_end,
)


def session_record(n: int = 0, **changes: Any) -> dict[str, Any]:
    """A record in the layout Session.record() writes, timing arrays included."""
    started = datetime(2026, 11, 24, 9, tzinfo=timezone(timedelta(hours=1))) + timedelta(hours=n)
    return {
        "routine": "Desk break", "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=290)).isoformat(timespec="seconds"),
        "planned_s": 290, "done_s": 290.0, "steps": 3, "skipped": 0, "completed": True,
        "stretches": [{"id": "reach-for-the-sky", "done_s": 30.0}, {"id": "cat-cow", "done_s": 80.0}],
        "step_starts": [0.0, 5.0, 20.0], "step_seen": [0.0, 5.02, 20.01, 290.03], **changes,
    }


def the_slow_way(path: Path) -> tuple[list[Any], int]:
    """Records and how many lines were skipped, parsing every line in full."""
    raws, problems = read_history(path)
    records, damaged = parse_records(raws)
    return records, len(problems) + damaged


def agree(path: Path) -> list[int]:
    """The lines skipped, once the fast reader is shown to agree with the slow way."""
    history, skipped = parse_history(path.read_bytes())
    records, damaged = the_slow_way(path)
    assert list(history) == records
    assert len(skipped) == damaged
    return skipped


def test_records_of_equal_text_share_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    for n in range(3):
        append_record(session_record(n), path)
    append_record(session_record(3, done_s=100.0, completed=False), path)
    history, problems = parse_history(path.read_bytes())
    assert problems == [] and len(history) == 4
    assert history.tails[0] is history.tails[1] is history.tails[2]
    assert history.tails[3] is not history.tails[0]
    assert [r.started.hour for r in history] == [9, 10, 11, 12]
    assert history[0].stretches is history[2].stretches
    agree(path)


def test_torn_damaged_blank_and_other_lines_are_counted_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    old = {k: v for k, v in session_record(1).items() if k != "stretches"}  # before the field
    other_order = dict(reversed(list(session_record(2).items())))
    lines = [
        json.dumps(session_record(0), separators=(", ", ": ")),
        json.dumps(old, separators=(", ", ": ")),
        json.dumps(other_order),
        "",
        json.dumps(session_record(3, started="2026-02-30T09:00:00+01:00"), separators=(", ", ": ")),
        json.dumps(session_record(4, started="2026-11-24T09:00:00"), separators=(", ", ": ")),
        json.dumps(session_record(5, done_s=-1), separators=(", ", ": ")),
        json.dumps(session_record(6, routine='Say "hi"\\'), separators=(", ", ": ")),
        "not json",
        json.dumps(session_record(7), separators=(", ", ": "))[:150],  # torn by a kill
    ]
    path.write_text("\n".join(lines))
    assert agree(path) == [5, 6, 7, 9, 10]
    history, _ = parse_history(path.read_bytes())
    assert [r.routine for r in history] == ["Desk break"] * 3 + ['Say "hi"\\']
    assert history[1].stretches is None


def test_a_line_without_timing_arrays_keeps_to_itself(tmp_path: Path) -> None:
    """A record without lists (no stretches, no step_starts: written by another tool)
    before one the app wrote: two records, not one damaged line made of both."""
    path = tmp_path / "history.jsonl"
    bare = {k: v for k, v in session_record(0).items() if k not in ("stretches", "step_starts", "step_seen")}
    append_record(bare, path)
    append_record(session_record(1), path)
    assert agree(path) == []
    assert len(parse_history(path.read_bytes())[0]) == 2


def test_no_reader_of_the_history_blocks_on_a_named_pipe(tmp_path: Path) -> None:
    """The status line, reminders and the app's start read the history back from its end."""
    path = tmp_path / "history.jsonl"
    os.mkfifo(path)
    assert last_record(path) is None and list(read_backwards(path)) == []
    raws, [problem] = read_history(path)
    assert raws == [] and str(problem) == f"{path}: is a named pipe (FIFO), not a file; it was not read"
    for read in (lambda: read_forwards(path, 0, 10), lambda: whole_lines_end(path, 10)):
        with pytest.raises(OSError, match="named pipe"):
            read()


def test_a_deeply_nested_line_is_damaged_not_a_crash(tmp_path: Path) -> None:
    """JSON nested deeper than Python recurses: one damaged line, like any other."""
    path = tmp_path / "history.jsonl"
    append_record(session_record(0), path)
    with path.open("ab") as history:
        history.write(b"[" * 200_000 + b"\n" + b'{"a": ' * 200_000 + b"\n")
    append_record(session_record(1), path)
    assert agree(path) == [2, 3]


def test_every_line_bad_in_the_fast_layout_is_found_by_line(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    for n in range(5):
        append_record(session_record(n, done_s=-5.0 if n in (1, 3) else 290.0), path)
    append_record(session_record(5, started="2026-02-29T09:00:00+01:00"), path)  # not a leap year
    assert agree(path) == [2, 4, 6]


texts = st.text(st.characters(codec="utf-8"), max_size=12)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(lambda minutes, zone: (datetime(2020, 1, 1, tzinfo=UTC)
                                           + timedelta(minutes=minutes)).astimezone(zone),
                    st.integers(0, 10_000_000), offsets)
numbers = st.one_of(st.integers(-5, 5000), st.floats(-1, 5000, allow_nan=False), st.booleans())


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    started = draw(moments)
    record = session_record(
        routine=draw(st.sampled_from(["Desk break", "Gentle floor"]) | texts),
        started=started.isoformat(timespec=draw(st.sampled_from(["seconds", "minutes", "auto"]))),
        ended=draw(st.sampled_from([(started + timedelta(seconds=290)).isoformat(), "", "later"])),
        done_s=draw(numbers), planned_s=draw(numbers), completed=draw(st.booleans() | st.none()),
        stretches=draw(st.none() | st.lists(st.fixed_dictionaries(
            {"id": st.sampled_from(["cat-cow", "childs-pose"]) | texts, "done_s": numbers}),
            max_size=3)),
    )
    if record["stretches"] is None:
        del record["stretches"]
    return record


def escaped(line: str) -> str:
    """The line with its first digit of "ended" written as a JSON escape, and a raw
    control character in its routine: JSON reads the first and refuses the second."""
    line = re.sub(r'("ended": ")(\d)', lambda m: f"{m[1]}\\u{ord(m[2]):04x}", line, count=1)
    return line.replace('"routine": "', '"routine": "\x1b', 1) if "Desk" in line else line


lines = st.one_of(
    records().map(lambda r: json.dumps(r, ensure_ascii=False, separators=(", ", ": "))),
    records().map(lambda r: escaped(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")))),
    records().map(lambda r: json.dumps(r, ensure_ascii=False, separators=(", ", ": "))[:-7]),
    records().map(json.dumps),
    records().map(lambda r: json.dumps({k: v for k, v in r.items() if not k.startswith("step_")},
                                       ensure_ascii=False, separators=(", ", ": "))),
    st.sampled_from(["", "   ", "[1]", "{}", "null", '{"routine": "x"}']),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, max_size=8), st.booleans())
def test_the_fast_reader_agrees_with_json_on_any_history(
    tmp_path: Path, history: list[str], final_newline: bool
) -> None:
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(history) + ("\n" if final_newline else ""), encoding="utf-8")
    agree(path)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records(), min_size=1, max_size=8))
def test_the_fast_reader_agrees_on_histories_written_by_append_record(
    tmp_path: Path, history: list[dict[str, Any]]
) -> None:
    path = tmp_path / "history.jsonl"
    path.unlink(missing_ok=True)
    for record in history:
        append_record(record, path)
    agree(path)
