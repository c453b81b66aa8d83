"""A quiet progress bar for one hold: no ETA, no percentage, no animation.

Textual's ProgressBar repaints its row on every update; this bar only asks for a
repaint when the number of eighth-cells it draws changes, which over SSH is the
difference between a few bytes a second and kilobytes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉█"


class HoldBar(Widget):
    """Shows `fraction` (0 to 1) as a bar of eighth blocks across its width."""

    DEFAULT_CSS = """
    HoldBar {
        height: 1;
        width: 1fr;

        & > .hold-bar--bar {
            color: $success;
        }
        & > .hold-bar--track {
            background: $foreground 10%;
        }
    }
    """

    fraction: reactive[float] = reactive(0.0, layout=False, repaint=False)
    ending: reactive[bool] = reactive(False)
    """The hold's last seconds: under NO_COLOR the bar changes glyph (colour does elsewhere)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._drawn = -1

    def cells(self, width: int | None = None) -> int:
        """Eighths of a cell filled at the current fraction."""
        width = self.size.width if width is None else width
        return round(max(0.0, min(1.0, self.fraction)) * width * 8)

    def watch_fraction(self) -> None:
        drawn = self.cells()
        if drawn == self._drawn:
            return
        if self._drawn < 0:
            self.refresh()
            return
        # Only the bar up to its furthest end changed; the empty track after it did not.
        end = max(drawn, self._drawn) // 8 + 1
        self.refresh(Region(0, 0, min(end, self.size.width), 1))

    def on_resize(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        drawn = self.cells(width)
        self._drawn = drawn
        full, part = divmod(drawn, 8)
        bar = self.get_component_rich_style("hold-bar--bar")
        track = self.get_component_rich_style("hold-bar--track")
        # Full cells are spaces on the bar colour (one byte each over SSH, where a block
        # glyph is three); only the partly filled cell needs a glyph.
        if self.app.no_color:  # NO_COLOR: a coloured space would be invisible
            segments = [Segment(("▓" if self.ending else "█") * full, bar)]
        else:
            segments = [Segment(" " * full, Style(bgcolor=bar.color))]
        tip = EIGHTHS[part] if part and full < width else ""
        if tip:
            segments.append(Segment(tip, bar + Style(bgcolor=track.bgcolor)))
        segments.append(Segment(" " * (width - full - len(tip)), track))
        return Strip(segments, width)

    COMPONENT_CLASSES = {"hold-bar--bar", "hold-bar--track"}
