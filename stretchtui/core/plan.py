"""The timed plan of a session: a routine expanded into steps on a timeline.

Pure: the session, the builder's totals, `list` and the history all read the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from stretchtui.core.model import PlanError, Routine, Stretch, position_name, resolve_item


class StepKind(StrEnum):
    GET_READY = "get ready"
    HOLD = "hold"
    SWITCH = "switch sides"
    REST = "rest"
    TRANSITION = "transition"


@dataclass(frozen=True)
class Step:
    """One timed step of a session, placed on the session's timeline."""

    kind: StepKind
    start: int
    """Seconds from the start of the session."""
    duration: int
    title: str
    """What the step is, e.g. "Cat/Cow" or "Rest"."""
    detail: str = ""
    """Side or position and repetition, e.g. "left side, 2 of 3"."""
    item: int | None = None
    """Index of the routine item this step belongs to (or leads up to)."""
    stretch: Stretch | None = None
    side: str | None = None
    position: str | None = None
    rep: int = 0
    reps: int = 0
    progression: str | None = None

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def part(self) -> str:
        """Which side ("left") or position ("cat") a hold is of; empty for anything else.
        With the title, what the status line and the window title call the step."""
        return self.side or (position_name(self.position) if self.position else "")


@dataclass(frozen=True)
class Plan:
    """Every step of a session in order; the total is the sum of the durations."""

    routine: Routine
    steps: tuple[Step, ...]

    @property
    def total(self) -> int:
        return self.steps[-1].end if self.steps else 0

    @property
    def holds(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.kind is StepKind.HOLD)


def plan(routine: Routine, library: Mapping[str, Stretch]) -> Plan:
    """Expand a routine into the timed steps a session runs.

    Per-side stretches hold left then right in each repetition, with a "switch sides"
    pause between; stretches with positions hold each position in turn; repetitions
    are separated by rests and stretches by a transition. Zero-length pauses are left out.
    """
    steps: list[Step] = []
    clock = 0

    def add(kind: StepKind, duration: int, title: str, **extra: object) -> None:
        nonlocal clock
        if duration <= 0:
            return
        steps.append(Step(kind, clock, duration, title, **extra))  # type: ignore[arg-type]
        clock += duration

    for index, item in enumerate(routine.items):
        stretch = library.get(item.stretch)
        if stretch is None:
            raise PlanError(f"routine {routine.name!r} uses unknown stretch {item.stretch!r}")
        hold, reps, sides, progression = resolve_item(item, stretch)
        if index == 0:
            add(StepKind.GET_READY, routine.get_ready, "Get ready",
                detail=f"first: {stretch.name}", item=index, stretch=stretch)
        else:
            add(StepKind.TRANSITION, routine.transition, f"Next: {stretch.name}",
                detail="change position", item=index, stretch=stretch)
        for rep in range(1, reps + 1):
            if rep > 1:
                add(StepKind.REST, routine.rest, "Rest",
                    detail=f"then {rep} of {reps}", item=index, stretch=stretch)
            for part, (side, position) in enumerate(_parts(stretch, sides)):
                if part and side:
                    add(StepKind.SWITCH, routine.rest, "Switch sides",
                        detail=f"next: {side} side", item=index, stretch=stretch)
                label = f"{side} side" if side else position_name(position) if position else ""
                detail = f"{label}, {rep} of {reps}" if label else f"{rep} of {reps}"
                add(StepKind.HOLD, hold, stretch.name, detail=detail, item=index,
                    stretch=stretch, side=side, position=position, rep=rep, reps=reps,
                    progression=progression)
    return Plan(routine, tuple(steps))


def _parts(stretch: Stretch, sides: tuple[str, ...]) -> Iterable[tuple[str | None, str | None]]:
    """The holds of one repetition: each side, each position, or the stretch itself."""
    if sides:
        return [(side, None) for side in sides]
    if stretch.positions:
        return [(None, position) for position in stretch.positions]
    return [(None, None)]
