"""The rules a stretch or routine must follow, in one place.

The TOML loader (storage.schema) and the builder's draft (draft.py) both check values
with these functions, so whatever the builder accepts saves and loads back equal, and
whatever the loader refuses the builder refuses with the same words. Pure: no files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from stretchtui.core.model import Routine, RoutineItem, Stretch

MAX_SECONDS = 3600
MAX_REPS = 100
MAX_ITEMS = 500
MAX_NAME = 80
MAX_TEXT = 2000
MAX_ID = 64
MAX_PROGRESSION = 10
ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
"""An id is these, not starting with a dash, at most MAX_ID of them."""
EMPTY_ROUTINE = "a routine needs at least one stretch"


class Invalid(Exception):
    """One value is wrong; the message says why, in words for the user."""


@functools.cache
def control_characters() -> re.Pattern[str]:
    """Characters refused in any text: C0/C1 controls (escape sequences, newlines), line and
    paragraph separators, and bidirectional overrides that would make a name display as
    something other than what it is. None of them is printable (str.isprintable), so
    printable text, nearly all of it, never needs the pattern, which compiles on first use."""
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def has_controls(text: str) -> bool:
    """Whether `text` holds any character of control_characters()."""
    return not text.isprintable() and control_characters().search(text) is not None


def strip_controls(text: str) -> str:
    """`text` with every control character removed: for a title, a notification or a
    spoken line, where an escape sequence from a file would act on the terminal."""
    return text if text.isprintable() else control_characters().sub("", text)


def escape_controls(text: str) -> str:
    """`text` with every control character written as its escape (ESC as `\\x1b`): for a file
    or folder name, which may hold anything, so it is shown findable and never acts on the
    terminal (an escape sequence in a name would, from `check`, `list` or a notice)."""
    if text.isprintable():
        return text
    return control_characters().sub(lambda found: ascii(found.group())[1:-1], text)


def shown_path(path: object) -> str:
    """A path as it may be printed or shown: the one place every path passes through."""
    return escape_controls(str(path))


def kind(value: Any) -> str:
    """What a TOML value is, in words ("a string", "a list")."""
    names = {bool: "true/false", int: "a number", float: "a decimal number", str: "a string",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def check_whole(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number, not {kind(value)}")
    if not low <= value <= high:
        raise Invalid(f"must be between {low} and {high}, not {value}")
    return value


def check_range(value: Any, low: int, high: int) -> tuple[int, int]:
    """A number or a [min, max] pair."""
    if isinstance(value, list):
        if len(value) != 2:
            raise Invalid(f"must be a number or a [min, max] pair, not a list of {len(value)}")
        first, second = (check_whole(part, low, high) for part in value)
        if first > second:
            raise Invalid(f"range [{first}, {second}] has its minimum above its maximum")
        return first, second
    number = check_whole(value, low, high)
    return number, number


def check_text(value: Any, limit: int = MAX_TEXT, *, empty: bool = False) -> str:
    """Trimmed text of at most `limit` characters with no control characters."""
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {kind(value)}")
    if not empty and not value.strip():
        raise Invalid("must not be empty")
    if len(value) > limit:
        raise Invalid(f"is too long ({len(value)} characters, at most {limit})")
    if has_controls(value):
        raise Invalid("contains control characters")
    return value.strip()


def check_texts(value: Any, *, empty: bool = False, choices: tuple[str, ...] = ()) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list of strings, not {kind(value)}")
    if not value and not empty:
        raise Invalid("must not be an empty list")
    texts = tuple(check_text(item) for item in value)
    for text in texts:
        if choices and text not in choices:
            raise Invalid(f"{text!r} is not one of: {', '.join(choices)}")
    return texts


def check_choice(value: Any, choices: tuple[str, ...]) -> str:
    text = check_text(value)
    if text not in choices:
        raise Invalid(f"must be one of: {', '.join(choices)}, not {text!r}")
    return text


def check_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {kind(value)}")
    return value


def check_stretch_id(value: Any) -> str:
    text = check_text(value, MAX_ID)
    if text.startswith("-") or not set(text) <= ID_CHARACTERS:
        raise Invalid(f"{text!r} must be lower-case letters, digits and dashes")
    return text


def check_item_count(count: int) -> None:
    """A routine holds at least one stretch (a session of nothing has no steps to run)
    and at most MAX_ITEMS."""
    if count == 0:
        raise Invalid(EMPTY_ROUTINE)
    if count > MAX_ITEMS:
        raise Invalid(f"has {count} items, at most {MAX_ITEMS}")


def check_sides(sides: str, stretch: Stretch) -> str:
    if not stretch.per_side:
        raise Invalid(f"{stretch.name} is not done per side")
    return sides


def check_progression(number: int, stretch: Stretch) -> int:
    have = len(stretch.progressions)
    if number > have:
        raise Invalid(f"{stretch.name} has {have} progression{'s' if have != 1 else ''}, not {number}")
    return number


def normalise_item(item: RoutineItem, stretch: Stretch) -> RoutineItem:
    """Drop overrides equal to the stretch's defaults, so equal routines compare equal."""
    return RoutineItem(
        stretch=item.stretch,
        hold=None if item.hold == stretch.default_hold else item.hold,
        reps=None if item.reps == stretch.default_reps else item.reps,
        sides=item.sides if stretch.per_side else "both",
        progression=None if (item.progression or 1) == 1 or not stretch.progressions else item.progression,
    )


def normalise_routine(routine: Routine, library: Mapping[str, Stretch]) -> Routine:
    """The routine as it loads back from a file: overrides at their defaults dropped and
    text trimmed (the loader trims, so "Desk " would otherwise not compare equal)."""
    items = tuple(
        normalise_item(item, library[item.stretch]) if item.stretch in library else item
        for item in routine.items
    )
    return replace(routine, name=routine.name.strip(), description=routine.description.strip(),
                   items=items, builtin=False)
