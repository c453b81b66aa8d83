"""The History screen loads in two steps: the newest sessions, read from the end of the
file, show at once; the figures and totals follow when the whole history is read. The
whole read is held here on an event the test releases (through `load_summary`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from histories import open_history, write_history
from pilots import until
from test_history_screen import BERLIN_WINTER, app_on, cells, record, write_records
from textual.widgets import LoadingIndicator

import stretchtui.storage.history as history_storage
from stretchtui.core.progress import RECENT_LIMIT
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.history import HistoryScreen
from stretchtui.tui.screens.session_detail import SessionDetailScreen


class Held(threading.Event):
    """Set to let the whole read go on; `started` is set when the whole read has begun."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    """The whole read waits until the returned event is set (set at the end in any case)."""
    release = Held()
    load = history_storage.load_summary

    def waiting(**kwargs: Any) -> Any:
        release.started.set()
        assert release.wait(10), "the test never released the whole read"
        return load(**kwargs)

    monkeypatch.setattr(history_storage, "load_summary", waiting)
    yield release
    release.set()


async def newest_shown(pilot: Any, rows: int) -> HistoryScreen:
    """Press `h` and wait (bounded) until the recent list holds `rows` rows."""
    await pilot.press("h")
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    assert await until(pilot, lambda: bool(screen.query("#recent")) and screen.recent.row_count == rows)
    return screen


def rows_of(screen: HistoryScreen) -> list[list[str]]:
    return [cells(screen.recent, row) for row in range(screen.recent.row_count)]


async def test_the_newest_sessions_show_before_the_whole_history_is_read(
    user_dirs: dict[str, Path], held: Held
) -> None:
    """While the whole read waits: the newest sessions are listed, newest first, with a
    loading indicator where the figures go; the list moves and opens a session's details.
    Once read, the list is the same, the cursor where it was, and everything else is there."""
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await newest_shown(pilot, RECENT_LIMIT)
        early = rows_of(screen)
        assert screen.summary is None and screen.query(LoadingIndicator)
        assert not screen.query("#top") and not screen.query("#totals")
        assert app.focused is screen.recent
        await pilot.press("down", "down", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, SessionDetailScreen))
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is screen)
        held.set()
        assert await until(pilot, lambda: screen.summary is not None
                           and not screen.query(LoadingIndicator))
        await pilot.pause()
        summary = screen.summary
        assert summary is not None and screen.sessions == summary.recent
        assert rows_of(screen) == early
        assert cells(screen.recent, 0)[0] == f"{summary.recent[0].started:%Y-%m-%d %H:%M}"
        assert screen.recent.cursor_row == 2 and app.focused is screen.recent
        assert screen.query("#top") and screen.totals.row_count > 0


async def test_escape_leaves_while_the_whole_history_is_read(
    user_dirs: dict[str, Path], held: Held
) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await newest_shown(pilot, RECENT_LIMIT)
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert screen.summary is None
        assert all(worker.is_cancelled or worker.is_finished for worker in screen.workers)
        held.set()
        again = await open_history(pilot)
        assert again.summary is not None and again.sessions == again.summary.recent


async def test_a_damaged_last_line_is_skipped_in_the_tail_as_in_the_whole_read(
    user_dirs: dict[str, Path], held: Held
) -> None:
    """A torn last line without its newline (a writer killed mid-line), and a damaged one
    before the newest session: both are skipped, first in the tail, then in the whole read."""
    start = datetime(2026, 3, 10, 9, tzinfo=BERLIN_WINTER)
    write_records(user_dirs, record(start, routine="Older"),
                  extra=b'garbage\n' + history_storage.format_record(
                      record(start + timedelta(hours=2), routine="Newest")) + b'{"routine": "to')
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await newest_shown(pilot, 2)
        assert [row[:2] for row in rows_of(screen)] == [["2026-03-10 11:00", "Newest"],
                                                        ["2026-03-10 09:00", "Older"]]
        early = rows_of(screen)
        held.set()
        assert await until(pilot, lambda: screen.summary is not None)
        assert screen.summary is not None and screen.summary.damaged == 2
        assert rows_of(screen) == early
        assert [note.message for note in app._notifications] == ["2 damaged lines skipped"]


async def test_a_last_line_without_its_newline_is_a_session(
    user_dirs: dict[str, Path], held: Held
) -> None:
    start = datetime(2026, 3, 10, 9, tzinfo=BERLIN_WINTER)
    newest = history_storage.format_record(record(start + timedelta(hours=1), routine="Last"))
    write_records(user_dirs, record(start), extra=newest.rstrip(b"\n"))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await newest_shown(pilot, 2)
        assert cells(screen.recent, 0)[:2] == ["2026-03-10 10:00", "Last"]
        held.set()
        assert await until(pilot, lambda: screen.summary is not None)
        assert screen.summary is not None and screen.summary.sessions == 2
        assert cells(screen.recent, 0)[:2] == ["2026-03-10 10:00", "Last"]


async def test_a_history_shorter_than_the_tail_shows_every_session(
    user_dirs: dict[str, Path], held: Held
) -> None:
    start = datetime(2026, 3, 8, 9, tzinfo=BERLIN_WINTER)
    write_records(user_dirs, *(record(start + timedelta(days=day), routine=f"Day {day}")
                               for day in range(3)))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await newest_shown(pilot, 3)
        assert [row[1] for row in rows_of(screen)] == ["Day 2", "Day 1", "Day 0"]
        held.set()
        assert await until(pilot, lambda: screen.summary is not None)
        assert [row[1] for row in rows_of(screen)] == ["Day 2", "Day 1", "Day 0"]


async def test_an_empty_history_shows_only_loading_then_how_to_start(
    user_dirs: dict[str, Path], held: Held
) -> None:
    write_records(user_dirs)
    app = app_on(date(2026, 3, 11))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert await until(pilot, lambda: held.started.is_set())  # the tail read is done
        await pilot.pause()
        assert screen.query(LoadingIndicator) and not screen.query("#recent")
        held.set()
        # How to start shows and the loading line goes (removed a moment after, under load).
        assert await until(pilot, lambda: bool(screen.query("#empty")) and not screen.query(LoadingIndicator))
        assert not screen.query("#recent")
