"""The kept tally of the history: a summary served from it is the summary of the whole file
as it is now, whatever happened to the file, and only what was appended is parsed again."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from histories import TODAY, summarize, write_history
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchtui.core.progress import RECENT_LIMIT, Summary, Tally
from stretchtui.storage import history_cache, sealed
from stretchtui.storage.history import append_record, format_record, load_summary, parse_history


@pytest.fixture(autouse=True)
def settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as written, so the cache keys on them (ctime cannot be
    set back; the wait would otherwise be SETTLED_S)."""
    monkeypatch.setattr(sealed, "SETTLED_S", 0.0)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many records each tally was given, in order: what was parsed for the sums."""
    sizes: list[int] = []
    add = Tally.add

    def counting(self: Tally, history: Any, damaged: int = 0) -> None:
        sizes.append(len(history))
        add(self, history, damaged)

    monkeypatch.setattr(Tally, "add", counting)
    return sizes


def view(summary: Summary) -> tuple[Any, ...]:
    """Everything a summary shows, with sums rounded (the kept sums are added in another
    order than one pass over the file adds them)."""
    def totals(rows: Any) -> tuple[Any, ...]:
        return tuple((row.name, row.sessions, round(row.seconds, 6), row.last) for row in rows)

    return (summary.current_streak, summary.longest_streak, round(summary.this_week_s, 6),
            round(summary.last_week_s, 6), summary.sessions, summary.completed, summary.stopped,
            round(summary.seconds, 6), summary.active_days, summary.goal_days, summary.damaged,
            summary.recent, totals(summary.routines), totals(summary.stretches),
            [(day.date, round(day.seconds, 6), day.sessions, day.completed) for day in summary.active()])


def from_scratch(path: Path) -> Summary:
    """The summary of the file as it is, parsed in full without any cache."""
    history, skipped = parse_history(path.read_bytes() if path.exists() else b"")
    return summarize(history, today=TODAY, daily_goal_min=5, damaged=len(skipped))


def cached(path: Path, *, new_process: bool = False) -> Summary:
    """The summary load_summary gives; in a `new_process`, from the cache file alone (what
    this process remembers is forgotten first)."""
    if new_process:
        history_cache.forget()
    summary, problems = load_summary(today=TODAY, daily_goal_min=5, path=path)
    assert problems == []
    return summary


def record(n: int, **changes: Any) -> dict[str, Any]:
    started = datetime(2026, 3, 1, 7, tzinfo=timezone(timedelta(hours=1))) + timedelta(hours=5 * n)
    return {"routine": f"Routine {n % 3}", "started": started.isoformat(timespec="seconds"),
            "ended": (started + timedelta(seconds=300)).isoformat(timespec="seconds"),
            "planned_s": 300, "done_s": 100.0 + n, "steps": 3, "skipped": 0, "completed": n % 4 != 0,
            "stretches": [{"id": "cat-cow", "done_s": 50.0 + n}], "step_starts": [0.0],
            "step_seen": [0.0], **changes}


@pytest.fixture
def history(user_dirs: dict[str, Path]) -> Path:
    return write_history(user_dirs["data"])


@pytest.fixture(autouse=True)
def forget() -> None:
    history_cache.forget()  # tests share one process


@pytest.mark.parametrize("new_process", [False, True])
def test_a_second_read_parses_none_of_the_history_again(history: Path, parsed: list[int],
                                                        new_process: bool) -> None:
    first = cached(history)
    assert parsed[0] == first.sessions > 300  # the whole history the first time
    parsed.clear()
    again = cached(history, new_process=new_process)
    assert parsed == []  # then nothing, however long it is
    assert view(again) == view(first) == view(from_scratch(history))


@pytest.mark.parametrize("new_process", [False, True])
def test_appended_sessions_are_the_only_ones_parsed(history: Path, parsed: list[int],
                                                    new_process: bool) -> None:
    before = cached(history)
    shown = view(before)
    for n in range(3):
        append_record(record(n), history)
    parsed.clear()
    after = cached(history, new_process=new_process)
    assert view(before) == shown  # a summary made earlier shares no sums with later ones
    assert parsed[0] == 3
    assert after.sessions == before.sessions + 3
    assert view(after) == view(from_scratch(history))
    assert after.recent[0].routine == "Routine 2"


def test_an_edit_in_the_middle_of_the_same_size_is_seen(history: Path) -> None:
    cached(history)
    raw = history.read_bytes()
    middle = raw.index(b'"routine": "', len(raw) // 2) + len(b'"routine": "')
    status = history.stat()
    with open(history, "r+b") as handle:  # in place: same inode, same size
        handle.seek(middle)
        handle.write(b"X")
    os.utime(history, ns=(status.st_atime_ns, status.st_mtime_ns))  # and the old mtime
    summary = cached(history)
    assert any(row.name.startswith("X") for row in summary.routines)
    assert view(summary) == view(from_scratch(history))


def test_a_shortened_history_is_read_again(history: Path, parsed: list[int]) -> None:
    whole = cached(history)
    raw = history.read_bytes()
    cut = raw.index(b"\n", len(raw) // 2) + 1
    history.write_bytes(raw[:cut])
    parsed.clear()
    summary = cached(history)
    assert summary.sessions < whole.sessions and parsed[0] == summary.sessions
    assert view(summary) == view(from_scratch(history))


def test_a_history_replaced_by_another_file_is_read_again(history: Path) -> None:
    cached(history)
    other = history.with_name("other.jsonl")
    other.write_bytes(b"".join(format_record(record(n)) for n in range(5)))
    other.replace(history)
    assert view(cached(history)) == view(from_scratch(history))
    assert cached(history).sessions == 5


def test_the_same_bytes_grown_in_place_keep_the_tally(history: Path, parsed: list[int]) -> None:
    """A history rewritten with the same start and more at the end (a copy put back, an
    editor that saves in place): the start's CRC still matches, only the end is parsed."""
    cached(history)
    raw = history.read_bytes()
    history.write_bytes(raw + format_record(record(7)))
    parsed.clear()
    summary = cached(history)
    assert parsed == [1]
    assert view(summary) == view(from_scratch(history))


