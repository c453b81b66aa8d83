"""The stretch library: the built-in stretches plus the user's own file."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import stretchtui
from stretchtui.core.model import Stretch

from . import paths
from .errors import Problem, StorageError
from .schema import parse_stretches
from .toml import read_toml


def packaged_file(name: str) -> Path:
    """A data file shipped inside the package (installed as files: importlib.resources, a
    slow import, would say the same)."""
    return Path(stretchtui.__file__).parent / "data" / name


def load_packaged(name: str, parse: Callable[..., tuple[list[Any], list[Problem]]], *args: Any,
                  **kwargs: Any) -> list[Any]:
    """Parse a packaged data file; a problem there is a packaging bug, so it raises."""
    where = f"<built-in {name}>"
    data, locator = read_toml(packaged_file(name), label=where)
    found, problems = parse(data, where, locator, *args, **kwargs)
    if problems:
        raise StorageError(problems)
    return found


@functools.cache
def builtin_stretches() -> Mapping[str, Stretch]:
    """The library shipped with the package."""
    return {stretch.id: stretch for stretch in load_packaged("stretches.toml", parse_stretches)}


@dataclass
class Library:
    """Every stretch the app knows: the built-ins plus the user's own."""

    stretches: dict[str, Stretch]
    problems: list[Problem] = field(default_factory=list)


def load_library(user_file: Path | None = None) -> Library:
    builtin = builtin_stretches()
    stretches = dict(builtin)
    path = user_file or paths.stretches_file()
    try:
        data, locator = read_toml(path)
    except FileNotFoundError:
        return Library(stretches)
    except StorageError as error:
        return Library(stretches, error.problems)
    own, problems = parse_stretches(data, path, locator, builtin)
    stretches.update((stretch.id, stretch) for stretch in own)
    return Library(stretches, problems)
