"""Hypothesis strategies for valid routines, shared by the round-trip and fuzz tests."""

from __future__ import annotations

from hypothesis import strategies as st

from stretchtui.core.model import Routine, RoutineItem, Stretch
from stretchtui.core.rules import has_controls
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import builtin_routines

LIBRARY = builtin_stretches()
BUILTIN_NAMES = {r.name.casefold() for r in builtin_routines(LIBRARY)}

# Anything a person can type: every character but the controls the files refuse and
# lone surrogates (not text at all).
TYPED = st.characters(blacklist_categories=("Cs",)).filter(lambda c: not has_controls(c))
seconds = st.integers(0, 3600)


def names(max_size: int = 80) -> st.SearchStrategy[str]:
    return st.text(TYPED, min_size=1, max_size=max_size).map(str.strip).filter(
        lambda name: bool(name) and name.casefold() not in BUILTIN_NAMES
    )


@st.composite
def items(draw: st.DrawFn) -> RoutineItem:
    stretch: Stretch = draw(st.sampled_from(sorted(LIBRARY.values(), key=lambda s: s.id)))
    return RoutineItem(
        stretch=stretch.id,
        hold=draw(st.none() | st.integers(1, 3600)),
        reps=draw(st.none() | st.integers(1, 100)),
        sides=draw(st.sampled_from(["both", "left", "right"])) if stretch.per_side else "both",
        progression=draw(st.none() | st.integers(1, len(stretch.progressions)))
        if stretch.progressions else None,
    )


def routine_lists_of(
    name: int = 80, description: int = 200, routines: int = 5, items_each: int = 8, at_least: int = 0
) -> st.SearchStrategy[list[Routine]]:
    """Lists of valid routines with unique names; smaller sizes make cheaper examples."""
    routine = st.builds(
        Routine, name=names(name), description=st.text(TYPED, max_size=description).map(str.strip),
        get_ready=seconds, rest=seconds, transition=seconds,
        items=st.lists(items(), min_size=1, max_size=max(1, items_each)).map(tuple),
    )
    return st.lists(routine, min_size=at_least, max_size=routines, unique_by=lambda r: r.name.casefold())


routine_lists = routine_lists_of()
