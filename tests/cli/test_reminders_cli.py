"""Reminders on the command line: `pause` and `resume`, and what `status` says about the
day: a heads-up (`{due_in}`), quiet time (`{until}`: a pause, active hours and days, a
meeting command run at most once a minute) and time away (tmux's clients, asked through a
stand-in `tmux` on PATH here; the real one in tests/tmux)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fakes import ended_ago, shell_script

from stretchtui.core.day import DAY_NAMES
from stretchtui.core.status import RunningState
from stretchtui.storage import reminding, status_cache
from stretchtui.storage.history import append_record
from stretchtui.storage.runtime import publish


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretchtui", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60, env={**os.environ, **(env or {})})


def line(*args: str, env: dict[str, str] | None = None) -> str:
    result = cli("status", *args, env=env)
    assert result.returncode == 0 and result.stdout.count("\n") == 1, result
    return result.stdout[:-1]


def hhmm(epoch: float) -> str:
    return time.strftime("%H:%M", time.localtime(epoch))


def config(user_dirs: dict[str, Path], text: str) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text(text)


def test_pause_for_a_while_then_resume(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(61))
    assert line() == "stretch due, 1-day streak"
    before = time.time()
    paused = cli("pause", "45m")
    assert paused.returncode == 0, paused.stderr
    ends = {hhmm(before + 45 * 60), hhmm(time.time() + 45 * 60)}
    assert any(f"until {end}" in paused.stdout for end in ends)
    assert line("--format", "{state} {until}") in {f"quiet {end}" for end in ends}
    assert line() in {f"quiet until {end}, 1-day streak" for end in ends}
    assert (user_dirs["runtime"] / "pause").exists()  # beside the running sessions' files
    assert cli("resume").stdout == "Reminders back on.\n"
    assert line() == "stretch due, 1-day streak"
    assert cli("resume").stdout == "Reminders were not paused.\n"


def test_pause_until_a_time_of_day(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(61))
    target = time.time() + 2 * 3600
    assert cli("pause", "--until", hhmm(target)).returncode == 0
    assert line("--format", "{until}") == hhmm(target)


def test_a_pause_ends_by_itself(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(61))
    assert reminding.write_pause(str(user_dirs["runtime"]), time.time() - 1)
    assert line("--format", "{state}") == "due"


@pytest.mark.parametrize("args", [["soon"], ["0m"], [], ["45m", "--until", "14:00"], ["--until", "25:00"],
                                  ["200h"]])
def test_a_bad_pause_is_one_line_and_changes_nothing(user_dirs: dict[str, Path], args: list[str]) -> None:
    result = cli("pause", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("stretchtui pause: ") and result.stderr.count("\n") == 1
    assert not (user_dirs["runtime"] / "pause").exists()


def test_heads_up_before_a_stretch_is_due(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(58.5))
    assert line() == "stretch in 2m, 1-day streak"
    assert line("--format", "{state} {due_in}") == "soon 2m"
    config(user_dirs, "heads_up_min = 1\n")
    assert line("--format", "{state} {due_in}") == "idle 2m"


def test_outside_active_days_it_is_quiet_until_the_next_one(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(61))
    tomorrow = (datetime.now() + timedelta(days=1))
    config(user_dirs, f'active_days = ["{DAY_NAMES[tomorrow.weekday()]}"]\nactive_hours = "09:00-18:00"\n')
    assert line() == f"quiet until {DAY_NAMES[tomorrow.weekday()].title()} 09:00, 1-day streak"


def test_a_meeting_command_keeps_it_quiet_and_runs_at_most_once_a_minute(
        user_dirs: dict[str, Path], tmp_path: Path) -> None:
    append_record(ended_ago(61))
    runs = tmp_path / "runs"
    script = shell_script(tmp_path / "in-meeting", f"echo run >> {runs}\nexit \"$(cat {tmp_path}/answer)\"\n")
    (tmp_path / "answer").write_text("0")
    config(user_dirs, f'quiet_when = ["{script}", "--calendar", "work; rm -rf ~"]\n')
    assert line("--format", "{state}") == "quiet"
    assert line() == "quiet, 1-day streak"
    assert runs.read_text().count("run") == 1  # the answer is kept for a minute
    (tmp_path / "answer").write_text("1")
    meeting = reminding.read(str(user_dirs["runtime"]), reminding.MEETING)
    reminding.write(str(user_dirs["runtime"]), reminding.MEETING, {**meeting, "at": meeting["at"] - 61})
    assert line() == "stretch due, 1-day streak"  # a minute on, asked again: the meeting is over
    assert runs.read_text().count("run") == 2


def test_a_forged_status_answer_cannot_change_the_meeting_command(
        user_dirs: dict[str, Path], tmp_path: Path) -> None:
    """The kept answer is in the cache folder, which is no place to take a command from:
    `status` runs config.toml's `quiet_when`, whatever the answer says."""
    append_record(ended_ago(61))
    runs = tmp_path / "runs"
    good = shell_script(tmp_path / "in-meeting", f"echo good >> {runs}\nexit 0\n")
    evil = shell_script(tmp_path / "evil", f"echo evil >> {runs}\nexit 0\n")
    config(user_dirs, f'quiet_when = ["{good}"]\n')
    assert line() == "quiet, 1-day streak"
    answer = user_dirs["cache"] / "status"
    kept = answer.read_text()
    assert str(good) not in kept  # only whether a command is set
    other = tmp_path / "other.toml"  # a config of the forger's choosing, named by the answer
    other.write_text(f'quiet_when = ["{evil}"]\n')
    forged = [f"config={other}" if row.startswith("config=") else
              f"config_key={status_cache.file_key(str(other))}" if row.startswith("config_key=") else row
              for row in kept.split("\n")]
    answer.write_text("\n".join(forged))
    assert status_cache.load(os.environ) is not None  # the forged answer is taken as it is
    for text in (f"quiet_when={evil}", f"quiet_when={evil} --now"):
        answer.write_text("\n".join(text if row.startswith("quiet_when=") else row for row in forged))
        meeting = reminding.read(str(user_dirs["runtime"]), reminding.MEETING)
        reminding.write(str(user_dirs["runtime"]), reminding.MEETING, {**meeting, "at": meeting["at"] - 61})
        assert line() == "quiet, 1-day streak"
    meeting = reminding.read(str(user_dirs["runtime"]), reminding.MEETING)
    reminding.write(str(user_dirs["runtime"]), reminding.MEETING, {**meeting, "at": meeting["at"] - 61})
    answer.write_text("\n".join(forged))
    assert line() == "quiet, 1-day streak"
    assert runs.read_text().split() == ["good"] * 4


