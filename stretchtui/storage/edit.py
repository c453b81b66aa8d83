"""Changing a TOML file a person may have annotated, keeping what they wrote.

tomlkit parses the file into a document that remembers its comments (on their own lines
and after values), blank lines and order; only what changed is replaced, so a routine
the save does not touch stays byte for byte as it was. New files are written by tomli-w
(storage.render); these functions edit existing ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Item, Table

from stretchtui.core.model import Routine

from .render import routines_document


class CannotEdit(ValueError):
    """The file's text could not be edited in place (tomlkit refused or could not write it)."""


def edit_routines(text: str, before: Sequence[Routine], after: Sequence[Routine]) -> str:
    """`text` (a routines file that loaded as `before`, in order) with its routines made
    `after`: an unchanged routine keeps its table as written, wherever it now stands; a
    new or changed one gets a fresh table; a removed one goes, with what it held.

    Comments on their own lines just above a `[[routines]]` header (which TOML parsers
    keep at the end of the table before) stay with the routine below them."""
    try:
        document = tomlkit.parse(text)
        tables = document.get("routines")
        if isinstance(tables, AoT) and len(tables) == len(before):
            old = list(tables)
            above = [[], *(_split_tail(table) for table in old)]  # the comments above each
            end = above.pop()  # what follows the last routine, to the end of the file
            kept = {routine.name.casefold(): (routine, table, comments)
                    for routine, table, comments in zip(before, old, above, strict=True)}
            for index in range(len(old) - 1, -1, -1):
                del tables[index]
        else:  # hand-written as `routines = [...]`, or nothing yet: every routine anew
            kept, end = {}, []
            if "routines" in document:
                del document["routines"]
            tables = tomlkit.aot()
            document.append("routines", tables)
        fresh = routines_document(list(after))["routines"]
        previous: Table | None = None
        for routine, written in zip(after, fresh, strict=True):
            same = kept.get(routine.name.casefold())
            table = same[1] if same is not None and same[0] == routine else _routine_table(written)
            comments: list[Item] = same[2] if same is not None else [tomlkit.nl()]  # new: a blank line
            if previous is not None:
                _add_tail(previous, comments)
            elif same is not None and same[2]:  # now first: its comments go above the tables
                del document["routines"]
                for item in comments:
                    document.append(None, item)
                document.append("routines", tables)
            tables.append(table)
            previous = table
        if previous is not None:
            _add_tail(previous, end)
        return tomlkit.dumps(document)
    except (tomlkit.exceptions.TOMLKitError, RecursionError, TypeError, ValueError) as error:
        raise CannotEdit(str(error)) from None


def edit_settings(text: str, settings: Mapping[str, Any]) -> str:
    """`text` (a config file) with these keys set; every other line stays as written."""
    try:
        document = tomlkit.parse(text)
        for key, value in settings.items():
            document[key] = value
        return tomlkit.dumps(document)
    except (tomlkit.exceptions.TOMLKitError, RecursionError, TypeError, ValueError) as error:
        raise CannotEdit(str(error)) from None


def _routine_table(written: dict[str, Any]) -> Table:
    """A `[[routines]]` table followed by its `[[routines.items]]` tables."""
    items = written.pop("items", [])
    table = tomlkit.table()
    table.update(written)
    if items:
        item_tables = tomlkit.aot()
        for item in items:
            item_table = tomlkit.table()
            item_table.update(item)
            item_tables.append(item_table)
        table.append("items", item_tables)
    return table


def _last_container(table: Table) -> Container:
    """Where the text after a routine's last line is kept: its last item table, if any."""
    items = table.get("items")
    if isinstance(items, AoT) and len(items):
        return items[-1].value
    return table.value


def _split_tail(table: Table) -> list[Item]:
    """Take the comments and blank lines that end a routine's table (they stand above the
    next routine's header) off it."""
    body = _last_container(table).body
    end = len(body)
    while end and body[end - 1][0] is None:
        end -= 1
    tail = [item for _, item in body[end:]]
    del body[end:]
    return tail


def _add_tail(table: Table, tail: list[Item]) -> None:
    container = _last_container(table)
    for item in tail:
        container.append(None, item)
