"""The session history file: whole-line appends, torn lines skipped, readers keep working."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from histories import read_history
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchtui.storage import history
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import append_record, last_record, read_backwards

RECORD = {"routine": "Desk break", "started": "2026-11-24T09:00:00+00:00",
          "ended": "2026-11-24T09:04:50+00:00", "planned_s": 290, "done_s": 290.0,
          "steps": 20, "skipped": 0, "completed": True}


def test_append_creates_the_file_with_one_line_per_session(user_dirs: dict[str, Path]) -> None:
    path = append_record(RECORD)
    append_record({**RECORD, "completed": False})
    assert path == user_dirs["data"] / "history.jsonl"
    lines = path.read_text().splitlines()
    assert [json.loads(line)["completed"] for line in lines] == [True, False]
    assert read_history() == ([RECORD, {**RECORD, "completed": False}], [])


def test_a_torn_last_line_is_skipped_with_a_warning_and_appends_continue(
    user_dirs: dict[str, Path],
) -> None:
    path = append_record(RECORD)
    with open(path, "ab") as handle:
        handle.write(b'{"routine": "Desk br')  # killed mid-write
    records, problems = read_history()
    assert records == [RECORD]
    assert [str(p) for p in problems] == [f"{path}:2: skipped a damaged or torn line"]
    append_record({**RECORD, "routine": "Next"})
    records, problems = read_history()
    assert [r["routine"] for r in records] == ["Desk break", "Next"]
    assert len(problems) == 1  # the torn line stays torn; the new record is whole


def test_damaged_lines_and_bad_bytes_never_stop_the_reader(user_dirs: dict[str, Path]) -> None:
    path = user_dirs["data"] / "history.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[1, 2]\n\xff\xfe\n' + json.dumps(RECORD).encode() + b"\nnot json\n")
    records, problems = read_history()
    assert records == [RECORD]
    assert [p.line for p in problems] == [1, 2, 4]


def test_concurrent_appenders_never_interleave(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    script = tmp_path / "append.py"
    script.write_text(
        "import sys\nfrom stretchtui.storage.history import append_record\n"
        "for n in range(200):\n"
        "    append_record({'routine': sys.argv[1] + str(n), 'notes': 'x' * 3000})\n"
    )
    env = {**os.environ}
    children = [subprocess.Popen([sys.executable, str(script), name], env=env) for name in "ab"]
    assert all(child.wait(timeout=60) == 0 for child in children)
    records, problems = read_history()
    assert problems == []
    assert len(records) == 400
    assert {r["routine"] for r in records} == {f"{c}{n}" for c in "ab" for n in range(200)}


def test_an_unwritable_history_is_a_clear_error(user_dirs: dict[str, Path]) -> None:
    user_dirs["data"].parent.mkdir(parents=True)
    user_dirs["data"].write_text("a file where the folder should be")
    try:
        append_record(RECORD)
    except StorageError as error:
        assert "could not record the session" in str(error)
        assert str(user_dirs["data"]) in str(error)
    else:
        raise AssertionError("expected a StorageError")


# -- reading from the end ------------------------------------------------------------------


def history_file(user_dirs: dict[str, Path], raw: bytes) -> Path:
    path = user_dirs["data"] / "history.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def line(**changes: object) -> bytes:
    return json.dumps({**RECORD, **changes}).encode() + b"\n"


def test_last_record_of_a_missing_or_empty_history_is_none(user_dirs: dict[str, Path]) -> None:
    assert last_record() is None
    history_file(user_dirs, b"")
    assert last_record() is None
    history_file(user_dirs, b"\n\n  \n")
    assert last_record() is None


def test_last_record_is_the_newest_whole_one(user_dirs: dict[str, Path]) -> None:
    append_record({**RECORD, "routine": "first"})
    append_record({**RECORD, "routine": "second"})
    assert last_record().routine == "second"  # type: ignore[union-attr]


def test_a_torn_last_line_gives_the_record_before_it(user_dirs: dict[str, Path]) -> None:
    history_file(user_dirs, line(routine="whole") + b'{"routine": "Desk br')
    assert last_record().routine == "whole"  # type: ignore[union-attr]


def test_a_file_without_a_final_newline_still_has_its_last_record(user_dirs: dict[str, Path]) -> None:
    history_file(user_dirs, line(routine="a") + line(routine="b").rstrip(b"\n"))
    assert last_record().routine == "b"  # type: ignore[union-attr]
    history_file(user_dirs, line(routine="only").rstrip(b"\n"))
    assert last_record().routine == "only"  # type: ignore[union-attr]


def test_a_huge_last_line_is_skipped_without_being_held(user_dirs: dict[str, Path]) -> None:
    huge = b'{"routine": "' + b"x" * (history.MAX_LINE_BYTES + 50_000) + b'"}'
    history_file(user_dirs, line(routine="before") + huge + b"\n")
    assert last_record().routine == "before"  # type: ignore[union-attr]
    history_file(user_dirs, huge)  # nothing else, and no newline at all
    assert last_record() is None


class CountingReader(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_the_newest_records_cost_a_block_however_long_the_history() -> None:
    raw = b"".join(line(routine=str(n)) for n in range(5_000))  # about 1 MB
    reader = CountingReader(raw)
    lines = history._lines_backwards(reader, len(raw), None)
    assert next(lines) == b""  # after the final newline
    assert json.loads(next(lines))["routine"] == "4999"
    assert reader.read_bytes == history.BLOCK_BYTES


def test_reading_stops_after_max_bytes(user_dirs: dict[str, Path]) -> None:
    history_file(user_dirs, line(routine="old") + b"junk\n" * 100_000)
    assert last_record().routine == "old"  # type: ignore[union-attr]  # half a MB of junk is read through
    assert list(read_backwards(max_bytes=history.BLOCK_BYTES)) == []


@settings(max_examples=300)
@given(st.lists(st.one_of(
    st.builds(lambda n: json.dumps({"n": n}).encode(), st.integers()),
    st.binary(max_size=30),
    st.just(b""),
)), st.booleans(), st.integers(1, 40))
def test_backwards_gives_exactly_the_forward_records_reversed(
    lines: list[bytes], final_newline: bool, block: int
) -> None:
    raw = b"\n".join(lines) + (b"\n" if final_newline else b"")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.jsonl"
        path.write_bytes(raw)
        forward, _ = read_history(path)
        original = history.BLOCK_BYTES
        history.BLOCK_BYTES = block  # small blocks put boundaries everywhere
        try:
            backward = list(read_backwards(path))
        finally:
            history.BLOCK_BYTES = original
    assert backward == forward[::-1]


def test_reading_backwards_can_start_before_the_end(user_dirs: dict[str, Path]) -> None:
    first, second = line(routine="a"), line(routine="b")
    path = history_file(user_dirs, first + second)
    assert [r["routine"] for r in read_backwards(path, end=len(first))] == ["a"]
    assert last_record(path, end=len(first) + 10).routine == "a"  # type: ignore[union-attr]


# -- a full disk, a time zone datetime cannot hold ---------------------------------------------


def test_a_short_write_is_an_error_and_the_file_is_left_whole(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk writes part of the line: the user is told, and the part is taken back,
    so the file holds what it held (a torn line would lose the session unseen)."""
    path = append_record({"routine": "Before", "n": 1})
    before = path.read_bytes()
    write = os.write

    def half(descriptor: int, data: bytes | memoryview) -> int:
        return write(descriptor, bytes(data)[: max(1, len(data) // 2)])

    monkeypatch.setattr(history.os, "write", half)
    with pytest.raises(StorageError, match=r"could not record the session.*disk is full"):
        append_record({"routine": "Cut short", "n": 2, "pad": "x" * 200})
    monkeypatch.setattr(history.os, "write", write)
    assert path.read_bytes() == before
    append_record({"routine": "After", "n": 3})
    raws, problems = read_history(path)
    assert [raw["routine"] for raw in raws] == ["Before", "After"] and problems == []


def test_a_failed_sync_takes_the_line_back_too(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = append_record({"routine": "Before"})
    before = path.read_bytes()

    def no_space(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(history.os, "fsync", no_space)
    with pytest.raises(StorageError, match="No space left on device"):
        append_record({"routine": "Unsynced"})
    assert path.read_bytes() == before


@contextmanager
def time_zone(name: str) -> Iterator[None]:
    """The process's local time zone set to `name` for a while (TZ and tzset)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_a_session_starts_and_is_recorded_in_a_time_zone_a_day_or_more_off(
    user_dirs: dict[str, Path]
) -> None:
    """datetime cannot hold a UTC offset of 24 h or more (TZ=UTC+25): the session's times
    are UTC's instead of a crash at its start with no record."""
    from stretchtui.core.model import Routine, RoutineItem
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.storage.library import load_library

    with time_zone("UTC+25"):
        keeper = SessionKeeper(load_library().stretches)
        keeper.start(Routine("Far away", items=(RoutineItem("cat-cow", hold=5, reps=1),)))
        assert keeper.record() is None
    [raw], _ = read_history()
    assert raw["routine"] == "Far away" and raw["started"].endswith("+00:00")
