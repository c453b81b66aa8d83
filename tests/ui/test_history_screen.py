"""The History screen: opened from the browser and the palette, its tables, a session's
detail, the compact layout, the empty state and damaged lines."""

from __future__ import annotations

import io
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from histories import TODAY, open_history, write_history
from pilots import palette_offers, until
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, LoadingIndicator, Static

import stretchtui.storage.history as history_storage
from stretchtui.core.progress import HEATMAP_WEEKS, RECENT_LIMIT
from stretchtui.storage.history import format_record
from stretchtui.tui.app import StretchApp
from stretchtui.tui.keys import key_for
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.screens.history import HistoryScreen
from stretchtui.tui.screens.session_detail import NO_STRETCHES, SessionDetailScreen
from stretchtui.tui.widgets.day_strip import DayStrip
from stretchtui.tui.widgets.heatmap import GLYPHS, TODAY_MARK, HeatMapView

BERLIN_WINTER = timezone(timedelta(hours=1))


def app_on(today: date = TODAY) -> StretchApp:
    return StretchApp(today=lambda: today)


def record(started: datetime, done: float = 300.0, *, routine: str = "Desk break",
           completed: bool = True, stretches: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "routine": routine, "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=done)).isoformat(timespec="seconds"),
        "planned_s": 290, "done_s": done, "steps": 20, "skipped": 1, "completed": completed,
    }
    if stretches is not None:
        raw["stretches"] = stretches
    return {**raw, "step_starts": [0.0], "step_seen": [0.0, done]}


def write_records(user_dirs: dict[str, Path], *records: dict[str, Any], extra: bytes = b"") -> None:
    user_dirs["data"].mkdir(parents=True, exist_ok=True)
    (user_dirs["data"] / "history.jsonl").write_bytes(b"".join(map(format_record, records)) + extra)


def shown(static: Static) -> str:
    """The text of a Static as it prints (a string, or a Rich table)."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text().rstrip("\n")


def cells(table: DataTable[Any], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def columns(table: DataTable[Any]) -> list[str]:
    return [str(column.label) for column in table.ordered_columns]


def history_of(app: StretchApp) -> HistoryScreen:
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def opened(pilot: Any) -> HistoryScreen:
    """Press the browser's history key and return the History screen it opened, once it
    has read the history."""
    return await open_history(pilot)


async def test_h_opens_the_history_and_escape_goes_back(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        summary = screen.summary
        assert summary.today == TODAY and (summary.current_streak, summary.longest_streak) == (4, 7)
        figures = shown(screen.query_one("#figures", Static))
        assert "Streak" in figures and "4 days" in figures and "7 days" in figures
        assert f"{summary.completed:,}" in figures and f"{summary.stopped:,}" in figures
        recent = screen.recent
        assert app.focused is recent
        assert recent.row_count == len(summary.recent)
        newest = summary.recent[0]
        assert cells(recent, 0)[:2] == [f"{newest.started:%Y-%m-%d %H:%M}", newest.routine]
        assert screen.query_one("#heatmap").display and not screen.query_one(DayStrip).display
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_the_palette_opens_the_history(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "History" in [command.title for command in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+p", *"history")
        assert await palette_offers(pilot, "History")
        await pilot.press("enter")
        screen = history_of(app)
        assert await until(pilot, lambda: screen.summary is not None and screen.summary.sessions > 0)


async def test_startup_does_not_read_the_history_opening_does(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_history(user_dirs["data"])
    reads: list[date] = []
    load = history_storage.load_summary

    def counting(**kwargs: Any) -> Any:
        reads.append(kwargs["today"])
        return load(**kwargs)

    monkeypatch.setattr(history_storage, "load_summary", counting)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reads == []
        await pilot.press("h")
        assert await until(pilot, lambda: reads == [TODAY])


async def test_the_history_loads_in_a_worker_and_the_keys_keep_working(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow read shows a loading indicator; escape leaves before the read has ended."""
    write_history(user_dirs["data"])
    release = threading.Event()
    load = history_storage.load_summary

    def slow(**kwargs: Any) -> Any:
        release.wait(10)
        return load(**kwargs)

    monkeypatch.setattr(history_storage, "load_summary", slow)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        screen = history_of(app)
        assert await until(pilot, lambda: bool(screen.query(LoadingIndicator)))
        assert screen.summary is None
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        release.set()
        await pilot.press("h")
        again = history_of(app)
        assert await until(pilot, lambda: again.summary is not None and not again.query(LoadingIndicator))
        assert again.recent.row_count > 0