def test_a_meeting_command_is_not_run_while_nothing_is_due(user_dirs: dict[str, Path],
                                                            tmp_path: Path) -> None:
    append_record(ended_ago(5))
    config(user_dirs, f'quiet_when = ["{tmp_path / "never"}"]\n')
    assert line() == "stretched 5m ago, 1-day streak"
    assert not (user_dirs["runtime"] / "meeting").exists()


def fake_tmux(tmp_path: Path, activity: float) -> dict[str, str]:
    """A `tmux` on PATH that lists one client whose last key press was at `activity`."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    shell_script(folder / "tmux", f"echo '{int(activity)} /dev/pts/9'\n")
    return {"PATH": f"{folder}:{os.environ['PATH']}", "TMUX": "/tmp/fake,1,0"}


def test_time_away_holds_the_reminder_and_restarts_its_clock(user_dirs: dict[str, Path],
                                                              tmp_path: Path) -> None:
    append_record(ended_ago(61))
    now = time.time()
    away = fake_tmux(tmp_path, now - 30 * 60)  # nobody typed for half an hour
    assert line(env=away) == "stretched 1h 1m ago, 1-day streak"  # away: never "stretch due"
    runtime = str(user_dirs["runtime"])
    seen = reminding.read_presence(runtime)
    assert seen is not None and seen.activity == int(now - 30 * 60)
    # back at the keyboard half a minute later: the reminder clock starts again there
    reminding.write(runtime, reminding.PRESENCE, {"activity": seen.activity, "back_at": 0.0,
                                                  "seen_at": seen.seen_at - 30})
    back = fake_tmux(tmp_path, now)
    assert line("--format", "{state} {due_in}", env=back) == "idle 1h"
    assert reminding.read_presence(runtime).back_at == int(now)  # type: ignore[union-attr]
    # nothing was recorded: time away is not stretching
    assert line("--format", "{since} {streak}", env=back) == "1h 1m 1"


def logging_tmux(tmp_path: Path, activity: float) -> dict[str, str]:
    """A `tmux` on PATH that lists two clients and logs every other command it is given."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    log = tmp_path / "tmux.log"
    clients = f"{int(activity) - 100} /dev/pts/3\\n{int(activity)} /dev/pts/7"  # 7 typed last
    shell_script(folder / "tmux", f"if [ \"$1\" = list-clients ]; then printf '{clients}\\n'; "
                                  f"else echo \"$@\" >> {log}; fi\n")
    return {"PATH": f"{folder}:{os.environ['PATH']}", "TMUX": "/tmp/fake,1,0"}


def popups(tmp_path: Path) -> list[str]:
    log = tmp_path / "tmux.log"
    return [line for line in log.read_text().splitlines() if "display-popup" in line] if log.exists() else []


def test_the_first_status_to_see_a_stretch_due_opens_one_popup_and_runs_on_due(
        user_dirs: dict[str, Path], tmp_path: Path) -> None:
    append_record(ended_ago(61))
    caught = tmp_path / "due.json"
    catcher = shell_script(tmp_path / "catch", f"cat >> {caught}\n")
    config(user_dirs, f'remind_popup = true\n[hooks]\non_due = ["{catcher}"]\n')
    env = logging_tmux(tmp_path, time.time())
    for _ in range(3):  # every client's status line, every few seconds
        assert line(env=env) == "stretch due, 1-day streak"
    [popup] = popups(tmp_path)
    assert popup.startswith("display-popup -c /dev/pts/7 -E") and popup.endswith("-m stretchtui remind")
    [event] = [json.loads(text) for text in caught.read_text().splitlines()]
    assert event["event"] == "due" and event["routine"] == "Desk break"


def test_no_popup_during_a_session_in_quiet_time_or_away(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    append_record(ended_ago(61))
    config(user_dirs, "remind_popup = true\n")
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        publish(RunningState(pid=sleeper.pid, started=time.time(), routine="Desk break", stretch="Cat/Cow",
                             side="", step=1, steps=3, kind="hold", paused=False, deadline=time.time() + 30))
        assert line(env=logging_tmux(tmp_path, time.time())).startswith("Cat/Cow")
    finally:
        sleeper.kill()
        sleeper.wait()
    reminding.write_pause(str(user_dirs["runtime"]), time.time() + 600)
    assert line(env=logging_tmux(tmp_path, time.time())).startswith("quiet until")
    reminding.clear_pause(str(user_dirs["runtime"]))
    (user_dirs["runtime"] / "presence").unlink(missing_ok=True)
    assert line(env=logging_tmux(tmp_path, time.time() - 3600)) == "stretched 1h 1m ago, 1-day streak"  # away
    assert popups(tmp_path) == []
