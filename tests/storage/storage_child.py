"""A separate process that saves routines through storage, for crash and concurrency tests.

Run as `python tests/storage/storage_child.py COMMAND PATH ...`:

- `interrupt PATH NAME`: save a routine called NAME, but SIGKILL this process right after
  the temporary file is written and synced, before it replaces PATH.
- `many PATH PREFIX COUNT`: save COUNT routines named "PREFIX 1".."PREFIX COUNT", one save
  each, the way two app instances would.
- `loop PATH START`: print "ready", then save version START, START+1, ... of the file
  (see `version`) forever, printing each number before its save begins: whoever kills
  this process knows the file must hold the last number printed or the one before.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from stretchtui.core.model import Routine, RoutineItem

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakes
from fakes import save_routine

from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import update_routines

IDS = sorted(builtin_stretches())


def routine(name: str) -> Routine:
    return Routine(name, description="saved by a child process", items=(RoutineItem("cat-cow"),))


def interrupt(path: Path, name: str) -> None:
    real_replace = os.replace

    def replace_then_die(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target) == path:  # the routines file itself (the .bak goes first)
            assert Path(source).exists()
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(source, target)

    os.replace = replace_then_die  # type: ignore[assignment]
    save_routine(path, builtin_stretches(), routine(name))


def version(number: int) -> list[Routine]:
    """Version `number` of a routines file: every version differs in size and content."""
    items = tuple(RoutineItem(IDS[(number + i) % len(IDS)]) for i in range(1 + number % 5))
    return [
        Routine(f"Version {number}", description="v" * (number % 50), rest=number % 60, items=items),
        Routine("Always here", items=(RoutineItem("cat-cow"),)),
    ]


def loop(path: Path, start: int) -> None:
    library = builtin_stretches()
    print("ready", flush=True)
    number = start
    while True:
        print(number, flush=True)
        update_routines(path, library, lambda _current, number=number: version(number))
        number += 1


def many(path: Path, prefix: str, count: int) -> None:
    library = builtin_stretches()
    for number in range(1, count + 1):
        save_routine(path, library, routine(f"{prefix} {number}"))


if __name__ == "__main__":
    command, target, *rest = sys.argv[1:]
    if command == "interrupt":
        interrupt(Path(target), rest[0])
    elif command == "loop":
        loop(Path(target), int(rest[0]))
    elif command == "many":
        many(Path(target), rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown command {command!r}")
