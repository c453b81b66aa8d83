"""Turn parsed TOML into model objects (and back), naming every problem precisely.

Validation is strict about shape (unknown keys, wrong types, out-of-range numbers) but
lenient about the file as a whole: each bad stretch or routine is reported and left out,
and everything valid still loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from stretchtui.model import AREAS, LEVELS, SIDES, Routine, RoutineItem, Stretch

from .errors import Problem

MAX_SECONDS = 3600
MAX_REPS = 100
MAX_ITEMS = 500
MAX_NAME = 80
MAX_TEXT = 2000
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters refused in any text: C0/C1 controls (escape sequences, newlines), line and
paragraph separators, and bidirectional overrides that would make a name display as
something other than what it is."""

STRETCH_KEYS = (
    "id", "name", "areas", "feel_it_in", "cues", "hold", "reps",
    "per_side", "positions", "level", "caution", "progressions",
)
ROUTINE_KEYS = ("name", "description", "get_ready", "rest", "transition", "items")
ITEM_KEYS = ("stretch", "hold", "reps", "sides", "progression")
ROUTINE_DEFAULTS = {"get_ready": 5, "rest": 5, "transition": 10}


class Locator:
    """Finds the line of a table or key in TOML text, by the path tomllib gives it.

    tomllib reports no positions for values, so we scan the text for table headers and
    `key =` lines ourselves. Paths look like ("routines", 1, "items", 0, "hold").
    """

    # Both patterns match in linear time: a hostile line of a megabyte must not hang the
    # loader (no two neighbouring quantifiers may compete for the same characters).
    _HEADER = re.compile(r"^\s*(\[\[?)([^\[\]]*)\]")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]""")

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: dict[tuple[Any, ...], int] | None = None

    @property
    def _lines(self) -> dict[tuple[Any, ...], int]:
        """Built on the first problem only: a valid file never pays for the scan."""
        if self._index is None:
            self._index = self._scan(self._text)
        return self._index

    def _scan(self, text: str) -> dict[tuple[Any, ...], int]:
        lines: dict[tuple[Any, ...], int] = {}
        arrays: dict[tuple[Any, ...], int] = {}
        table: tuple[Any, ...] = ()
        in_string = False
        for number, line in enumerate(text.split("\n"), 1):  # TOML lines end at \n only
            if line.count('"""') % 2 or line.count("'''") % 2:
                in_string = not in_string
                continue
            if in_string:
                continue
            header = self._HEADER.match(line)
            if header:
                keys = [key.strip().strip("\"'") for key in header.group(2).strip().split(".")]
                path: tuple[Any, ...] = ()
                for position, key in enumerate(keys):
                    path += (key,)
                    if position < len(keys) - 1 and path in arrays:
                        path += (arrays[path] - 1,)
                if header.group(1) == "[[":
                    lines.setdefault(path, number)  # the array itself: its first table
                    arrays[path] = arrays.get(path, 0) + 1
                    path += (arrays[path] - 1,)
                table = path
                lines.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if key:
                lines.setdefault((*table, key.group(1).strip("\"'")), number)
        return lines

    def line(self, *path: Any) -> int | None:
        """The line of the path, or of its nearest enclosing table that we found."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None


class _Checker:
    """Collects problems for one file while values are converted."""

    def __init__(self, path: Path | str, locator: Locator) -> None:
        self.path = path
        self.locator = locator
        self.problems: list[Problem] = []

    def problem(self, message: str, location: tuple[Any, ...], subject: str, key: str = "") -> None:
        self.problems.append(
            Problem(self.path, message, self.locator.line(*location), subject=subject, key=key)
        )

    def unknown_keys(
        self, table: Mapping[str, Any], allowed: tuple[str, ...], location: tuple[Any, ...], subject: str
    ) -> bool:
        unknown = [key for key in table if key not in allowed]
        for key in unknown:
            self.problem(f"unknown key (expected one of: {', '.join(allowed)})",
                         (*location, key), subject, key)
        return not unknown


class Invalid(Exception):
    """One value is wrong; the message says why."""


def _whole(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number, not {_kind(value)}")
    if not low <= value <= high:
        raise Invalid(f"must be between {low} and {high}, not {value}")
    return value


def _range(value: Any, low: int, high: int) -> tuple[int, int]:
    """A number or a [min, max] pair."""
    if isinstance(value, list):
        if len(value) != 2:
            raise Invalid(f"must be a number or a [min, max] pair, not a list of {len(value)}")
        first, second = (_whole(part, low, high) for part in value)
        if first > second:
            raise Invalid(f"range [{first}, {second}] has its minimum above its maximum")
        return first, second
    number = _whole(value, low, high)
    return number, number


def _text(value: Any, limit: int = MAX_TEXT, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {_kind(value)}")
    if not empty and not value.strip():
        raise Invalid("must not be empty")
    if len(value) > limit:
        raise Invalid(f"is too long ({len(value)} characters, at most {limit})")
    if CONTROL_CHARACTERS.search(value):
        raise Invalid("contains control characters")
    return value.strip()


def _texts(value: Any, *, empty: bool = False, choices: tuple[str, ...] = ()) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list of strings, not {_kind(value)}")
    if not value and not empty:
        raise Invalid("must not be an empty list")
    texts = tuple(_text(item) for item in value)
    for text in texts:
        if choices and text not in choices:
            raise Invalid(f"{text!r} is not one of: {', '.join(choices)}")
    return texts


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    text = _text(value)
    if text not in choices:
        raise Invalid(f"must be one of: {', '.join(choices)}, not {text!r}")
    return text


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a decimal number", str: "a string",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _table_list(
    data: Any, key: str, check: _Checker, location: tuple[Any, ...], subject: str
) -> list[Any]:
    """data[key] as a list of tables, or [] with a problem reported."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        check.problem("must be a list of tables", (*location, key), subject, key)
        return []
    return value


