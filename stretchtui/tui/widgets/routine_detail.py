"""The detail pane for one routine: its stretches and how long a session takes."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Static

from stretchtui.core.model import PlanError, Routine, Stretch, counted, describe_item, format_duration
from stretchtui.core.plan import plan
from stretchtui.tui.widgets.detail_pane import DetailPane, put


class RoutineDetail(DetailPane):
    """Shows a routine with its plan's total; markup off for user text."""

    routine: reactive[Routine | None] = reactive(None)

    def __init__(self, library: Mapping[str, Stretch], *, copy_key: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self._copy_key = copy_key
        """The key that opens a built-in routine as the user's copy (named in the text)."""

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="meta", markup=False)
        yield Static(id="items", markup=False)
        yield from self.compose_more()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#items").border_title = "Stretches"

    def watch_routine(self, routine: Routine | None) -> None:
        if routine is None:
            return
        try:
            steps = plan(routine, self.library)
            summary = f"{format_duration(steps.total)} · {counted(len(steps.holds), 'hold')}"
        except PlanError as error:
            summary = str(error)
        origin = f"built-in ({self._copy_key} makes your copy)" if routine.builtin else "yours"
        meta = f"{summary} · {origin}"
        if routine.description:
            meta = f"{routine.description}\n{meta}"
        put(self.query_one("#title", Static), routine.name)
        put(self.query_one("#meta", Static), meta)
        lines = []
        for number, item in enumerate(routine.items, 1):
            stretch = self.library.get(item.stretch)
            name = stretch.name if stretch else f"{item.stretch} (unknown)"
            dose = describe_item(item, stretch) if stretch else ""
            lines.append(f"{number}. {name} — {dose}")
        put(self.query_one("#items", Static), "\n".join(lines) or "No stretches yet.")
        self.shown_from_top()
