"""A save while another stretchtui holds the lock: the UI keeps answering, the save
follows when the lock is free (or says who held it), and the draft is never lost."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import lock_held
from pilots import until
from textual.widgets import Input

from stretchtui.storage import paths, write
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen


@pytest.fixture
def held_lock(user_dirs: dict[str, Path]) -> Iterator[subprocess.Popen[str]]:
    """Another process holding routines.toml.lock until the test lets go (closes stdin)."""
    with lock_held(paths.routines_file().with_name("routines.toml.lock")) as holder:
        yield holder


def notes(app: StretchApp) -> str:
    return "\n".join(note.message for note in app._notifications)


async def test_a_save_waits_for_the_lock_without_freezing_the_builder(
    held_lock: subprocess.Popen[str],
) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "b")
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: "Another stretchtui is saving" in notes(app))
        await pilot.press("r", *"Still typing")  # the builder answers while the save waits
        assert app.screen.query_one("#routine-name", Input).value.endswith("Still typing")
        assert not paths.routines_file().exists()
        assert held_lock.stdin is not None
        held_lock.stdin.close()  # the other stretchtui is done
        assert await until(pilot, lambda: paths.routines_file().exists(), seconds=8)
        assert await until(pilot, lambda: "Saved" in notes(app))


async def test_a_lock_never_let_go_names_its_holder(
    held_lock: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "LOCK_WAIT_S", 0.5)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "b")
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: f"is being saved by process {held_lock.pid}" in notes(app), 5)
        assert isinstance(app.screen, BuilderScreen) and app.screen.has_unsaved_changes
        assert not paths.routines_file().exists()


async def test_a_theme_save_that_waited_in_vain_says_so_from_its_thread(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme is saved off the UI's thread when another stretchtui holds config.toml;
    that thread's failure reaches the user as a notification, and so does nothing else."""
    monkeypatch.setattr(write, "LOCK_WAIT_S", 0.5)
    with lock_held(paths.config_file().with_name("config.toml.lock")) as holder:
        app = StretchApp()
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = "nord"
            assert await until(pilot, lambda: f"process {holder.pid}" in notes(app), 5)
            [note] = [n for n in app._notifications if str(holder.pid) in n.message]
            assert note.severity == "error"
            assert isinstance(app.screen, BrowserScreen)  # and the app goes on
        assert not paths.config_file().exists()