def _fields(
    table: Mapping[str, Any],
    converters: Mapping[str, Callable[[Any], Any]],
    required: tuple[str, ...],
    check: _Checker,
    location: tuple[Any, ...],
    subject: str,
) -> dict[str, Any] | None:
    """Convert each known key; None if any problem was found."""
    ok = check.unknown_keys(table, tuple(converters), location, subject)
    values: dict[str, Any] = {}
    for key in required:
        if key not in table:
            check.problem("is missing", location, subject, key)
            ok = False
    for key, convert in converters.items():
        if key in table:
            try:
                values[key] = convert(table[key])
            except Invalid as error:
                check.problem(str(error), (*location, key), subject, key)
                ok = False
    return values if ok else None


def _stretch_subject(table: Mapping[str, Any], index: int) -> str:
    name = table.get("id")
    return f"stretch {name!r}" if isinstance(name, str) else f"stretch {index + 1}"


def parse_stretches(
    data: Mapping[str, Any], path: Path | str, locator: Locator, taken: Mapping[str, Stretch] = {}
) -> tuple[list[Stretch], list[Problem]]:
    """Stretches from a parsed library file; ids in `taken` (the built-ins) are errors."""
    check = _Checker(path, locator)
    check.unknown_keys(data, ("stretches",), (), "file")
    stretches: list[Stretch] = []
    seen = set(taken)
    converters: dict[str, Callable[[Any], Any]] = {
        "id": _stretch_id,
        "name": lambda v: _text(v, MAX_NAME),
        "areas": lambda v: _texts(v, choices=AREAS),
        "feel_it_in": _text,
        "cues": _texts,
        "hold": lambda v: _range(v, 1, MAX_SECONDS),
        "reps": lambda v: _range(v, 1, MAX_REPS),
        "per_side": _flag,
        "positions": lambda v: _texts(v, empty=True),
        "level": lambda v: _choice(v, LEVELS),
        "caution": lambda v: _text(v, empty=True),
        "progressions": lambda v: _texts(v, empty=True),
    }
    for index, table in enumerate(_table_list(data, "stretches", check, (), "file")):
        location = ("stretches", index)
        subject = _stretch_subject(table, index)
        values = _fields(table, converters, ("id", "name", "areas", "feel_it_in", "cues", "hold"),
                         check, location, subject)
        if values is None:
            continue
        if values.get("per_side") and values.get("positions"):
            check.problem("a stretch has either per_side or positions, not both",
                          (*location, "positions"), subject, "positions")
            continue
        if values["id"] in seen:
            why = "is built in" if values["id"] in taken else "is used twice in this file"
            check.problem(f"id {values['id']!r} {why}", (*location, "id"), subject, "id")
            continue
        seen.add(values["id"])
        values.setdefault("reps", (1, 1))
        stretches.append(Stretch(**values))
    return stretches, check.problems


def _stretch_id(value: Any) -> str:
    text = _text(value, 64)
    if not ID_PATTERN.match(text):
        raise Invalid(f"{text!r} must be lower-case letters, digits and dashes")
    return text


