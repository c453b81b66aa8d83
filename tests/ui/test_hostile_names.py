"""Names from files and from typing are shown exactly as written, in every place.

A corpus of hostile names (markup, unbalanced brackets, live-action markup, very long,
right-to-left and wide characters, tmux format) goes through every screen and the CLI;
names with control characters are refused by the loader and shown escaped. No crash, no
styling, no action taken, and never a raw control character on screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import FakeClock
from pilots import palette_offers, until
from textual.widgets import DataTable, Input, Static

from stretchtui.core.model import Routine
from stretchtui.core.rules import has_controls
from stretchtui.storage.history import append_record
from stretchtui.tui.app import StretchApp
from stretchtui.tui.providers import LibraryCommands
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.screens.history import HistoryScreen
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.screens.summary import SummaryScreen
from stretchtui.tui.widgets.library_tree import LibraryTree

HOSTILE = [
    "Tea [/] break",
    "[b]bold[/b] and [bold red]loud[/]",
    "[@click=app.quit]quit now[/]",
    "[link=https://example.com]a link[/link]",
    "unbalanced [bold",
    "\\[escaped] and back\\slash",
    "n" * 80,
    "تمدد الظهر",
    "ストレッチ体操",
    "🧘 stretch",
    "tmux #(touch /tmp/pwned) #[fg=red]",
]
REFUSED = ["Esc \x1b[31mred", "Bell\x07", "Line\u2028break", "Flip\u202eRTL"]


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (control characters as \\uXXXX)."""
    return json.dumps(text, ensure_ascii=False)


def write_files(data: Path, name: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "stretches.toml").write_text(
        f'[[stretches]]\nid = "hostile"\nname = {toml_string(name)}\nareas = ["sides"]\n'
        f'feel_it_in = {toml_string(name)}\ncues = [{toml_string(name)}]\nhold = 3\n'
        f'caution = {toml_string(name)}\nprogressions = [{toml_string(name)}]\n')
    (data / "routines.toml").write_text(
        f'[[routines]]\nname = {toml_string(name)}\ndescription = {toml_string(name)}\nget_ready = 1\n'
        'rest = 1\ntransition = 1\n[[routines.items]]\nstretch = "hostile"\n\n'
        f'[[routines]]\nname = {toml_string(name + " 2")}\n[[routines.items]]\nstretch = "nope"\n')


def rendered(app: StretchApp) -> str:
    """Every Static's text on the current screen (what the user reads)."""
    return "\n".join(str(static.render()) for static in app.screen.query(Static) if static.display)


def write_all(data: Path, names: list[str]) -> None:
    """A stretch and a routine named after each name (the first routine does all the
    stretches, so its session shows every name), a broken routine quoting each name, and a
    history line for each routine."""
    data.mkdir(parents=True, exist_ok=True)
    stretches, routines = [], []
    for number, name in enumerate(names):
        text = toml_string(name)
        stretches.append(f'[[stretches]]\nid = "hostile-{number}"\nname = {text}\nareas = ["sides"]\n'
                         f'feel_it_in = {text}\ncues = [{text}]\nhold = 1\ncaution = {text}\n'
                         f'progressions = [{text}]\n')
        items = range(len(names)) if number == 0 else [number]
        routines.append(f'[[routines]]\nname = {text}\ndescription = {text}\nget_ready = 0\nrest = 0\n'
                        'transition = 0\n' + "".join(f'[[routines.items]]\nstretch = "hostile-{item}"\n'
                                                      for item in items))
        routines.append(f'[[routines]]\nname = {toml_string(name + " 2")}\n[[routines.items]]\n'
                        'stretch = "nope"\n')
    (data / "stretches.toml").write_text("\n".join(stretches))
    (data / "routines.toml").write_text("\n".join(routines))
    for name in names[1:]:
        append_record({"routine": name, "started": "2026-11-20T09:00:00+01:00",
                       "ended": "2026-11-20T09:01:00+01:00", "planned_s": 60, "done_s": 60.0, "steps": 1,
                       "skipped": 0, "completed": True, "step_starts": [0.0], "step_seen": [0.0, 60.0]})


