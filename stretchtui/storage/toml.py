"""Reading TOML files safely, and finding the line of any key in them.

Only regular files are read (a FIFO would block, a device never ends), in bounded size
and time; every way a file can fail to parse becomes a Problem with a line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import Problem, StorageError
from .regular import open_regular, unreadable

MAX_FILE_BYTES = 5_000_000
"""Large enough for a library of 10,000 stretches (about 2 MB); anything bigger is not ours."""
MAX_KEY_PARTS = 64


_DEEP_KEY = re.compile(
    r"""(?<![\w"'.-])(?:(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')[ \t]*+\.[ \t]*+)"""
    rf"{{{MAX_KEY_PARTS}}}"
)
"""A dotted key of more than MAX_KEY_PARTS parts (`a.b.c...`, in a header or before `=`).
Linear time on any text: a match starts only at the beginning of a chain, and the
possessive quantifiers never backtrack."""


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes, int]:
    """At most `limit` + 1 bytes of a regular file (links followed), never blocking,
    and the file's size.

    FileNotFoundError is left to the caller (a missing user file is not a problem);
    anything else that is not a readable regular file is a StorageError with one line.
    """
    descriptor, status = open_regular(path)
    with open(descriptor, "rb") as handle:
        try:
            return handle.read(limit + 1), status.st_size
        except OSError as error:
            raise StorageError(Problem(path, unreadable(error))) from None


def read_toml(path: Path, *, label: str | None = None) -> tuple[dict[str, Any], Locator]:
    """Parse a TOML file, turning every way it can fail into a StorageError with a position
    (naming the file by `label`, if given, when it cannot be parsed)."""
    raw, size = read_bytes(path)
    return parse_toml_bytes(raw, label or path, size)


def parse_toml_bytes(raw: bytes, path: Path | str, size: int | None = None) -> tuple[dict[str, Any], Locator]:
    """Parse TOML text in bounded time: size, encoding and key depth are checked first."""
    size = max(len(raw), size or 0)
    if size > MAX_FILE_BYTES:
        raise StorageError(Problem(path, f"is too large ({size / 1_000_000:.1f} MB; at most 5 MB)"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StorageError(
            Problem(path, f"is not UTF-8 text (byte 0x{raw[error.start]:02x})", line)
        ) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write: not content
    deep = _DEEP_KEY.search(text)
    if deep:  # tomllib takes time quadratic in the parts of a dotted key
        line = text.count("\n", 0, deep.start()) + 1
        raise StorageError(Problem(path, "is nested too deeply to be a stretchtui file", line))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StorageError(_decode_problem(path, error, text)) from None
    except RecursionError:
        raise StorageError(Problem(path, "is nested too deeply to be a stretchtui file")) from None
    return data, Locator(text)


def _decode_problem(path: Path | str, error: tomllib.TOMLDecodeError, text: str) -> Problem:
    """`path:line:col: message` (Python 3.11 has the position only in the message text)."""
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return Problem(path, message[: found.start()], int(found.group(1)), int(found.group(2)))
    at_end = re.search(r"\s*\(at end of document\)$", message)
    if at_end:  # point at the end of the text, so even this error has a line and column
        line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
        return Problem(path, message[: at_end.start()] + " at the end of the file", line, column)
    return Problem(path, message)


class Locator:
    """Finds the line of a table or key in TOML text, by the path tomllib gives it.

    tomllib reports no positions for values, so we scan the text for table headers and
    `key =` lines ourselves. Paths look like ("routines", 1, "items", 0, "hold").
    """

    # Both patterns match in linear time: a hostile line of a megabyte must not hang the
    # loader (no two neighbouring quantifiers may compete for the same characters).
    _HEADER = r"^\s*(\[\[?)([^\[\]]*)\]"
    _KEY = r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]"""

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
        header_pattern, key_pattern = re.compile(self._HEADER), re.compile(self._KEY)
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
            header = header_pattern.match(line)
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
            key = key_pattern.match(line)
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
