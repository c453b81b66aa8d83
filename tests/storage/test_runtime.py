"""Running-session state files: atomic writes, what a reader sees, stale and broken files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import plan
from stretchtui.core.session import Session
from stretchtui.core.status import RunningState
from stretchtui.storage import runtime
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.runtime import parse, publish, read_running, render

NOW = 1_764_000_000.0


@pytest.fixture
def live_pids() -> Iterator[list[int]]:
    """Processes that stay alive during the test (their pids stand for running apps)."""
    children = [subprocess.Popen(["sleep", "60"]) for _ in range(2)]
    yield [child.pid for child in children]
    for child in children:
        child.kill()
        child.wait()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def state(pid: int, **changes: object) -> RunningState:
    values: dict[str, object] = dict(
        pid=pid, started=NOW - 60, routine="Desk break", stretch="Cat/Cow", side="cat", step=3,
        steps=16, kind="hold", paused=False, deadline=NOW + 7,
    )
    values.update(changes)
    return RunningState(**values)  # type: ignore[arg-type]


# -- the format ------------------------------------------------------------------------


def test_render_and_parse_round_trip_running_and_paused() -> None:
    running = state(42)
    paused = state(42, paused=True, deadline=None, left=12.5)
    assert parse(render(running)) == running
    assert parse(render(paused)) == paused
    assert render(running).splitlines()[0] == "stretchtui-session 1"
    assert "deadline=1764000007.0" in render(running) and "left=" not in render(running)


def test_text_fields_cannot_add_lines() -> None:
    sneaky = state(42, routine="Desk\nstep=99\nbreak", stretch="Cat\x1b[2J/Cow")
    back = parse(render(sneaky))
    assert back is not None
    assert (back.routine, back.stretch, back.step) == ("Desk step=99 break", "Cat[2J/Cow", 3)


def test_every_cut_of_a_file_is_whole_or_nothing() -> None:
    text = render(state(42))
    for cut in range(len(text)):
        parsed = parse(text[:cut])
        assert parsed is None or parsed == state(42)
    assert parse(text[: text.index("\nend")]) is None


@pytest.mark.parametrize("text", [
    "", "garbage", "stretchtui-session 1\nend\n", "stretchtui-session 2\n" + render(state(1))[21:],
    render(state(1)).replace("paused=0", "paused=maybe"),
    render(state(1)).replace("deadline=1764000007.0", "deadline=nan"),
    render(state(1)).replace("step=3", "step=17"),
    render(state(1)).replace("pid=1", "pid=-1"),
    render(state(1)).replace("kind=hold\n", "kind hold\n"),
])
def test_invalid_files_parse_to_nothing(text: str) -> None:
    assert parse(text) is None


@given(st.text(max_size=300))
def test_any_text_parses_or_is_refused_without_an_exception(text: str) -> None:
    result = parse("stretchtui-session 1\n" + text)
    assert result is None or isinstance(result, RunningState)


def test_a_hand_edited_file_is_stripped_when_read() -> None:
    text = render(state(42)).replace("routine=Desk break", "routine=Desk\u202e break\x07")
    assert parse(text).routine == "Desk break"  # type: ignore[union-attr]


def test_seconds_left_from_the_deadline_or_the_pause() -> None:
    assert state(1).seconds_left(NOW) == 7
    assert state(1).seconds_left(NOW + 10) == 0
    assert state(1, paused=True, deadline=None, left=12.5).seconds_left(NOW + 1000) == 12.5


# -- writing -----------------------------------------------------------------------------


def test_publish_writes_the_file_in_the_user_runtime_directory(user_dirs: dict[str, Path]) -> None:
    assert publish(state(os.getpid()))
    path = user_dirs["runtime"] / f"{os.getpid()}.session"
    assert parse(path.read_text()) == state(os.getpid())
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_a_failed_write_keeps_the_previous_state_whole(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert publish(state(os.getpid(), step=3))

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert publish(state(os.getpid(), step=4)) is False
    path = user_dirs["runtime"] / f"{os.getpid()}.session"
    assert parse(path.read_text()).step == 3  # type: ignore[union-attr]
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_publish_into_a_directory_that_cannot_exist_is_false(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert publish(state(os.getpid()), blocker / "sub") is False


def test_clear_removes_only_this_processes_file(user_dirs: dict[str, Path], live_pids: list[int]) -> None:
    publish(state(os.getpid()))
    publish(state(live_pids[0]))
    runtime.clear()
    runtime.clear()  # twice is fine
    assert sorted(p.name for p in user_dirs["runtime"].iterdir()) == [f"{live_pids[0]}.session"]


def test_publish_session_follows_a_real_session(tmp_path: Path) -> None:
    routine = Routine("Morning", get_ready=5, rest=5, transition=0,
                      items=(RoutineItem("cat-cow", reps=1), RoutineItem("lumbar-rotation", reps=1)))
    clock = FakeClock()
    session = Session(plan(routine, builtin_stretches()), clock,
                      wall_clock=lambda: datetime.fromtimestamp(NOW - 5, UTC))
    session.start()
    clock.advance(5 + 2.5)  # into the first hold, Cat/Cow's first position
    session.update()
    path = tmp_path / f"{os.getpid()}.session"

    assert runtime.publish_session(session, now=NOW, directory=tmp_path)
    shown = parse(path.read_text())
    assert shown is not None
    assert (shown.routine, shown.stretch, shown.side, shown.kind) == ("Morning", "Cat/Cow", "cat", "hold")
    assert (shown.step, shown.steps, shown.started) == (2, len(session.plan.steps), NOW - 5)
    assert shown.deadline == pytest.approx(NOW + session.remaining)

    session.pause()
    runtime.publish_session(session, now=NOW + 100, directory=tmp_path)
    shown = parse(path.read_text())
    assert shown is not None and shown.paused and shown.deadline is None
    assert shown.left == pytest.approx(session.remaining)

    while session.index < len(session.plan.steps) - 1:
        session.next()
    runtime.publish_session(session, now=NOW, directory=tmp_path)
    assert (parse(path.read_text()).stretch, parse(path.read_text()).side) == (  # type: ignore[union-attr]
        "Lumbar Rotation", "right")
    session.stop()
    runtime.publish_session(session, now=NOW, directory=tmp_path)
    assert not path.exists()


# -- reading -------------------------------------------------------------------------------


def test_a_live_session_is_read_and_its_time_left_computed(live_pids: list[int], tmp_path: Path) -> None:
    publish(state(live_pids[0]), tmp_path)
    [shown] = read_running(NOW + 2, tmp_path)
    assert shown == state(live_pids[0])
    assert shown.seconds_left(NOW + 2) == 5


def test_a_file_whose_process_is_gone_is_ignored_and_removed(tmp_path: Path, live_pids: list[int]) -> None:
    gone = dead_pid()
    publish(state(gone), tmp_path)
    publish(state(live_pids[0]), tmp_path)
    assert [s.pid for s in read_running(NOW, tmp_path)] == [live_pids[0]]
    assert not (tmp_path / f"{gone}.session").exists()


def test_two_sessions_both_read_the_newest_first(tmp_path: Path, live_pids: list[int]) -> None:
    older, newer = live_pids
    publish(state(older, started=NOW - 600, routine="Long"), tmp_path)
    publish(state(newer, started=NOW - 30, routine="Short"), tmp_path)
    assert [s.routine for s in read_running(NOW, tmp_path)] == ["Short", "Long"]


def test_a_running_step_long_past_its_deadline_is_not_shown(tmp_path: Path, live_pids: list[int]) -> None:
    publish(state(live_pids[0], deadline=NOW - 61), tmp_path)
    publish(state(live_pids[1], paused=True, deadline=None, left=3.0), tmp_path)
    assert [s.pid for s in read_running(NOW, tmp_path)] == [live_pids[1]]  # paused ones wait
    assert (tmp_path / f"{live_pids[0]}.session").exists()  # its app may still come back


def test_broken_files_mean_nothing_running_and_are_never_an_error(
    tmp_path: Path, live_pids: list[int]
) -> None:
    pid = live_pids[0]
    (tmp_path / f"{pid}.session").write_bytes(b"\xff\xfe garbage \x00")
    (tmp_path / "0.session").write_text(render(state(0)))
    (tmp_path / f"{live_pids[1]}.session").mkdir()  # unreadable as a file
    (tmp_path / "notes.session").write_text(render(state(pid)))
    (tmp_path / f".{pid}.session.1234.abcd.tmp").write_text(render(state(pid)))  # a writer's temporary
    (tmp_path / "99999999999999999999.session").write_text("x")
    assert read_running(NOW, tmp_path) == []


def test_special_files_in_place_of_a_state_file_never_block(tmp_path: Path, live_pids: list[int]) -> None:
    """A FIFO (no writer: an open() without O_NONBLOCK waits for ever) or a link to
    /dev/zero (a read that never ends) is no state file."""
    os.mkfifo(tmp_path / f"{live_pids[0]}.session")
    (tmp_path / f"{live_pids[1]}.session").symlink_to("/dev/zero")
    assert read_running(NOW, tmp_path) == []


def test_a_file_naming_another_pid_than_its_own_is_not_shown(tmp_path: Path, live_pids: list[int]) -> None:
    (tmp_path / f"{live_pids[0]}.session").write_text(render(state(live_pids[1])))
    assert read_running(NOW, tmp_path) == []


def test_a_pid_reused_by_another_process_is_not_a_session(tmp_path: Path, live_pids: list[int]) -> None:
    """A paused app killed by SIGKILL leaves its file; once its pid belongs to another
    process (here: the recorded start time is not the live process's), it is gone."""
    pid = live_pids[0]
    real = runtime.process_start(pid)
    assert real is not None and real.isdigit()
    paused = state(pid, paused=True, deadline=None, left=12.0)
    (tmp_path / f"{pid}.session").write_text(render(paused, str(int(real) + 1)))
    assert read_running(NOW, tmp_path) == []
    assert not (tmp_path / f"{pid}.session").exists()
    publish(paused, tmp_path)  # the live app's own file records its real start
    assert f"process={real}\n" in (tmp_path / f"{pid}.session").read_text()
    assert read_running(NOW, tmp_path) == [paused]


def test_a_session_paused_for_longer_than_a_day_is_not_shown(tmp_path: Path, live_pids: list[int]) -> None:
    publish(state(live_pids[0], paused=True, deadline=None, left=3.0,
                  started=NOW - runtime.MAX_AGE_SECONDS - 1), tmp_path)
    publish(state(live_pids[1], paused=True, deadline=None, left=3.0, started=NOW - 3600), tmp_path)
    assert [s.pid for s in read_running(NOW, tmp_path)] == [live_pids[1]]


NEWER_THAN_PYTHON = ["Stretch \U0001fae9", "\ue0b0 Nerd \uf0e7 icons", "Zero\u200dwidth\u00ad joiner",
                     "Tag \U000e0067 and \u2060 joiner", "\U0001f9d8\u200d\u2640\ufe0f yoga"]


@pytest.mark.parametrize("name", NEWER_THAN_PYTHON, ids=range(len(NEWER_THAN_PYTHON)))
def test_any_name_that_passes_check_is_published(tmp_path: Path, live_pids: list[int], name: str) -> None:
    from stretchtui.core.rules import check_text

    assert check_text(name) == name  # what `check` and the builder accept
    running = state(live_pids[0], routine=name, stretch=name)
    assert publish(running, tmp_path)
    assert read_running(NOW, tmp_path) == [running]


def test_a_missing_runtime_directory_means_nothing_running(tmp_path: Path) -> None:
    assert read_running(NOW, tmp_path / "never-made") == []


def test_without_a_directory_the_user_runtime_directory_is_read(
    user_dirs: dict[str, Path], live_pids: list[int]
) -> None:
    assert read_running(NOW) == []  # not even created yet
    publish(state(live_pids[0]))
    assert [s.pid for s in read_running(NOW)] == [live_pids[0]]
