"""The `stretchtui` command line: parse, then hand over to stretchtui.cli.

Commands that draw no UI never import Textual, so they answer as fast as Python starts
and work in pipes. The app is imported only when it is about to run. The usual command
lines (`stretchtui`, `list`, `check FILE...`, with `--routines PATH`) are read without
argparse, a slow import; anything else, help and mistakes included, goes to argparse.
"""

from __future__ import annotations

import sys

from stretchtui import __version__

TYPE_CHECKING = False  # `status` runs every few seconds: typing, pathlib, platformdirs wait
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path
    from types import SimpleNamespace


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
    run.add_argument("routine", metavar="ROUTINE", nargs="?",
                     help="a routine name or an unambiguous prefix (default: the one a reminder "
                     "suggests: the last run, else default_routine, else the first)")
    run.add_argument("--no-summary", action="store_true",
                     help="exit as soon as the last step ends instead of showing the summary")
    check = commands.add_parser("check", help="validate routines, stretches or config files")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="files to check (default: your routines, stretches and config files)")
    history = commands.add_parser(
        "history", help="print your streaks, the last days and totals (exit 0 even when empty)"
    )
    history.add_argument("--days", type=_days, default=14, metavar="N",
                         help="days to list, ending today (default: 14)")
    history.add_argument("--json", action="store_true",
                         help="print one JSON object (streaks, days, totals, routines, stretches)")
    pause = commands.add_parser("pause", help="no reminders for a while: pause 45m, pause --until 14:00")
    pause.add_argument("length", metavar="LENGTH", nargs="?", help="45m, 1h or 1h30m")
    pause.add_argument("--until", metavar="HH:MM", help="until this time of day (today, else tomorrow)")
    commands.add_parser("resume", help="end a pause now")
    commands.add_parser("remind", help="offer the suggested routine now (what the tmux popup runs)")
    status = commands.add_parser(
        "status", help="one line for tmux's status bar: the running session or the last one",
        add_help=False)
    status.add_argument("status_args", nargs=argparse.REMAINDER, metavar="...",
                        help="see `stretchtui status --help`")
    return parser


MAX_DAYS = 36_500
"""`history --days` at most: a hundred years (further back than the calendar's first day
is an error of its own, not a line for the user)."""


def _days(text: str) -> int:
    import argparse

    try:
        value = int(text) if len(text) <= 12 else 0
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_DAYS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days from 1 to {MAX_DAYS:,}, not {text[:20]!r}")
    return value


def plain(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments, as argparse would give them, of `[--routines PATH] [list | check
    [FILE...]]`; None for any other command line."""
    from pathlib import Path
    from types import SimpleNamespace

    rest, routines = list(argv), None
    if rest[:1] == ["--routines"] and len(rest) > 1 and not rest[1].startswith("-"):
        routines, rest = Path(rest[1]), rest[2:]
    elif rest[:1] and rest[0].startswith("--routines="):
        routines, rest = Path(rest[0].partition("=")[2]), rest[1:]
    if not rest or rest == ["list"]:
        return SimpleNamespace(routines=routines, command=rest[0] if rest else None)
    if rest[0] == "check" and not any(argument.startswith("-") for argument in rest[1:]):
        return SimpleNamespace(routines=routines, command="check", files=[Path(f) for f in rest[1:]])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["status"]:
        # tmux runs this every few seconds: no parser, nothing the other commands import.
        from stretchtui.cli.status import main as status

        return status(argv[1:])
    args = plain(argv) or build_parser().parse_args(argv)
    try:
        if args.command is None:
            from stretchtui.cli.run import open_app

            return open_app(args.routines)
        if args.command == "list":
            from stretchtui.cli.listing import list_command

            _warn_if_missing(args.routines)
            return list_command(args.routines)
        if args.command == "check":
            from stretchtui.cli.check import check_command

            return check_command(args.files, args.routines)
        if args.command == "history":
            from stretchtui.cli.history import history_command

            return history_command(args.days, args.json)
        if args.command == "pause":
            from stretchtui.cli.pause import pause_command

            return pause_command(args.length, args.until)
        if args.command == "resume":
            from stretchtui.cli.pause import resume_command

            return resume_command()
        if args.command == "remind":
            from stretchtui.cli.run import remind_command

            return remind_command(args.routines)
        if args.command == "status":  # after an option such as --routines
            from stretchtui.cli.status import main as status

            return status(args.status_args)
        from stretchtui.cli.run import run_command

        _warn_if_missing(args.routines)
        return run_command(args.routine, args.routines, summary=not args.no_summary)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return 0


def _warn_if_missing(path: Path | None) -> None:
    """--routines naming no file: say so, since none of the user's routines will show."""
    if path is not None and not path.expanduser().exists():
        from stretchtui.core.rules import shown_path

        print(f"stretchtui: --routines {shown_path(path)}: no such file (it will be created when you save "
              "a routine)", file=sys.stderr)
