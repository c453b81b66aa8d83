"""Turn parsed TOML into model objects, naming every problem precisely.

Validation is strict about shape (unknown keys, wrong types, out-of-range numbers) but
lenient about the file as a whole: each bad stretch or routine is reported and left out,
and everything valid still loads. The rules themselves live in stretchtui.core.rules, shared
with the builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from stretchtui.core import figure, rules
from stretchtui.core.model import AREAS, LEVELS, SIDES, Routine, RoutineItem, Stretch
from stretchtui.core.rules import Invalid

from .errors import Problem
from .toml import Locator

Converters = Mapping[str, Callable[[Any], Any]]

STRETCH_KEYS = (
    "id", "name", "areas", "feel_it_in", "cues", "hold", "reps",
    "per_side", "positions", "level", "caution", "progressions", "pose",
)
ROUTINE_KEYS = ("name", "description", "get_ready", "rest", "transition", "items")
ITEM_KEYS = ("stretch", "hold", "reps", "sides", "progression")


class Checker:
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

    def table_list(self, data: Any, key: str, location: tuple[Any, ...], subject: str) -> list[Any]:
        """data[key] as a list of tables, or [] with a problem reported."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem("must be a list of tables", (*location, key), subject, key)
            return []
        return value

    def fields(
        self,
        table: Mapping[str, Any],
        converters: Converters,
        required: tuple[str, ...],
        location: tuple[Any, ...],
        subject: str,
    ) -> tuple[dict[str, Any], bool]:
        """Convert each known key: the values that converted, and whether all did."""
        ok = self.unknown_keys(table, tuple(converters), location, subject)
        values: dict[str, Any] = {}
        for key in required:
            if key not in table:
                self.problem("is missing", location, subject, key)
                ok = False
        for key, convert in converters.items():
            if key in table:
                try:
                    values[key] = convert(table[key])
                except Invalid as error:  # a pose names the line of the joint itself
                    below = getattr(error, "where", ())
                    self.problem(str(error), (*location, key, *below), subject, key)
                    ok = False
        return values, ok


def _stretch_subject(table: Mapping[str, Any], index: int) -> str:
    name = table.get("id")
    return f"stretch {name!r}" if isinstance(name, str) else f"stretch {index + 1}"


STRETCH_CONVERTERS: Converters = {
    "id": rules.check_stretch_id,
    "name": lambda v: rules.check_text(v, rules.MAX_NAME),
    "areas": lambda v: rules.check_texts(v, choices=AREAS),
    "feel_it_in": rules.check_text,
    "cues": rules.check_texts,
    "hold": lambda v: rules.check_range(v, 1, rules.MAX_SECONDS),
    "reps": lambda v: rules.check_range(v, 1, rules.MAX_REPS),
    "per_side": rules.check_flag,
    "positions": lambda v: rules.check_texts(v, empty=True),
    "level": lambda v: rules.check_choice(v, LEVELS),
    "caution": lambda v: rules.check_text(v, empty=True),
    "progressions": lambda v: rules.check_texts(v, empty=True),
    "pose": figure.check_poses,
}


def parse_stretches(
    data: Mapping[str, Any], path: Path | str, locator: Locator, taken: Mapping[str, Stretch] = {}
) -> tuple[list[Stretch], list[Problem]]:
    """Stretches from a parsed library file; ids in `taken` (the built-ins) are errors."""
    check = Checker(path, locator)
    check.unknown_keys(data, ("stretches",), (), "file")
    stretches: list[Stretch] = []
    seen = set(taken)
    for index, table in enumerate(check.table_list(data, "stretches", (), "file")):
        location = ("stretches", index)
        subject = _stretch_subject(table, index)
        values, ok = check.fields(table, STRETCH_CONVERTERS,
                                  ("id", "name", "areas", "feel_it_in", "cues", "hold"), location, subject)
        if not ok:
            continue
        if values.get("per_side") and values.get("positions"):
            check.problem("a stretch has either per_side or positions, not both",
                          (*location, "positions"), subject, "positions")
            continue
        if values["id"] in seen:
            why = "is built in" if values["id"] in taken else "is used twice in this file"
            check.problem(f"id {values['id']!r} {why}", (*location, "id"), subject, "id")
            continue
        if "pose" in values:
            values["poses"] = values.pop("pose")
            try:
                figure.check_pose_count(values["poses"], values.get("positions", ()),
                                        values.get("progressions", ()))
            except Invalid as error:
                check.problem(str(error), (*location, "pose"), subject, "pose")
                continue
        seen.add(values["id"])
        values.setdefault("reps", (1, 1))
        stretches.append(Stretch(**values))
    return stretches, check.problems


def _seconds(value: Any) -> int:
    return rules.check_whole(value, 0, rules.MAX_SECONDS)


ROUTINE_CONVERTERS: Converters = {
    "name": lambda v: rules.check_text(v, rules.MAX_NAME),
    "description": lambda v: rules.check_text(v, empty=True),
    "get_ready": _seconds, "rest": _seconds, "transition": _seconds,
    "items": lambda v: v,
}
ITEM_CONVERTERS: Converters = {
    "stretch": rules.check_text,
    "hold": lambda v: rules.check_whole(v, 1, rules.MAX_SECONDS),
    "reps": lambda v: rules.check_whole(v, 1, rules.MAX_REPS),
    "sides": lambda v: rules.check_choice(v, SIDES),
    "progression": lambda v: rules.check_whole(v, 1, rules.MAX_PROGRESSION),
}


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
    check = Checker(path, locator)
    check.unknown_keys(data, ("routines",), (), "file")
    routines: list[Routine] = []
    seen = {name.casefold() for name in taken}
    for index, table in enumerate(check.table_list(data, "routines", (), "file")):
        location = ("routines", index)
        name = table.get("name")
        subject = f"routine {name!r}" if isinstance(name, str) else f"routine {index + 1}"
        values, ok = check.fields(table, ROUTINE_CONVERTERS, ("name",), location, subject)
        items = _parse_items(table, check, location, subject, library)  # report its problems too
        if not ok or items is None:
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
    table: Mapping[str, Any], check: Checker, location: tuple[Any, ...], subject: str,
    library: Mapping[str, Stretch],
) -> tuple[RoutineItem, ...] | None:
    """The routine's items, or None when any has a problem (each one is reported)."""
    raw = table.get("items", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        check.problem("must be a list of tables", (*location, "items"), subject, "items")
        return None
    try:
        rules.check_item_count(len(raw))
    except Invalid as error:
        check.problem(str(error), (*location, "items"), subject, "items")
        return None
    items: list[RoutineItem] = []
    for number, item_table in enumerate(raw):
        item_location = (*location, "items", number)
        item_subject = f"{subject}, item {number + 1}"
        values, ok = check.fields(item_table, ITEM_CONVERTERS, ("stretch",), item_location, item_subject)
        stretch = library.get(values["stretch"]) if "stretch" in values else None
        if "stretch" in values and stretch is None:
            check.problem(f"unknown stretch {values['stretch']!r}", (*item_location, "stretch"),
                          item_subject, "stretch")
            ok = False
        if stretch is not None:
            for key, rule in (("sides", rules.check_sides), ("progression", rules.check_progression)):
                if key not in values:
                    continue
                try:
                    rule(values[key], stretch)
                except Invalid as error:
                    check.problem(str(error), (*item_location, key), item_subject, key)
                    ok = False
        if ok and stretch is not None:
            items.append(rules.normalise_item(RoutineItem(**values), stretch))
    return tuple(items) if len(items) == len(raw) else None
