"""The main screen: browse routines and stretches, read how to do each one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Tree

from stretchtui.core.model import Routine, Stretch, single_stretch_routine
from stretchtui.storage.catalog import Catalog
from stretchtui.tui.keys import help_and_quit, key_for
from stretchtui.tui.messages import OpenBuilder, OpenHistory, StartSession
from stretchtui.tui.widgets.key_footer import KeyFooter
from stretchtui.tui.widgets.library_panel import LibraryPanel
from stretchtui.tui.widgets.library_tree import Entry, LibraryTree
from stretchtui.tui.widgets.routine_detail import RoutineDetail
from stretchtui.tui.widgets.stretch_detail import StretchDetail


class BrowserScreen(Screen[None]):
    """Sidebar tree on the left (on top when narrow), details of the highlighted entry."""

    # Its styles are here, not in a CSS_PATH: Textual reads no CSS_PATH of the App's first screen.
    DEFAULT_CSS = """
    BrowserScreen {
        #main {
            height: 1fr;
        }
        #sidebar {
            width: 34;
            max-width: 45%;
            border-right: vkey $foreground 20%;
        }
        #detail {
            width: 1fr;
            height: 1fr;
        }
    }

    /* Narrow panes: stack the sidebar above the details. */
    BrowserScreen.-narrow {
        #main {
            layout: vertical;
        }
        #sidebar {
            width: 1fr;
            max-width: 100%;
            height: 50%;
            border-right: none;
            border-bottom: hkey $foreground 20%;
        }
    }

    BrowserScreen.-short Header {
        display: none;
    }
    """
    BINDINGS = [
        *help_and_quit(),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Filter by name, cue or area"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("s", "start", "Start",
                tooltip="Start the highlighted routine (on a stretch: just that stretch)"),
        Binding("b", "build", "Builder",
                tooltip="Open the builder on the highlighted routine (on a stretch: a new routine with it; "
                        "on a heading: a new, empty routine)"),
        Binding("h", "history", "History", tooltip="Your streaks, a calendar and past sessions"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield LibraryPanel(self.catalog.library.values(), self.catalog.routines,
                               placeholder=f"{key_for(self, 'filter')} to filter",
                               no_matches=f"No matches: {key_for(self, 'clear_filter')} clears the filter.",
                               id="sidebar")
            # The pane of the entry highlighted first (the first routine, if any), so the
            # first frame lays out only the pane it shows.
            first = "routine-detail" if self.catalog.routines else "stretch-detail"
            with ContentSwitcher(id="detail", initial=first):
                yield StretchDetail(clear_key=key_for(self, "clear_filter"), id="stretch-detail")
                yield RoutineDetail(self.catalog.library, copy_key=key_for(self, "build"),
                                    id="routine-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.library_tree.focus()
        self._show(self.library_tree.highlighted)

    @property
    def panel(self) -> LibraryPanel:
        return self.query_one(LibraryPanel)

    @property
    def library_tree(self) -> LibraryTree:
        return self.panel.library_tree

    @property
    def highlighted(self) -> Entry:
        return self.library_tree.highlighted

    def refresh_library(self) -> None:
        """Reload the tree after routines were saved or deleted elsewhere."""
        self.library_tree.set_content(self.catalog.library.values(), self.catalog.routines)
        self._show(self.library_tree.highlighted)
        self.refresh_bindings()

    def show_entry(self, entry: Stretch | Routine) -> None:
        self.panel.show(entry)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        self._show(event.node.data)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Start is dimmed while nothing is listed (a filter that matches nothing); on a
        heading it says what it needs. It depends on the list, not on the highlight: the
        bindings are refreshed when the list changes, never per arrow key (the footer
        would rebuild its keys on each)."""
        if action == "start":
            return True if self.library_tree.has_entries else None
        return True

    def _show(self, entry: Entry) -> None:
        switcher = self.query_one(ContentSwitcher)
        if isinstance(entry, Routine):
            self.query_one(RoutineDetail).routine = entry
            switcher.current = "routine-detail"
        elif isinstance(entry, Stretch) or entry is None:
            if entry is None and self.library_tree.cursor_node is not None:
                return  # a group heading: keep showing the last entry
            self.query_one(StretchDetail).stretch = entry
            switcher.current = "stretch-detail"

    @on(LibraryPanel.Filtered)
    def _filtered(self) -> None:
        self._show(self.library_tree.highlighted)
        self.refresh_bindings()

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Entry]) -> None:
        if isinstance(event.node.data, Routine):
            self.action_start()

    def action_start(self) -> None:
        """Start the highlighted routine, or a one-stretch session of the highlighted stretch."""
        entry = self.highlighted
        if isinstance(entry, Stretch):
            entry = single_stretch_routine(entry)
        if isinstance(entry, Routine):
            self.post_message(StartSession(entry))
        else:  # a heading: the pane still shows the last entry, which is not what s means
            self.notify("Pick a routine or a stretch to start: the cursor is on a heading.",
                        severity="warning", timeout=4, markup=False)

    def action_build(self) -> None:
        """Open the builder on the highlighted routine, or on a new one."""
        entry = self.highlighted
        if isinstance(entry, Routine):
            self.post_message(OpenBuilder(entry))
        elif isinstance(entry, Stretch):  # a new routine, starting with it
            self.post_message(OpenBuilder(first=entry))
        else:  # a heading: a new, empty routine, said plainly (the pane shows the last entry)
            self.notify("A new, empty routine: the cursor was on a heading, not on a routine.",
                        title="New routine", timeout=5, markup=False)
            self.post_message(OpenBuilder())

    def action_history(self) -> None:
        self.post_message(OpenHistory())

    def action_filter(self) -> None:
        self.panel.focus_filter()

    def action_clear_filter(self) -> None:
        self.panel.clear_filter()
