"""The builder's bottom line: the routine's length as planned, and whether it is saved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from stretchtui.core.draft import RoutineDraft
from stretchtui.core.model import PlanError, counted, format_duration


class DraftStatus(Static):
    """"4:50 total · 20 steps · 10 holds · unsaved changes", updated after every edit."""

    DEFAULT_CSS = """
    DraftStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, draft: RoutineDraft, *, refused: bool = False) -> None:
        """Show `draft`. With `refused` (a field holds a value that could not be taken) the
        draft's total would be that of the last value that could, so no total is shown."""
        routine = draft.routine
        line = Text()
        if refused:
            line.append("Total unknown until the red field is fixed", "red")
        else:
            try:
                steps = draft.plan()
            except PlanError as error:
                line.append(str(error), "red")
            else:
                if routine.items:
                    line.append(f"{format_duration(steps.total)} total", "bold")
                    counts = f"{counted(len(steps.steps), 'step')} · {counted(len(steps.holds), 'hold')}"
                    line.append(f" · {counts}")
                else:
                    line.append("Empty routine", "bold")
        if draft.original is None:
            line.append(" · not saved yet" if draft.dirty else " · new", "italic")
        elif draft.dirty:
            line.append(" · unsaved changes", "italic")
        else:
            line.append(" · saved", "dim")
        self.update(line)
