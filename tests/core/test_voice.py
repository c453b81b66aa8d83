"""Choosing a speech program and speaking without a shell, without blocking, one line at a time."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from stretchtui.services.speech import (
    NOT_FOUND,
    OVER_SSH,
    Speaker,
    start_process,
    voice_command,
)


def programs(folder: Path, *names: str) -> dict[str, str]:
    """An environment whose PATH holds only `names`, as executable stubs."""
    folder.mkdir(exist_ok=True)
    for name in names:
        stub = folder / name
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
    return {"PATH": str(folder)}


class FakeProcess:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.running = True

    def poll(self) -> int | None:
        return None if self.running else 0


class Recorder:
    """Stands in for starting processes and signalling their groups."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.started: list[list[str]] = []
        self.processes: list[FakeProcess] = []
        self.signals: list[tuple[int, int]] = []

    def start(self, argv: Sequence[str]) -> FakeProcess:
        if self.fail is not None:
            raise self.fail
        self.started.append(list(argv))
        process = FakeProcess(4000 + len(self.processes))
        self.processes.append(process)
        return process

    def signal_group(self, pid: int, number: int) -> None:
        self.signals.append((pid, number))
        for process in self.processes:
            if process.pid == pid:
                process.running = False

    def speaker(self, command: Sequence[str] = ("espeak-ng", "-s", "150")) -> Speaker:
        return Speaker(command, start=self.start, signal_group=self.signal_group)


# -- choosing the command --------------------------------------------------------------


def test_off_is_silent_without_a_message(tmp_path: Path) -> None:
    assert voice_command("off", programs(tmp_path, "espeak-ng")) == (None, None)


def test_auto_with_no_speech_program_says_so(tmp_path: Path) -> None:
    assert voice_command("auto", programs(tmp_path, "festival")) == (None, NOT_FOUND)
    assert "espeak-ng, espeak, say, spd-say" in NOT_FOUND


def test_auto_prefers_espeak_ng(tmp_path: Path) -> None:
    env = programs(tmp_path, "spd-say", "say", "espeak-ng")
    assert voice_command("auto", env) == ((str(tmp_path / "espeak-ng"),), None)


def test_auto_finds_say_when_it_is_the_only_one(tmp_path: Path) -> None:
    env = programs(tmp_path, "spd-say", "say")
    assert voice_command("auto", env) == ((str(tmp_path / "say"),), None)


def test_auto_stays_off_over_ssh(tmp_path: Path) -> None:
    env = {**programs(tmp_path, "espeak-ng"), "SSH_CONNECTION": "10.0.0.2 52000 10.0.0.1 22"}
    assert voice_command("auto", env) == (None, OVER_SSH)
    assert "server" in OVER_SSH


def test_an_explicit_command_is_used_even_over_ssh(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "SSH_CONNECTION": "10.0.0.2 52000 10.0.0.1 22"}
    assert voice_command(("espeak-ng", "-s", "150"), env) == (("espeak-ng", "-s", "150"), None)


# -- speaking --------------------------------------------------------------------------


def test_the_line_is_one_last_argument_never_a_shell() -> None:
    recorder = Recorder()
    name = "Twist; rm -rf ~ $(reboot) `id` | tee x"
    assert recorder.speaker().say(f"{name}, 30 seconds") is None
    assert recorder.started == [["espeak-ng", "-s", "150", f"{name}, 30 seconds"]]


def test_a_line_never_starts_like_an_option() -> None:
    recorder = Recorder()
    recorder.speaker().say("-w /tmp/clobbered, 30 seconds")
    recorder.speaker().say(" \x07--help\x07")
    assert [argv[-1] for argv in recorder.started] == ["w /tmp/clobbered, 30 seconds", "help"]


@pytest.mark.parametrize("name", ["- -x", "-\u2003-x", " - \x1b - -x", "--\t--\n-x", "-\u202e-x"])
def test_no_stripping_leaves_a_leading_dash(name: str) -> None:
    recorder = Recorder()
    recorder.speaker().say(name)
    assert [argv[-1] for argv in recorder.started] == ["x"]


