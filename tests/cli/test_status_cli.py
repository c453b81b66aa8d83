"""`stretchtui status` as tmux runs it: a real process, one line, exit 0 whatever the files hold,
and nothing slow imported."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import ended_ago

from stretchtui.core.status import RunningState
from stretchtui.storage.history import append_record
from stretchtui.storage.runtime import publish


def status(*args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *python, "-m", "stretchtui", "status", *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env=dict(os.environ))


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1, result.stdout
    return result.stdout[:-1]


@pytest.fixture
def sleeper() -> Iterator[int]:
    child = subprocess.Popen(["sleep", "60"])
    yield child.pid
    child.kill()
    child.wait()


def session(pid: int, **changes: object) -> RunningState:
    values: dict[str, object] = dict(
        pid=pid, started=time.time() - 60, routine="Desk break", stretch="Cat/Cow", side="cat",
        step=3, steps=16, kind="hold", paused=False, deadline=time.time() + 30,
    )
    values.update(changes)
    return RunningState(**values)  # type: ignore[arg-type]


# -- the line ------------------------------------------------------------------------------------


def test_with_no_files_at_all_nothing_is_due_yet(user_dirs: dict[str, Path]) -> None:
    """Just installed: no nagging before the first session (issue 18)."""
    result = status()
    assert one_line(result) == "not stretched yet" and result.stderr == ""


def test_a_running_session_in_another_process(user_dirs: dict[str, Path], sleeper: int) -> None:
    assert publish(session(sleeper))
    assert re.fullmatch(r"Cat/Cow \(cat\) 0:(29|30) 3/16", one_line(status()))
    publish(session(sleeper, paused=True, deadline=None, left=12.0))
    assert one_line(status()) == "Cat/Cow (cat) 0:12 3/16 paused"


def test_after_a_session_it_says_how_long_ago(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(0.2))
    assert one_line(status()) == "stretched 0m ago, 1-day streak"


def test_past_the_reminder_it_is_due_and_reminders_can_be_off(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(61))
    assert one_line(status()).startswith("stretch due")
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("remind_after_min = 0\n")
    assert one_line(status()).startswith("stretched 1h 1m ago")


def test_format_tmux_and_json(user_dirs: dict[str, Path], sleeper: int) -> None:
    publish(session(sleeper, routine="Desk #1"))
    assert one_line(status("--format", "{routine}: {stretch} {step}/{steps} {state}")) == (
        "Desk #1: Cat/Cow 3/16 running")
    assert one_line(status("--format={routine}", "--tmux")) == "Desk ##1"
    data = json.loads(one_line(status("--json")))
    assert (data["state"], data["stretch"], data["steps"]) == ("running", "Cat/Cow", 16)


def test_help_is_the_only_output_that_is_not_one_line() -> None:
    result = status("--help")
    assert result.returncode == 0 and "{stretch}" in result.stdout and "--tmux" in result.stdout


# -- never an error code, never a traceback ------------------------------------------------------


@pytest.mark.parametrize("args", [["--colour"], ["--format"], ["--format", "{nope}"], ["--format", "{"]])
def test_bad_arguments_give_an_empty_line_and_a_reason(args: list[str]) -> None:
    result = status(*args)
    assert one_line(result) == ""
    assert result.stderr.startswith("stretchtui status: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_the_unknown_field_is_named(user_dirs: dict[str, Path]) -> None:
    assert "unknown field {nope}" in status("--format", "{nope}").stderr


def test_an_unreadable_history_gives_an_empty_line_and_the_reason(user_dirs: dict[str, Path]) -> None:
    (user_dirs["data"] / "history.jsonl").mkdir(parents=True)
    result = status()
    assert one_line(result) == ""
    assert result.stderr.endswith("history.jsonl: is a folder, not a file; it was not read\n")


def test_a_named_pipe_for_a_history_does_not_block_status(user_dirs: dict[str, Path]) -> None:
    user_dirs["data"].mkdir(parents=True)
    os.mkfifo(user_dirs["data"] / "history.jsonl")
    result = status()  # within its 60 s timeout: it would wait for a writer for ever
    assert one_line(result) == ""
    assert result.stderr.endswith("history.jsonl: is a named pipe (FIFO), not a file; it was not read\n")


def test_broken_files_everywhere_still_give_a_line(user_dirs: dict[str, Path], sleeper: int) -> None:
    user_dirs["runtime"].mkdir()
    (user_dirs["runtime"] / f"{sleeper}.session").write_bytes(b"\x00\xff garbage")
    (user_dirs["runtime"] / "1.session").write_text("stretchtui-session 1\npid=1\n")  # truncated
    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "history.jsonl").write_bytes(b"\xff\xfe\n{\"routine\": \"torn")
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("[[[ not toml")
    user_dirs["cache"].mkdir(parents=True)
    (user_dirs["cache"] / "status").write_bytes(b"\xff" * 100)
    result = status()
    assert one_line(result) == "not stretched yet"
    assert result.stderr == ""


def test_a_missing_runtime_directory_is_nothing_running(user_dirs: dict[str, Path]) -> None:
    user_dirs["runtime"].parent.rmdir()
    result = status()
    assert one_line(result) == "not stretched yet" and "Traceback" not in result.stderr


# -- lean --------------------------------------------------------------------------------------------

SLOW = {"textual", "rich", "argparse", "tomli_w", "dataclasses", "json", "re", "typing", "pathlib",
        "platformdirs", "tomllib"}


def imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


def test_a_repeated_run_imports_nothing_slow(user_dirs: dict[str, Path], sleeper: int) -> None:
    append_record(ended_ago(5))
    publish(session(sleeper))
    status()  # the first run works the answers out and keeps them
    result = status(python=("-X", "importtime"))
    assert "stretchtui.core.status" in imported(result)
    assert not {name for name in imported(result) if name.split(".")[0] in SLOW}


def test_even_the_first_run_imports_no_ui_and_no_argparse(user_dirs: dict[str, Path]) -> None:
    append_record(ended_ago(5))
    result = status(python=("-X", "importtime"))
    assert not {name for name in imported(result)
                if name.split(".")[0] in {"textual", "rich", "argparse", "tomli_w"}}


@pytest.mark.parametrize("template", ["{state:>9999999999}", "{state:.9999999999}", "{state:x^999999}",
                                      "{state:" + "9" * 5000 + "}", "{state:>201}{routine:<300}"])
def test_a_huge_field_width_is_bounded_and_still_one_line(user_dirs: dict[str, Path], template: str) -> None:
    """A width that would need gigabytes (MemoryError) or more digits than int() takes is cut
    to 200 columns: status prints one line and exits 0 whatever the template."""
    result = status("--format", template)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    line = one_line(result)
    assert line.strip(" x") in ("due", "idle") and len(line) <= 400