async def test_the_daily_goal_comes_from_the_config(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text("daily_goal_min = 1\n")
    start = datetime(2026, 3, 10, 9, tzinfo=BERLIN_WINTER)
    write_records(user_dirs, record(start, 70), record(start + timedelta(days=1), 70))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = (await opened(pilot)).summary
        assert summary.goal_s == 60 and summary.current_streak == 2  # 70 s a day: not 5 min


async def test_moving_in_the_list_and_opening_a_session(user_dirs: dict[str, Path]) -> None:
    start = datetime(2026, 3, 9, 8, 30, tzinfo=BERLIN_WINTER)
    held = [{"id": "childs-pose", "done_s": 61.0}, {"id": "retired-stretch", "done_s": 20.0}]
    write_records(user_dirs, record(start, 81, routine="[bold]Tea[/] break", stretches=held),
                  record(start + timedelta(hours=1), 120, completed=False))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        recent = (await opened(pilot)).recent
        assert cells(recent, 0) == ["2026-03-09 09:30", "Desk break", "2:00 of 4:50", "stopped", "1"]
        assert cells(recent, 1)[1] == "[bold]Tea[/] break"  # as typed, never markup
        assert isinstance(recent.get_row_at(1)[1], Text)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        assert shown(app.screen.query_one("#held", Static)) == NO_STRETCHES
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        title = detail.query_one("#dialog").border_title
        assert Content.from_markup(title).plain == "[bold]Tea[/] break"  # shown as typed
        figures = shown(detail.query_one("#figures", Static))
        assert "Mon 2026-03-09 08:30:00" in figures and "1:21" in figures and "completed" in figures
        held_text = shown(detail.query_one("#held", Static))
        assert "Child's Pose" in held_text and "1:01" in held_text
        assert "retired-stretch" in held_text and "0:20" in held_text
        await pilot.press("escape")
        await pilot.pause()
        assert history_of(app).recent.cursor_row == 1


async def test_the_totals_switch_between_routines_and_stretches(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        totals = screen.totals
        assert totals.border_title == "By routine"
        assert columns(totals) == ["Routine", "Sessions", "Minutes", "Last done"]
        assert {cells(totals, n)[0] for n in range(totals.row_count)} == {
            "Full back series", "Gentle floor", "Desk break"}
        await pilot.press("tab")
        assert app.focused is totals
        await pilot.press("enter")  # details belong to the recent list
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("t")
        assert totals.border_title == "By stretch" and columns(totals)[0] == "Stretch"
        names = {cells(totals, n)[0] for n in range(totals.row_count)}
        assert len(names) == 8 and "Child's Pose" in names  # names from the library, not ids
        first = screen.summary.stretches[0]
        assert cells(totals, 0)[1:] == [f"{first.sessions:,}", f"{first.minutes:,.0f}",
                                        f"{first.last:%Y-%m-%d}"]
        await pilot.press("t")
        assert totals.border_title == "By routine"


async def test_the_figures_fit_beside_the_calendar_at_80x24(user_dirs: dict[str, Path]) -> None:
    """Ten hours and more in a week (the widest figure, "12 h 30 min") is not cut."""
    monday = datetime(2026, 3, 9, 7, tzinfo=BERLIN_WINTER)
    write_records(user_dirs, *(record(monday + timedelta(hours=n), done=3000.0) for n in range(15)))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        figures = screen.query_one("#figures", Static)
        lines = [figures.render_line(y).text.rstrip() for y in range(figures.size.height)]
        assert "This week   12 h 30 min" in lines and figures.region.right <= 80


async def test_resizing_switches_between_the_full_and_compact_views(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("down", "down")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert await until(pilot, lambda: columns(screen.recent) == ["Started", "Routine", "Done"])
        assert not screen.query_one("#top").display and not screen.totals.display
        strip = screen.query_one(DayStrip)
        assert strip.display and len(strip.days) == 14 and strip.days[-1].date == TODAY
        assert shown(screen.query_one("#streak-line", Static)) == "Streak 4 days, longest 7 days"
        assert columns(screen.recent) == ["Started", "Routine", "Done"]
        assert screen.recent.cursor_row == 2
        assert "t" not in screen.active_bindings  # no totals to switch
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert await until(pilot, lambda: len(columns(screen.recent)) == 5)
        assert screen.query_one("#top").display and screen.totals.display
        assert not strip.display
        assert columns(screen.recent) == ["Started", "Routine", "Done", "Result", "Skipped"]
        assert "t" in screen.active_bindings


async def test_an_empty_history_says_how_to_start(user_dirs: dict[str, Path]) -> None:
    app = app_on()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await opened(pilot)
        text = shown(screen.query_one("#empty", Static))
        back, start = key_for(screen, "back"), key_for(app.screen_stack[-2], "start")
        assert text.startswith(f"No sessions yet.\n\n{back} goes back to the list")
        assert f"press {start} to do your first one" in text and 'stretchtui run "Desk break"' in text
        assert not screen.query(DataTable) and not screen.query(HeatMapView)
        assert set(screen.active_bindings) >= {"escape"} and "t" not in screen.active_bindings
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_each_open_reads_the_history_again(user_dirs: dict[str, Path]) -> None:
    """A session recorded since the last open is there, an empty history turns into the full
    view, and a new open starts at the newest session with totals by routine."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        first = await opened(pilot)
        assert first.summary is not None and first.summary.empty
        await pilot.press("escape")
        write_history(user_dirs["data"])
        again = await opened(pilot)
        assert not again.query("#empty")
        assert app.focused is again.recent and again.recent.row_count == len(again.summary.recent)
        await pilot.press("down", "down", "t")
        assert again.recent.cursor_row == 2 and again.totals.border_title == "By stretch"
        await pilot.press("escape")
        newest = record(datetime(2026, 3, 11, 18, 30, tzinfo=BERLIN_WINTER), routine="Just now")
        with (user_dirs["data"] / "history.jsonl").open("ab") as history:
            history.write(format_record(newest))
        third = await opened(pilot)
        assert third.summary.sessions == again.summary.sessions + 1
        assert cells(third.recent, 0)[:2] == ["2026-03-11 18:30", "Just now"]
        assert third.recent.cursor_row == 0 and third.totals.border_title == "By routine"


async def test_closing_a_detail_keeps_the_highlighted_session(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, SessionDetailScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.recent.cursor_row == 3 and app.focused is screen.recent


async def test_damaged_lines_are_counted_once(user_dirs: dict[str, Path]) -> None:
    start = datetime(2026, 3, 10, 9, tzinfo=BERLIN_WINTER)
    write_records(user_dirs, record(start), extra=b'{"routine": "torn\ngarbage\n')
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        notes = [n.message for n in app._notifications]
        assert notes == ["2 damaged lines skipped"]
        assert screen.recent.row_count == 1


async def test_help_lists_the_keys_of_the_history(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen._title == "History"
        keys = dict(app.screen._sections[0][1])
        assert set(keys) == {"esc", "⏎", "t", "?", "^q"}
        await pilot.press("escape")
        palette = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Back", "Details", "Routine/stretch", "Help"} <= palette


async def test_the_shades_follow_the_theme(user_dirs: dict[str, Path]) -> None:
    write_history(user_dirs["data"])
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        heatmap = (await opened(pilot)).query_one("#heatmap", HeatMapView)
        dark = [heatmap.style_of(f"level-{level}").color for level in range(5)]
        assert len(set(dark)) == 5  # five shades, none the same
        app.theme = "textual-light"
        await pilot.pause()
        light = [heatmap.style_of(f"level-{level}").color for level in range(5)]
        assert len(set(light)) == 5 and light != dark


async def test_the_heat_map_marks_levels_today_and_the_days_to_come(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    start = datetime(2026, 3, 9, 9, tzinfo=BERLIN_WINTER)  # Monday of TODAY's week
    write_records(user_dirs, record(start, 600), record(start + timedelta(days=1), 60))
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        heatmap = (await opened(pilot)).query_one("#heatmap", HeatMapView)
        lines = [heatmap.render_line(y).text for y in range(9)]
        assert lines[0].rstrip().endswith("Mar")  # month labels on top
        assert [line[0] for line in lines[1:8]] == list("MTWTFSS")
        width = 2 + 2 * HEATMAP_WEEKS
        last = [line[width - 2:width] for line in lines[1:8]]  # this week's column
        # Monday 10 min (twice the goal), Tuesday 1 min, Wednesday (today) nothing yet.
        assert last[:3] == [GLYPHS[4] + " ", GLYPHS[1] + " ", GLYPHS[0] + TODAY_MARK]
        assert last[3:] == ["  "] * 4  # Thursday to Sunday are still to come
        assert lines[8].startswith("less " + " ".join(GLYPHS) + " more")


async def test_a_long_history_shows_every_figure_and_the_newest_sessions(user_dirs: dict[str, Path]) -> None:
    """9,000 sessions (three a day for 3,000 days, every tenth stopped): the figures sum them
    all, the recent list starts at the newest, the totals count every session."""
    days = 3_000
    first = datetime(TODAY.year, TODAY.month, TODAY.day, 8, tzinfo=BERLIN_WINTER) - timedelta(days=days - 1)
    held = [{"id": "cat-cow", "done_s": 60.0}, {"id": "childs-pose", "done_s": 60.0}]
    write_records(user_dirs, *(
        record(first + timedelta(days=n // 3, hours=n % 3), 120.0, routine=("Desk break", "Morning")[n % 2],
               completed=n % 10 != 9, stretches=held)
        for n in range(3 * days)))
    async with app_on().run_test(size=(120, 50)) as pilot:
        screen = await opened(pilot)
        figures = shown(screen.query_one("#figures", Static))
        for figure in ("Sessions    9,000", "Completed   8,100", "Stopped     900",
                       "Streak      3,000 days", "Longest     3,000 days"):
            assert figure in figures, figures
        recent = screen.recent
        newest = (first + timedelta(days=days - 1, hours=2)).strftime("%Y-%m-%d %H:%M")
        assert cells(recent, 0)[:3] == [newest, "Morning", "2:00 of 4:50"]
        assert recent.row_count == RECENT_LIMIT  # the newest only: a list, not the whole history
        assert [cells(screen.totals, row)[:3] for row in range(2)] == [
            ["Morning", "4,500", "9,000"], ["Desk break", "4,500", "9,000"]]
        await pilot.press("t")
        await until(pilot, lambda: screen.totals.border_title == "By stretch")
        assert [cells(screen.totals, row)[1:3] for row in range(2)] == [["9,000", "9,000"]] * 2
