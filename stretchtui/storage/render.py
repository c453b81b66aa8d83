"""Routines written out as TOML that reads like a file a person wrote."""

from __future__ import annotations

from typing import Any

import tomli_w

from stretchtui.core.model import Routine

ROUTINES_HEADER = (
    "# Routines written by stretchtui. Edit by hand if you like:\n"
    "# `stretchtui check` validates the file, and the format is in the README.\n\n"
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


def render_routines(routines: list[Routine]) -> str:
    """The routines as a person would write them: `[[routines]]` tables, each followed by
    its `[[routines.items]]` tables (tomli-w alone would put the items inline)."""
    parts = [ROUTINES_HEADER.rstrip("\n")]
    for table in routines_document(routines)["routines"]:
        items = table.pop("items", [])
        parts.append("[[routines]]\n" + tomli_w.dumps(table).rstrip("\n"))
        parts += ["[[routines.items]]\n" + tomli_w.dumps(item).rstrip("\n") for item in items]
    return "\n\n".join(parts) + "\n"
