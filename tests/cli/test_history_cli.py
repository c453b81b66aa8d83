"""`stretchtui history`: the text and JSON summaries, empty and damaged histories, --days,
and no Textual or Rich import."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from stretchtui.cli.history import history_command
from stretchtui.storage.history import append_record

TODAY = date(2026, 11, 26)  # a Thursday
PLUS_ONE = timezone(timedelta(hours=1))


def run(*args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`python -m stretchtui ARGS` in a pipe, with the test's user folders."""
    return subprocess.run([sys.executable, *python, "-m", "stretchtui", *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env=dict(os.environ))


def session(day: date, hour: int, done: float, *, routine: str = "Desk break",
            completed: bool = True) -> dict[str, Any]:
    """A record as Session.record() writes it."""
    started = datetime(day.year, day.month, day.day, hour, tzinfo=PLUS_ONE)
    return {
        "routine": routine, "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=round(done))).isoformat(timespec="seconds"),
        "planned_s": 290, "done_s": done, "steps": 20, "skipped": 0 if completed else 3,
        "completed": completed,
        "stretches": [{"id": "reach-for-the-sky", "done_s": 60.0}, {"id": "cat-cow", "done_s": 80.0}],
        "step_starts": [0.0, 5.0], "step_seen": [0.0, 5.01, 290.02],
    }


def write_history(path: Path) -> Path:
    """Five days ending today: a gap on Monday, two short sessions making Tuesday's goal."""
    for record in [
        session(date(2026, 11, 21), 9, 290.0),  # Saturday, last week
        session(date(2026, 11, 22), 9, 290.0),  # Sunday
        session(date(2026, 11, 24), 8, 150.0, routine="Gentle floor", completed=False),
        session(date(2026, 11, 24), 18, 150.0),
        session(date(2026, 11, 25), 9, 770.0, routine="Full back series"),
        session(date(2026, 11, 26), 7, 65.5, completed=False),
    ]:
        append_record(record, path)
    return path


def text(path: Path, *, days: int = 7, goal: float = 5) -> str:
    out = io.StringIO()
    assert history_command(days, path=path, today=TODAY, daily_goal_min=goal, out=out) == 0
    return out.getvalue()


def data(path: Path, *, days: int = 7) -> dict[str, Any]:
    out = io.StringIO()
    assert history_command(days, as_json=True, path=path, today=TODAY, out=out) == 0
    return json.loads(out.getvalue())


def test_text_for_a_small_history(tmp_path: Path) -> None:
    assert text(write_history(tmp_path / "h.jsonl")) == """\
Streak: 2 days (longest: 2 days)
Today: 1:06 (daily goal 5:00)
This week: 19 min (last week: 10 min)

day                time  sessions
Fri 2026-11-20        -         -
Sat 2026-11-21     4:50         1  #####
Sun 2026-11-22     4:50         1  #####
Mon 2026-11-23        -         -
Tue 2026-11-24     5:00         2  #####
Wed 2026-11-25    12:50         1  #############
Thu 2026-11-26     1:06         1  ##

Sessions: 6 (4 completed, 2 stopped)
Time: 29 min on 5 days
"""


def test_the_goal_decides_the_streak(tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.jsonl")
    assert text(path, goal=4).splitlines()[:2] == ["Streak: 2 days (longest: 2 days)",
                                                   "Today: 1:06 (daily goal 4:00)"]
    assert text(path, goal=1).splitlines()[:2] == ["Streak: 3 days (longest: 3 days)",
                                                   "Today: 1:06 (goal reached)"]


def test_json_for_a_small_history(tmp_path: Path) -> None:
    result = data(write_history(tmp_path / "h.jsonl"), days=2)
    assert result["streaks"] == {"current": 2, "longest": 2}
    assert result["days"] == [
        {"date": "2026-11-25", "seconds": 770.0, "sessions": 1, "completed": 1, "stopped": 0,
         "goal_met": True, "level": 4},
        {"date": "2026-11-26", "seconds": 65.5, "sessions": 1, "completed": 0, "stopped": 1,
         "goal_met": False, "level": 1},
    ]
    assert result["totals"] == {"sessions": 6, "completed": 4, "stopped": 2, "seconds": 1715.5,
                                "active_days": 5, "goal_days": 2, "this_week_s": 1135.5,
                                "last_week_s": 580.0}
    assert [(r["name"], r["sessions"], r["last"]) for r in result["routines"]] == [
        ("Desk break", 4, "2026-11-26T07:00:00+01:00"),
        ("Full back series", 1, "2026-11-25T09:00:00+01:00"),
        ("Gentle floor", 1, "2026-11-24T08:00:00+01:00"),
    ]
    assert [(s["id"], s["sessions"], s["seconds"]) for s in result["stretches"]] == [
        ("cat-cow", 6, 480.0), ("reach-for-the-sky", 6, 360.0)]
    assert (result["today"], result["daily_goal_min"], result["damaged"]) == ("2026-11-26", 5, 0)


def test_text_and_json_agree(tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.jsonl")
    lines = text(path, days=10).splitlines()
    result = data(path, days=10)
    streak = re.fullmatch(r"Streak: (\d+) days? \(longest: (\d+) days?\)", lines[0])
    assert streak and [int(n) for n in streak.groups()] == [result["streaks"]["current"],
                                                            result["streaks"]["longest"]]
    day_lines = [line for line in lines if re.match(r"\w{3} \d{4}-\d\d-\d\d", line)]
    assert len(day_lines) == len(result["days"]) == 10
    for line, day in zip(day_lines, result["days"], strict=True):
        assert line[4:14] == day["date"]
        sessions = line[25:33].strip()
        assert sessions == (str(day["sessions"]) if day["sessions"] else "-")
        if day["sessions"]:
            minutes, seconds = line[16:23].strip().split(":")
            assert int(minutes) * 60 + int(seconds) == round(day["seconds"])
    totals = result["totals"]
    assert (f"Sessions: {totals['sessions']} ({totals['completed']} completed, "
            f"{totals['stopped']} stopped)") in lines


def test_every_line_fits_80_columns_even_for_a_long_history(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    day = TODAY - timedelta(days=29)
    for n in range(30):
        append_record(session(day + timedelta(days=n), 9, 60.0 * (n * 7 % 150)), path)
    output = text(path, days=30, goal=100)
    assert max(map(len, output.splitlines())) <= 80
    assert "#" * 43 in output  # the longest day fills the bar's width


def test_days_lists_that_many_days_ending_today(tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.jsonl")
    for days in (1, 3, 30):
        listed = [line for line in text(path, days=days).splitlines() if "2026-" in line]
        assert len(listed) == days and listed[-1].startswith("Thu 2026-11-26")
        assert len(data(path, days=days)["days"]) == days


def test_damaged_lines_are_counted_once(tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.jsonl")
    with path.open("a") as handle:
        handle.write('not json\n{"routine": "Desk break"}\n{"routine": "Desk br')
    output = text(path)
    assert output.count("damaged") == 1 and output.endswith("\n3 damaged lines skipped.\n")
    assert "Sessions: 6 " in output
    assert data(path)["damaged"] == 3


def test_an_empty_or_missing_history_says_how_to_start(tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    assert text(missing) == ('No sessions yet. Start your first one with\n'
                             '    stretchtui run "Desk break"\n'
                             'or open stretchtui and start a routine from its list.\n')
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert text(empty) == text(missing)
    result = data(missing)
    assert result["streaks"] == {"current": 0, "longest": 0} and result["totals"]["sessions"] == 0
    assert len(result["days"]) == 7 and result["routines"] == result["stretches"] == []
    empty.write_text("garbage\n")
    assert text(empty).endswith(
        "or open stretchtui and start a routine from its list.\n1 damaged line skipped.\n")


# -- the installed command, in a pipe ----------------------------------------------------------


def test_history_command_in_a_pipe(user_dirs: dict[str, Path]) -> None:
    result = run("history")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("No sessions yet.")
    path = user_dirs["data"] / "history.jsonl"
    append_record(session(date.today(), 9, 400.0), path)
    result = run("history", "--days", "3")
    assert result.returncode == 0 and result.stdout.startswith("Streak: 1 day (longest: 1 day)\n")
    assert len([line for line in result.stdout.splitlines() if re.match(r"\w{3} \d{4}-", line)]) == 3
    result = run("history", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["totals"]["sessions"] == 1


def test_the_daily_goal_comes_from_the_config(user_dirs: dict[str, Path]) -> None:
    append_record(session(date.today(), 9, 90.0), user_dirs["data"] / "history.jsonl")
    assert run("history").stdout.startswith("Streak: 0 days")  # 1:30 of the default 5:00
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("daily_goal_min = 1\n")
    result = run("history", "--json")
    assert json.loads(result.stdout)["streaks"]["current"] == 1
    assert json.loads(result.stdout)["daily_goal_min"] == 1
    (user_dirs["config"] / "config.toml").write_text('daily_goal_min = "lots"\n')
    result = run("history")
    assert result.returncode == 0 and result.stdout.startswith("Streak: 0 days")
    assert result.stderr.startswith("warning: ") and "daily_goal_min" in result.stderr


@pytest.mark.parametrize("days", ["0", "-2", "many", "800000", "9" * 5000])
def test_days_must_be_a_number_of_days_within_bounds(days: str, user_dirs: dict[str, Path]) -> None:
    """A history to draw (800,000 days back is before the calendar's first day)."""
    write_history(user_dirs["data"] / "history.jsonl")
    result = run("history", "--days", days)
    assert result.returncode == 2 and "from 1 to 36,500" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr) < 1000


def test_a_hundred_years_of_days_draw(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"] / "history.jsonl")
    result = run("history", "--days", "36500")
    assert result.returncode == 0 and result.stdout.startswith("Streak:")


def test_a_time_zone_a_day_or_more_off_falls_back_to_utc(user_dirs: dict[str, Path]) -> None:
    """datetime cannot hold a UTC offset of 24 h or more (TZ=UTC+25): today is UTC's."""
    write_history(user_dirs["data"] / "history.jsonl")
    result = subprocess.run([sys.executable, "-m", "stretchtui", "history", "--json"], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=60,
                            env={**os.environ, "TZ": "UTC+25"})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["today"] == datetime.now(UTC).date().isoformat()


@pytest.mark.parametrize("args", [["history"], ["history", "--json"]])
def test_history_never_imports_textual_or_rich(args: list[str], user_dirs: dict[str, Path]) -> None:
    append_record(session(date.today(), 9, 400.0), user_dirs["data"] / "history.jsonl")
    result = run(*args, python=("-X", "importtime"))
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "stretchtui.core.progress" in imported
    assert not [name for name in imported if name.split(".")[0] in ("textual", "rich")]


def test_an_unreadable_history_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert text(tmp_path) == text(tmp_path / "none.jsonl")  # a directory: cannot be read
    assert capsys.readouterr().err == f"warning: {tmp_path}: is a folder, not a file; it was not read\n"
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)  # read as a file it would block for ever
    assert text(pipe) == text(tmp_path / "none.jsonl")
    warning = capsys.readouterr().err
    assert warning == f"warning: {pipe}: is a named pipe (FIFO), not a file; it was not read\n"


def test_the_pain_trend_is_in_the_json_and_the_text(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    for day, before, after in ((TODAY - timedelta(days=21), 6, 6), (TODAY - timedelta(days=14), 6, 5),
                               (TODAY, 4, 3)):
        append_record({**session(day, 9, 300.0), "pain_before": before, "pain_after": after}, path)
    append_record(session(TODAY, 12, 300.0), path)  # unrated: left out of the averages
    pain = data(path)["pain"]
    assert len(pain["weeks"]) == 8 and pain["weeks"][-1] == {
        "start": "2026-11-23", "before": 4, "after": 3, "sessions": 1}
    assert pain["weeks"][-4] == {"start": "2026-11-02", "before": 6, "after": 6, "sessions": 1}
    assert pain["weeks"][-3]["after"] == 5 and pain["weeks"][-2]["sessions"] == 0
    assert pain["words"].startswith("Pain after sessions went down from 6 to 3")
    lines = text(path).splitlines()
    assert "Pain (0-10), week of 23 Nov: 4 before, 3 after" in lines
    assert pain["words"] in lines


def test_a_history_without_ratings_has_an_empty_trend_and_no_pain_lines(tmp_path: Path) -> None:
    path = write_history(tmp_path / "h.jsonl")
    pain = data(path)["pain"]
    assert pain["words"] is None and all(week["sessions"] == 0 for week in pain["weeks"])
    assert "Pain" not in text(path)
