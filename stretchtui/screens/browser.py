"""The main screen: browse routines and stretches, read how to do each one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Input, Tree

from stretchtui.model import Routine, Stretch, single_stretch_routine
from stretchtui.widgets.library_tree import Entry, LibraryTree
from stretchtui.widgets.routine_detail import RoutineDetail
from stretchtui.widgets.stretch_detail import StretchDetail


class BrowserScreen(Screen[None]):
    """Sidebar tree on the left (on top when narrow), details of the highlighted entry."""

    CSS_PATH = "browser.tcss"
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("s", "start", "Start"),
        Binding("b", "build", "Builder"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        library = self.app.library  # type: ignore[attr-defined]
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="/ to filter", id="filter", compact=True)
                yield LibraryTree(library.values(), self.app.routines, id="tree")  # type: ignore[attr-defined]
            with ContentSwitcher(id="detail", initial="stretch-detail"):
                yield StretchDetail(id="stretch-detail")
                yield RoutineDetail(library, id="routine-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.tree.focus()
        self._show(self.tree.highlighted)

    @property
    def tree(self) -> LibraryTree:
        return self.query_one(LibraryTree)

    @property
    def highlighted(self) -> Entry:
        return self.tree.highlighted

    def refresh_library(self) -> None:
        """Reload the tree after routines were saved or deleted elsewhere."""
        self.tree.set_content(self.app.library.values(), self.app.routines)  # type: ignore[attr-defined]
        self._show(self.tree.highlighted)

    def show_entry(self, entry: Stretch | Routine) -> None:
        if self.tree.select_entry(entry):
            self.query_one("#filter", Input).value = self.tree.query
            self.tree.focus()

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        self._show(event.node.data)

    def _show(self, entry: Entry) -> None:
        switcher = self.query_one(ContentSwitcher)
        if isinstance(entry, Routine):
            self.query_one(RoutineDetail).routine = entry
            switcher.current = "routine-detail"
        elif isinstance(entry, Stretch) or entry is None:
            if entry is None and self.tree.cursor_node is not None:
                return  # a group heading: keep showing the last entry
            self.query_one(StretchDetail).stretch = entry
            switcher.current = "stretch-detail"

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.tree.query = event.value
        self._show(self.tree.highlighted)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.tree.focus()

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
            self.app.start_session(entry)  # type: ignore[attr-defined]

    def action_build(self) -> None:
        """Open the builder on the highlighted routine, or on a new one."""
        entry = self.highlighted
        self.app.open_builder(entry if isinstance(entry, Routine) else None)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.tree.focus()
