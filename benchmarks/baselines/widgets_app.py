"""Baseline: the widgets the browser shows (header, filter, tree, detail panes, footer) with
no stretchtui code, so startup and memory can be split into Textual's share and ours."""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Footer, Header, Input, Static, Tree


class Widgets(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit"), ("slash", "bell", "Filter"), ("s", "bell", "Start"),
                ("b", "bell", "Builder"), ("question_mark", "bell", "Help")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical():
                yield Input(placeholder="/ to filter", compact=True)
                tree: Tree[None] = Tree("Library")
                tree.show_root = False
                tree.root.add("Routines", expand=True).add_leaf("baseline-ready")
                for group in ("Upper back", "Mid back", "Low back", "Sides", "Whole back"):
                    node = tree.root.add(group, expand=True)
                    for n in range(3):
                        node.add_leaf(f"{group} entry {n}")
                yield tree
            with ContentSwitcher(initial="stretch"):
                with VerticalScroll(id="stretch"):
                    for n in range(7):
                        yield Static(f"Detail line {n} of a stretch, long enough to wrap " * 2)
                with VerticalScroll(id="routine"):
                    for n in range(3):
                        yield Static(f"Detail line {n} of a routine")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()


if __name__ == "__main__":
    Widgets().run()
