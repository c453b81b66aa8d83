"""The `key=value` files that `stretchtui status` reads every few seconds: the running
sessions' state (`runtime`) and its own kept answers (`status_cache`).

One format for both: a header line naming the kind and version, one `key=value` line a field,
and an `end` line, so a file cut short (a crash mid-write, though writes are atomic) or
of another version is not read at all. No json: its `re` import alone doubles Python's
start-up, and this runs in every tmux of the user.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Mapping


def render(header: str, fields: Mapping[str, str]) -> str | None:
    """The file's text; None when a value would not stay on its own line.

    Only a line break is refused: emoji newer than Python's Unicode tables, private-use
    icons (Nerd Fonts) and format characters are not printable to `str.isprintable`, yet a
    name holding them passes `check` and must still show as running."""
    lines = [header]
    for key, value in fields.items():
        if "\n" in value or "\r" in value:
            return None
        lines.append(f"{key}={value}")
    return "\n".join([*lines, "end", ""])


def parse(text: str, header: str) -> dict[str, str] | None:
    """The fields of a whole file with this header; None for anything else (never raises)."""
    lines = text.split("\n")
    if lines[:1] != [header] or "end" not in lines:
        return None
    fields: dict[str, str] = {}
    for line in lines[1 : lines.index("end")]:
        key, equals, value = line.partition("=")
        if not equals:
            return None
        fields[key] = value
    return fields
