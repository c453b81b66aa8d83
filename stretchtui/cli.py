"""The `stretchtui` command line.

Commands that draw no UI (`list`, `check`) never import Textual, so they answer as fast
as Python starts and work in pipes. The app is imported only when it is about to run.
"""

from __future__ import annotations

import sys

from stretchtui import __version__

TYPE_CHECKING = False  # `status` runs every few seconds: typing is a slow import
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path

    from stretchtui.model import Routine


def build_parser() -> argparse.ArgumentParser:
    import argparse  # deferred: a bare `stretchtui` opens the app without it (time, memory)
    from pathlib import Path

    from stretchtui.storage import paths

    parser = argparse.ArgumentParser(
        prog="stretchtui",
        description="A keyboard-first terminal coach for back stretches. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"stretchtui {__version__}")
    parser.add_argument(
        "--routines", metavar="PATH", type=Path,
        help=f"routines file to use (default: ${paths.ROUTINES_ENV} or the user data directory)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("list", help="print routines (with durations) and stretches")
    run = commands.add_parser(
        "run", help="run a routine full screen; exit 0 when completed, 1 when stopped early"
    )
    run.add_argument("routine", metavar="ROUTINE", help="a routine name or an unambiguous prefix")
    run.add_argument("--no-summary", action="store_true",
                     help="exit as soon as the last step ends instead of showing the summary")
    check = commands.add_parser("check", help="validate routines or stretches files")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="files to check (default: your routines and stretches files)")
    status = commands.add_parser(
        "status", help="one line for tmux's status bar: the running session or the last one",
        add_help=False)
    status.add_argument("status_args", nargs=argparse.REMAINDER, metavar="...",
                        help="see `stretchtui status --help`")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["status"]:
        # tmux runs this every few seconds: no parser, nothing the other commands import.
        from stretchtui.commands.status import main as status

        return status(argv[1:])
    # The usual way in, a bare `stretchtui`, opens the app without building the parser.
    args = build_parser().parse_args(argv) if argv else None
    try:
        if args is None:
            return open_app(None)
        if args.command == "list":
            return list_command(args.routines)
        if args.command == "check":
            return check_command(args.files, args.routines)
        if args.command == "run":
            return run_command(args.routine, args.routines, summary=not args.no_summary)
        if args.command == "status":  # after an option such as --routines
            from stretchtui.commands.status import main as status

            return status(args.status_args)
        return open_app(args.routines)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return 0


def list_command(routines_path: Path | None) -> int:
    from stretchtui.model import describe_dose, format_duration, plan
    from stretchtui.storage import load_library, load_routines, paths

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


def check_command(files: list[Path], routines_path: Path | None) -> int:
    from stretchtui.storage import check_file, load_library, paths

    library = load_library()
    problems = list(library.problems)
    if not files:
        files = [p for p in (paths.routines_file(routines_path), paths.stretches_file()) if p.exists()]
    own_stretches = paths.stretches_file()
    for path in files:
        if own_stretches.exists() and path.exists() and path.samefile(own_stretches):
            continue  # load_library has just read and checked it
        problems += check_file(path, library.stretches)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    checked = ", ".join(map(str, files)) or "the built-in library (you have no files yet)"
    print(f"ok: {checked}")
    return 0


def find_routine(routines: list[Routine], wanted: str) -> Routine | str:
    """The routine named `wanted` (any case) or the only one it starts; else why not."""
    key = wanted.casefold()
    exact = [r for r in routines if r.name.casefold() == key]
    if exact:
        return exact[0]
    starting = [r for r in routines if r.name.casefold().startswith(key)]
    if len(starting) == 1:
        return starting[0]
    names = ", ".join(repr(r.name) for r in (starting or routines))
    if starting:
        return f"{wanted!r} could be any of: {names}"
    return f"no routine is called {wanted!r}; the routines are: {names}"


def run_command(wanted: str, routines_path: Path | None, *, summary: bool) -> int:
    from stretchtui.storage import load_library, load_routines, paths

    library = load_library()
    book = load_routines(library.stretches, paths.routines_file(routines_path))
    found = find_routine(book.routines, wanted)
    if isinstance(found, str):
        print(f"stretchtui run: {found}", file=sys.stderr)
        return 2
    if not _is_terminal():
        return 2
    from stretchtui.app import StretchApp

    app = StretchApp(routines_path=book.path, run=found, summary=summary)
    try:
        status = app.run()
    finally:
        app.record_session()  # a crash or a closed terminal still leaves the record
    return 1 if status is None else status


def _is_terminal() -> bool:
    if sys.stdout.isatty() and sys.stdin.isatty():
        return True
    print("stretchtui: the app needs a terminal; try `stretchtui list` in pipes", file=sys.stderr)
    return False


def open_app(routines_path: Path | None) -> int:
    if not _is_terminal():
        return 2
    from stretchtui.app import StretchApp  # deferred: only the UI pays for Textual
    from stretchtui.storage import paths

    app = StretchApp(routines_path=paths.routines_file(routines_path))
    try:
        app.run()
    finally:
        app.record_session()
    return 0
