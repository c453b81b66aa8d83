"""Baseline: the browser's widgets and CSS features with no stretchtui code, so startup and
memory can be split into Textual's share and ours.

Kept in step with screens/browser.py and its widgets (an arrow key fills the detail pane
from the highlighted entry, as the browser's does): a default Screen of its own with a
Header, a sidebar Vertical holding a compact filter Input, a hidden "no matches" Static and
a Tree (labels built from styled Text, j/k bindings, the same number of nodes as the
built-in library: 6 groups, 16 leaves), a ContentSwitcher of two focusable VerticalScrolls
(a stretch's 7 Statics, 4 with border titles; a routine's 3, shown first as in the app;
each with a "more below" line docked at its foot), a Footer with the same bindings, the
same breakpoints, and CSS using the same features (nesting, breakpoint classes, theme
variables, borders with titles, docking). Its CSS is inline; the app has the same amount in
app.tcss and the DEFAULT_CSS of the browser screen and its widgets.
"""

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Input, Static, Tree

CSS = """
Screen { background: $background; }
ModalScreen { background: $background 60%; }
Footer.-compact FooterKey.-command-palette { margin-right: 0; }
Browser {
    #main { height: 1fr; }
    #sidebar { width: 34; max-width: 45%; border-right: vkey $foreground 20%; }
    #detail { width: 1fr; height: 1fr; }
}
Browser.-narrow {
    #main { layout: vertical; }
    #sidebar {
        width: 1fr; max-width: 100%; height: 50%;
        border-right: none; border-bottom: hkey $foreground 20%;
    }
}
Browser.-short Header { display: none; }
#sidebar {
    height: 1fr;
    #filter { margin: 0; background: $boost; }
    #no-matches { padding: 0 1; color: $text-warning; display: none; }
}
Tree { height: 1fr; background: $surface; scrollbar-size-vertical: 1; overflow-x: hidden; }
#stretch, #routine {
    padding: 0 1;
    height: 1fr;
    scrollbar-size-vertical: 1;
    .title { text-style: bold; color: $text-primary; }
    .meta { color: $text-muted; margin-bottom: 1; }
    .caution { color: $text-warning; background: $warning-muted; padding: 0 1; margin-bottom: 1; }
    .box { border: round $secondary; border-title-color: $text-secondary; padding: 0 1; }
    .more { dock: bottom; height: 1; color: $text-accent; background: $surface; text-style: italic; }
    .feel { border: round $success; border-title-color: $text-success; }
}
"""
GROUPS = {"Routines": 3, "Upper back": 1, "Mid back": 3, "Low back": 2, "Sides": 3, "Whole back": 4}
"""The built-in library's tree: 6 groups, 16 leaves."""
LINE = "Detail line of a stretch, long enough to wrap in a detail pane of an 80-column terminal."


class LibraryTree(Tree[None]):
    BINDINGS = [Binding("j", "cursor_down", "Down", show=False),
                Binding("k", "cursor_up", "Up", show=False)]


class Browser(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("s", "start", "Start"),
        Binding("b", "build", "Builder"),
        Binding("h", "history", "History"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="/ to filter", id="filter", compact=True)
                yield Static("No matches: esc clears the filter.", id="no-matches", markup=False)
                tree = LibraryTree("Library", id="tree")
                tree.show_root = False
                tree.guide_depth = 2
                for group, leaves in GROUPS.items():
                    node = tree.root.add(Text.assemble((group, "bold"), (f" {leaves}", "dim")),
                                         expand=True)
                    for n in range(leaves):
                        first = group == "Routines" and n == 0
                        node.add_leaf(Text("baseline-ready" if first else f"{group} entry {n}"))
                yield tree
            with ContentSwitcher(id="detail", initial="routine"):
                with VerticalScroll(id="stretch"):
                    yield Static("A stretch", classes="title", markup=False)
                    yield Static("mid back · beginner · hold 30 s", classes="meta", markup=False)
                    yield Static("Careful", classes="caution", markup=False)
                    for name, title in (("feel", "Feel it in"), ("box", "How to"),
                                        ("box", "Positions"), ("box", "Progressions")):
                        box = Static(LINE, classes=f"box {name}", markup=False)
                        box.border_title = title
                        yield box
                    yield Static(classes="more", markup=False)
                with VerticalScroll(id="routine"):
                    yield Static("A routine", classes="title", markup=False)
                    yield Static("All eight stretches in order, from the floor to standing and "
                                 "back down.\n12:50 · 27 holds · built-in (b makes your copy)",
                                 classes="meta", markup=False)
                    lines = (f"{n}. Stretch number {n} — 30 s × 2" + ", each side" * (n % 3 == 1)
                             for n in range(1, 9))
                    items = Static("\n".join(lines), classes="box", markup=False)
                    items.border_title = "Stretches"
                    yield items
                    yield Static(classes="more", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[None]) -> None:
        """Fill the detail pane from the highlighted entry, as the browser does: a routine
        in one pane, a stretch in the other, their texts replaced."""
        label = str(event.node.label)
        parent = event.node.parent
        routine = parent is not None and str(parent.label).startswith("Routines")
        pane = self.query_one("#routine" if routine else "#stretch", VerticalScroll)
        self.query_one(ContentSwitcher).current = pane.id
        title, meta, *boxes = pane.query(Static)
        title.update(label)
        meta.update(f"{label} · {len(label)} s")
        for n, box in enumerate(boxes[:-1]):
            box.update(f"{label}: {LINE} ({n})")

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one(Input).value = ""

    def action_start(self) -> None:
        self.app.bell()

    action_build = action_history = action_help = action_start


class Widgets(App[None]):
    TITLE = "baseline"
    SUB_TITLE = "back stretches"
    CSS = CSS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True), Binding("q", "quit", "Quit")]

    def get_default_screen(self) -> Screen[None]:
        return Browser()


if __name__ == "__main__":
    Widgets().run()
