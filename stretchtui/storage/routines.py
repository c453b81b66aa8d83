"""The routines: the built-in starters and the user's routines file, loaded and saved.

A file that failed to load is never overwritten; saves are read-modify-write under a
lock, validated by loading the new text back before it replaces anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stretchtui.core.model import Routine, Stretch
from stretchtui.core.rules import normalise_routine

from . import paths
from .errors import Problem, StorageError
from .library import load_packaged
from .render import render_routines
from .schema import parse_routines
from .toml import Locator, parse_toml_bytes, read_bytes, read_toml
from .write import atomic_write, locked, remove_stale_temporaries

NOT_SAVED_OVER = "was not saved over: fix the problems above first"


def builtin_routines(library: Mapping[str, Stretch]) -> list[Routine]:
    return load_packaged("routines.toml", parse_routines, library, builtin=True)


@dataclass
class RoutineBook:
    """The built-in routines and the user's routines file, as loaded."""

    path: Path
    builtin: list[Routine]
    user: list[Routine]
    problems: list[Problem] = field(default_factory=list)

    @property
    def routines(self) -> list[Routine]:
        return [*self.builtin, *self.user]

    @property
    def writable(self) -> bool:
        """A file with problems is never overwritten: saving would drop what failed to load."""
        return not self.problems

    def find(self, name: str) -> Routine | None:
        return next((r for r in self.routines if r.name.casefold() == name.casefold()), None)


def load_routines(library: Mapping[str, Stretch], path: Path | None = None) -> RoutineBook:
    path = path or paths.routines_file()
    builtin = builtin_routines(library)
    remove_stale_temporaries(path)
    try:
        user, problems = _read_user_routines(path, library, builtin)
    except StorageError as error:
        return RoutineBook(path, builtin, [], error.problems)
    return RoutineBook(path, builtin, user, problems)


def _read_user_routines(
    path: Path, library: Mapping[str, Stretch], builtin: list[Routine]
) -> tuple[list[Routine], list[Problem]]:
    try:
        data, locator = read_toml(path)
    except FileNotFoundError:
        return [], []
    return parse_routines(data, path, locator, library, {r.name.casefold() for r in builtin})


def update_routines(
    path: Path,
    library: Mapping[str, Stretch],
    change: Callable[[list[Routine]], list[Routine]],
    *,
    wait: float | None = None,
) -> list[Routine]:
    """Read the user's routines, apply `change`, and save the result, all under the lock
    (waiting for it at most `wait` seconds, default write.LOCK_WAIT_S; then LockBusy).

    `change` sees what is on disk now, so another instance's saves are never lost. An
    existing file is edited in place (storage.edit): comments, blank lines and untouched
    routines stay as the user wrote them. Raises StorageError (and writes nothing) if the
    file on disk cannot be read or has problems, or the new text does not load back equal.
    """
    from .edit import CannotEdit, edit_routines  # only a save pays for tomlkit

    builtin = builtin_routines(library)
    taken = {r.name.casefold() for r in builtin}
    with locked(path, wait):
        now = _current_text(path)
        current: list[Routine] = []
        if now is not None:
            current, problems = parse_routines(now[1], path, now[2], library, taken)
            if problems:
                raise StorageError([*problems, Problem(path, NOT_SAVED_OVER)])
        new = [normalise_routine(routine, library) for routine in change(list(current))]
        try:
            new_text = render_routines(new) if now is None else edit_routines(now[0], current, new)
        except CannotEdit as error:
            raise StorageError(Problem(path, f"could not be edited in place ({error}); not saved")) from None
        data, locator = parse_toml_bytes(new_text.encode("utf-8"), path)
        reloaded, problems = parse_routines(data, path, locator, library, taken)
        if problems:
            raise StorageError(problems)
        if reloaded != new:
            raise StorageError(Problem(path, "the new routines did not load back equal; not saved"))
        atomic_write(path, new_text, through_links=True)
    return reloaded


def _current_text(path: Path) -> tuple[str, dict[str, Any], Locator] | None:
    """The file's text as it is now, parsed (None: no file yet). A file that cannot be
    read or parsed is a StorageError, so it is never saved over."""
    try:
        raw, size = read_bytes(path)
        data, locator = parse_toml_bytes(raw, path, size)
    except FileNotFoundError:
        return None
    except StorageError as error:
        raise StorageError([*error.problems, Problem(path, NOT_SAVED_OVER)]) from None
    return raw.decode("utf-8").removeprefix("\ufeff"), data, locator


def delete_routine(path: Path, library: Mapping[str, Stretch], name: str) -> list[Routine]:
    return update_routines(
        path, library, lambda current: [r for r in current if r.name.casefold() != name.casefold()]
    )
