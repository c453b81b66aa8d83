"""plan(): a routine expanded into the timed steps of a session, at every edge."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchtui.core.model import PlanError, Routine, RoutineItem, Stretch, single_stretch_routine
from stretchtui.core.plan import Plan, Step, StepKind, plan
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import builtin_routines


def make(id: str, **changes: object) -> Stretch:
    values: dict[str, object] = dict(
        id=id, name=id.title(), areas=("low back",), feel_it_in="the back", cues=("Do it.",),
        hold=(30, 30), reps=(2, 3),
    )
    values.update(changes)
    return Stretch(**values)  # type: ignore[arg-type]


PLAIN = make("plain")
SIDED = make("sided", per_side=True)
CATCOW = make("catcow", name="Cat/Cow", hold=(10, 10), reps=(4, 5),
              positions=("Cat: round up", "Cow: sag down"))
WHEEL = make("wheel", reps=(1, 1), hold=(20, 20), progressions=("Bridge", "Head bridge", "Full wheel"))
LIBRARY = {s.id: s for s in (PLAIN, SIDED, CATCOW, WHEEL)}


def routine(*items: RoutineItem, get_ready: int = 5, rest: int = 5, transition: int = 10) -> Routine:
    return Routine("Test", get_ready=get_ready, rest=rest, transition=transition, items=items)


def shape(steps: tuple[Step, ...]) -> list[tuple[str, int, str]]:
    """Kind, duration and detail of each step: what a person sees, in order."""
    return [(str(step.kind), step.duration, step.detail) for step in steps]


def assert_timeline(result: Plan) -> None:
    """Steps follow each other without gaps or overlaps, and the total is their sum."""
    clock = 0
    for step in result.steps:
        assert step.start == clock and step.duration > 0
        clock = step.end
    assert result.total == clock == sum(step.duration for step in result.steps)


def test_one_repetition_of_a_plain_stretch() -> None:
    result = plan(routine(RoutineItem("plain", reps=1)), LIBRARY)
    assert shape(result.steps) == [("get ready", 5, "first: Plain"), ("hold", 30, "1 of 1")]
    assert result.total == 35
    hold = result.holds[0]
    assert (hold.title, hold.rep, hold.reps, hold.side, hold.position, hold.progression) == (
        "Plain", 1, 1, None, None, None)
    assert_timeline(result)


def test_repetitions_are_separated_by_rests() -> None:
    result = plan(routine(RoutineItem("plain")), LIBRARY)  # default reps: the minimum, 2
    assert shape(result.steps) == [
        ("get ready", 5, "first: Plain"), ("hold", 30, "1 of 2"), ("rest", 5, "then 2 of 2"),
        ("hold", 30, "2 of 2"),
    ]
    assert_timeline(result)


def test_zero_rest_transition_and_get_ready_leave_only_the_holds() -> None:
    result = plan(routine(RoutineItem("plain"), RoutineItem("sided", reps=1),
                          get_ready=0, rest=0, transition=0), LIBRARY)
    assert [step.kind for step in result.steps] == [StepKind.HOLD] * 4
    assert [step.start for step in result.steps] == [0, 30, 60, 90]
    assert result.total == 120
    assert_timeline(result)


def test_overrides_replace_the_stretch_defaults() -> None:
    result = plan(routine(RoutineItem("plain", hold=45, reps=3)), LIBRARY)
    assert [(h.duration, h.detail) for h in result.holds] == [(45, "1 of 3"), (45, "2 of 3"), (45, "3 of 3")]
    assert result.total == 5 + 3 * 45 + 2 * 5


def test_per_side_holds_left_then_right_in_each_repetition() -> None:
    result = plan(routine(RoutineItem("sided")), LIBRARY)
    assert shape(result.steps) == [
        ("get ready", 5, "first: Sided"),
        ("hold", 30, "left side, 1 of 2"), ("switch sides", 5, "next: right side"),
        ("hold", 30, "right side, 1 of 2"), ("rest", 5, "then 2 of 2"),
        ("hold", 30, "left side, 2 of 2"), ("switch sides", 5, "next: right side"),
        ("hold", 30, "right side, 2 of 2"),
    ]
    assert [h.side for h in result.holds] == ["left", "right", "left", "right"]
    assert_timeline(result)


@pytest.mark.parametrize("side", ["left", "right"])
def test_per_side_with_a_single_side_chosen(side: str) -> None:
    result = plan(routine(RoutineItem("sided", sides=side)), LIBRARY)  # type: ignore[arg-type]
    assert shape(result.steps) == [
        ("get ready", 5, "first: Sided"), ("hold", 30, f"{side} side, 1 of 2"),
        ("rest", 5, "then 2 of 2"), ("hold", 30, f"{side} side, 2 of 2"),
    ]
    assert StepKind.SWITCH not in {step.kind for step in result.steps}


def test_sides_are_ignored_for_a_stretch_not_done_per_side() -> None:
    both = plan(routine(RoutineItem("plain")), LIBRARY)
    left = plan(routine(RoutineItem("plain", sides="left")), LIBRARY)
    assert shape(both.steps) == shape(left.steps)


def test_positions_are_held_in_turn_in_each_repetition() -> None:
    result = plan(routine(RoutineItem("catcow", reps=5), rest=3), LIBRARY)
    details = [h.detail for h in result.holds]
    assert details[:4] == ["cat, 1 of 5", "cow, 1 of 5", "cat, 2 of 5", "cow, 2 of 5"]
    assert details[-1] == "cow, 5 of 5" and len(details) == 10
    assert [h.position for h in result.holds[:2]] == ["Cat: round up", "Cow: sag down"]
    # no pause between the two positions of a repetition, a rest between repetitions
    kinds = [step.kind for step in result.steps[1:5]]
    assert kinds == [StepKind.HOLD, StepKind.HOLD, StepKind.REST, StepKind.HOLD]
    assert result.total == 5 + 10 * 10 + 4 * 3
    assert_timeline(result)


def test_the_builtin_cat_cow_names_its_positions() -> None:
    result = plan(routine(RoutineItem("cat-cow", reps=5)), builtin_stretches())
    assert [h.detail for h in result.holds[:2]] == ["cat, 1 of 5", "cow, 1 of 5"]


@pytest.mark.parametrize(("chosen", "text"), [(None, "Bridge"), (1, "Bridge"), (2, "Head bridge"),
                                              (3, "Full wheel")])
def test_a_progression_chosen_is_carried_by_every_hold(chosen: int | None, text: str) -> None:
    result = plan(routine(RoutineItem("wheel", progression=chosen, reps=2)), LIBRARY)
    assert [h.progression for h in result.holds] == [text, text]


@pytest.mark.parametrize("chosen", [-1, 4])
def test_a_progression_out_of_range_is_a_plan_error(chosen: int) -> None:
    with pytest.raises(PlanError, match="Wheel has 3 progressions"):
        plan(routine(RoutineItem("wheel", progression=chosen)), LIBRARY)


def test_stretches_are_joined_by_a_transition_naming_the_next() -> None:
    result = plan(routine(RoutineItem("plain", reps=1), RoutineItem("wheel")), LIBRARY)
    assert shape(result.steps) == [
        ("get ready", 5, "first: Plain"), ("hold", 30, "1 of 1"),
        ("transition", 10, "change position"), ("hold", 20, "1 of 1"),
    ]
    transition = result.steps[2]
    assert transition.title == "Next: Wheel" and transition.item == 1 and transition.stretch is WHEEL
    assert [step.item for step in result.steps] == [0, 0, 1, 1]


def test_an_unknown_stretch_is_a_plan_error_naming_routine_and_id() -> None:
    with pytest.raises(PlanError, match=r"routine 'Test' uses unknown stretch 'nope'"):
        plan(routine(RoutineItem("plain"), RoutineItem("nope")), LIBRARY)


def test_an_empty_routine_has_no_steps() -> None:
    result = plan(routine(), LIBRARY)
    assert result.steps == () and result.total == 0 and result.holds == ()


def test_single_stretch_routine_plans_just_that_stretch() -> None:
    result = plan(single_stretch_routine(SIDED), LIBRARY)
    assert {step.stretch for step in result.steps} == {SIDED}
    assert len(result.holds) == 4  # two repetitions, two sides


def test_every_builtin_routine_plans_and_the_desk_break_is_about_five_minutes() -> None:
    library = builtin_stretches()
    for each in builtin_routines(library):
        assert_timeline(plan(each, library))
    desk = next(r for r in builtin_routines(library) if r.name == "Desk break")
    assert 240 <= plan(desk, library).total <= 330


ITEMS = st.builds(
    RoutineItem,
    stretch=st.sampled_from(sorted(LIBRARY)),
    hold=st.none() | st.integers(1, 120),
    reps=st.none() | st.integers(1, 6),
    sides=st.sampled_from(["both", "left", "right"]),
    progression=st.none() | st.integers(1, 3),
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(ITEMS, max_size=6), pauses=st.tuples(*[st.integers(0, 30)] * 3))
def test_any_routine_plans_to_a_gapless_timeline_with_the_expected_holds(
    items: list[RoutineItem], pauses: tuple[int, int, int]
) -> None:
    get_ready, rest, transition = pauses
    result = plan(routine(*items, get_ready=get_ready, rest=rest, transition=transition), LIBRARY)
    assert_timeline(result)
    expected_holds = expected_total = 0
    for index, item in enumerate(items):
        stretch = LIBRARY[item.stretch]
        reps = item.reps or stretch.default_reps
        hold = item.hold or stretch.default_hold
        switches = (1 if item.sides == "both" else 0) if stretch.per_side else 0
        parts = switches + 1 if stretch.per_side else len(stretch.positions) or 1
        expected_holds += reps * parts
        expected_total += get_ready if index == 0 else transition
        expected_total += reps * parts * hold + (reps - 1) * rest + reps * switches * rest
    assert len(result.holds) == expected_holds
    assert result.total == expected_total
