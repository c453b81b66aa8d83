"""The benchmark's own machinery: the files it generates mean what its figures assume, its
pseudo-terminal has the size and TERM it claims, and a broken figure never stops the run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from histories import benchmark_people

from stretchtui.core.model import AREAS
from stretchtui.core.plan import StepKind, plan
from stretchtui.storage.library import load_library
from stretchtui.storage.routines import load_routines


@pytest.fixture(scope="module")
def bench() -> Iterator[SimpleNamespace]:
    """The benchmark package (beside the project, not installed), its modules' names in one
    namespace."""
    benchmark_people()
    from benchmarks import common, figures, people, terminal

    names: dict[str, object] = {}
    for module in (common, terminal, people, figures):
        names.update(vars(module))
    yield SimpleNamespace(**names)


def test_timing_routine_is_ten_one_second_holds_back_to_back(bench, tmp_path: Path) -> None:
    path = bench.write_routine(tmp_path / "timing.toml", "Timing", [1] * 10)
    library = load_library().stretches
    book = load_routines(library, path)
    assert not book.problems
    timing = next(r for r in book.routines if r.name == "Timing")
    steps = plan(timing, library).steps
    # Figure 4 compares each step's start with 0, 1, ... 9 and the end with 10.
    assert [(s.kind, s.start, s.duration) for s in steps] == [
        (StepKind.HOLD, n, 1) for n in range(10)
    ]


def test_scale_files_load_without_problems(bench, tmp_path: Path) -> None:
    data, routines = bench.generate_scale(tmp_path)
    library = load_library(data / "stretchtui" / "stretches.toml")
    assert not library.problems
    generated = [s for s in library.stretches.values() if s.id.startswith("gen-")]
    assert len(generated) == bench.PERSON_STRETCHES == 200  # a person's scale (issue 19)
    assert {area for s in generated for area in s.areas} == set(AREAS)
    book = load_routines(library.stretches, routines)
    assert not book.problems
    assert sum(not r.builtin for r in book.routines) == bench.PERSON_ROUTINES == 100


def test_pty_has_the_size_and_terminal_it_claims(bench, tmp_path: Path) -> None:
    script = ("import os, sys; c, l = os.get_terminal_size(); "
              "print(f'size={c}x{l} term={os.environ[\"TERM\"]}', flush=True); sys.stdin.readline()")
    run, _ = bench.run_pty([sys.executable, "-c", script], bench.make_env(tmp_path),
                           size=(40, 12), marker=b"term=", quit_keys=b"\n", timeout=20)
    assert b"size=40x12 term=xterm-256color" in run.output
    assert run.status == 0
    assert run.marker_at is not None and run.max_rss_kb > 0


def test_key_costs_count_what_each_key_made_the_program_write(bench, tmp_path: Path) -> None:
    # A program that answers each key with as many bytes as the key's number says.
    script = ("import sys, tty, os; tty.setraw(0); print('ready', flush=True)\n"
              "while (key := os.read(0, 1)) != b'\\x11': os.write(1, b'x' * 100 * int(key))")
    costs = bench.key_costs([sys.executable, "-c", script], bench.make_env(tmp_path), b"ready",
                            b"3", 3, quiet=0.2)
    assert [written for written, _ in costs] == [300, 300, 300]
    assert all(0 <= seconds < 5 for _, seconds in costs)


def test_a_failing_or_missing_figure_is_a_row_not_a_crash(bench) -> None:
    def broken() -> list:
        raise RuntimeError("no terminal")

    [row] = bench.safely("3 hold 80x24", broken)
    assert row.value is None and row.met is None and "no terminal" in row.note
    [row] = bench.safely("4 timing", broken, available=False)
    assert row.note == "not available: no `stretchtui run`"


def test_generated_history_reads_as_the_app_wrote_it(bench, tmp_path: Path) -> None:
    from datetime import date, timedelta

    from histories import parse_records, read_history

    from stretchtui.storage.history import read_records

    data = bench.generate_history(tmp_path, sessions=600, years=1)
    path = data / "stretchtui" / "history.jsonl"
    raws, problems = read_history(path)
    assert len(raws) == 600 and problems == []
    # Records as Session.record() writes them: the stretches last, no timing arrays.
    assert all(list(raw)[-1] == "stretches" and "step_starts" not in raw for raw in raws)
    assert {raw["completed"] for raw in raws} == {True, False}
    assert {raw["started"][-6:] for raw in raws} == {"+01:00", "+02:00"}  # daylight saving
    records, damaged, _ = read_records(path)
    assert damaged == 0 and records == parse_records(raws)[0]
    days = sorted({record.day for record in records})
    assert days[-1] == date.today() and days[0] == date.today() - timedelta(days=364)


def test_the_status_history_ends_with_a_session_ten_minutes_ago(bench, tmp_path: Path) -> None:
    import time
    from datetime import date, timedelta

    from stretchtui.storage.history import last_record, read_records

    now = time.time()
    yesterday = date.fromtimestamp(now) - timedelta(days=1)
    path = tmp_path / "history.jsonl"
    path.write_bytes(bench.history_lines(600, 1, today=yesterday, newest_ended=now - 600))
    records, damaged, _ = read_records(path)
    assert len(records) == 601 and damaged == 0
    assert sorted({record.day for record in records})[-2] == yesterday  # a year up to yesterday, then today's
    last = last_record(path)
    assert last is not None and last.ended is not None
    assert last.ended.timestamp() == pytest.approx(now - 600, abs=1)  # "stretched 10m ago"


def test_a_benchmark_user_never_shares_the_runtime_fallback(bench, tmp_path: Path) -> None:
    # With no XDG_RUNTIME_DIR the app would write its state files to /tmp/runtime-UID,
    # shared with every other stretchtui on the machine.
    env = bench.make_env(tmp_path)
    runtime = Path(env["XDG_RUNTIME_DIR"])
    assert runtime.parent == tmp_path and (runtime.stat().st_mode & 0o777) == 0o700


def test_status_user_has_private_folders_of_its_own(bench, tmp_path: Path) -> None:
    env = bench.status_env(tmp_path, "x")
    assert (Path(env["XDG_RUNTIME_DIR"]).stat().st_mode & 0o777) == 0o700
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME"):
        assert Path(env[name]).parent == tmp_path / "status-x"


def test_history_screen_opens_are_timed_once_each(bench, tmp_path: Path) -> None:
    data = bench.generate_history(tmp_path, sessions=300, years=1)
    assert bench.generate_history(tmp_path, sessions=300, years=1) == data  # made once
    first, later, loaded = bench._history_opens(bench.make_env(tmp_path, data), 3)
    assert first is not None and len(later) == 2 and len(loaded) == 2
    assert all(0 < seconds < 30 for seconds in [first, *later, *loaded])
    assert all(painted <= whole for painted, whole in zip(later, loaded, strict=True))
