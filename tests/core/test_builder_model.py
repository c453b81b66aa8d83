"""The builder's draft without a screen: operations, validation, history, merging, and a
property test that any sequence of operations leaves a routine that saves and loads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import LIBRARY, TYPED

from stretchtui.core.draft import (
    DiskConflict,
    Rejected,
    RoutineDraft,
    copy_name,
    parse_item_field,
    parse_routine_field,
    unique_name,
)
from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import plan
from stretchtui.storage.check import check_file
from stretchtui.storage.routines import builtin_routines, load_routines, update_routines

BUILTIN = builtin_routines(LIBRARY)
MINE = Routine("Mine", items=(RoutineItem("cat-cow", hold=20), RoutineItem("lumbar-rotation", sides="left")))


def new_draft(*routines: Routine) -> RoutineDraft:
    return RoutineDraft.open(None, [*BUILTIN, *routines], LIBRARY)


# -- parsing typed values ------------------------------------------------------------


@pytest.mark.parametrize(("field", "text", "why"), [
    ("get_ready", "", "Get ready must be a whole number of seconds (0 for none), not empty"),
    ("rest", "5s", "Rest must be a whole number of seconds (0 for none), not '5s'"),
    ("transition", "3601", "Transition must be between 0 and 3600, not 3601"),
    ("transition", "1.5", "Transition must be a whole number of seconds (0 for none), not '1.5'"),
    ("name", "   ", "Name must not be empty"),
    ("name", "x" * 81, "Name is too long (81 characters, at most 80)"),
    ("name", "tab\there", "Name contains control characters"),
    ("name", "gentle FLOOR", "Name 'gentle FLOOR' is already used by a built-in routine"),
    ("description", "a\u202eb", "Description contains control characters"),
])
def test_routine_values_are_refused_with_the_reason(field: str, text: str, why: str) -> None:
    taken = {r.name.casefold(): True for r in BUILTIN}
    with pytest.raises(Rejected) as refused:
        parse_routine_field(field, text, taken)
    assert str(refused.value) == why


def test_routine_values_that_are_fine() -> None:
    assert parse_routine_field("name", "  Morning  ") == "Morning"
    assert parse_routine_field("description", "") == ""
    assert parse_routine_field("rest", " 0 ") == 0
    assert parse_routine_field("get_ready", "3600") == 3600


@pytest.mark.parametrize(("stretch", "field", "text", "why"), [
    ("cat-cow", "hold", "0", "Hold must be between 1 and 3600, not 0"),
    ("cat-cow", "hold", "ten", "Hold must be a whole number of seconds, not 'ten'"),
    ("cat-cow", "reps", "101", "Reps must be between 1 and 100, not 101"),
    ("cat-cow", "sides", "left", "Sides: Cat/Cow is not done per side"),
    ("lumbar-rotation", "sides", "up", "Sides must be one of: both, left, right, not 'up'"),
    ("cat-cow", "progression", "1", "Progression: Cat/Cow has no progressions"),
    ("yoga-wheel", "progression", "4", "Progression must be between 1 and 3, not 4"),
])
def test_item_values_are_refused_with_the_reason(stretch: str, field: str, text: str, why: str) -> None:
    with pytest.raises(Rejected) as refused:
        parse_item_field(field, text, LIBRARY[stretch])
    assert str(refused.value) == why


def test_a_blank_item_value_means_the_stretch_default() -> None:
    assert parse_item_field("hold", " ", LIBRARY["cat-cow"]) is None
    assert parse_item_field("reps", "", LIBRARY["cat-cow"]) is None
    assert parse_item_field("progression", "", LIBRARY["yoga-wheel"]) is None


def test_names_for_new_routines_and_copies_never_clash() -> None:
    assert unique_name("New routine", ["new ROUTINE", "New routine 2"]) == "New routine 3"
    assert copy_name("Desk break", ["desk break (copy)"]) == "Desk break (copy 2)"
    long = "y" * 80
    assert len(copy_name(long, [])) == 80 and copy_name(long, []).endswith(" (copy)")


# -- opening -------------------------------------------------------------------------


def test_opening_new_copy_and_saved_routines() -> None:
    fresh = new_draft()
    assert fresh.routine == Routine("New routine") and fresh.original is None and not fresh.dirty
    desk = next(r for r in BUILTIN if r.name == "Desk break")
    copy = RoutineDraft.open(desk, [*BUILTIN, MINE], LIBRARY)
    assert copy.routine.name == "Desk break (copy)" and copy.original is None
    assert copy.routine.items == desk.items and not copy.routine.builtin
    mine = RoutineDraft.open(MINE, [*BUILTIN, MINE], LIBRARY)
    assert mine.original == MINE and mine.original_name == "Mine"
    mine.set_routine_field("name", "MINE")  # its own name (in another case) is not a clash
    assert mine.routine.name == "MINE"


# -- operations and history -----------------------------------------------------------


def test_operations_edit_items_and_keep_them_normalised() -> None:
    draft = new_draft()
    assert draft.add("cat-cow") == 0
    assert draft.add("lumbar-rotation") == 1
    assert draft.add("yoga-wheel", at=0) == 0
    assert [i.stretch for i in draft.routine.items] == ["yoga-wheel", "cat-cow", "lumbar-rotation"]
    assert draft.move(0, 1) == 1
    assert draft.move(1, 5) == 2  # stops at the end
    assert draft.duplicate(0) == 1
    assert [i.stretch for i in draft.routine.items] == ["cat-cow", "cat-cow", "lumbar-rotation", "yoga-wheel"]
    draft.set_item_field(0, "hold", "10")  # Cat/Cow's default: no override
    assert draft.routine.items[0] == RoutineItem("cat-cow")
    draft.set_item_field(2, "sides", "right")
    draft.set_item_field(3, "progression", "2")
    assert draft.routine.items[2].sides == "right" and draft.routine.items[3].progression == 2
    assert draft.remove(3) == 2
    assert draft.remove(0) == 0
    with pytest.raises(IndexError):
        draft.remove(5)
    with pytest.raises(Rejected, match="there is no stretch 'nope'"):
        draft.add("nope")


def test_typing_into_one_field_is_one_undo_step() -> None:
    draft = new_draft()
    draft.add("cat-cow")
    for text in ("1", "12", "120"):
        draft.set_item_field(0, "hold", text)
    for text in ("M", "Mo", "Mor"):
        draft.set_routine_field("name", text)
    assert draft.routine.name == "Mor" and draft.routine.items[0].hold == 120
    assert draft.undo() and draft.routine.name == "New routine"
    assert draft.undo() and draft.routine.items[0].hold is None
    assert draft.undo() and draft.routine.items == ()
    assert not draft.undo()
    assert draft.redo() and draft.redo() and draft.routine.items[0].hold == 120
    draft.set_routine_field("rest", "7")  # a new edit drops what could be redone
    assert not draft.can_redo


def test_typing_a_field_back_to_its_value_leaves_nothing_to_undo() -> None:
    draft = new_draft()
    draft.set_routine_field("rest", "50")
    draft.set_routine_field("rest", "5")
    assert not draft.can_undo and not draft.dirty


def test_dirty_follows_the_last_save_through_undo() -> None:
    draft = RoutineDraft.open(MINE, [*BUILTIN, MINE], LIBRARY)
    draft.move(0, 1)
    assert draft.dirty
    draft.undo()
    assert not draft.dirty


# -- merging into the file ------------------------------------------------------------


def test_merge_keeps_other_routines_and_replaces_its_own() -> None:
    draft = RoutineDraft.open(MINE, [*BUILTIN, MINE], LIBRARY)
    draft.set_routine_field("name", "Renamed")
    other = Routine("Other")
    assert draft.merge([other, MINE]) == [other, draft.routine]


def test_merge_refuses_a_name_another_instance_just_took() -> None:
    draft = new_draft()
    draft.set_routine_field("name", "Fresh")
    draft.add("cat-cow")
    with pytest.raises(Rejected, match="already used by another of your routines"):
        draft.merge([Routine("fresh")])


def test_merge_refuses_a_routine_with_no_stretches() -> None:
    draft = new_draft()
    with pytest.raises(Rejected, match=r"^A routine needs at least one stretch$"):
        draft.merge([])
    draft.add("cat-cow")
    assert draft.merge([]) == [draft.routine]


def test_merge_finds_a_conflict_on_its_own_routine() -> None:
    draft = RoutineDraft.open(MINE, [*BUILTIN, MINE], LIBRARY)
    theirs = Routine("Mine", rest=9)
    with pytest.raises(DiskConflict) as conflict:
        draft.merge([theirs])
    assert conflict.value.theirs == theirs
    with pytest.raises(DiskConflict) as gone:
        draft.merge([])
    assert gone.value.theirs is None
    assert draft.merge([theirs], force=True) == [draft.routine]
    draft.take(theirs)
    assert draft.routine == theirs and not draft.dirty
    assert draft.undo() and draft.routine == MINE  # yours is still in the history


# -- property: whatever the user does, the result saves and loads back ---------------

STRETCH_IDS = sorted(LIBRARY)
typed_numbers = st.one_of(st.integers(-5, 4000).map(str), st.text(TYPED, max_size=6),
                          st.sampled_from(["", " 30 ", "1", "2", "3"]))
operations = st.one_of(
    st.tuples(st.just("add"), st.sampled_from([*STRETCH_IDS, "unknown"]), st.none() | st.integers(-2, 30)),
    st.tuples(st.just("remove"), st.integers(0, 40)),
    st.tuples(st.just("move"), st.integers(0, 40), st.sampled_from([-1, 1, -3, 3])),
    st.tuples(st.just("duplicate"), st.integers(0, 40)),
    st.tuples(st.just("item"), st.integers(0, 40), st.sampled_from(["hold", "reps", "progression"]),
              typed_numbers),
    st.tuples(st.just("item"), st.integers(0, 40), st.just("sides"),
              st.sampled_from(["both", "left", "right", "up"])),
    st.tuples(st.just("routine"), st.sampled_from(["get_ready", "rest", "transition"]), typed_numbers),
    st.tuples(st.just("routine"), st.sampled_from(["name", "description"]),
              st.text(TYPED, max_size=90) | st.sampled_from(["Desk break", "Other", " Mine "])),
    st.tuples(st.just("undo")), st.tuples(st.just("redo")), st.tuples(st.just("copy")),
)


def apply(draft: RoutineDraft, operation: tuple) -> None:
    kind, *args = operation
    count = len(draft.routine.items)
    before = draft.routine
    try:
        if kind == "add":
            draft.add(*args)
        elif kind == "undo":
            draft.undo()
        elif kind == "redo":
            draft.redo()
        elif kind == "copy":
            draft.become_copy()
        elif kind == "routine":
            draft.set_routine_field(*args)
        elif not count:
            return
        elif kind == "remove":
            draft.remove(args[0] % count)
        elif kind == "move":
            draft.move(args[0] % count, args[1])
        elif kind == "duplicate":
            draft.duplicate(args[0] % count)
        elif kind == "item":
            draft.set_item_field(args[0] % count, *args[1:])
    except Rejected:
        assert draft.routine == before  # a refused value changes nothing


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operations, max_size=40))
def test_any_sequence_of_operations_saves_and_loads_back_equal(
    tmp_path: Path, sequence: list[tuple]
) -> None:
    path = tmp_path / "routines.toml"
    other = Routine("Other", items=(RoutineItem("childs-pose"),))
    update_routines(path, LIBRARY, lambda _: [other, MINE])
    draft = RoutineDraft.open(MINE, [*BUILTIN, other, MINE], LIBRARY)
    for operation in sequence:
        apply(draft, operation)
    plan(draft.routine, LIBRARY)  # plans without error
    if not draft.routine.items:  # a routine of nothing is never saved
        with pytest.raises(Rejected, match="needs at least one stretch"):
            update_routines(path, LIBRARY, draft.merge)
        assert load_routines(LIBRARY, path).user == [other, MINE]
        return
    saved = update_routines(path, LIBRARY, draft.merge)
    book = load_routines(LIBRARY, path)
    assert book.problems == []
    assert book.user == saved
    names = [r.name.casefold() for r in book.user]
    assert draft.routine in book.user
    if draft.original is None:  # a copy: saved beside the original
        assert names == ["other", "mine", draft.routine.name.casefold()]
    else:
        assert names == ["other", draft.routine.name.casefold()]
    assert check_file(path, LIBRARY) == []
    draft.mark_saved(saved)
    assert not draft.dirty


ANNOTATED_MINE = """\
# top of my file: keep me
[[routines]]
name = "Other"
[[routines.items]]
stretch = "childs-pose"

