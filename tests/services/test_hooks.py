"""`[hooks]`: a real script receives the event as JSON on stdin; a hook that hangs is
stopped (it and its children) without stalling anyone; a failure is reported once."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from fakes import FakeClock, named, shell_script

from stretchtui.services.hooks import Hooks
from stretchtui.services.keeper import SessionKeeper
from stretchtui.storage.library import load_library


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_real_script_receives_the_session_end_as_json(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "event.json"
    catcher = shell_script(tmp_path / "catch", 'cat > "$1.part" && mv "$1.part" "$1"\n')
    started = tmp_path / "started.json"
    wall = 1_772_449_200.0  # 2026-03-02 11:00 UTC
    hooks = Hooks({"on_end": [catcher, str(out)], "on_start": [catcher, str(started)]},
                  wall_clock=lambda: wall)
    clock = FakeClock()
    keeper = SessionKeeper(load_library().stretches, clock, wall_clock=lambda: wall + clock.now - 1000,
                           hooks=hooks)
    keeper.start(named("Desk; rm -rf ~"))
    wait_until(started.exists)
    begun = json.loads(started.read_text())
    assert begun["event"] == "start" and begun["routine"] == "Desk; rm -rf ~" and begun["planned_s"] > 0
    clock.advance(20)
    assert keeper.record() is None
    wait_until(out.exists)
    event = json.loads(out.read_text())
    assert event["event"] == "end" and event["routine"] == "Desk; rm -rf ~"
    assert event["time"].startswith("2026-03-02T")
    written = json.loads((user_dirs["data"] / "history.jsonl").read_text().splitlines()[-1])
    assert event["record"] == written  # the very line written to the history
    assert not (Path.home() / "rm").exists()


def test_a_hook_that_hangs_is_stopped_with_its_children_and_never_waited_for(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    hanging = shell_script(tmp_path / "hang", f'sleep 300 & echo $! > "{pids}"; wait\n')
    reports: list[str] = []
    hooks = Hooks({"on_due": [hanging]}, report=reports.append, timeout=1.0)
    thread = hooks.fire("on_due", routine="Desk break")
    assert thread is not None and thread.is_alive()  # fire() returned while the hook runs
    wait_until(pids.exists)
    child = int(pids.read_text())
    thread.join(10)
    assert not thread.is_alive()
    assert reports == [f"Hook on_due failed ({hanging}: stopped after 1 s); "
                       "stretchtui carries on without it."]
    wait_until(lambda: not alive(child))  # the hook's own child was stopped too


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purposes
        return stat.read().split(") ")[1][0] != "Z"


def test_a_failing_hook_is_reported_once_and_a_missing_one_too(tmp_path: Path) -> None:
    failing = shell_script(tmp_path / "fail", "exit 3\n")
    reports: list[str] = []
    hooks = Hooks({"on_skip": [failing], "on_snooze": [str(tmp_path / "nowhere")]}, report=reports.append)
    assert hooks.run("on_skip") == f"{failing}: exit status 3"
    assert hooks.run("on_skip") == f"{failing}: exit status 3"
    assert hooks.run("on_snooze") == f"{tmp_path / 'nowhere'}: not found"
    assert len(reports) == 2 and "on_skip" in reports[0] and "on_snooze" in reports[1]
    assert hooks.fire("on_start") is None  # no hook for it: nothing runs


def test_a_hook_that_does_not_read_its_input_is_not_a_failure(tmp_path: Path) -> None:
    reports: list[str] = []
    hooks = Hooks({"on_due": ["true"]}, report=reports.append)
    assert hooks.run("on_due", routine="x" * 200_000) is None and reports == []
