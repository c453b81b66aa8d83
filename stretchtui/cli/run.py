"""`stretchtui` and `stretchtui run ROUTINE`: the full-screen app (the only UI commands)."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

from stretchtui.core.model import Routine
from stretchtui.storage import paths
from stretchtui.storage.library import load_library
from stretchtui.storage.routines import load_routines


def find_routine(routines: list[Routine], wanted: str) -> Routine | str:
    """The routine named `wanted` (any case); else the one it starts, or the shortest of
    those it starts when every other begins with that one ("desk" runs "Desk break", not
    the "Desk break (copy)" the builder invites); else why not."""
    key = wanted.casefold()
    exact = [r for r in routines if r.name.casefold() == key]
    if exact:
        return exact[0]
    starting = [r for r in routines if r.name.casefold().startswith(key)]
    if starting:
        shortest = min(starting, key=lambda r: len(r.name))
        if all(r.name.casefold().startswith(shortest.name.casefold()) for r in starting):
            return shortest
    names = ", ".join(repr(r.name) for r in (starting or routines))
    if starting:
        return f"{wanted!r} could be any of: {names}"
    return f"no routine is called {wanted!r}; the routines are: {names}"


def suggested(routines: list[Routine]) -> Routine | str:
    """The routine a reminder suggests (`core.reminders.suggest`), else why there is none."""
    from stretchtui.core.reminders import suggest
    from stretchtui.storage.config import load_config
    from stretchtui.storage.errors import StorageError
    from stretchtui.storage.history import last_record

    try:
        last = last_record()
    except (StorageError, OSError):
        last = None
    found = suggest(routines, last.routine if last else "", load_config()[0].default_routine)
    return found or "no routine has stretches yet; build one in the app first"


def run_command(wanted: str | None, routines_path: Path | None, *, summary: bool) -> int:
    """Exit 0 when the routine was completed, 1 when stopped early, 2 when none matches.
    No `wanted`: the suggested routine."""
    library = load_library()
    book = load_routines(library.stretches, paths.routines_file(routines_path))
    found = suggested(book.routines) if wanted is None else find_routine(book.routines, wanted)
    if isinstance(found, str):
        print(f"stretchtui run: {found}", file=sys.stderr)
        return 2
    if not found.items:
        print(f"stretchtui run: {found.name!r} has no stretches yet; add one in the builder",
              file=sys.stderr)
        return 2
    return open_app(book.path, run=found, summary=summary)


MAX_CELLS = (1000, 500)
"""The largest COLUMNS and LINES believed when the terminal cannot say its own size."""


def trust_the_terminal(environ: MutableMapping[str, str], descriptor: int) -> None:
    """Lay out for the real terminal: Textual (through shutil) believes exported COLUMNS
    and LINES over the terminal's own size, so a stale export drew off screen, and a huge
    one allocated gigabytes. They go when the terminal can say its size; else they are
    bounded."""
    try:
        os.get_terminal_size(descriptor)
    except OSError:
        for name, most in zip(("COLUMNS", "LINES"), MAX_CELLS, strict=True):
            value = environ.get(name, "")
            if value.isdecimal() and (len(value) > 6 or int(value) > most):
                environ[name] = str(most)
        return
    environ.pop("COLUMNS", None)
    environ.pop("LINES", None)


def remind_command(routines_path: Path | None) -> int:
    """The popup's command: the reminder, at once (enter starts, z snoozes, esc dismisses)."""
    return open_app(paths.routines_file(routines_path), remind=True)


def open_app(routines_path: Path | None, *, run: Routine | None = None, summary: bool = True,
             remind: bool = False) -> int:
    """Run the app in this terminal; its exit status (1 after a crash, with one line)."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        print("stretchtui: the app needs a terminal; try `stretchtui list` in pipes", file=sys.stderr)
        return 2
    trust_the_terminal(os.environ, sys.stdout.fileno())
    from stretchtui.tui.app import StretchApp  # deferred: only the UI pays for Textual

    app = StretchApp(routines_path=paths.routines_file(routines_path), run=run, summary=summary,
                     remind=remind)
    try:
        app.run()
    finally:
        app.keeper.shutdown()  # a crash or a closed terminal still leaves the record
    if app.crash_line is not None:
        print(app.crash_line, file=sys.stderr)
        return 1  # whatever was decided before the crash: a crash is never a success
    return 1 if app.return_code is None else app.return_code
