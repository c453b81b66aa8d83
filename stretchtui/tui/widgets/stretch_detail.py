"""The detail pane for one stretch: how to do it, where you feel it, how long and how often."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Static

from stretchtui.core.figure import figures_of
from stretchtui.core.model import Stretch, describe_dose, position_name
from stretchtui.tui.widgets.detail_pane import DetailPane, put
from stretchtui.tui.widgets.figures import Figures


class StretchDetail(DetailPane):
    """Shows a stretch. Text goes in with markup off, so user data can never style the UI."""

    stretch: reactive[Stretch | None] = reactive(None)

    def __init__(self, *, clear_key: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clear_key = clear_key
        """The key that clears the filter (named when nothing matches)."""

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="meta", markup=False)
        yield Static(id="caution", markup=False)
        yield Figures(id="figures")
        yield Static(id="feel", markup=False)
        yield Static(id="cues", markup=False)
        yield Static(id="positions", markup=False)
        yield Static(id="progressions", markup=False)
        yield from self.compose_more()

    def watch_stretch(self, stretch: Stretch | None) -> None:
        figures = self.query_one(Figures)
        figures.figures = figures_of(stretch) if stretch is not None else ()
        figures.display = bool(figures.figures)
        if stretch is None:
            self._show(title="Nothing matches the filter", meta=f"Press {self._clear_key} to clear it.")
            return
        level = "advanced" if stretch.level == "advanced" else "beginner"
        self._show(
            title=stretch.name,
            meta=f"{', '.join(stretch.areas)} · {level} · {describe_dose(stretch)}",
            caution=stretch.caution,
            feel=stretch.feel_it_in,
            cues="\n".join(f"{n}. {cue}" for n, cue in enumerate(stretch.cues, 1)),
            positions="\n".join(
                f"• {position_name(p).capitalize()}: {p.split(':', 1)[-1].strip()}"
                for p in stretch.positions
            ),
            progressions="\n".join(f"{n}. {p}" for n, p in enumerate(stretch.progressions, 1)),
        )
        self.shown_from_top()

    def _show(self, **texts: str) -> None:
        for static in self.query(Static).exclude("#more"):
            text = texts.get(static.id or "", "")
            put(static, text)
            static.display = bool(text)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#feel").border_title = "Feel it in"
        self.query_one("#cues").border_title = "How to"
        self.query_one("#positions").border_title = "Positions"
        self.query_one("#progressions").border_title = "Progressions, easiest first"
