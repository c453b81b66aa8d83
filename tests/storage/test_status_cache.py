"""What `status` keeps between runs: used while its inputs are unchanged, rebuilt when any
changes, and never a reason for a wrong answer or an exception."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from stretchtui.storage import paths, status_cache
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import append_record
from stretchtui.storage.status_cache import Known, build, current, guess_file, load

NOW = time.time()


def record(ended: datetime, routine: str = "Desk break", done_s: float = 300) -> dict[str, object]:
    started = ended - timedelta(seconds=done_s)
    return {"routine": routine, "started": started.isoformat(timespec="seconds"),
            "ended": ended.isoformat(timespec="seconds"), "planned_s": done_s, "done_s": done_s,
            "completed": True}


def local(seconds_ago: float) -> datetime:
    return datetime.fromtimestamp(NOW - seconds_ago).astimezone()


def test_with_no_files_the_answers_are_the_defaults(user_dirs: dict[str, Path]) -> None:
    known = build(os.environ, NOW)
    assert (known.last_ended, known.last_routine, known.run_end, known.run_days) == (None, "", 0, 0)
    assert (known.remind_after_min, known.daily_goal_min) == (60, 5)
    assert known.runtime == str(user_dirs["runtime"])
    assert known.history == str(paths.history_file()) and known.history_key == "missing"


def test_the_last_session_and_the_streak_come_from_the_history(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(86400), routine="Yesterday"))
    append_record(record(local(600), routine="Desk\tbreak"))
    known = build(os.environ, NOW)
    assert known.last_ended == pytest.approx(NOW - 600, abs=1)
    assert known.last_routine == "Deskbreak"  # as the History screen shows it
    today = local(0).date()
    assert (known.run_end, known.run_days) == (today.toordinal(), 2 if local(86400).date() < today else 1)


def test_the_config_sets_the_reminder_and_the_goal(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("remind_after_min = 0\ndaily_goal_min = 10\n")
    known = build(os.environ, NOW)
    assert (known.remind_after_min, known.daily_goal_min) == (0, 10)


def test_a_broken_config_gives_the_defaults(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("remind_after_min = 'soon'\n[[[")
    assert (build(os.environ, NOW).remind_after_min, build(os.environ, NOW).daily_goal_min) == (60, 5)


def test_a_history_that_cannot_be_read_is_an_error_not_no_history(user_dirs: dict[str, Path]) -> None:
    paths.history_file().mkdir(parents=True)
    with pytest.raises(StorageError, match=r"history\.jsonl: is a folder, not a file; it was not read$"):
        build(os.environ, NOW)


def test_a_named_pipe_for_a_history_is_an_error_at_once(user_dirs: dict[str, Path]) -> None:
    """Read as a file it would block every `status` run tmux starts, one after another."""
    paths.history_file().parent.mkdir(parents=True)
    os.mkfifo(paths.history_file())
    with pytest.raises(StorageError, match=r"history\.jsonl: is a named pipe \(FIFO\), not a file"):
        build(os.environ, NOW)


# -- kept between runs ---------------------------------------------------------------------------


def test_the_answers_are_kept_where_the_next_run_looks(user_dirs: dict[str, Path]) -> None:
    assert guess_file(os.environ) == str(paths.cache_dir() / "status")
    first = current(os.environ, NOW)
    assert Path(guess_file(os.environ)).read_text().startswith(status_cache.HEADER + "\n")  # type: ignore[arg-type]
    assert load(os.environ) == first


def test_an_unchanged_world_is_not_read_again(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    append_record(record(local(600)))
    kept = current(os.environ, NOW)

    def no_rebuild(*_: object) -> Known:
        raise AssertionError("rebuilt although nothing changed")

    monkeypatch.setattr(status_cache, "build", no_rebuild)
    assert current(os.environ, NOW + 3600) == kept


def test_a_new_session_in_the_history_is_seen(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(7200), routine="Old"))
    assert current(os.environ, NOW).last_routine == "Old"
    append_record(record(local(60), routine="New"))
    assert current(os.environ, NOW).last_routine == "New"


def test_an_edited_config_is_seen(user_dirs: dict[str, Path]) -> None:
    assert current(os.environ, NOW).remind_after_min == 60
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("remind_after_min = 15\n")
    assert current(os.environ, NOW).remind_after_min == 15


def test_other_folders_are_not_answered_from_the_kept_file(
    user_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_record(record(local(60), routine="Here"))
    assert current(os.environ, NOW).last_routine == "Here"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert load(os.environ) is None
    assert current(os.environ, NOW).last_routine == ""


@pytest.mark.parametrize("text", ["", "garbage", status_cache.HEADER + "\nenv=x\nend\n",
                                  "stretchtui-status 1\nrun_days=many\nend\n"])
def test_a_damaged_kept_file_is_rebuilt(user_dirs: dict[str, Path], text: str) -> None:
    path = Path(guess_file(os.environ))  # type: ignore[arg-type]
    path.parent.mkdir(parents=True)
    path.write_text(text)
    assert load(os.environ) is None
    assert current(os.environ, NOW).runtime == str(user_dirs["runtime"])
    assert load(os.environ) is not None


def test_a_value_that_would_break_the_file_is_not_kept(user_dirs: dict[str, Path]) -> None:
    known = build(os.environ, NOW)
    known.last_routine = "two\nlines"
    assert status_cache.render(known) is None


def test_render_and_parse_round_trip(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(60)))
    known = build(os.environ, NOW)
    assert status_cache.parse(status_cache.render(known) or "") == known


# -- the guess agrees with platformdirs ----------------------------------------------------------


@pytest.mark.parametrize("cache_home", [None, "/elsewhere/cache"])
def test_the_guess_is_where_platformdirs_puts_the_cache(
    cache_home: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if cache_home is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    assert guess_file(os.environ) == str(paths.cache_dir() / "status")


def test_no_guess_without_an_absolute_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "somewhere")
    assert guess_file(os.environ) is None


def test_the_kept_file_is_json_free_key_value_lines(user_dirs: dict[str, Path]) -> None:
    current(os.environ, NOW)
    text = Path(guess_file(os.environ)).read_text()  # type: ignore[arg-type]
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    assert text.splitlines()[-1] == "end"


def test_a_damaged_value_in_the_kept_file_is_rebuilt(user_dirs: dict[str, Path]) -> None:
    current(os.environ, NOW)
    path = Path(guess_file(os.environ))  # type: ignore[arg-type]
    path.write_text(path.read_text().replace("run_days=0", "run_days=lots"))
    assert load(os.environ) is None


@pytest.mark.parametrize(("key", "forged"), [
    ("last_ended", "nan"), ("last_ended", "inf"), ("run_days", "9" * 5000), ("run_end", "-3"),
    ("remind_after_min", "99999999"), ("daily_goal_min", "-1"), ("runtime", "relative/dir"),
    ("history", "history.jsonl"), ("last_routine", "\x1b]0;owned\x07Desk"),
    ("last_routine", "Desk\u202ekaerb"), ("last_routine", "x" * 201),
])
def test_a_forged_kept_answer_is_never_used(user_dirs: dict[str, Path], key: str, forged: str) -> None:
    """What is read back is checked as strictly as it was written: a number out of range,
    a relative folder or a name with control or format characters is worked out again."""
    append_record(record(local(60), routine="Desk break"))
    current(os.environ, NOW)
    path = Path(guess_file(os.environ))  # type: ignore[arg-type]
    lines = [f"{key}={forged}" if line.startswith(f"{key}=") else line
             for line in path.read_text().split("\n")]
    path.write_text("\n".join(lines))
    assert load(os.environ) is None
    assert current(os.environ, NOW).last_routine == "Desk break"
    assert load(os.environ) is not None  # and rewritten


# -- written by the app, worked out again after a change by hand -------------------------------


def test_recording_a_session_writes_the_answer_status_then_reads_no_history(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchtui.core.model import Routine, RoutineItem
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.storage.library import load_library

    for days in range(3, 0, -1):  # goal days up to yesterday
        append_record(record(local(days * 86400)))
    assert current(os.environ, NOW).run_days >= 2
    keeper = SessionKeeper(load_library().stretches, wall_clock=lambda: NOW)
    keeper.start(Routine("Just now", items=(RoutineItem("cat-cow", hold=5, reps=1),)))
    assert keeper.record() is None

    def no_rebuild(*_: object) -> Known:
        raise AssertionError("status worked the answer out although the app wrote it")

    read_afresh = status_cache.build
    monkeypatch.setattr(status_cache, "build", no_rebuild)
    kept = current(os.environ, NOW)
    assert kept.last_routine == "Just now"
    afresh = read_afresh(os.environ, NOW)
    assert (kept.last_ended, kept.run_end, kept.run_days) == (
        afresh.last_ended, afresh.run_end, afresh.run_days)


def test_a_torn_line_is_read_once_it_is_whole(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(7200), routine="Before"))
    line = (json.dumps(record(local(60), routine="Torn")) + "\n").encode()
    with open(paths.history_file(), "ab") as handle:
        handle.write(line[:25])
    assert current(os.environ, NOW).last_routine == "Before"
    with open(paths.history_file(), "ab") as handle:
        handle.write(line[25:])
    assert current(os.environ, NOW).last_routine == "Torn"


def test_a_replaced_or_shortened_history_is_read_again(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(7200), routine="Old"))
    append_record(record(local(3600), routine="Newer"))
    assert current(os.environ, NOW).last_routine == "Newer"
    history = paths.history_file()
    lines = history.read_text().splitlines(keepends=True)
    history.write_text(lines[0])  # shortened in place
    assert current(os.environ, NOW).last_routine == "Old"
    replacement = history.with_name("new.jsonl")
    replacement.write_text(json.dumps(record(local(60), routine="Replaced")) + "\n" + lines[0])
    replacement.replace(history)  # a new file, longer than before
    assert current(os.environ, NOW).last_routine == "Old"  # its last line, read afresh


def test_a_history_rewritten_in_place_and_longer_is_read_again(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(600), routine="Recent"))
    assert current(os.environ, NOW).last_routine == "Recent"
    history = paths.history_file()
    edited = history.read_text().replace(local(600).isoformat(timespec="seconds"),
                                         local(7200 + 600).isoformat(timespec="seconds"))
    with open(history, "r+") as handle:  # the same file (inode), its times edited by hand
        handle.truncate(0)
        handle.write(edited + "\n")  # longer, and it ends as it did
    known = current(os.environ, NOW)
    assert known.last_ended == pytest.approx(NOW - 7200 - 600, abs=1)


def test_a_changed_daily_goal_reads_the_history_again(user_dirs: dict[str, Path]) -> None:
    append_record(record(local(60), done_s=400))
    assert current(os.environ, NOW).run_days == 1
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("daily_goal_min = 10\n")
    assert current(os.environ, NOW).run_days == 0