def test_a_line_being_written_counts_as_torn_and_is_not_kept(history: Path, parsed: list[int]) -> None:
    clean = cached(history)
    line = format_record(record(1))
    with open(history, "ab") as handle:
        handle.write(line[:40])
    torn = cached(history)
    assert (torn.sessions, torn.damaged) == (clean.sessions, clean.damaged + 1)
    assert view(torn) == view(from_scratch(history))
    with open(history, "ab") as handle:
        handle.write(line[40:])
    parsed.clear()
    whole = cached(history)
    assert parsed == [1]  # the finished line, not the history again
    assert (whole.sessions, whole.damaged) == (clean.sessions + 1, clean.damaged)
    assert view(whole) == view(from_scratch(history))


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],  # truncated
    lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit of the body
    lambda raw: b"stretchtui-history-tally 0" + raw[raw.index(b"\n"):],  # another version
    lambda raw: b"",
    lambda raw: os.urandom(300),
])
def test_a_damaged_cache_is_ignored_and_rewritten(history: Path, user_dirs: dict[str, Path],
                                                  parsed: list[int], damage: Any) -> None:
    cached(history)
    kept = user_dirs["cache"] / history_cache.FILE_NAME
    kept.write_bytes(damage(kept.read_bytes()))
    parsed.clear()
    summary = cached(history, new_process=True)
    assert parsed[0] > 300  # read in full
    assert view(summary) == view(from_scratch(history))
    parsed.clear()
    cached(history, new_process=True)
    assert parsed == []  # and kept again


def test_a_cache_of_wrong_shape_is_ignored(history: Path, user_dirs: dict[str, Path]) -> None:
    """A whole, well-sealed file whose values are not what the cache writes."""
    first = cached(history)
    kept = user_dirs["cache"] / history_cache.FILE_NAME
    path, inode, device, key, covered, crc, plain = sealed.unseal(history_cache.HEADER, kept.read_bytes())
    records, damaged, completed, seconds, days, routines, stretches = plain
    for wrong in [(records, damaged, completed, seconds, {1: "x"}, routines, stretches),
                  (records, damaged, completed, seconds, days, {"a": [1, 2]}, stretches),
                  (str(records), damaged, completed, seconds, days, routines, stretches)]:
        kept.write_bytes(sealed.seal(history_cache.HEADER, (path, inode, device, key, covered, crc, wrong)))
        assert view(cached(history, new_process=True)) == view(first)