async def test_hostile_names_are_shown_literally_on_every_screen(user_dirs: dict[str, Path]) -> None:
    write_all(user_dirs["data"], HOSTILE)
    clock = FakeClock(0.0)
    app = StretchApp(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        await pilot.pause()
        # The startup notification quotes the broken routines' names, as written.
        notes = "\n".join(n.message for n in app._notifications)
        assert repr(HOSTILE[0] + " 2") in notes
        # Browser: the tree and both details; the palette's search.
        tree = app.screen.query_one(LibraryTree)
        labels = [leaf.label.plain for group in tree.root.children for leaf in group.children]
        provider = LibraryCommands(app.screen)
        for number, name in enumerate(HOSTILE):
            assert labels.count(name) == 2, name
            routine = app.catalog.book.find(name)
            assert isinstance(routine, Routine)
            app.screen.show_entry(routine)
            await pilot.pause()
            assert f"{name}\n{name}" in rendered(app)  # title, then description
            app.screen.show_entry(app.catalog.library[f"hostile-{number}"])
            await pilot.pause()
            assert rendered(app).count(name) >= 5  # title, caution, feel it in, cue, progression
            hits = [hit.text async for hit in provider.search(name[:6])]
            assert f"Show routine: {name}" in hits
        # The palette drawn (Matcher.highlight would read markup).
        await pilot.press("ctrl+p", *"routine")
        assert await palette_offers(pilot, "routine")
        await pilot.press("escape")
        # The builder: form, list, item editor.
        for name in HOSTILE:
            app.open_builder(app.catalog.book.find(name))
            await pilot.pause()
            assert isinstance(app.screen, BuilderScreen)
            assert app.screen.query_one("#routine-name", Input).value == name
            assert name in rendered(app)
            await pilot.press("escape")
        # A session through every stretch, its help and its summary.
        app.start_session(app.catalog.book.find(HOSTILE[0]))
        await pilot.pause()
        titles = set()
        for _ in range(2 * len(HOSTILE) + 4):  # a 1 s hold each, half a second a refresh
            for screen in app.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.tick()
                    titles.add(str(screen.query_one("#title", Static).render()))
            await pilot.pause()
            if len(titles) == 1:
                await pilot.press("question_mark")
                assert isinstance(app.screen, HelpScreen)
                await pilot.press("escape")
            clock.now = round(clock.now + 0.5, 6)
        assert set(HOSTILE) <= titles
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#dialog")._border_title.plain == HOSTILE[0]  # as drawn
        # The history: every routine's name in the table, and a session's detail.
        await pilot.press("enter", "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert await until(pilot, lambda: history.summary is not None, seconds=10)  # read in a worker
        await pilot.pause()
        table = history.query_one("#recent", DataTable)
        shown = {str(table.get_row_at(row)[1]) for row in range(table.row_count)}
        assert set(HOSTILE) <= shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#dialog")._border_title.plain == HOSTILE[0]
    assert app.return_code in (None, 0)  # no crash, no [@click=app.quit] taken


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretchtui", *args], capture_output=True, text=True,
                          timeout=60, env=os.environ.copy())


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_the_cli_prints_hostile_names_as_written(user_dirs: dict[str, Path], name: str) -> None:
    write_files(user_dirs["data"], name)
    listed = run_cli("list")
    assert listed.returncode == 0 and listed.stdout.count(name) == 2
    assert repr(name + " 2") in listed.stderr  # the broken routine, quoted
    checked = run_cli("check")
    assert checked.returncode == 1 and f"routine {name + ' 2'!r}, item 1" in checked.stdout


@pytest.mark.parametrize("name", REFUSED, ids=range(len(REFUSED)))
async def test_names_with_control_characters_are_refused_and_shown_escaped(
    user_dirs: dict[str, Path], name: str
) -> None:
    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "routines.toml").write_text(
        f'[[routines]]\nname = {toml_string(name)}\n[[routines.items]]\nstretch = "cat-cow"\n')
    checked = run_cli("check")
    assert checked.returncode == 1 and repr(name) in checked.stdout
    assert not has_controls(checked.stdout.replace("\n", ""))
    app = StretchApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notes = "".join(n.message.replace("\n", "") for n in app._notifications)
        assert repr(name) in notes and not has_controls(notes)
        assert app.catalog.book.find(name) is None


async def test_a_hostile_name_typed_in_the_builder_saves_and_the_palette_still_opens() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "b", "r", *"Tea [/] break [@click=app.quit]x[/]", "ctrl+s")
        await pilot.pause()
        assert [r.name for r in app.catalog.book.user] == ["Tea [/] break [@click=app.quit]x[/]"]
        await pilot.press("escape", "ctrl+p", *"tea")
        assert await palette_offers(pilot, "Tea")
        await pilot.press("escape")
        assert app.return_code is None  # still running


NEWER_THAN_PYTHON = ["Stretch \U0001fae9", "\ue0b0 Nerd \uf0e7", "Zero\u200dwidth\u00ad",
                     "\U0001f9d8\u200d\u2640\ufe0f yoga"]


@pytest.mark.parametrize("name", NEWER_THAN_PYTHON, ids=range(len(NEWER_THAN_PYTHON)))
async def test_a_name_that_passes_check_shows_as_running(user_dirs: dict[str, Path], name: str) -> None:
    """Emoji newer than Python's tables, Nerd Font icons and format characters: `check`
    accepts them, so a session of that routine must publish its state for `status`."""
    import time

    from stretchtui.storage.runtime import read_running

    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "routines.toml").write_text(
        f'[[routines]]\nname = {toml_string(name)}\n[[routines.items]]\nstretch = "cat-cow"\n')
    checked = run_cli("check")
    assert checked.returncode == 0, checked.stdout
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: None  # type: ignore[method-assign]
        await pilot.pause()
        app.start_session(app.catalog.book.find(name))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert [state.routine for state in read_running(time.time())] == [name]
        shown = run_cli("status", "--format", "{routine}")
        assert shown.stdout == f"{name}\n"
