"""`stretchtui check [FILE...]`: one line per problem, exit 1 when there is any."""

from __future__ import annotations

from pathlib import Path

from stretchtui.core.rules import shown_path
from stretchtui.storage import paths
from stretchtui.storage.check import check_file
from stretchtui.storage.library import load_library


def check_command(files: list[Path], routines_path: Path | None) -> int:
    """Check `files`, or the user's routines, stretches and config files that exist."""
    library = load_library()
    problems = list(library.problems)
    if not files:
        mine = (paths.routines_file(routines_path), paths.stretches_file(), paths.config_file())
        files = [path for path in mine if path.exists() or path.is_symlink()]
        if routines_path is not None and mine[0] not in files:
            files.insert(0, mine[0])  # named on the command line: its absence is a problem
    own_stretches = paths.stretches_file()
    for path in files:
        if _same(path, own_stretches):
            continue  # load_library has just read and checked it
        problems += check_file(path, library.stretches)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    checked = ", ".join(map(shown_path, files)) or "the built-in library (you have no files yet)"
    print(f"ok: {checked}")
    return 0


def _same(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False
