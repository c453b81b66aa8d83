"""The stretchtui domain: stretches and routines, and the words that describe them.

Plain dataclasses and pure functions only. Nothing here imports Textual or touches a
file, so the command line, the storage layer and the tests can all use it cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from stretchtui.core.figure import Pose

Side = Literal["both", "left", "right"]

AREAS: tuple[str, ...] = ("upper back", "mid back", "low back", "sides", "whole back")
"""Body areas, in the order the sidebar shows them (top of the back downwards)."""

LEVELS: tuple[str, ...] = ("beginner", "advanced")
SIDES: tuple[str, ...] = ("both", "left", "right")


@dataclass(frozen=True)
class Stretch:
    """One stretch of the library, with its default dose."""

    id: str
    name: str
    areas: tuple[str, ...]
    feel_it_in: str
    cues: tuple[str, ...]
    hold: tuple[int, int]
    """Seconds per hold as a (min, max) range; min is what a session uses by default."""
    reps: tuple[int, int]
    """Repetitions as a (min, max) range; min is the default."""
    per_side: bool = False
    positions: tuple[str, ...] = ()
    level: str = "beginner"
    caution: str = ""
    progressions: tuple[str, ...] = ()
    poses: tuple[Pose, ...] = ()
    """Stick figures (core.figure): one, or one per position or progression."""

    @property
    def default_hold(self) -> int:
        return self.hold[0]

    @property
    def default_reps(self) -> int:
        return self.reps[0]

    @cached_property
    def search_text(self) -> str:
        """Lower-cased text the library filter matches against."""
        return " ".join((self.name, self.id, *self.areas, *self.cues, self.feel_it_in)).lower()


@dataclass(frozen=True)
class RoutineItem:
    """A stretch within a routine, with optional overrides of its defaults."""

    stretch: str
    hold: int | None = None
    reps: int | None = None
    sides: Side = "both"
    progression: int | None = None
    """1-based index into the stretch's progressions (easiest first)."""


@dataclass(frozen=True)
class Routine:
    """A named, ordered list of stretches plus the pauses between them."""

    name: str
    description: str = ""
    get_ready: int = 5
    rest: int = 5
    transition: int = 10
    items: tuple[RoutineItem, ...] = ()
    builtin: bool = field(default=False, compare=False)
    """True for the starter routines shipped with the package (never edited in place)."""


def single_stretch_routine(stretch: Stretch) -> Routine:
    """A routine of just one stretch at its defaults, for "start this stretch now"."""
    return Routine(name=stretch.name, get_ready=5, rest=5, transition=0,
                   items=(RoutineItem(stretch.id),), builtin=True)


class PlanError(ValueError):
    """A routine refers to something the library does not have."""


def resolve_item(item: RoutineItem, stretch: Stretch) -> tuple[int, int, tuple[str, ...], str | None]:
    """The effective hold, reps, sides and progression text of an item."""
    hold = item.hold if item.hold is not None else stretch.default_hold
    reps = item.reps if item.reps is not None else stretch.default_reps
    if stretch.per_side:
        sides: tuple[str, ...] = ("left", "right") if item.sides == "both" else (item.sides,)
    else:
        sides = ()
    progression = None
    if stretch.progressions:
        index = item.progression or 1
        if not 1 <= index <= len(stretch.progressions):
            raise PlanError(
                f"{stretch.name} has {len(stretch.progressions)} progressions, not {index}"
            )
        progression = stretch.progressions[index - 1]
    return hold, reps, sides, progression



# -- words ---------------------------------------------------------------------------


def position_name(position: str) -> str:
    """The short name of a position ("Cat: round your back" -> "cat")."""
    return position.split(":", 1)[0].strip().lower()


def format_range(value: tuple[int, int]) -> str:
    low, high = value
    return str(low) if low == high else f"{low}-{high}"


def counted(count: int, word: str) -> str:
    """"1 hold", "2 holds", "1,234 sessions": a count and its word, the one rule for every
    screen, command and spoken line."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def format_duration(seconds: float) -> str:
    """Clock-style duration: "45 s" would be ambiguous in a table, so always m:ss."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_dose(stretch: Stretch) -> str:
    """The stretch's default dose in words: "hold 30 s, 2-3 times, each side"."""
    reps = format_range(stretch.reps)
    times = "once" if stretch.reps == (1, 1) else f"{reps} times"
    if stretch.positions:
        hold = f"hold each position {format_range(stretch.hold)} s"
    else:
        hold = f"hold {format_range(stretch.hold)} s"
    words = f"{hold}, {times}"
    return f"{words}, each side" if stretch.per_side else words


def describe_item(item: RoutineItem, stretch: Stretch) -> str:
    """An item's effective dose in words, for routine lists."""
    hold, reps, sides, progression = resolve_item(item, stretch)
    words = f"{hold} s × {reps}"
    if stretch.per_side:
        words += ", each side" if len(sides) == 2 else f", {sides[0]} side only"
    if stretch.positions:
        words += ", each position"
    if progression is not None:
        words += f", level {item.progression or 1}"
    return words


def group_by_area(stretches: Iterable[Stretch]) -> dict[str, list[Stretch]]:
    """Stretches under each of their areas, areas in body order, names sorted."""
    groups: dict[str, list[Stretch]] = {area: [] for area in AREAS}
    for stretch in stretches:
        for area in stretch.areas:
            groups.setdefault(area, []).append(stretch)
    for members in groups.values():
        members.sort(key=lambda s: s.name.lower())
    return {area: members for area, members in groups.items() if members}


def matches(stretch: Stretch, query: str) -> bool:
    """Whether every word of the filter query appears in the stretch's text."""
    text = stretch.search_text
    return all(word in text for word in query.lower().split())
