"""The library with its filter box: the browser's sidebar and the builder's library."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from stretchtui.core.model import Routine, Stretch
from stretchtui.tui.keys import focus_now
from stretchtui.tui.widgets.library_tree import Entry, LibraryTree
from stretchtui.tui.widgets.text_field import TextField


class LibraryPanel(Vertical):
    """A filter Input above a LibraryTree. Typing narrows the tree; enter goes to it.

    Tree's own NodeHighlighted / NodeSelected messages bubble up as they are; the panel
    adds `Filtered` so the screen can show what is highlighted after the list changed.
    """

    DEFAULT_CSS = """
    LibraryPanel {
        height: 1fr;

        #filter {
            margin: 0;
            background: $boost;
        }
        #no-matches {
            padding: 0 1;
            color: $text-warning;
        }
    }
    """

    class Filtered(Message):
        """The filter text changed and the tree was rebuilt for it."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(
        self,
        stretches: Iterable[Stretch],
        routines: Iterable[Routine] = (),
        *,
        show_routines: bool = True,
        placeholder: str = "",
        no_matches: str = "No matches.",
        tree_id: str = "tree",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._tree = LibraryTree(stretches, routines, show_routines=show_routines, id=tree_id)
        self._placeholder = placeholder
        self._no_matches = no_matches

    def compose(self) -> ComposeResult:
        yield TextField(placeholder=self._placeholder, id="filter", compact=True)
        yield Static(self._no_matches, id="no-matches", markup=False)
        yield self._tree

    def on_mount(self) -> None:
        self.query_one("#no-matches").display = False

    @property
    def library_tree(self) -> LibraryTree:
        return self._tree

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    @property
    def highlighted(self) -> Entry:
        return self._tree.highlighted

    def focus_filter(self) -> None:
        focus_now(self.filter_input)

    def clear_filter(self) -> None:
        """Empty the filter and go back to the list."""
        self.filter_input.value = ""
        focus_now(self._tree)

    def show(self, entry: Stretch | Routine) -> bool:
        """Highlight `entry` (clearing a filter that hides it); False if it is not listed."""
        if not self._tree.select_entry(entry):
            return False
        with self.filter_input.prevent(Input.Changed):
            self.filter_input.value = self._tree.filter_text
        focus_now(self._tree)
        return True

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._tree.filter_text = event.value
        self.query_one("#no-matches").display = not self._tree.has_entries
        self.post_message(self.Filtered(event.value))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        focus_now(self._tree)
