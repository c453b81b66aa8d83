"""The reminder in the open app, driven by an injected clock: it appears once the interval has
passed, never over a session, the builder or another modal (it waits until they close),
and snooze, dismiss and start do what they say."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from fakes import FakeClock, WallClock, record_terminal_writes, shell_script

from stretchtui.storage.history import append_record
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.screens.nudge import NudgeScreen
from stretchtui.tui.screens.session import SessionScreen

HOUR = 3600.0
NOW = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0).timestamp()
"""The wall clock's start: today at noon, so "two hours ago" is today whenever tests run."""


def write_config(user_dirs: dict[str, Path], text: str) -> None:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    (user_dirs["config"] / "config.toml").write_text(text)


def record(routine: str, ended: float, done_s: float = 290) -> dict[str, object]:
    def iso(moment: float) -> str:
        return datetime.fromtimestamp(moment).astimezone().isoformat(timespec="seconds")

    return {"routine": routine, "started": iso(ended - done_s), "ended": iso(ended),
            "planned_s": done_s, "done_s": done_s, "steps": 10, "skipped": 0, "completed": True}


class Rig:
    """An app with both clocks injected, its bells and terminal writes kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, wall: float = NOW) -> None:
        monkeypatch.delenv("TMUX", raising=False)
        self.written = record_terminal_writes(monkeypatch)
        self.clock = FakeClock()
        self.wall = WallClock(wall)
        self.app = StretchApp(clock=self.clock, wall_clock=self.wall)
        self.bells: list[float] = []

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.wall.now += seconds

    async def check(self, pilot) -> None:
        """What the reminder timer does, now (not up to CHECK_SECONDS later)."""
        self.app.reminders.check()
        await pilot.pause()

    async def due_in(self, pilot, seconds: float) -> None:
        """Not shown a second before `seconds` from now; shown then."""
        self.advance(seconds - 1)
        await self.check(pilot)
        assert not self.nudged()
        self.advance(1)
        await self.check(pilot)
        assert self.nudged()

    def nudged(self) -> bool:
        return isinstance(self.app.screen, NudgeScreen)

    def text(self, selector: str) -> str:
        return str(self.app.screen.query_one(selector).render())


@pytest.fixture
def rig(monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]) -> Rig:
    write_config(user_dirs, 'notify = "osc9"\n')
    return Rig(monkeypatch)


async def test_the_nudge_appears_once_the_interval_has_passed(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.app.bell = lambda: rig.bells.append(rig.clock.now)  # type: ignore[method-assign]
        await rig.due_in(pilot, HOUR)
        assert rig.text("#since") == "No stretch yet today."
        assert rig.text("#routine") == "Full back series · 12:50"  # nothing run yet: the first
        assert rig.bells == [rig.clock.now]
        assert rig.written == ["\x1b]9;Time to stretch: Full back series (12:50)\x07"]
        await rig.check(pilot)
        assert len(rig.app.screen_stack) == 2 and rig.bells == [rig.clock.now]  # once


async def test_it_counts_from_the_last_session_today_and_suggests_that_routine(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    write_config(user_dirs, "remind_after_min = 30\n")
    append_record(record("Gentle floor", NOW - 3 * HOUR))
    append_record(record("Desk break", NOW - 20 * 60))
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await rig.due_in(pilot, 10 * 60)
        assert rig.text("#since") == "Last stretch 30m ago."
        assert rig.text("#routine") == "Desk break · 4:50"


async def test_default_routine_is_suggested_when_none_was_run(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    write_config(user_dirs, 'default_routine = "gentle floor"\nremind_after_min = 1\n')
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(60)
        await rig.check(pilot)
        assert rig.text("#routine") == "Gentle floor · 6:20"


async def test_a_session_is_never_interrupted_and_counts_as_stretching(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR - 60)
        await pilot.press("s")  # Full back series, 12:50
        assert isinstance(rig.app.screen, SessionScreen)
        rig.advance(2 * 60)
        await rig.check(pilot)
        assert isinstance(rig.app.screen, SessionScreen)  # due, but a session runs
        await pilot.press("q", "y")  # stop; the summary shows
        await rig.check(pilot)
        assert not rig.nudged()
        await pilot.press("enter")  # back to the browser
        await rig.check(pilot)
        assert isinstance(rig.app.screen, BrowserScreen)  # the session was stretching
        await rig.due_in(pilot, HOUR)
        assert rig.text("#since") == "Last stretch 1h ago."


async def test_a_record_takes_its_times_from_the_apps_wall_clock(
    rig: Rig, user_dirs: dict[str, Path]
) -> None:
    """The reminders and the record read one clock: a session's start and end are the
    App's wall clock (injected here), not the machine's."""
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        rig.advance(30)
        await pilot.press("q", "y")
        await pilot.pause()
    record = json.loads((user_dirs["data"] / "history.jsonl").read_text().splitlines()[-1])
    assert datetime.fromisoformat(record["started"]).timestamp() == NOW
    assert datetime.fromisoformat(record["ended"]).timestamp() == NOW + 30


@pytest.mark.parametrize("key, covering", [("b", BuilderScreen), ("question_mark", HelpScreen)])
async def test_the_builder_and_modals_are_not_covered_it_waits_until_they_close(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path], key: str, covering: type
) -> None:
    # Two keys two hours apart would be time away (which restarts the clock): not this test's point
    write_config(user_dirs, 'notify = "osc9"\naway_min = 0\n')
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert isinstance(rig.app.screen, covering)
        rig.advance(2 * HOUR)
        await rig.check(pilot)
        assert isinstance(rig.app.screen, covering) and rig.written == []
        await pilot.press("escape")
        assert isinstance(rig.app.screen, BrowserScreen)
        await rig.check(pilot)
        assert rig.nudged()


async def test_snooze_puts_it_off_for_snooze_min(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR)
        await rig.check(pilot)
        await pilot.press("z")
        assert isinstance(rig.app.screen, BrowserScreen)
        await rig.due_in(pilot, 10 * 60)


async def test_escape_dismisses_until_the_next_interval(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR)
        await rig.check(pilot)
        await pilot.press("escape")
        assert isinstance(rig.app.screen, BrowserScreen)
        await rig.due_in(pilot, HOUR)


async def test_enter_starts_the_suggested_routine(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    append_record(record("Desk break", NOW - 2 * HOUR))
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await rig.check(pilot)  # two hours ago: due at once
        await pilot.press("enter")
        assert isinstance(rig.app.screen, SessionScreen)
        assert rig.app.keeper.session.plan.routine.name == "Desk break"  # type: ignore[union-attr]


async def test_a_session_recorded_by_another_stretchtui_counts(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR - 600)
        append_record(record("Gentle floor", rig.wall.now))  # in another pane
        rig.advance(600)  # the app's own hour is up
        await rig.due_in(pilot, HOUR - 600)  # an hour after the other session ended
        assert rig.text("#routine") == "Gentle floor · 6:20"


async def test_remind_after_zero_never_nudges(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    write_config(user_dirs, "remind_after_min = 0\n")
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(100 * HOUR)
        await rig.check(pilot)
        assert not rig.nudged() and rig.written == []


async def test_the_nudges_keys_are_in_the_footer_and_the_palette(rig: Rig) -> None:
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR)
        await rig.check(pilot)
        commands = {command.title for command in rig.app.get_system_commands(rig.app.screen)}
        assert {"Start", "Snooze", "Not now"} <= commands
        shown = {key.description for key in rig.app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        assert {"Start", "Snooze", "Not now"} <= shown
        assert rig.text("#hint") == "enter: start · z: snooze 10 min · esc: not now"
        await pilot.press("question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        await pilot.press("escape")
        assert rig.nudged()  # help closes back to the reminder


# -- the day: quiet time, time away, answers given elsewhere, hooks -------------------------


async def test_a_pause_holds_the_nudge_until_it_ends(rig: Rig, user_dirs: dict[str, Path]) -> None:
    from stretchtui.storage import reminding

    reminding.write_pause(str(user_dirs["runtime"]), NOW + HOUR + 10 * 60)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR)
        await rig.check(pilot)
        assert not rig.nudged()  # due, but paused
        await rig.due_in(pilot, 10 * 60)  # the pause ended by itself


async def test_outside_active_hours_no_nudge(monkeypatch: pytest.MonkeyPatch,
                                             user_dirs: dict[str, Path]) -> None:
    write_config(user_dirs, 'active_hours = "08:00-12:30"\n')
    rig = Rig(monkeypatch)  # noon
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR)
        await rig.check(pilot)
        assert not rig.nudged()


async def test_keys_pressed_away_min_apart_restart_the_clock(rig: Rig) -> None:
    """Outside tmux the app's own keys tell time away: a gap of `away_min` between two."""
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        await rig.check(pilot)
        rig.advance(40 * 60)  # away for 40 minutes
        await pilot.press("down")  # back
        await rig.check(pilot)
        await rig.due_in(pilot, HOUR)  # an hour after coming back, not after opening


async def test_a_dismissal_in_the_popup_counts_here_and_hooks_run(
    monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path], tmp_path: Path
) -> None:
    from stretchtui.services.reminding import answer

    hanging = shell_script(tmp_path / "hang", "sleep 60\n")
    write_config(user_dirs, f'[hooks]\non_start = ["{hanging}"]\non_skip = ["{tmp_path / "missing"}"]\n')
    rig = Rig(monkeypatch)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.advance(HOUR - 60)
        answer(str(user_dirs["runtime"]), "dismiss", rig.wall.now, 600)  # esc in a popup
        rig.advance(60)
        await rig.check(pilot)
        assert not rig.nudged()
        await rig.due_in(pilot, HOUR - 60)
        assert list(user_dirs["runtime"].glob("announced-*"))  # no status line pops up for it too
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(100):  # the failure comes from the hook's thread
            if any("on_skip" in str(n.message) for n in rig.app._notifications):
                break
            await pilot.pause(0.05)
        [failed] = [n for n in rig.app._notifications if "on_skip" in str(n.message)]
        assert "not found" in str(failed.message)
        await pilot.press("s")  # on_start hangs for a minute: the session starts anyway
        assert isinstance(rig.app.screen, SessionScreen)
