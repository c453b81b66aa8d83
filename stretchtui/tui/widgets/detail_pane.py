"""The base of the detail panes: scrollable by keyboard, and saying when more is below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stretchtui.tui.keys import key_for


def put(static: Static, text: str) -> None:
    """Show `text` in `static` if it is not shown already: an update lays the screen out
    and repaints it even for the same text, and an arrow key changes only some lines."""
    if static.content != text:
        static.update(text)


class DetailPane(VerticalScroll):
    """Focusable (tab reaches it, arrows and page keys scroll it), with a line docked at
    its foot while there is more below, so a long stretch (the Yoga Wheel's caution and
    progressions at 80x24) is never silently cut off."""

    DEFAULT_CSS = """
    DetailPane {
        padding: 0 1;
        height: 1fr;
        scrollbar-size-vertical: 1;

        #title {
            text-style: bold;
            color: $text-primary;
        }
        #meta {
            color: $text-muted;
            margin-bottom: 1;
        }
        #caution {
            color: $text-warning;
            background: $warning-muted;
            padding: 0 1;
            margin-bottom: 1;
        }
        #feel, #cues, #positions, #progressions, #items {
            border: round $secondary;
            border-title-color: $text-secondary;
            padding: 0 1;
        }
        #more {
            dock: bottom;
            height: 1;
            color: $text-accent;
            background: $surface;
            text-style: italic;
        }
        #feel {
            border: round $success;
            border-title-color: $text-success;
        }
    }
    """

    def compose_more(self) -> ComposeResult:
        yield Static(id="more", markup=False)

    def on_mount(self) -> None:
        for changes in ("scroll_y", "has_focus", "virtual_size", "size"):
            self.watch(self, changes, self._show_more_soon, init=False)

    def _show_more_soon(self) -> None:
        self.call_after_refresh(self.show_more)

    def show_more(self) -> None:
        """Show or hide the "more below" line for the current scroll position (called after
        a refresh, when the sizes it reads have settled)."""
        more = self.query_one("#more", Static)
        below = self.max_scroll_y - self.scroll_y >= 1
        if below:
            down = key_for(self, "scroll_down")
            how = down if self.has_focus else f"{key_for(self, 'app.focus_next', Screen)}, then {down}"
            put(more, f"▼ more below ({how})")
        more.display = below

    def shown_from_top(self) -> None:
        """After new content: back to its top (the line follows the new size)."""
        self.scroll_home(animate=False)
