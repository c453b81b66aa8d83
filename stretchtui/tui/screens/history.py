"""Progress at a glance: streaks, the weeks, a calendar, recent sessions and totals.

The history is read when this screen opens (never at start) through the Catalog, with the
daily goal from config.toml and "today" from the App's wall clock, in a worker, in two steps:
the newest sessions from the end of the file first (a few kB, shown at once), then the whole
history for the figures, with a loading indicator in their place meanwhile. The keys keep
working throughout; leaving cancels the worker. Below 60 columns or 16
rows a compact view keeps the streaks, the last 14 days as one line and the recent list.
"""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, LoadingIndicator, Sparkline, Static

from stretchtui.core.model import counted, format_duration
from stretchtui.core.progress import RECENT_LIMIT, Summary, Total, format_minutes
from stretchtui.core.records import Record
from stretchtui.storage.catalog import Catalog
from stretchtui.tui import screens
from stretchtui.tui.keys import help_and_quit, key_for
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.widgets.day_strip import DayStrip
from stretchtui.tui.widgets.heatmap import HeatMapView
from stretchtui.tui.widgets.key_footer import KeyFooter

BY = {False: "By routine", True: "By stretch"}
"""The totals table's title, by whether it shows stretches."""


def figures(summary: Summary) -> Table:
    """The figures beside the calendar: streaks, the weeks, sessions, the goal."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_row("Streak", counted(summary.current_streak, "day"))
    table.add_row("Longest", counted(summary.longest_streak, "day"))
    table.add_row("This week", format_minutes(summary.this_week_s))
    table.add_row("Last week", format_minutes(summary.last_week_s))
    table.add_row("Sessions", f"{summary.sessions:,}")
    table.add_row("Completed", f"{summary.completed:,}")
    table.add_row("Stopped", f"{summary.stopped:,}")
    table.add_row("Daily goal", format_minutes(summary.goal_s))
    return table


def streak_line(summary: Summary) -> str:
    return (f"Streak {counted(summary.current_streak, 'day')}, "
            f"longest {counted(summary.longest_streak, 'day')}")


def _right(value: str) -> Text:
    return Text(value, justify="right")


RECENT_COLUMNS = ("Started", "Routine", _right("Done"), "Result", _right("Skipped"))
COMPACT_COLUMNS = ("Started", "Routine", _right("Done"))


def recent_row(record: Record, compact: bool = False) -> tuple[Text, ...]:
    """A recent session: when, routine (as typed), time done of planned, how it ended,
    steps skipped; compact: when (without the year), routine, time done."""
    if compact:
        return (Text(f"{record.started:%m-%d %H:%M}"), Text(record.routine),
                _right(format_duration(record.done_s)))
    return (Text(f"{record.started:%Y-%m-%d %H:%M}"), Text(record.routine),
            _right(f"{format_duration(record.done_s)} of {format_duration(record.planned_s)}"),
            Text("completed" if record.completed else "stopped"), _right(str(record.skipped)))


class HistoryScreen(Screen[None]):
    """Full screen; escape goes back to where it was opened."""

    CSS_PATH = "history.tcss"
    HELP_TITLE = "History"
    BINDINGS = [
        *help_and_quit(),
        Binding("escape", "back", "Back"),
        Binding("enter", "details", "Details", priority=True,
                tooltip="Show the highlighted session: its times and each stretch held"),
        Binding("t", "switch_totals", "Routine/stretch",
                tooltip="Switch the totals between routines and stretches"),
    ]

    def __init__(self, catalog: Catalog, today: date) -> None:
        super().__init__()
        self.catalog = catalog
        self.library = catalog.library
        self.today = today
        self.summary: Summary | None = None
        """The history's summary, once the whole history is read (`load`)."""
        self.sessions: tuple[Record, ...] = ()
        """The sessions the recent list shows, newest first: from the end of the file
        until the whole history is read, then the summary's."""
        self.by_stretch = False
        self._compact_rows: bool | None = None
        """Whether the recent list holds its compact columns (None: not filled yet)."""

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="loading")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="history")
    async def load(self) -> None:
        """Show the newest sessions, read from the end of the history, then read and sum the
        whole history and show the rest around them; both reads in a thread."""
        recent = await asyncio.to_thread(self.catalog.recent_sessions, RECENT_LIMIT)
        if recent:
            await self.mount(self._recent_table(), after="#loading")
            self._show_sessions(tuple(recent))
            self.recent.focus()
            self.refresh_bindings()
            painted = asyncio.Event()  # the newest sessions are drawn before the long read
            self.call_after_refresh(painted.set)
            await painted.wait()
        summary, problems = await asyncio.to_thread(self.catalog.history, self.today)
        await self._show_summary(summary)
        for problem in problems:
            self.notify(str(problem), severity="warning", markup=False, timeout=10)
        if summary.damaged:
            self.notify(f"{counted(summary.damaged, 'damaged line')} skipped", severity="warning",
                        markup=False)
        self.refresh_bindings()

    async def _show_summary(self, summary: Summary) -> None:
        """Put the figures and totals of `summary` around the recent list (or say how to
        start, when it is empty) in place of the loading indicator."""
        loading = self.query_one("#loading")
        if summary.empty:
            await self.query("#recent").remove()
            await self.mount(self._how_to_start(), before=loading)
        else:
            if not self.query("#recent"):
                await self.mount(self._recent_table(), after=loading)
            await self.mount_all(self._figures(summary), before=loading)
            await self.mount(DataTable(id="totals", cursor_type="row", zebra_stripes=True),
                             after="#recent")
        await loading.remove()
        self.summary = summary
        if not summary.empty:
            self._show_sessions(summary.recent)
            self.show_totals()
            if self.focused is None:
                self.recent.focus()

    def _recent_table(self) -> DataTable[Text]:
        table: DataTable[Text] = DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        table.border_title = "Recent sessions"
        return table

    def _show_sessions(self, sessions: tuple[Record, ...]) -> None:
        """Show `sessions` in the recent list, unless it shows them already."""
        if sessions != self.sessions:
            self.sessions = sessions
            self._compact_rows = None
            self.fill_recent()

    def _how_to_start(self) -> Static:
        back, start = key_for(self, "back"), key_for(self, "start", BrowserScreen)
        return Static(f"No sessions yet.\n\n{back} goes back to the list: pick a routine there "
                      f"and press {start} to do your first one. Or, in a shell:\n\n"
                      '    stretchtui run "Desk break"\n\n'
                      "Your streaks and a calendar of your stretching will show here.",
                      id="empty", markup=False)

    def _figures(self, summary: Summary) -> list[Widget]:
        """The widgets above the recent list that show `summary`."""
        return [
            Horizontal(HeatMapView(summary.heatmap, id="heatmap"),
                       Static(figures(summary), id="figures", markup=False), id="top"),
            *self._pain(summary),
            Static(streak_line(summary), id="streak-line", markup=False),
            DayStrip(summary.last_days(), id="strip"),
        ]

    def _pain(self, summary: Summary) -> list[Widget]:
        """The check-in's trend, when anything was rated lately: the weekly averages as a
        sparkline with the trend in words; in a small pane, the latest week's averages."""
        trend = summary.pain
        latest = None if trend is None else trend.latest_words()
        if trend is None or latest is None:
            return []
        label, values = trend.series()
        spark = Sparkline(values, summary_function=max, id="pain-spark")
        spark.tooltip = f"Weekly average pain {label}, 0-10, oldest first"
        words = trend.words or "Rate a few more weeks to see a trend."
        return [Vertical(Horizontal(spark, Static(latest, id="pain-latest", markup=False), id="pain-top"),
                         Static(words, id="pain-words", markup=False), id="pain"),
                Static(latest, id="pain-line", markup=False)]

    @property
    def recent(self) -> DataTable[Text]:
        return self.query_one("#recent", DataTable)

    @property
    def totals(self) -> DataTable[Text]:
        return self.query_one("#totals", DataTable)

    @property
    def compact(self) -> bool:
        return self.has_class("-narrow") or self.has_class("-short")

    def fill_recent(self) -> bool:
        """Fill the recent list with the columns of the current layout; False if it
        already has them."""
        compact = self.compact
        if not self.sessions or compact == self._compact_rows:
            return False
        self._compact_rows = compact
        table = self.recent
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*(COMPACT_COLUMNS if compact else RECENT_COLUMNS))
        table.add_rows(recent_row(record, compact) for record in self.sessions)
        table.move_cursor(row=row)
        return True

    def show_totals(self) -> None:
        """Fill the totals table by routine or by stretch (stretch names from the library)."""
        if self.summary is None:
            return
        table = self.totals
        table.clear(columns=True)
        table.border_title = BY[self.by_stretch]
        rows: tuple[Total, ...] = self.summary.stretches if self.by_stretch else self.summary.routines
        table.add_columns("Stretch" if self.by_stretch else "Routine", _right("Sessions"),
                          _right("Minutes"), "Last done")
        for total in rows:
            name = total.name
            if self.by_stretch and name in self.library:
                name = self.library[name].name
            table.add_row(Text(name), _right(f"{total.sessions:,}"), _right(f"{total.minutes:,.0f}"),
                          Text(f"{total.last:%Y-%m-%d}"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Details only on the recent list; the totals switch only where the totals show."""
        if action == "details":
            return getattr(self.focused, "id", None) == "recent"
        if action == "switch_totals":
            return self.summary is not None and not self.summary.empty and not self.compact
        return True

    def on_resize(self) -> None:
        self.call_after_refresh(self._layout_changed)  # Screen sets the layout classes after this

    def _layout_changed(self) -> None:
        """The recent list's columns and the footer's keys follow the layout."""
        if self.fill_recent():
            self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_details(self) -> None:
        if not self.sessions:
            return
        row = self.recent.cursor_row
        if 0 <= row < len(self.sessions):
            make = partial(screens.session_detail_screen, self.sessions[row], self.library)
            screens.show(self.app, "session_detail", make)

    def action_switch_totals(self) -> None:
        self.by_stretch = not self.by_stretch
        self.show_totals()

    @on(DataTable.RowSelected, "#recent")
    def _selected(self) -> None:
        """A click on a row (enter is the Details binding)."""
        self.action_details()
