"""Where start-up time goes: `python -X importtime` of the app and each command."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from benchmarks.common import (
    PYTHON,
    STRETCHTUI,
)
from benchmarks.terminal import run_pty


@dataclass
class Imports:
    """One `python -X importtime` run of a command: what it imported, and who asked."""

    command: str
    total_ms: float
    """Every import, cumulative (the top-level entries added up)."""
    own_ms: float
    """stretchtui's own modules, their self time."""
    top: list[tuple[str, float, str]]
    """(module, cumulative ms, the stretchtui module or script that imported it), slowest
    first: each import that left stretchtui's code, so a new heavy one shows by name."""


_IMPORT_LINE = re.compile(rb"import time:\s+(\d+) \|\s+(\d+) \|( *)([\w.]+)")


def parse_importtime(output: bytes, command: str, top: int = 6,
                     python_own: frozenset[str] = frozenset()) -> Imports:
    """Read `-X importtime` lines (post-order: a module after everything it imported,
    indented one step deeper than its importer) out of a command's output, leaving out
    the modules in `python_own` (what Python imports to start at all)."""
    entries = [(m.group(4).decode(), int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2)
               for m in _IMPORT_LINE.finditer(output)]
    entries = [entry for entry in entries if entry[0] not in python_own]
    total = own = 0
    started = False
    """Whether stretchtui's code was imported yet: a top-level import before it is the
    console script's, one after it was asked for by code running (imported in a function)."""
    boundary: list[tuple[str, float, str]] = []
    pending: dict[int, list[tuple[str, int]]] = {}
    """Depth -> (module, cumulative us) of entries whose importer is not known yet."""
    for name, self_us, cumulative_us, depth in entries:
        children = pending.pop(depth + 1, [])
        ours = name == "stretchtui" or name.startswith("stretchtui.")
        if ours:  # not ours: what it imported is its own business
            own += self_us
            boundary += [(child, us / 1000, name) for child, us in children
                         if not child.startswith("stretchtui")]
        if depth == 0:
            total += cumulative_us
            if not ours:
                boundary.append((name, cumulative_us / 1000, "at run time" if started else "the script"))
            started = started or ours
        pending.setdefault(depth, []).append((name, cumulative_us))
    boundary.sort(key=lambda entry: -entry[1])
    return Imports(command, total / 1000, own / 1000, boundary[:top])


def import_profiles(env: dict[str, str]) -> list[Imports]:
    """One run of the app (to its first frame) and of each plain command under
    PYTHONPROFILEIMPORTTIME, each after a run that kept what it keeps (as the figures are)."""
    profiled = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    run_pty([STRETCHTUI], env, marker=b"Lumbar Rotation")
    for argv in (["list"], ["check"], ["status"], ["history"]):
        subprocess.run([STRETCHTUI, *argv], env=env, capture_output=True, check=False)
    bare = subprocess.run([PYTHON, "-c", "pass"], env=profiled, capture_output=True, check=False)
    python_own = frozenset(m.group(4).decode() for m in _IMPORT_LINE.finditer(bare.stderr))
    run, _ = run_pty([STRETCHTUI], profiled, marker=b"Lumbar Rotation")
    found = [parse_importtime(bytes(run.output), "stretchtui (to the first frame)",
                              python_own=python_own)]
    for argv in (["list"], ["check"], ["status"], ["history"]):
        done = subprocess.run([STRETCHTUI, *argv], env=profiled, capture_output=True, check=False)
        found.append(parse_importtime(done.stderr, f"stretchtui {' '.join(argv)}",
                                      python_own=python_own))
    return found


def print_imports(profiles: list[Imports]) -> None:
    print("\nImports (python -X importtime, one run each): all of them, stretchtui's own, "
          "and the slowest that stretchtui's code asked for (who asked)")
    for profile in profiles:
        print(f"  {profile.command}: {profile.total_ms:.1f} ms, own {profile.own_ms:.1f} ms")
        line = ", ".join(f"{name} {ms:.1f} ({by})" for name, ms, by in profile.top)
        print(f"    {line}")


