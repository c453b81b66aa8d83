"""What a running app tells the world outside it: the exact bytes of the window title and
the notifications (through Textual's driver, to a recording stand-in), and the state file
`stretchtui status` reads, written on changes only and removed however the session ends."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from fakes import FakeClock, record_terminal_writes

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage import runtime
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.session import SessionScreen

# get ready 2 · side bend left 3 · switch sides 1 · right 3: 9 s
SHORT = Routine("Short", get_ready=2, rest=1, transition=0,
                items=(RoutineItem("standing-side-bend", hold=3, reps=1),))
SAVE, RESTORE = "\x1b[22;0t", "\x1b]2;\x1b\\\x1b[23;0t"


def title(text: str) -> str:
    return f"\x1b]2;{text}\x1b\\"


def write_config(user_dirs: dict[str, Path], text: str) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text(text)


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]) -> list[str]:
    write_config(user_dirs, 'notify = "osc9"\n')
    monkeypatch.delenv("TMUX", raising=False)
    return record_terminal_writes(monkeypatch)


async def tick(app: StretchApp, pilot, clock: FakeClock, seconds: float) -> None:
    """Move the clock and let the session screen notice now (as its 10 Hz timer would)."""
    clock.advance(seconds)
    for screen in app.screen_stack:
        if isinstance(screen, SessionScreen):
            screen.tick()
    await pilot.pause()


async def run_to_the_end(app: StretchApp, pilot, clock: FakeClock) -> None:
    for _ in range(12):  # 9 s, then the end's bells
        await tick(app, pilot, clock, 1.0)


def state_file(user_dirs: dict[str, Path]) -> Path:
    return user_dirs["runtime"] / f"{os.getpid()}.session"


async def test_the_title_follows_the_stretch_and_side_on_step_changes_only(written: list[str]) -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        assert written == [SAVE + title("Get ready")]
        for _ in range(5):
            await tick(app, pilot, clock, 0.1)  # ticks within a step write nothing
        assert len(written) == 1
        await tick(app, pilot, clock, 1.6)
        await pilot.press("space")  # a pause is no new title
        await tick(app, pilot, clock, 5)
        await pilot.press("space")
        assert written[1:] == [title("Standing Side Bend (left)")]
        await run_to_the_end(app, pilot, clock)
    assert written[2:] == [
        title("Switch sides"), title("Standing Side Bend (right)"), RESTORE,
        "\x1b]9;Stretch done: Short: 0:09\x07",
    ]


async def test_a_stopped_session_says_how_much_was_done_and_inside_tmux_goes_through(
    written: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1234,0")
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        await tick(app, pilot, clock, 3)
        await pilot.press("q", "y")
        # The title is tmux's own (pane_title): never wrapped. The notification is wrapped
        # for the outer terminal, its ESCs doubled.
        assert written == [SAVE + title("Get ready"), title("Standing Side Bend (left)"), RESTORE,
                           "\x1bPtmux;\x1b\x1b]9;Stretch stopped: Short: 0:03 of 0:09\x07\x1b\\"]


async def test_text_from_outside_is_stripped_of_control_characters(written: list[str]) -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    evil = Routine("Tea\x1b]2;owned\x07\nbreak", get_ready=0, rest=0, transition=0,
                   items=(RoutineItem("childs-pose", hold=2, reps=1),))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(evil)
        await pilot.pause()
        await run_to_the_end(app, pilot, clock)
    assert written[-1] == "\x1b]9;Stretch done: Tea]2;owned break: 0:02\x07"


async def test_leaving_the_app_mid_session_gives_the_title_back(written: list[str]) -> None:
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        await pilot.press("ctrl+q", "y")  # asks first, as q does
    assert written == [SAVE + title("Get ready"), RESTORE]


async def test_ctrl_z_gives_the_shell_its_title_and_fg_takes_it_again(
    written: list[str], user_dirs: dict[str, Path]
) -> None:
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        await tick(app, pilot, clock, 2.5)
        app.app_suspend_signal.publish(app)  # what ctrl+z does before the process stops
        assert runtime.parse(state_file(user_dirs).read_text()).paused  # type: ignore[union-attr]
        assert written[-1] == RESTORE
        app.app_resume_signal.publish(app)  # `fg`
        await pilot.pause()
        assert written[-1] == SAVE + title("Standing Side Bend (left)")


# -- the state file ---------------------------------------------------------------------------


async def test_the_state_file_is_written_on_changes_and_removed_at_the_end(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[tuple[int, bool]] = []
    publish = runtime.publish_session

    def counted(session, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        writes.append((session.index, session.paused))
        return publish(session, **kwargs)

    monkeypatch.setattr(runtime, "publish_session", counted)
    clock = FakeClock()
    app = StretchApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        shown = runtime.parse(state_file(user_dirs).read_text())
        assert shown is not None and (shown.stretch, shown.step, shown.steps) == ("Get ready", 1, 4)
        for _ in range(10):
            await tick(app, pilot, clock, 0.1)  # a second of countdown: nothing written
        assert writes == [(0, False)]
        await tick(app, pilot, clock, 1.0)  # the first hold
        shown = runtime.parse(state_file(user_dirs).read_text())
        assert shown is not None and (shown.stretch, shown.side, shown.step) == (
            "Standing Side Bend", "left", 2)
        await pilot.press("space")  # pause
        assert runtime.parse(state_file(user_dirs).read_text()).paused  # type: ignore[union-attr]
        await pilot.press("plus", "space", "minus", "r", "n", "p")  # each changes the timing
        assert writes == [(0, False), (1, False), (1, True), (1, True), (1, False), (1, False),
                          (1, False), (2, False), (1, False)]
        await run_to_the_end(app, pilot, clock)
        assert not state_file(user_dirs).exists()


@pytest.mark.parametrize("ending", ["stop", "quit", "signal"])
async def test_the_state_file_goes_however_the_session_ends(
    user_dirs: dict[str, Path], ending: str
) -> None:
    app = StretchApp(clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(SHORT)
        await pilot.pause()
        assert state_file(user_dirs).exists()
        if ending == "stop":
            await pilot.press("q", "y")
        elif ending == "quit":
            await pilot.press("ctrl+q", "y")
        else:
            app.ending.terminated()  # SIGTERM or SIGHUP
            # the grace-period exit is for a real terminal: here it would end pytest itself
            assert not [thread for thread in threading.enumerate() if isinstance(thread, threading.Timer)]
        await pilot.pause()
    assert not state_file(user_dirs).exists()


async def test_a_crash_removes_the_state_file_and_gives_the_title_back(
    user_dirs: dict[str, Path], written: list[str]
) -> None:
    def bug() -> None:
        raise RuntimeError("a bug")

    app = StretchApp(clock=FakeClock())
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=(80, 24)) as pilot:
            app.start_session(SHORT)
            await pilot.pause()
            app.call_later(bug)
            await pilot.pause()
    assert not state_file(user_dirs).exists()
    assert written == [SAVE + title("Get ready"), RESTORE]
