"""Editing one routine in the builder: a pure draft with validation and undo history.

No Textual and no files here: the builder screen turns key presses into these
operations, storage saves the result, and the property tests drive the draft directly.
Every value the user types is checked with the same rules the loader applies
(stretchtui.core.rules), so whatever the draft holds saves and loads back equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from stretchtui.core.model import SIDES, Routine, RoutineItem, Stretch
from stretchtui.core.plan import Plan, plan
from stretchtui.core.rules import (
    EMPTY_ROUTINE,
    MAX_ITEMS,
    MAX_NAME,
    MAX_REPS,
    MAX_SECONDS,
    Invalid,
    check_text,
    check_whole,
    normalise_routine,
)

ROUTINE_FIELDS: tuple[str, ...] = ("name", "description", "get_ready", "rest", "transition")
ITEM_FIELDS: tuple[str, ...] = ("hold", "reps", "sides", "progression")
LABELS: dict[str, str] = {
    "name": "Name", "description": "Description", "get_ready": "Get ready", "rest": "Rest",
    "transition": "Transition", "hold": "Hold", "reps": "Reps", "sides": "Sides",
    "progression": "Progression",
}
NEW_NAME = "New routine"
_NUMBER = re.compile(r"\d{1,9}")


class Rejected(ValueError):
    """A value a routine cannot hold; the message says why, in words for the user."""


class DiskConflict(Exception):
    """The routine being saved was changed (or deleted) in the file since it was opened."""

    def __init__(self, name: str, theirs: Routine | None) -> None:
        self.name = name
        self.theirs = theirs
        what = "deleted from" if theirs is None else "changed in"
        super().__init__(f"{name!r} was {what} the routines file since you opened it")


# -- parsing what the user typed ---------------------------------------------------


def _number(field: str, text: str, low: int, high: int, unit: str) -> int:
    label = LABELS[field]
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        shown = f"not {text!r}" if cleaned else "not empty"
        raise Rejected(f"{label} must be a whole number{unit}, {shown}")
    try:
        return check_whole(int(cleaned), low, high)
    except Invalid as error:
        raise Rejected(f"{label} {error}") from None


def parse_routine_field(field: str, text: str, taken: Mapping[str, bool] = {}) -> str | int:
    """The value of a routine field typed as `text`; raises Rejected saying why not.

    `taken` maps the casefolded names of the other routines to whether they are built in.
    """
    if field not in ROUTINE_FIELDS:
        raise Rejected(f"routines have no field {field!r}")
    if field in ("name", "description"):
        try:
            value = check_text(text, MAX_NAME) if field == "name" else check_text(text, empty=True)
        except Invalid as error:
            raise Rejected(f"{LABELS[field]} {error}") from None
        if field == "name" and value.casefold() in taken:
            owner = "a built-in routine" if taken[value.casefold()] else "another of your routines"
            raise Rejected(f"Name {value!r} is already used by {owner}")
        return value
    return _number(field, text, 0, MAX_SECONDS, " of seconds (0 for none)")


def parse_item_field(field: str, text: str, stretch: Stretch) -> str | int | None:
    """The override of an item field typed as `text` (blank: the stretch's default)."""
    if field not in ITEM_FIELDS:
        raise Rejected(f"items have no field {field!r}")
    cleaned = text.strip()
    if field == "sides":
        if not stretch.per_side:
            raise Rejected(f"Sides: {stretch.name} is not done per side")
        if cleaned not in SIDES:
            raise Rejected(f"Sides must be one of: {', '.join(SIDES)}, not {text!r}")
        return cleaned
    if not cleaned:
        return None
    if field == "hold":
        return _number(field, text, 1, MAX_SECONDS, " of seconds")
    if field == "reps":
        return _number(field, text, 1, MAX_REPS, "")
    count = len(stretch.progressions)
    if not count:
        raise Rejected(f"Progression: {stretch.name} has no progressions")
    return _number(field, text, 1, count, "")


def unique_name(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base 2`, `base 3`... : the first that no routine in `taken` uses."""
    return _first_free(base, taken, lambda number: "" if number == 1 else f" {number}")


def copy_name(name: str, taken: Iterable[str]) -> str:
    """"Desk break (copy)", or "(copy 2)" and on if that is taken too."""
    return _first_free(name, taken, lambda number: " (copy)" if number == 1 else f" (copy {number})")


def _first_free(base: str, taken: Iterable[str], suffix: Callable[[int], str]) -> str:
    """The first of base + suffix(1), suffix(2)... not in `taken`, cut to fit MAX_NAME."""
    used = {name.casefold() for name in taken}
    for number in range(1, len(used) + 2):
        end = suffix(number)
        candidate = base[: MAX_NAME - len(end)].rstrip() + end
        if candidate.casefold() not in used:
            return candidate
    raise AssertionError("unreachable: more candidates than names")


# -- the draft -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One state in the undo history: the routine and the saved routine it replaces."""

    routine: Routine
    replaces: str | None
    """Name of the routine in the file that saving overwrites; None for a new routine."""


class RoutineDraft:
    """The routine being edited, its undo history, and what it replaces when saved.

    Items are kept normalised (overrides equal to a default dropped), so the draft
    always equals what the file will hold after a save. Which saved routine the draft
    replaces is part of the history: undoing "duplicate routine" edits the original again.
    """

    def __init__(
        self,
        routine: Routine,
        library: Mapping[str, Stretch],
        *,
        original: Routine | None = None,
        names: Mapping[str, bool] = {},
    ) -> None:
        self.library = library
        self._names = {name.casefold(): builtin for name, builtin in names.items()}
        """Casefolded name of every routine known -> whether it is built in."""
        self._known: dict[str, Routine] = {}
        """The user's routines as last seen in the file (to notice changes made meanwhile)."""
        if original is not None:
            self._known[original.name.casefold()] = self._normalised(original)
            self._names[original.name.casefold()] = False
        start = _Entry(self._normalised(routine), original.name if original is not None else None)
        self._history: list[_Entry] = [start]
        self._position = 0
        self._saved = start.routine
        self._coalesce_key: object = None

    @classmethod
    def open(
        cls, routine: Routine | None, routines: Iterable[Routine], library: Mapping[str, Stretch]
    ) -> RoutineDraft:
        """A draft of a new routine, of a copy of a built-in, or of a saved routine."""
        names = {r.name.casefold(): r.builtin for r in routines}
        if routine is None:
            return cls(Routine(name=unique_name(NEW_NAME, names)), library, names=names)
        if routine.builtin:
            copy = replace(routine, name=copy_name(routine.name, names), builtin=False)
            return cls(copy, library, names=names)
        return cls(routine, library, original=routine, names=names)

    # -- state --

    @property
    def routine(self) -> Routine:
        return self._history[self._position].routine

    @property
    def original_name(self) -> str | None:
        """The name in the file of the routine a save replaces (None: a new routine)."""
        return self._history[self._position].replaces

    @property
    def original(self) -> Routine | None:
        """The saved routine a save replaces, as last seen in the file."""
        name = self.original_name
        return self._known.get(name.casefold()) if name is not None else None

    @property
    def taken(self) -> dict[str, bool]:
        """Names the routine cannot take: every other routine's (casefolded -> built in)."""
        own = self.original_name.casefold() if self.original_name is not None else None
        return {name: builtin for name, builtin in self._names.items() if name != own}

    @property
    def dirty(self) -> bool:
        """Whether the draft differs from what was last saved (or opened)."""
        return self.routine != self._saved

    @property
    def can_undo(self) -> bool:
        return self._position > 0

    @property
    def can_redo(self) -> bool:
        return self._position < len(self._history) - 1

    def plan(self) -> Plan:
        return plan(self.routine, self.library)

    def stretch_of(self, index: int) -> Stretch:
        return self.library[self.routine.items[index].stretch]

    # -- operations (each returns the index of the item to highlight next) --

    def add(self, stretch_id: str, at: int | None = None) -> int:
        """Insert the stretch at its defaults at position `at` (default: the end)."""
        if stretch_id not in self.library:
            raise Rejected(f"there is no stretch {stretch_id!r}")
        items = list(self.routine.items)
        if len(items) >= MAX_ITEMS:
            raise Rejected(f"a routine holds at most {MAX_ITEMS} stretches")
        index = len(items) if at is None else max(0, min(at, len(items)))
        items.insert(index, RoutineItem(stretch_id))
        self._commit(replace(self.routine, items=tuple(items)))
        return index

    def remove(self, index: int) -> int | None:
        items = list(self.routine.items)
        self._check_index(index)
        del items[index]
        self._commit(replace(self.routine, items=tuple(items)))
        return min(index, len(items) - 1) if items else None

    def move(self, index: int, offset: int) -> int:
        """Move an item up (negative offset) or down; stops at either end."""
        self._check_index(index)
        items = list(self.routine.items)
        target = max(0, min(index + offset, len(items) - 1))
        if target != index:
            items.insert(target, items.pop(index))
            self._commit(replace(self.routine, items=tuple(items)))
        return target

    def duplicate(self, index: int) -> int:
        self._check_index(index)
        if len(self.routine.items) >= MAX_ITEMS:
            raise Rejected(f"a routine holds at most {MAX_ITEMS} stretches")
        items = list(self.routine.items)
        items.insert(index + 1, items[index])
        self._commit(replace(self.routine, items=tuple(items)))
        return index + 1

    def set_item_field(self, index: int, field: str, text: str) -> int:
        """Set hold, reps, sides or progression of an item from typed text."""
        self._check_index(index)
        stretch = self.stretch_of(index)
        value = parse_item_field(field, text, stretch)
        items = list(self.routine.items)
        changes: dict[str, Any] = {field: value}  # the field is checked by parse_item_field
        items[index] = replace(items[index], **changes)
        self._commit(replace(self.routine, items=tuple(items)), coalesce=("item", index, field))
        return index

    def set_routine_field(self, field: str, text: str) -> None:
        """Set the name, description or a pause of the routine from typed text."""
        value = parse_routine_field(field, text, self.taken)
        changes: dict[str, Any] = {field: value}  # the field is checked by parse_routine_field
        self._commit(replace(self.routine, **changes), coalesce=("routine", field))

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self._position -= 1
        self._coalesce_key = None
        return True

    def redo(self) -> bool:
        if not self.can_redo:
            return False
        self._position += 1
        self._coalesce_key = None
        return True

    def follow(self, earlier: Routine) -> None:
        """The routine was saved from `earlier` by a change made outside the builder (the
        coach's suggestion): make that change the first undo step, so undoing it and
        saving puts `earlier` back."""
        entry = _Entry(self._normalised(earlier), self.original_name)
        if self._position == 0 and entry != self._history[0]:
            self._history.insert(0, entry)
            self._position = 1

    def restore(self, kept: Routine) -> None:
        """Carry on from a draft kept when the app was closed: one edit, which undo takes back."""
        self._commit(kept)

    def become_copy(self) -> None:
        """Carry on as a new routine named "… (copy)"; the saved one stays as it is."""
        copy = replace(self.routine, name=copy_name(self.routine.name, self._names))
        self._commit(copy, replaces=None)

    def take(self, theirs: Routine) -> None:
        """Replace the draft by the version in the file; the draft stays in the undo history."""
        theirs = self._normalised(theirs)
        self._known[theirs.name.casefold()] = theirs
        self._commit(theirs, replaces=theirs.name)
        self._saved = self.routine

    # -- saving --

    def merge(self, current: list[Routine], *, force: bool = False) -> list[Routine]:
        """The user's routines after saving the draft into `current`, the file as it is now.

        Other routines are kept as they are in the file. Raises DiskConflict when the
        routine being replaced changed in the file since it was last seen (unless `force`),
        and Rejected when another routine in the file already has the draft's name.
        """
        if not self.routine.items:
            raise Rejected(EMPTY_ROUTINE[0].upper() + EMPTY_ROUTINE[1:])
        old = self.original_name
        theirs = next((r for r in current if old is not None and r.name.casefold() == old.casefold()),
                      None)
        if old is not None and not force and theirs != self.original:
            raise DiskConflict(old, theirs)
        name = self.routine.name.casefold()
        for routine in current:
            if routine.name.casefold() == name and routine is not theirs:
                raise Rejected(f"Name {self.routine.name!r} is already used by another of your "
                               "routines in the file")
        if theirs is None:
            return [*current, self.routine]
        return [self.routine if r is theirs else r for r in current]

    def mark_saved(self, saved: list[Routine]) -> None:
        """After a save of `saved` (the user's routines now): the draft replaces its own."""
        builtin = {name: True for name, is_builtin in self._names.items() if is_builtin}
        self._names = {**builtin, **{r.name.casefold(): False for r in saved}}
        self._known = {r.name.casefold(): r for r in saved}
        before = self.original_name
        now = next(r.name for r in saved if r.name.casefold() == self.routine.name.casefold())
        self._history = [
            replace(entry, replaces=now) if entry.replaces == before else entry
            for entry in self._history
        ]
        self._saved = self.routine

    # -- internals --

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.routine.items):
            raise IndexError(f"no item {index}")

    def _normalised(self, routine: Routine) -> Routine:
        return normalise_routine(routine, self.library)

    def _commit(self, routine: Routine, coalesce: object = None, **changes: str | None) -> None:
        """Make `routine` current; typing into one field makes one undo step, not many.

        `replaces=` in `changes` also changes which saved routine a save replaces.
        """
        entry = _Entry(self._normalised(routine), changes.get("replaces", self.original_name))
        if entry == self._history[self._position]:
            return
        del self._history[self._position + 1:]
        if coalesce is not None and coalesce == self._coalesce_key and self._position > 0:
            if entry == self._history[self._position - 1]:  # typed back to where it was
                self._history.pop()
                self._position -= 1
                self._coalesce_key = None
            else:
                self._history[self._position] = entry
            return
        self._history.append(entry)
        self._position += 1
        self._coalesce_key = coalesce
