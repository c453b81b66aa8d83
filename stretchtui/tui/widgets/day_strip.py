"""The last days as one line of shaded cells: the calendar of the compact History view."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip

from stretchtui.core.progress import Day, HeatMap
from stretchtui.tui.widgets.heatmap import HeatMapView


class DayStrip(HeatMapView):
    """`days` (oldest first) in a row, shaded and marked as the heat map's cells are
    (its styles apply: a DayStrip is a HeatMapView to CSS)."""

    def __init__(self, days: Sequence[Day], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(HeatMap((), ()), id=id, classes=classes)
        self.days = tuple(days)

    @property
    def label(self) -> str:
        return f"{len(self.days)} days "

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.label) + 2 * len(self.days)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        segments = [Segment(self.label, self.style_of("label"))] if y == 0 else []
        for day in self.days if y == 0 else ():
            segments += self.cell(day)
        return Strip(segments).crop_extend(0, self.size.width, None).apply_style(self.rich_style)
