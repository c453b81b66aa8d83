"""The session history file: whole-line appends, torn lines skipped, readers keep working."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import append_record, read_history

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


@settings(max_examples=2000, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(st.just(json.dumps(RECORD)), st.text(max_size=40),
                       st.just(json.dumps(RECORD)[:25])), max_size=8).map("\n".join)
      .map(str.encode),
))
def test_any_history_bytes_give_records_and_warnings_never_an_exception(raw: bytes) -> None:
    path = Path(tempfile.mkdtemp()) / "history.jsonl"
    path.write_bytes(raw)
    records, problems = read_history(path)
    assert all(isinstance(record, dict) for record in records)
    assert all(str(path) in str(problem) for problem in problems)
    assert len(records) + len(problems) <= raw.count(b"\n") + 1
