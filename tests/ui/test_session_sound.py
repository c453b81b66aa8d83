"""A session followed by ear, through the real screen: bell patterns and their times, the
countdown bells, mute, the spoken lines in order, and the voice setting's edge cases."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from fakes import EARS, EARS_RINGS, FakeClock

from stretchtui.services.speech import start_process
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.screens.summary import SummaryScreen


def write_config(user_dirs: dict[str, Path], text: str) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text(text)


async def run_through(app: StretchApp, clock: FakeClock, pilot, seconds: float, keys=()) -> None:
    """Move the clock in 0.1 s steps (the screen's refresh), ticking the screen each time.
    `pause(0)` lets the app handle what the tick posted without Pilot's idle wait (20 ms
    of sleep or more each time, 220 times): the fake clock, not the wall, is what moves."""
    for _ in range(round(seconds / 0.1)):
        clock.now = round(clock.now + 0.1, 6)  # no drift from adding 0.1 many times
        for screen in app.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.tick()
        await pilot.pause(0)


async def test_bell_patterns_and_countdown_bells_at_their_times(user_dirs: dict[str, Path]) -> None:
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    rings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: rings.append(round(clock.now, 1))  # type: ignore[method-assign]
        app.start_session(EARS)
        await pilot.pause()
        await run_through(app, clock, pilot, 22)
        assert isinstance(app.screen, SummaryScreen)
    assert rings == EARS_RINGS


async def test_countdown_bells_off_and_m_mutes(user_dirs: dict[str, Path]) -> None:
    write_config(user_dirs, "countdown_bells = 0\n")
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    rings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: rings.append(round(clock.now, 1))  # type: ignore[method-assign]
        app.start_session(EARS)
        await pilot.pause()
        await run_through(app, clock, pilot, 7.5)
        assert rings == [2.0, 6.0, 6.3, 7.0]
        await pilot.press("m")
        await run_through(app, clock, pilot, 13)
    assert rings == [2.0, 6.0, 6.3, 7.0]


class Recorder:
    """Starts real (sleeping) speech processes and records what each was asked to say."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.processes: list = []

    def __call__(self, argv):
        self.said.append(argv[-1])
        process = start_process(argv)
        self.processes.append(process)
        return process


async def test_the_steps_are_spoken_in_order_and_a_new_line_ends_the_last(
    user_dirs: dict[str, Path]
) -> None:
    write_config(user_dirs, f'voice = ["{sys.executable}", "-c", "import time; time.sleep(60)"]\n')
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    recorder = Recorder()
    app.keeper.start_speech = recorder
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.bell = lambda: None  # type: ignore[method-assign]
            app.start_session(EARS)
            await pilot.pause()
            await run_through(app, clock, pilot, 3)
            first = recorder.processes[0]
            assert first.wait(timeout=5) is not None  # the next line ended it
            await run_through(app, clock, pilot, 19)
            assert recorder.said == [
                "Get ready: Standing Side Bend",
                "Standing Side Bend, left side, 4 seconds. "
                + app.catalog.library["standing-side-bend"].cues[0],
                "Switch to the right side",
                "Standing Side Bend, right side, 4 seconds",
                "Next: Cat and Cow",
                "Cat and Cow, cat position, 3 seconds. " + app.catalog.library["cat-cow"].cues[0],
                "Cat and Cow, cow position, 3 seconds",
                "Routine done, 19 seconds",
            ]
            assert recorder.processes[-1].poll() is None  # "Routine done" may finish
            await pilot.press("enter")  # leaving the summary ends the session and its voice
            assert recorder.processes[-1].wait(timeout=5) is not None
            assert all(process.poll() is not None for process in recorder.processes)
    finally:
        for process in recorder.processes:
            process.kill()


async def test_v_turns_the_voice_off_and_on(user_dirs: dict[str, Path]) -> None:
    write_config(user_dirs, f'voice = ["{sys.executable}", "-c", "pass"]\n')
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    recorder = Recorder()
    app.keeper.start_speech = recorder
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(EARS)
        await pilot.pause()
        await pilot.press("v")
        await run_through(app, clock, pilot, 7)
        assert recorder.said == ["Get ready: Standing Side Bend"]
        await pilot.press("v")
        await run_through(app, clock, pilot, 6)
        assert recorder.said[1] == "Next: Cat and Cow"  # nothing was said while it was off


@pytest.mark.parametrize(("environ", "expected"), [
    ({"PATH": ""}, "no speech program found"),
    ({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, "off over SSH"),
])
async def test_auto_voice_says_once_why_it_stays_silent(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    write_config(user_dirs, 'voice = "auto"\n')
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    recorder = Recorder()
    app.keeper.start_speech = recorder
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(EARS)
        await pilot.pause()
        await run_through(app, clock, pilot, 5)
        notes = [n.message for n in app._notifications if expected in n.message]
        assert len(notes) == 1 and recorder.said == []
        assert isinstance(app.screen, SessionScreen)  # and the session goes on, with bells
    assert os.environ.get("PATH") is not None
