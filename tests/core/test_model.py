"""The plain model: dataclasses, dose words, grouping and filtering (no Textual, no files)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from stretchtui.core.model import (
    AREAS,
    Routine,
    RoutineItem,
    Stretch,
    describe_dose,
    describe_item,
    format_duration,
    format_range,
    group_by_area,
    matches,
    position_name,
    single_stretch_routine,
)
from stretchtui.storage.library import builtin_stretches


def make(id: str = "twist", **changes: object) -> Stretch:
    """A stretch with small, readable defaults; tests change only what they look at."""
    values: dict[str, object] = dict(
        id=id, name=id.replace("-", " ").title(), areas=("low back",), feel_it_in="the back",
        cues=("Lie down.", "Twist."), hold=(30, 30), reps=(2, 3),
    )
    values.update(changes)
    return Stretch(**values)  # type: ignore[arg-type]


def test_model_imports_no_textual() -> None:
    code = "import sys, stretchtui.core.model; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("value", [make(), RoutineItem("twist"), Routine("R")])
def test_dataclasses_are_frozen(value: object) -> None:
    field = dataclasses.fields(value)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, field, "changed")


def test_defaults_are_the_minimum_of_each_range() -> None:
    stretch = make(hold=(10, 20), reps=(4, 5))
    assert (stretch.default_hold, stretch.default_reps) == (10, 4)


def test_routine_defaults_and_builtin_flag_ignored_in_equality() -> None:
    routine = Routine("R")
    assert (routine.get_ready, routine.rest, routine.transition, routine.items) == (5, 5, 10, ())
    assert Routine("R", builtin=True) == Routine("R", builtin=False)
    assert Routine("R") != Routine("R", rest=6)


def test_item_defaults_mean_no_override() -> None:
    item = RoutineItem("twist")
    assert (item.hold, item.reps, item.sides, item.progression) == (None, None, "both", None)


def test_search_text_covers_name_id_areas_cues_and_feel() -> None:
    text = make(areas=("sides",), feel_it_in="Your RIBS").search_text
    for word in ("twist", "sides", "lie down", "ribs"):
        assert word in text
    assert text == text.lower()


@pytest.mark.parametrize(("query", "expected"), [
    ("", True), ("TWIST", True), ("twist lie", True), ("lie twist", True),
    ("twist wheel", False), ("sides", False), ("low back", True),
])
def test_matches_needs_every_word(query: str, expected: bool) -> None:
    assert matches(make(), query) is expected


def test_single_stretch_routine_uses_the_defaults() -> None:
    stretch = make()
    routine = single_stretch_routine(stretch)
    assert routine.name == stretch.name
    assert routine.items == (RoutineItem(stretch.id),)
    assert routine.transition == 0 and routine.builtin


# -- words ---------------------------------------------------------------------------


@pytest.mark.parametrize(("position", "name"), [
    ("Cat: round your back", "cat"), ("Cow", "cow"),
    ("  Thread The Needle : arm under ", "thread the needle"),
])
def test_position_name(position: str, name: str) -> None:
    assert position_name(position) == name


@pytest.mark.parametrize(("value", "text"), [((30, 30), "30"), ((2, 3), "2-3"), ((1, 1), "1")])
def test_format_range(value: tuple[int, int], text: str) -> None:
    assert format_range(value) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0:00"), (5, "0:05"), (59.4, "0:59"), (59.6, "1:00"), (60, "1:00"), (305, "5:05"),
    (3599, "59:59"), (3600, "1:00:00"), (3661, "1:01:01"), (-3, "0:00"),
])
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("stretch", "words"), [
    (make(), "hold 30 s, 2-3 times"),
    (make(per_side=True), "hold 30 s, 2-3 times, each side"),
    (make(reps=(1, 1), hold=(10, 20)), "hold 10-20 s, once"),
    (make(positions=("Cat: up", "Cow: down"), hold=(10, 10), reps=(4, 5)),
     "hold each position 10 s, 4-5 times"),
])
def test_describe_dose(stretch: Stretch, words: str) -> None:
    assert describe_dose(stretch) == words


def test_describe_dose_of_the_builtin_lumbar_rotation() -> None:
    assert describe_dose(builtin_stretches()["lumbar-rotation"]) == "hold 30 s, 2-3 times, each side"


@pytest.mark.parametrize(("stretch", "item", "words"), [
    (make(), RoutineItem("twist"), "30 s × 2"),
    (make(), RoutineItem("twist", hold=45, reps=1), "45 s × 1"),
    (make(per_side=True), RoutineItem("twist"), "30 s × 2, each side"),
    (make(per_side=True), RoutineItem("twist", sides="right"), "30 s × 2, right side only"),
    (make(positions=("Cat", "Cow")), RoutineItem("twist"), "30 s × 2, each position"),
    (make(progressions=("a", "b", "c")), RoutineItem("twist"), "30 s × 2, level 1"),
    (make(progressions=("a", "b", "c")), RoutineItem("twist", progression=3), "30 s × 2, level 3"),
])
def test_describe_item(stretch: Stretch, item: RoutineItem, words: str) -> None:
    assert describe_item(item, stretch) == words


def test_group_by_area_lists_a_stretch_under_each_area_in_body_order() -> None:
    stretches = [
        make("zeta", areas=("low back", "sides")),
        make("alpha", areas=("sides",)),
        make("mid", areas=("upper back",)),
    ]
    groups = group_by_area(stretches)
    assert list(groups) == ["upper back", "low back", "sides"]  # body order, empty areas dropped
    assert [s.id for s in groups["sides"]] == ["alpha", "zeta"]  # names sorted
    assert [s.id for s in groups["low back"]] == ["zeta"]


def test_group_by_area_keeps_an_area_outside_the_known_list_at_the_end() -> None:
    groups = group_by_area([make(areas=("neck",)), make("b", areas=("whole back",))])
    assert list(groups) == ["whole back", "neck"]


def test_builtin_library_groups_every_stretch() -> None:
    library = builtin_stretches()
    groups = group_by_area(library.values())
    assert set(groups) <= set(AREAS)
    assert {s.id for members in groups.values() for s in members} == set(library)
