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
from tomlkit.items import AoT, Comment, Item, Null, Table, Whitespace

from stretchtui.core.model import Routine

from .render import routines_document


class CannotEdit(ValueError):
    """The file's text could not be edited in place (tomlkit refused or could not write it)."""


def edit_routines(text: str, before: Sequence[Routine], after: Sequence[Routine]) -> str:
    """`text` (a routines file that loaded as `before`, in order) with its routines made
    `after`: an unchanged routine keeps its table as written, wherever it now stands; a
    changed one is changed in place (its comments stay, a changed value keeps the comment
    after it); a new one gets a fresh table; a removed one goes, with what it held. A
    routine is known by its name; a renamed one by its place among those left unmatched.

    Comments on their own lines just above a `[[routines]]` header (which TOML parsers
    keep at the end of the table before) stay with the routine below them."""
    try:
        document = tomlkit.parse(text)
        tables = document.get("routines")
        if isinstance(tables, AoT) and len(tables) == len(before):
            old = list(tables)
            above = [[], *(_split_tail(table) for table in old)]  # the comments above each
            end = above.pop()  # what follows the last routine, to the end of the file
            written_as = list(zip(before, old, above, strict=True))
            for index in range(len(old) - 1, -1, -1):
                del tables[index]
        else:  # hand-written as `routines = [...]`, or nothing yet: every routine anew
            written_as, end = [], []
            if "routines" in document:
                del document["routines"]
            tables = tomlkit.aot()
            document.append("routines", tables)
        fresh = routines_document(list(after))["routines"]
        previous: Table | None = None
        for routine, written, same in zip(after, fresh, _match(written_as, after), strict=True):
            if same is None:
                table = _routine_table(written)
            else:
                table = same[1]
                if same[0] != routine:
                    _change_routine(table, written, routines_document([same[0]])["routines"][0])
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


_Written = tuple[Routine, Table, list[Item]]
"""A routine as the file had it: what it loaded as, its table, the comments above it."""


def _match(written_as: list[_Written], after: Sequence[Routine]) -> list[_Written | None]:
    """For each routine of `after`, the one of the file it is (by name, casefolded); those
    left over on both sides are paired in order when as many remain on each (a rename)."""
    by_name = {entry[0].name.casefold(): entry for entry in written_as}
    found: list[_Written | None] = [by_name.pop(routine.name.casefold(), None) for routine in after]
    unmatched = [index for index, entry in enumerate(found) if entry is None]
    left = list(by_name.values())  # in the file's order
    if unmatched and len(unmatched) == len(left):
        for index, entry in zip(unmatched, left, strict=True):
            found[index] = entry
    return found


def _change_routine(table: Table, written: dict[str, Any], was: dict[str, Any]) -> None:
    """Make the routine's `table`, which the file had as `was` (both as the renderer
    writes them), hold `written` in place: what stays keeps its line, a changed value the
    comment after it, and a default the user left out stays out. Each item is its table of
    before when there is one for the same stretch (in order), with the comments above it,
    wherever it moved."""
    new_items: list[dict[str, Any]] = written.pop("items", [])
    old_written: list[dict[str, Any]] = was.pop("items", [])
    old_items = list(items) if isinstance(items := table.get("items"), AoT) else []
    if len(old_items) != len(old_written):  # items not as tables: written anew
        old_items, old_written = [], []
    tails = [_split_container_tail(item.value) for item in old_items]
    if "items" in table:
        del table["items"]
    end = _split_container_tail(table.value)  # with no item tables: the routine's own end
    first_own: list[Item] = []
    if tails:
        # An end splits after its last blank line: what comes before ends that table, the
        # comments after it stand above the next item's header and go with that item.
        parts = [_own_and_above(tail) for tail in [end, *tails[:-1]]]
        first_own, end = parts[0][0], tails[-1]
        above = [part[1] for part in parts]
        own = [part[0] for part in parts[1:]] + [[]]
    _set_values(table, written, was)
    _append_all(table.value, first_own)
    if not new_items:
        _append_all(table.value, end)
        return
    unused = list(range(len(old_items)))
    rebuilt = AoT([], parsed=True)  # parsed: tomlkit adds no blank lines of its own
    last: int | None = None
    """The old place of the item just added, to know whether the next one still follows it."""
    for position, item in enumerate(new_items):
        same = next((index for index in unused if old_written[index]["stretch"] == item["stretch"]), None)
        if same is None:
            item_table = _table(item)
            comments: list[Item] = [tomlkit.nl()] if position else []
        else:
            unused.remove(same)
            item_table = old_items[same]
            _set_values(item_table, item, old_written[same])
            comments = list(above[same])
            moved = position and (last is None or last + 1 != same)
            if moved and not (comments and isinstance(comments[0], Whitespace)):
                comments.insert(0, tomlkit.nl())  # a moved item is set off by a blank line
            _append_all(item_table.value, own[same])
        _append_all(rebuilt[-1].value if position else table.value, comments)
        rebuilt.append(item_table)
        last = same
    body = rebuilt[-1].value.body
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        body.pop()  # a blank line that ended an item moved last: the next routine brings its own
    indent = rebuilt[0].trivia.indent
    table.append("items", rebuilt)
    rebuilt[0].trivia.indent = indent  # the comments above it end the line before it
    _append_all(rebuilt[-1].value, end)


def _set_values(table: Table, values: Mapping[str, Any], was: Mapping[str, Any]) -> None:
    """`table`'s keys made `values` where they differ from what it held (`was`, defaults
    filled in): an unchanged value, or a default left out, stays as written; tomlkit keeps
    the comment after a value it replaces."""
    for key in [key for key in was if key not in values and key in table]:
        del table[key]
    for key, value in values.items():
        if key not in was or was[key] != value:
            table[key] = value


def _routine_table(written: dict[str, Any]) -> Table:
    """A `[[routines]]` table followed by its `[[routines.items]]` tables."""
    items = written.pop("items", [])
    table = _table(written)
    if items:
        item_tables = tomlkit.aot()
        for item in items:
            item_tables.append(_table(item))
        table.append("items", item_tables)
    return table


def _table(values: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    table.update(values)
    return table


def _last_container(table: Table) -> Container:
    """Where the text after a routine's last line is kept: its last item table, if any."""
    items = table.get("items")
    if isinstance(items, AoT) and len(items):
        return items[-1].value
    return table.value


def _own_and_above(tail: list[Item]) -> tuple[list[Item], list[Item]]:
    """A table's end split after its last blank line: (what ends the table, the comments
    just above the next header)."""
    cut = len(tail)
    while cut and isinstance(tail[cut - 1], Comment):
        cut -= 1
    return tail[:cut], tail[cut:]


def _split_tail(table: Table) -> list[Item]:
    """Take the comments and blank lines that end a routine's table (they stand above the
    next routine's header) off it."""
    return _split_container_tail(_last_container(table))


def _split_container_tail(container: Container) -> list[Item]:
    """Take the comments and blank lines after the last key of `container` off it."""
    body = container.body
    end = len(body)
    while end and body[end - 1][0] is None:
        end -= 1
    tail = [item for _, item in body[end:] if not isinstance(item, Null)]  # Null: a deleted key's place
    del body[end:]
    return tail


def _add_tail(table: Table, tail: list[Item]) -> None:
    _append_all(_last_container(table), tail)


def _append_all(container: Container, items: list[Item]) -> None:
    for item in items:
        container.append(None, item)
