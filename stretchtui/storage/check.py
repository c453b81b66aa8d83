"""`stretchtui check`: validate any of stretchtui's files, told apart by what they hold."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from stretchtui.core.model import Stretch

from .config import CONVERTERS as CONFIG_KEYS
from .config import check_config
from .errors import Problem, StorageError
from .library import builtin_stretches, packaged_file
from .routines import builtin_routines
from .schema import parse_routines, parse_stretches
from .toml import read_bytes, read_toml


def check_file(path: Path, library: Mapping[str, Stretch]) -> list[Problem]:
    """Validate a routines, stretches or config file; one Problem per thing wrong."""
    try:
        data, locator = read_toml(path)
    except FileNotFoundError:
        return [Problem(path, "does not exist")]
    except StorageError as error:
        return error.problems
    if "stretches" in data and "routines" not in data:
        taken = {} if _is_packaged(path, "stretches.toml") else builtin_stretches()
        return parse_stretches(data, path, locator, taken)[1]
    if "routines" in data:
        names = set() if _is_packaged(path, "routines.toml") else {
            r.name.casefold() for r in builtin_routines(library)
        }
        return parse_routines(data, path, locator, library, names)[1]
    if path.name == "config.toml" or (data and set(data) <= set(CONFIG_KEYS)):
        return check_config(path)
    return [Problem(path, "has neither [[routines]] nor [[stretches]] tables")]


def _is_packaged(path: Path, name: str) -> bool:
    """Whether `path` is (a copy of) the packaged data file: the starters checked on their
    own must not clash with themselves, wherever the package was installed from."""
    shipped = packaged_file(name)
    try:
        if os.path.samefile(path, shipped):
            return True
        return read_bytes(path)[0] == shipped.read_bytes()
    except (OSError, StorageError):
        return False