def parse_routines(
    data: Mapping[str, Any],
    path: Path | str,
    locator: Locator,
    library: Mapping[str, Stretch],
    taken: set[str] = frozenset(),  # type: ignore[assignment]
    *,
    builtin: bool = False,
) -> tuple[list[Routine], list[Problem]]:
    """Routines from a parsed routines file; names in `taken` are errors (duplicates)."""
    check = _Checker(path, locator)
    check.unknown_keys(data, ("routines",), (), "file")
    routines: list[Routine] = []
    seen = {name.casefold() for name in taken}
    seconds = lambda v: _whole(v, 0, MAX_SECONDS)  # noqa: E731
    converters: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: _text(v, MAX_NAME),
        "description": lambda v: _text(v, empty=True),
        "get_ready": seconds, "rest": seconds, "transition": seconds,
        "items": lambda v: v,
    }
    for index, table in enumerate(_table_list(data, "routines", check, (), "file")):
        location = ("routines", index)
        name = table.get("name")
        subject = f"routine {name!r}" if isinstance(name, str) else f"routine {index + 1}"
        values = _fields(table, converters, ("name",), check, location, subject)
        items = _parse_items(table, check, location, subject, library)  # report its problems too
        if values is None or items is None:
            continue
        if values["name"].casefold() in seen:
            why = "a built-in routine" if values["name"].casefold() in taken else "another routine"
            check.problem(f"duplicate routine name: {why} is already called that",
                          (*location, "name"), subject, "name")
            continue
        seen.add(values["name"].casefold())
        values["items"] = items
        routines.append(Routine(**values, builtin=builtin))
    return routines, check.problems


def _parse_items(
    table: Mapping[str, Any], check: _Checker, location: tuple[Any, ...], subject: str,
    library: Mapping[str, Stretch],
) -> tuple[RoutineItem, ...] | None:
    raw = _table_list(table, "items", check, location, subject)
    if "items" in table and not isinstance(table["items"], list):
        return None
    if len(raw) > MAX_ITEMS:
        check.problem(f"has {len(raw)} items, at most {MAX_ITEMS}", (*location, "items"), subject, "items")
        return None
    items: list[RoutineItem] = []
    ok = True
    converters: dict[str, Callable[[Any], Any]] = {
        "stretch": _text,
        "hold": lambda v: _whole(v, 1, MAX_SECONDS),
        "reps": lambda v: _whole(v, 1, MAX_REPS),
        "sides": lambda v: _choice(v, SIDES),
        "progression": lambda v: _whole(v, 1, 10),
    }
    for number, item_table in enumerate(raw):
        item_location = (*location, "items", number)
        item_subject = f"{subject}, item {number + 1}"
        values = _fields(item_table, converters, ("stretch",), check, item_location, item_subject)
        if values is None:
            ok = False
            continue
        stretch = library.get(values["stretch"])
        if stretch is None:
            check.problem(f"unknown stretch {values['stretch']!r}", (*item_location, "stretch"),
                          item_subject, "stretch")
            ok = False
            continue
        if "sides" in values and not stretch.per_side:
            check.problem(f"{stretch.name} is not done per side", (*item_location, "sides"),
                          item_subject, "sides")
            ok = False
            continue
        if "progression" in values and values["progression"] > len(stretch.progressions):
            have = len(stretch.progressions)
            check.problem(f"{stretch.name} has {have} progression{'s' if have != 1 else ''}, "
                          f"not {values['progression']}",
                          (*item_location, "progression"), item_subject, "progression")
            ok = False
            continue
        items.append(normalise_item(RoutineItem(**values), stretch))
    return tuple(items) if ok else None


def normalise_item(item: RoutineItem, stretch: Stretch) -> RoutineItem:
    """Drop overrides equal to the stretch's defaults, so equal routines compare equal."""
    return RoutineItem(
        stretch=item.stretch,
        hold=None if item.hold == stretch.default_hold else item.hold,
        reps=None if item.reps == stretch.default_reps else item.reps,
        sides=item.sides if stretch.per_side else "both",
        progression=None if (item.progression or 1) == 1 or not stretch.progressions else item.progression,
    )


def routines_document(routines: list[Routine]) -> dict[str, Any]:
    """The TOML document for routines: stable key order, only non-default overrides."""
    out = []
    for routine in routines:
        table: dict[str, Any] = {"name": routine.name}
        if routine.description:
            table["description"] = routine.description
        table.update(get_ready=routine.get_ready, rest=routine.rest, transition=routine.transition)
        items = []
        for item in routine.items:
            entry: dict[str, Any] = {"stretch": item.stretch}
            if item.hold is not None:
                entry["hold"] = item.hold
            if item.reps is not None:
                entry["reps"] = item.reps
            if item.sides != "both":
                entry["sides"] = item.sides
            if item.progression is not None:
                entry["progression"] = item.progression
            items.append(entry)
        if items:
            table["items"] = items
        out.append(table)
    return {"routines": out}