def test_another_history_file_does_not_use_this_ones_cache(history: Path, tmp_path: Path) -> None:
    cached(history)
    other = tmp_path / "elsewhere.jsonl"
    other.write_bytes(b"".join(format_record(record(n)) for n in range(4)))
    assert cached(other).sessions == 4
    assert view(cached(history)) == view(from_scratch(history))


def test_a_missing_history_is_empty_and_an_unreadable_one_is_one_problem(tmp_path: Path) -> None:
    summary, problems = load_summary(today=TODAY, daily_goal_min=5, path=tmp_path / "none.jsonl")
    assert summary.empty and problems == []
    summary, [problem] = load_summary(today=TODAY, daily_goal_min=5, path=tmp_path)  # a folder
    assert summary.empty and str(problem) == f"{tmp_path}: is a folder, not a file; it was not read"


def test_the_latest_records_reach_back_past_one_window(user_dirs: dict[str, Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Records longer than expected: the recent list still has its RECENT_LIMIT sessions."""
    monkeypatch.setattr(history_cache, "LATEST_WINDOW", 1_000)
    path = user_dirs["data"] / "history.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"".join(format_record(record(n)) for n in range(RECENT_LIMIT + 60)))
    summary = cached(path)
    assert len(summary.recent) == RECENT_LIMIT and summary.recent == from_scratch(path).recent


# -- any history, any sequence of changes --------------------------------------------------------

changes = st.one_of(
    st.tuples(st.just("append"), st.integers(1, 4)),
    st.tuples(st.just("torn"), st.integers(1, 120)),
    st.tuples(st.just("finish"), st.just(0)),
    st.tuples(st.just("damage"), st.integers(0, 10_000)),
    st.tuples(st.just("cut"), st.integers(0, 10_000)),
    st.tuples(st.just("junk"), st.sampled_from([b"\n", b"not json\n", b"{}\n", b'{"routine": 1}\n'])),
)


def apply(path: Path, change: tuple[str, Any], counter: list[int]) -> None:
    raw = path.read_bytes() if path.exists() else b""
    kind, amount = change
    if kind == "append":
        for _ in range(amount):
            counter[0] += 1
            append_record(record(counter[0]), path)
    elif kind == "torn":
        path.write_bytes(raw + format_record(record(99))[:amount])
    elif kind == "finish" and raw and not raw.endswith(b"\n"):
        path.write_bytes(raw + b"\n")
    elif kind == "damage" and raw:
        at = amount % len(raw)
        path.write_bytes(raw[:at] + (b"#" if raw[at:at + 1] != b"#" else b"$") + raw[at + 1:])
    elif kind == "cut":
        path.write_bytes(raw[: amount % (len(raw) + 1)])
    elif kind == "junk":
        path.write_bytes(raw + amount)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 6), st.lists(st.tuples(changes, st.booleans()), max_size=8))
def test_the_cached_summary_is_always_the_summary_of_the_file(
    user_dirs: dict[str, Path], start: int, steps: list[tuple[tuple[str, Any], bool]]
) -> None:
    path = user_dirs["data"] / "history.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(format_record(record(n)) for n in range(start)))
    (user_dirs["cache"] / history_cache.FILE_NAME).unlink(missing_ok=True)
    counter = [start]
    assert view(cached(path, new_process=True)) == view(from_scratch(path))
    for step, new_process in steps:
        apply(path, step, counter)
        assert view(cached(path, new_process=new_process)) == view(from_scratch(path)), step


def test_days_are_the_same_from_the_cache_across_daylight_saving(user_dirs: dict[str, Path]) -> None:
    """Days are kept as ordinals: a session keeps the local day it had in its own offset."""
    path = user_dirs["data"] / "history.jsonl"
    path.parent.mkdir(parents=True)
    late = {**record(0), "started": "2026-03-28T23:30:00+01:00", "ended": "2026-03-29T00:35:00+02:00"}
    path.write_bytes(format_record(late))
    cached(path)
    summary = cached(path)
    assert [day.date for day in summary.active()] == [date(2026, 3, 28)]
    assert json.loads(path.read_bytes())["routine"] == summary.recent[0].routine
