"""A contribution-style calendar of the last weeks, drawn line by line from the theme.

One column a week (oldest on the left), rows Monday to Sunday, month labels on top and a
legend below. A day's shade is its level (`progress.level`: 0 to 4 by its time against
the daily goal) in the theme's colours, through component classes, so a theme change
repaints it; under NO_COLOR the levels are glyphs instead. Today is marked by an arrow
beside its cell.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from stretchtui.core.progress import Day, HeatMap

CELL = "■"
GLYPHS = "·░▒▓█"
"""A cell of each level under NO_COLOR, where one coloured square looks like another."""
TODAY_MARK = "◂"
INITIALS = "MTWTFSS"
LABEL_WIDTH = 2
"""The day initial and a space before the first column."""


class HeatMapView(Widget):
    """The weeks of a `progress.HeatMap`: months, seven rows of days, a legend."""

    DEFAULT_CSS = """
    /* Shades from the theme: empty days faint, then the success colour ever stronger.
       Blended over the background, so light and dark themes both read "more" as stronger. */
    HeatMapView {
        width: auto;
        height: auto;

        & > .heatmap--level-0 {
            color: $foreground 15%;
        }
        & > .heatmap--level-1 {
            color: $success 35%;
        }
        & > .heatmap--level-2 {
            color: $success 60%;
        }
        & > .heatmap--level-3 {
            color: $success 80%;
        }
        & > .heatmap--level-4 {
            color: $success;
        }
        & > .heatmap--label {
            color: $text-muted;
        }
        & > .heatmap--today {
            color: $accent;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES = {
        "heatmap--level-0", "heatmap--level-1", "heatmap--level-2", "heatmap--level-3",
        "heatmap--level-4", "heatmap--label", "heatmap--today",
    }

    def __init__(self, heatmap: HeatMap, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.heatmap = heatmap

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return LABEL_WIDTH + 2 * len(self.heatmap.weeks)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(f"heatmap--{name}")

    def cell(self, day: Day) -> list[Segment]:
        """Two columns: the day's shade, then the today mark or a space. Days after today
        are blank."""
        if day.future:
            return [Segment("  ")]
        shade = self.style_of(f"level-{day.level}")
        glyph = GLYPHS[day.level] if self.app.no_color else CELL
        return [Segment(glyph, shade),
                Segment(TODAY_MARK, self.style_of("today")) if day.today else Segment(" ")]

    def legend(self) -> list[Segment]:
        """"less ■ ■ ■ ■ ■ more  ◂ today", in the shades the cells use."""
        label = self.style_of("label")
        segments = [Segment("less ", label)]
        for level in range(5):
            glyph = GLYPHS[level] if self.app.no_color else CELL
            segments += [Segment(glyph, self.style_of(f"level-{level}")), Segment(" ")]
        return [*segments, Segment("more   ", label), Segment(TODAY_MARK, self.style_of("today")),
                Segment(" today", label)]

    def months(self) -> list[Segment]:
        line = [" "] * self.get_content_width(self.size, self.size)
        for column, name in self.heatmap.months:
            start = LABEL_WIDTH + 2 * column
            line[start:start + len(name)] = name
        return [Segment("".join(line).rstrip(), self.style_of("label"))]

    def render_line(self, y: int) -> Strip:
        if y == 0:
            segments = self.months()
        elif y <= 7:
            row = y - 1
            segments = [Segment(f"{INITIALS[row]} ", self.style_of("label"))]
            for week in self.heatmap.weeks:
                segments += self.cell(week[row])
        elif y == 8:
            segments = self.legend()
        else:
            segments = []
        return Strip(segments).crop_extend(0, self.size.width, None).apply_style(self.rich_style)
