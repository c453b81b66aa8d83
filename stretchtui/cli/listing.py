"""`stretchtui list`: routines with their lengths, then every stretch and its dose."""

from __future__ import annotations

import sys
from pathlib import Path

from stretchtui.core.model import describe_dose, format_duration
from stretchtui.core.plan import plan
from stretchtui.storage import paths
from stretchtui.storage.library import load_library
from stretchtui.storage.routines import load_routines


def list_command(routines_path: Path | None) -> int:
    library = load_library()
    book = load_routines(library.stretches, paths.routines_file(routines_path))
    out = sys.stdout
    out.write("Routines\n")
    for routine in book.routines:
        total = format_duration(plan(routine, library.stretches).total)
        origin = "built-in" if routine.builtin else "yours"
        out.write(f"  {routine.name:<32} {total:>7}  {len(routine.items):>2} stretches  ({origin})\n")
    out.write("\nStretches\n")
    for stretch in library.stretches.values():
        out.write(f"  {stretch.id:<28} {stretch.name:<28} {describe_dose(stretch)}\n")
    for problem in [*library.problems, *book.problems]:
        print(f"warning: {problem}", file=sys.stderr)
    return 0
