"""Every read and write of stretchtui's files.

Saves are atomic (temporary file, fsync, rename, fsync of the directory), keep the
previous version as a `.bak`, are validated by loading the new text back first, and
happen under a lock so two instances never lose each other's routines. A file that
failed to load is never overwritten.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from stretchtui.model import Routine, Stretch

from . import paths
from .errors import Problem, StorageError
from .schema import Locator, normalise_item, parse_routines, parse_stretches, routines_document

MAX_FILE_BYTES = 5_000_000
"""Large enough for a library of 10,000 stretches (about 2 MB); anything bigger is not ours."""
MAX_KEY_PARTS = 64
# A dotted key of more than MAX_KEY_PARTS parts (`a.b.c...`, in a header or before `=`).
# Linear time on any text: a match starts only at the beginning of a chain, and the
# possessive quantifiers never backtrack.
_DEEP_KEY = re.compile(
    r"""(?<![\w"'.-])(?:(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')[ \t]*+\.[ \t]*+)"""
    rf"{{{MAX_KEY_PARTS}}}"
)
ROUTINES_HEADER = (
    "# Routines written by stretchtui. Edit by hand if you like:\n"
    "# `stretchtui check` validates the file, and the format is in the README.\n\n"
)


# -- reading -------------------------------------------------------------------------


def read_toml(path: Path) -> tuple[dict[str, Any], Locator]:
    """Parse a TOML file, turning every way it can fail into a StorageError with a position.

    FileNotFoundError is left to the caller: a missing user file is not a problem.
    """
    try:
        with open(path, "rb") as handle:  # read no more than we accept, whatever the file is
            raw = handle.read(MAX_FILE_BYTES + 1)
            status = os.fstat(handle.fileno())
            size = status.st_size if stat.S_ISREG(status.st_mode) else None
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StorageError(Problem(path, f"cannot be read: {error.strerror or error}")) from None
    if size is None and len(raw) > MAX_FILE_BYTES:  # a device or pipe: its size is unknown
        raise StorageError(Problem(path, "is too large (more than 5 MB)"))
    return parse_toml_bytes(raw, path, size)


def parse_toml_bytes(raw: bytes, path: Path | str, size: int | None = None) -> tuple[dict[str, Any], Locator]:
    """Parse TOML text in bounded time: size, encoding and key depth are checked first."""
    size = len(raw) if size is None else size
    if len(raw) > MAX_FILE_BYTES or size > MAX_FILE_BYTES:
        raise StorageError(Problem(path, f"is too large ({size / 1_000_000:.1f} MB; at most 5 MB)"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StorageError(
            Problem(path, f"is not UTF-8 text (byte 0x{raw[error.start]:02x})", line)
        ) from None
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


@functools.cache
def builtin_stretches() -> Mapping[str, Stretch]:
    """The library shipped with the package. A problem here is a packaging bug: raise."""
    stretches, problems = _load_packaged("stretches.toml", parse_stretches)
    if problems:
        raise StorageError(problems)
    return {stretch.id: stretch for stretch in stretches}


def _load_packaged(name: str, parse: Callable[..., tuple[list[Any], list[Problem]]], *args: Any,
                   **kwargs: Any) -> tuple[list[Any], list[Problem]]:
    resource = resources.files("stretchtui") / "data" / name
    data, locator = parse_toml_bytes(resource.read_bytes(), f"<built-in {name}>")
    return parse(data, f"<built-in {name}>", locator, *args, **kwargs)


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


def builtin_routines(library: Mapping[str, Stretch]) -> list[Routine]:
    routines, problems = _load_packaged("routines.toml", parse_routines, library, builtin=True)
    if problems:
        raise StorageError(problems)
    return routines


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


def check_file(path: Path, library: Mapping[str, Stretch]) -> list[Problem]:
    """Validate a routines or stretches file (told apart by its top-level key)."""
    try:
        data, locator = read_toml(path)
    except FileNotFoundError:
        return [Problem(path, "does not exist")]
    except StorageError as error:
        return error.problems
    if "stretches" in data and "routines" not in data:
        taken = {} if _is_packaged(path, "stretches.toml") else builtin_stretches()
        return parse_stretches(data, path, locator, taken)[1]
    if "routines" not in data:
        return [Problem(path, "has neither [[routines]] nor [[stretches]] tables")]
    taken = set() if _is_packaged(path, "routines.toml") else {
        r.name.casefold() for r in builtin_routines(library)
    }
    return parse_routines(data, path, locator, library, taken)[1]


def _is_packaged(path: Path, name: str) -> bool:
    """Whether `path` is the packaged data file itself (checking it must not clash with it)."""
    try:
        return os.path.samefile(path, str(resources.files("stretchtui") / "data" / name))
    except OSError:
        return False


# -- writing -------------------------------------------------------------------------


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside `path` for a read-modify-write.

    A folder we cannot write to fails here, before anything is read or changed, so it
    is reported like every other storage problem rather than as a raw OSError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise _save_failed(path, error) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed save left behind (safe: writers hold the lock)."""
    if not path.parent.is_dir():
        return
    leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
    if not leftovers:
        return
    with contextlib.suppress(OSError, StorageError), locked(path):
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def atomic_write(path: Path, text: str, *, backup: bool = True) -> None:
    """Replace `path` with `text` so that a crash leaves the old or the new file, whole."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup and path.exists():
            _replace_with(path.with_name(path.name + ".bak"), path.read_bytes())
        _replace_with(path, text.encode("utf-8"))
    except OSError as error:
        raise _save_failed(path, error) from None


def _save_failed(path: Path, error: OSError) -> StorageError:
    """One clear line for a save the system refused (no permission, disk full, ...)."""
    return StorageError(
        Problem(path, f"could not be saved ({error.strerror or error}); the file on disk is unchanged")
    )


def _replace_with(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def render_routines(routines: list[Routine]) -> str:
    """The routines as a person would write them: `[[routines]]` tables, each followed by
    its `[[routines.items]]` tables (tomli-w alone would put the items inline)."""
    parts = [ROUTINES_HEADER.rstrip("\n")]
    for table in routines_document(routines)["routines"]:
        items = table.pop("items", [])
        parts.append("[[routines]]\n" + tomli_w.dumps(table).rstrip("\n"))
        parts += ["[[routines.items]]\n" + tomli_w.dumps(item).rstrip("\n") for item in items]
    return "\n\n".join(parts) + "\n"


def update_routines(
    path: Path,
    library: Mapping[str, Stretch],
    change: Callable[[list[Routine]], list[Routine]],
) -> list[Routine]:
    """Read the user's routines, apply `change`, and save the result, all under the lock.

    `change` sees what is on disk now, so another instance's saves are never lost.
    Raises StorageError (and writes nothing) if the file on disk has problems or the
    new text does not load back equal.
    """
    builtin = builtin_routines(library)
    with locked(path):
        try:
            current, problems = _read_user_routines(path, library, builtin)
        except StorageError as error:
            current, problems = [], error.problems
        if problems:
            raise StorageError(
                [*problems, Problem(path, "was not saved over: fix the problems above first")]
            )
        new = [_normalised(routine, library) for routine in change(current)]
        text = render_routines(new)
        data, locator = parse_toml_bytes(text.encode("utf-8"), path)
        reloaded, problems = parse_routines(data, path, locator, library,
                                            {r.name.casefold() for r in builtin})
        if problems:
            raise StorageError(problems)
        if reloaded != new:
            raise StorageError(Problem(path, "the new routines did not load back equal; not saved"))
        atomic_write(path, text)
    return reloaded


def _normalised(routine: Routine, library: Mapping[str, Stretch]) -> Routine:
    """The routine as it will load back: overrides at their defaults dropped, text trimmed
    (the loader trims, so "Desk " would otherwise fail the load-back check)."""
    items = tuple(
        normalise_item(item, library[item.stretch]) if item.stretch in library else item
        for item in routine.items
    )
    return replace(routine, name=routine.name.strip(), description=routine.description.strip(),
                   items=items, builtin=False)


def save_routine(
    path: Path, library: Mapping[str, Stretch], routine: Routine, *, replaces: str | None = None
) -> list[Routine]:
    """Add `routine`, or put it in place of the routine named `replaces`."""
    target = (replaces or routine.name).casefold()

    def change(current: list[Routine]) -> list[Routine]:
        names = [r.name.casefold() for r in current]
        if target in names:
            current[names.index(target)] = routine
            return current
        return [*current, routine]

    return update_routines(path, library, change)


def delete_routine(path: Path, library: Mapping[str, Stretch], name: str) -> list[Routine]:
    return update_routines(
        path, library, lambda current: [r for r in current if r.name.casefold() != name.casefold()]
    )


# -- config --------------------------------------------------------------------------


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The user's settings; a broken config file is ignored rather than fatal."""
    path = path or paths.config_file()
    remove_stale_temporaries(path)
    try:
        data, _ = read_toml(path)
    except (FileNotFoundError, StorageError):
        return {}
    return data


def save_config(settings: Mapping[str, Any], path: Path | None = None) -> None:
    path = path or paths.config_file()
    with locked(path):
        try:
            current, _ = read_toml(path)
        except FileNotFoundError:
            current = {}
        except StorageError:
            return  # never overwrite a config we could not read
        current.update(settings)
        try:
            text = tomli_w.dumps(current)
        except (RecursionError, TypeError, ValueError):  # e.g. arrays nested hundreds deep
            raise StorageError(
                Problem(path, "holds values too deeply nested to write back; not changed")
            ) from None
        atomic_write(path, text, backup=False)