# mine, below: keep me too
[[routines]]
name = "Mine"  # by hand

# the first item
[[routines.items]]
stretch = "cat-cow"  # slowly
hold = 20

[[routines.items]]
stretch = "lumbar-rotation"
sides = "left"  # the bad side
"""
OTHER_BLOCK = ANNOTATED_MINE[: ANNOTATED_MINE.index("[[routines]]\nname = \"Mine\"")]


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operations, max_size=30))
def test_any_sequence_of_operations_on_an_annotated_file_keeps_its_comments(
    tmp_path: Path, sequence: list[tuple]
) -> None:
    """The routine's own comments stay whatever is done to it (renamed, values changed,
    items moved): it is changed in place; the routine before it stays byte for byte."""
    path = tmp_path / "routines.toml"
    path.write_text(ANNOTATED_MINE)
    book = load_routines(LIBRARY, path)
    assert book.problems == [] and book.user[1] == MINE
    draft = RoutineDraft.open(MINE, [*BUILTIN, *book.user], LIBRARY)
    for operation in sequence:
        apply(draft, operation)
    if not draft.routine.items:
        return  # never saved: the other property test covers the refusal
    saved = update_routines(path, LIBRARY, draft.merge)
    text = path.read_text()
    book = load_routines(LIBRARY, path)
    assert book.problems == [] and book.user == saved and draft.routine in book.user
    assert text.startswith(OTHER_BLOCK)
    assert "# mine, below: keep me too\n[[routines]]\n" in text
    name_line = next(line for line in text.splitlines() if line.endswith("# by hand"))
    assert name_line.startswith("name = ")  # the name's comment, on whatever name it now has
    assert check_file(path, LIBRARY) == []
