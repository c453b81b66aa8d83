"""The sidebar: routines, then stretches grouped by body area, narrowed by a filter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from stretchtui.core.model import Routine, Stretch, group_by_area, matches

Entry = Stretch | Routine | None
MAX_PER_GROUP = 200
"""Leaves shown per group: a huge library stays quick to filter; typing narrows the rest."""


class LibraryTree(Tree[Entry]):
    """A tree of routines and stretches; each stretch appears under each of its areas.

    The node data is the Stretch or Routine itself, so screens react to Tree's own
    NodeHighlighted / NodeSelected messages without knowing how the tree is laid out.
    """

    DEFAULT_CSS = """
    LibraryTree {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    filter_text: reactive[str] = reactive("", init=False)
    """The filter text; every word must match the name, a cue or an area."""
    _rebuilding = False

    def __init__(
        self,
        stretches: Iterable[Stretch] = (),
        routines: Iterable[Routine] = (),
        *,
        show_routines: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__("Library", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._stretches: Sequence[Stretch] = list(stretches)
        self._routines: Sequence[Routine] = list(routines)
        self._show_routines = show_routines

    def on_mount(self) -> None:
        self.rebuild()

    def set_content(self, stretches: Iterable[Stretch], routines: Iterable[Routine] = ()) -> None:
        self._stretches = list(stretches)
        self._routines = list(routines)
        self.rebuild()

    def watch_filter_text(self) -> None:
        self.rebuild()

    @property
    def has_entries(self) -> bool:
        """Whether anything is listed (a filter can leave nothing)."""
        return any(True for _ in self._leaves())

    @property
    def highlighted(self) -> Entry:
        node = self.cursor_node
        return node.data if node is not None else None

    async def on_click(self, event: events.Click) -> None:
        """One click highlights an entry (its details show); only a double click selects it,
        as `enter` does. Tree selects on every click, and selecting a routine starts it:
        the mouse never starts what the user did not ask for. A heading still folds on a click."""
        line = event.style.meta.get("line")
        if line is None:
            return
        event.prevent_default()
        node = self.get_node_at_line(line)
        if node is None:
            return
        if node.allow_expand and event.style.meta.get("toggle", False):
            node.toggle()
            return
        self.cursor_line = line
        if node.allow_expand or event.chain >= 2:
            await self.run_action("select_cursor")

    def process_label(self, label: str | Text) -> Text:
        """A label as it is when it is one line already (Tree would copy it to cut it at
        its first line break; names hold none): a big library builds much faster."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[Entry]) -> int:
        """The width render_label gives, without rendering: Tree measures every line to
        size itself, again after each change (Tree's documented place to do it faster)."""
        label = node.label
        width = label.cell_len if isinstance(label, Text) else cell_len(label)
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return width

    def _invalidate(self) -> None:
        """Tree invalidates its caches and schedules a layout for every node added: a
        rebuild does that once, when all are in (a 1,000-stretch library has 1,100 nodes)."""
        if not self._rebuilding:
            super()._invalidate()

    def rebuild(self) -> None:
        """Fill the tree for the current query, keeping the cursor on the same entry."""
        keep = self.highlighted
        self.clear()
        self._rebuilding = True
        try:
            self._fill(self.filter_text.strip())
        finally:
            self._rebuilding = False
        self._invalidate()
        self._restore_cursor(keep)

    def _fill(self, query: str) -> None:
        """The groups and their leaves for `query` (every word must match)."""
        if self._show_routines:
            routines = [r for r in self._routines if _routine_matches(r, query)]
            if routines:
                group = self.root.add(_group_label("Routines", len(routines)), expand=True)
                for routine in routines[:MAX_PER_GROUP]:
                    group.add_leaf(Text(routine.name), data=routine)
                _add_more(group, len(routines))
        stretches = [s for s in self._stretches if matches(s, query)] if query else self._stretches
        for area, members in group_by_area(stretches).items():
            group = self.root.add(_group_label(area.capitalize(), len(members)), expand=True)
            for stretch in members[:MAX_PER_GROUP]:
                label = Text(stretch.name)
                if stretch.level == "advanced":
                    label.append(" (advanced)", style="dim")
                group.add_leaf(label, data=stretch)
            _add_more(group, len(members))

    def _restore_cursor(self, keep: Entry) -> None:
        _ = self.last_line  # lay the lines out so node.line is known
        leaves = list(self._leaves())
        target = next((node for node in leaves if keep is not None and node.data == keep), None)
        if target is not None:
            self.move_cursor(target)
            return
        # A new list shows from its top with the first entry highlighted. Not move_cursor:
        # before the first layout it would scroll that entry to the top (and hide its
        # group's heading) and the app would draw every frame twice to scroll back.
        self.cursor_line = leaves[0].line if leaves else -1
        self.scroll_home(animate=False, immediate=True)

    def _leaves(self) -> Iterable[TreeNode[Entry]]:
        for group in self.root.children:
            yield from group.children

    def select_entry(self, entry: Stretch | Routine) -> bool:
        """Move the cursor to an entry (clearing a filter that hides it)."""
        node = next((n for n in self._leaves() if n.data == entry), None)
        if node is None and self.filter_text:
            self.filter_text = ""
            node = next((n for n in self._leaves() if n.data == entry), None)
        if node is None:
            return False
        self.move_cursor(node)
        return True


def _add_more(group: TreeNode[Entry], count: int) -> None:
    """Say how many entries were left out of a long group."""
    if count > MAX_PER_GROUP:
        more = count - MAX_PER_GROUP
        group.add_leaf(Text(f"… {more:,} more: type to narrow", style="dim italic"))


def _group_label(title: str, count: int) -> Text:
    return Text.assemble((title, "bold"), (f" {count}", "dim"))


def _routine_matches(routine: Routine, query: str) -> bool:
    text = f"{routine.name} {routine.description}".lower()
    return all(word in text for word in query.lower().split())
