"""Parsed TOML files kept between runs, so that a start parses no TOML and asks
platformdirs nothing.

tomllib is pure Python: importing it and parsing a library of 1,000 stretches takes longer
than the rest of a start, and platformdirs alone takes longer than Python's own start-up
(what `list` and `check` are measured against). What they give never changes while the
files and the environment stay the same, so one file in the user cache folder, `parsed`,
keeps:

- for each TOML file read (the built-in library and routines, the user's stretches,
  routines and config), what tomllib made of it, keyed on the file's path, size,
  modification and change times (ns), inode and device, as os.stat saw them before it was
  read. A file is served from here only while all of these are unchanged: an edit of the
  same size, a file put back with its old modification time, a replacement by rename all
  show. A file changed less than `sealed.SETTLED_S` seconds before it was read is not kept at all,
  so a second change within the file system's timestamp resolution cannot go unseen.
- the folders platformdirs chose (data, config, state, cache), keyed on the variables
  it reads (status_cache.fingerprint), which `paths` uses instead of asking it again.

Documents are still validated on every load (storage.schema): the cache saves the parsing,
never the checking, and a document that came from here is only ever data.

The format is `storage.sealed` (marshal behind a versioned header and a CRC-32), of plain
values only: dicts, lists, strings, numbers and booleans, each document as its own bytes,
loaded anew for each use, so no caller can change what is kept; the shape is checked too,
and a file that is not whole, ours and of this version is ignored and rewritten. The
file is replaced atomically (storage.write), never synced to disk: losing it costs a
parse. It is written only where `paths.cache_dir()` says the cache folder is, and read
from where `status_cache.guess_file` guesses it without platformdirs; when the two differ
it is never used, which costs speed, never a wrong answer.
"""

from __future__ import annotations

import marshal
import os

from .sealed import Key, file_key, header, seal, settled, unseal
from .status_cache import fingerprint, guess_file

TYPE_CHECKING = False  # `list` and `check` start faster without typing and pathlib
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

FILE_NAME = "parsed"
HEADER = header("parsed 1")
MAX_FILES = 32
FOLDERS = ("data", "config", "state", "cache")


class Kept:
    """The cache file of one cache folder as loaded, plus what was parsed since."""

    __slots__ = ("changed", "env", "files", "folders", "where")

    def __init__(self, where: str | None, env: str, folders: dict[str, str] | None,
                 files: dict[str, tuple[Key, bytes]]) -> None:
        self.where = where
        """The file, where it was guessed (None: no guess, nothing is kept)."""
        self.env = env
        self.folders = folders
        """platformdirs' folders for `env`; None when not known for this environment."""
        self.files = files
        """Path -> (key, marshalled document)."""
        self.changed = False


_loaded: Kept | None = None


def _current() -> Kept:
    """What is kept for this process's environment (loaded again when it changes: tests)."""
    global _loaded
    env = fingerprint(os.environ)
    if _loaded is None or _loaded.env != env:
        _loaded = load(os.environ)
    return _loaded


def load(env: Mapping[str, str]) -> Kept:
    """The cache file for `env`, or an empty one when there is none or it cannot be used.
    Never raises."""
    where = guess_file(env, FILE_NAME)
    empty = Kept(where, fingerprint(env), None, {})
    if where is None:
        return empty
    try:
        with open(where, "rb") as handle:
            raw = handle.read()
    except OSError:
        return empty
    found = parse(raw)
    if found is None:
        return empty
    kept_env, folders, files = found
    return Kept(where, empty.env, folders if kept_env == empty.env else None, files)


def parse(raw: bytes) -> tuple[str, dict[str, str], dict[str, tuple[Key, bytes]]] | None:
    """(environment, folders, files) from the file's bytes; None unless it is whole, ours,
    of this version and of the expected shape."""
    value = unseal(HEADER, raw)
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], str)
            and isinstance(value[1], dict) and isinstance(value[2], dict)):
        return None
    env, folders, files = value
    if set(folders) != set(FOLDERS) or not all(isinstance(v, str) for v in folders.values()):
        return None
    for path, entry in files.items():
        if not (isinstance(path, str) and isinstance(entry, tuple) and len(entry) == 2
                and isinstance(entry[1], bytes) and isinstance(entry[0], tuple)
                and len(entry[0]) == 5 and all(type(n) is int for n in entry[0])):
            return None
    return env, folders, files


def render(kept: Kept, folders: dict[str, str]) -> bytes:
    return seal(HEADER, (kept.env, folders, kept.files))


# -- what the loaders ask ----------------------------------------------------------------------


def document(path: Path | str) -> dict[str, Any] | None:
    """What tomllib made of `path` when it was read last, if the file has not changed since;
    None otherwise (or when the file cannot be looked at: the caller reads it and says why)."""
    kept = _current()
    entry = kept.files.get(os.fspath(path))
    if entry is None:
        return None
    try:
        if file_key(os.stat(path)) != entry[0]:
            return None
        data = marshal.loads(entry[1])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def parsed(path: Path | str, status: os.stat_result, data: dict[str, Any]) -> None:
    """Hand over what tomllib made of `path` (read with `status`), to be kept at `save`.
    Not kept: a file changed in the last `sealed.SETTLED_S` seconds, or a document marshal cannot
    write exactly (TOML dates and times are not plain values)."""
    if not settled(status):
        return
    try:
        blob = marshal.dumps(data)
    except ValueError:
        return
    kept = _current()
    kept.files[os.fspath(path)] = (file_key(status), blob)
    kept.changed = True


def folder(kind: str) -> str | None:
    """platformdirs' folder of this `kind` ("data", "config", "state", "cache") for this
    environment, if kept; None: ask platformdirs."""
    folders = _current().folders
    return None if folders is None else folders.get(kind)


def save() -> None:
    """Write what was parsed since the file was loaded, with the entries still valid, if
    anything is new or the folders are not known yet. Never raises: only speed is lost."""
    kept = _current()
    if kept.where is None or (not kept.changed and kept.folders is not None):
        return
    from . import paths
    from .write import replace_with

    folders = {kind: paths.ask_platformdirs(kind) for kind in FOLDERS}
    if os.path.join(folders["cache"], FILE_NAME) != kept.where:
        return
    for path, (key, _) in list(kept.files.items()):  # drop what changed or went away
        try:
            current = file_key(os.stat(path))
        except OSError:
            current = None
        if current != key:
            del kept.files[path]
    while len(kept.files) > MAX_FILES:
        del kept.files[next(iter(kept.files))]
    try:
        os.makedirs(folders["cache"], exist_ok=True)
        replace_with(_path(kept.where), render(kept, folders), durable=False)
    except OSError:
        return
    kept.folders, kept.changed = folders, False


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)
