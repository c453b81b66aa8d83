"""Stick figures of a stretch, side by side, each with its caption under it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from stretchtui.core.figure import Figure, draw

GAP = 2
"""Columns between two figures."""
MIN_WIDTH = 8
"""Narrower than this a figure is a smudge: the widget draws nothing."""


class Figures(Widget, can_focus=False):
    """Draws `figures` to fit its size. It repaints only when the figures or its size
    change (a reactive that compares equal does nothing), never on the session's clock,
    so a running hold sends no figure bytes over SSH."""

    DEFAULT_CSS = """
    Figures {
        height: 8;
        color: $text;

        & > .figures--caption {
            color: $text-muted;
            text-style: italic;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"figures--caption"}

    figures: reactive[tuple[Figure, ...]] = reactive(())

    def render(self) -> Text:
        width, height = self.size
        figures = self.figures
        if not figures:
            return Text()
        captioned = any(figure.caption for figure in figures)
        rows = height - 1 if captioned else height
        panel = (width - GAP * (len(figures) - 1)) // len(figures)
        if panel < MIN_WIDTH:
            return Text()
        drawings = [draw(figure.pose, panel, rows, mirrored=figure.mirrored) for figure in figures]
        if not all(drawings):
            return Text()
        gap = " " * GAP
        lines = [gap.join(drawing[row] for drawing in drawings) for row in range(rows)]
        text = Text("\n".join(lines), no_wrap=True, overflow="crop")
        if captioned:
            caption = gap.join(figure.caption[:panel].center(panel) for figure in figures)
            text.append("\n" + caption.rstrip(), self.get_component_rich_style("figures--caption"))
        return text