def test_a_new_line_stops_the_one_still_speaking() -> None:
    recorder = Recorder()
    speaker = recorder.speaker()
    speaker.say("Cat and Cow, cat position, 10 seconds")
    speaker.say("Cat and Cow, cow position, 10 seconds")
    first, second = recorder.processes
    assert recorder.signals == [(first.pid, signal.SIGTERM)]
    assert speaker.speaking and second.running


def test_a_finished_line_is_not_signalled() -> None:
    recorder = Recorder()
    speaker = recorder.speaker()
    speaker.say("Rest, 5 seconds")
    recorder.processes[0].running = False
    speaker.say("Child's Pose, 30 seconds")
    assert recorder.signals == []


def test_close_stops_speech_and_speaks_no_more() -> None:
    recorder = Recorder()
    speaker = recorder.speaker()
    speaker.say("Routine done, 12 minutes")
    speaker.close()
    assert recorder.signals == [(recorder.processes[0].pid, signal.SIGTERM)]
    assert not speaker.on
    speaker.say("Get ready")
    assert len(recorder.started) == 1


@pytest.mark.parametrize("error", [FileNotFoundError(2, "No such file or directory"),
                                   PermissionError(13, "Permission denied")])
def test_a_command_that_cannot_start_turns_the_voice_off_once(error: OSError) -> None:
    recorder = Recorder(fail=error)
    speaker = recorder.speaker(("espeak-ng",))
    message = speaker.say("Get ready: Cat and Cow")
    assert message == (f"Voice: could not start espeak-ng ({error.strerror}); "
                       "voice off for this session.")
    assert not speaker.on
    assert speaker.say("Next: Child's Pose") is None  # one message, no second attempt


def test_no_command_speaks_nothing() -> None:
    recorder = Recorder()
    speaker = Speaker(None, start=recorder.start, signal_group=recorder.signal_group)
    assert speaker.say("Rest, 5 seconds") is None
    assert recorder.started == []


# -- real processes --------------------------------------------------------------------


def wait_for(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_real_program_gets_the_line_as_one_argument(tmp_path: Path) -> None:
    out = tmp_path / "args"
    script = 'printf "%s\\n" "$#" "$1" > "$0.tmp" && mv "$0.tmp" "$0"'
    speaker = Speaker(["sh", "-c", script, str(out)])
    line = "Twist; rm -rf ~ $(touch pwned) `touch pwned2`"
    assert speaker.say(line) is None
    assert wait_for(out.exists)
    assert out.read_text().splitlines() == ["1", line]  # one argument, nothing expanded


def test_a_new_line_ends_the_whole_process_group_of_the_last(tmp_path: Path) -> None:
    pidfile = tmp_path / "child"
    started: list = []

    def start(argv: Sequence[str]):  # type: ignore[no-untyped-def]
        process = start_process(argv)
        started.append(process)
        return process

    script = 'sleep 30 & echo $! > "$0.tmp"; mv "$0.tmp" "$0"; wait'
    speaker = Speaker(["sh", "-c", script, str(pidfile)], start=start)
    began = time.monotonic()
    speaker.say("first")
    assert time.monotonic() - began < 10.0  # never waits for the 30-s speech
    assert wait_for(pidfile.exists)
    child = int(pidfile.read_text())
    speaker.say("second")
    assert started[0].wait(timeout=10) == -signal.SIGTERM
    assert wait_for(lambda: not alive(child))  # the program's own child went too
    speaker.close()
    assert started[1].wait(timeout=10) == -signal.SIGTERM


def test_espeak_ng_speaks_into_a_wav_file(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (CI installs it)")
    wav = tmp_path / "line.wav"
    started: list = []

    def start(argv: Sequence[str]):  # type: ignore[no-untyped-def]
        started.append(start_process(argv))
        return started[-1]

    speaker = Speaker(["espeak-ng", "-w", str(wav)], start=start)
    assert speaker.say("Standing Side Bend, left side, 30 seconds") is None
    assert started[0].wait(timeout=30) == 0
    data = wav.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert len(data) > 10_000  # about two seconds of speech, not just a header
