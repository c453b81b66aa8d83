"""`stretchtui status`: one short line for tmux's status-right, cheap enough to run every 5 s.

It always exits 0 and prints at most one line: when something is wrong (a bad option or
template, a history that cannot be read) the line is empty and the reason goes to stderr.
A normal run reads the kept answers (`storage.status_cache`) and the running sessions'
files, and imports no Textual, Rich, argparse, json (but for --json), re or dataclasses.
"""

from __future__ import annotations

import os
import sys
import time

from stretchtui.core.status import FIELDS, TemplateError, compute, current_streak, render

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import TextIO

    from stretchtui.storage.status_cache import Known

HELP = f"""usage: stretchtui status [--format TEMPLATE] [--tmux] [--json]

One line for a status bar: the running session ("Cat/Cow (cat) 0:07 3/16", then "paused"),
else how long since you last stretched ("stretched 1h 20m ago, 3-day streak"), "stretch
in 2m" in the last heads_up_min, "stretch due" once remind_after_min in config.toml has
passed, or "quiet until 14:00" during a pause (stretchtui pause) or outside active_hours.
Always exits 0.

options:
  --format TEMPLATE  the line from a template, e.g. '{{stretch}} {{left}}'; the fields:
                     {" ".join("{" + field + "}" for field in FIELDS)}
  --tmux             tmux style markup ("stretch due" stands out), and every # in names
                     doubled so tmux shows it: '#(stretchtui status --tmux)'
  --json             one JSON object with every field, for scripts
  -h, --help         show this help
"""


class UsageError(ValueError):
    """A command line `status` does not understand."""


def parse_arguments(argv: Sequence[str]) -> tuple[str | None, bool, bool, bool]:
    """(template, tmux, json, help) from the command line (argparse is a slow import)."""
    template: str | None = None
    tmux = as_json = show_help = False
    arguments = list(argv)
    while arguments:
        argument = arguments.pop(0)
        if argument in ("-h", "--help"):
            show_help = True
        elif argument == "--tmux":
            tmux = True
        elif argument == "--json":
            as_json = True
        elif argument == "--format":
            if not arguments:
                raise UsageError("--format needs a TEMPLATE")
            template = arguments.pop(0)
        elif argument.startswith("--format="):
            template = argument.removeprefix("--format=")
        else:
            raise UsageError(f"unknown argument {argument!r} (see stretchtui status --help)")
    return template, tmux, as_json, show_help


def main(argv: Sequence[str], *, env: Mapping[str, str] | None = None, now: float | None = None,
         out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        template, tmux, as_json, show_help = parse_arguments(argv)
        if show_help:
            out.write(HELP)
            return 0
        line = status_line(os.environ if env is None else env, time.time() if now is None else now,
                           template=template, tmux=tmux, as_json=as_json)
    except Exception as error:  # the status bar gets an empty line, never a traceback
        expected = isinstance(error, UsageError | TemplateError)
        line, reason = "", error.args[0] if expected and error.args else str(error) or repr(error)
        _write(err, f"stretchtui status: {reason}\n")
    _write(out, line + "\n")
    return 0


def _write(stream: TextIO, text: str) -> None:
    """Write and flush; a reader gone away (`| head`, tmux closing) is not an error."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def status_line(env: Mapping[str, str], now: float, *, template: str | None = None,
                tmux: bool = False, as_json: bool = False) -> str:
    """The line for `now`: the newest running session, else the past (kept between runs)."""
    from stretchtui.storage import runtime, status_cache

    known = status_cache.current(env, now)
    running = runtime.read_running(now, known.runtime) if known.runtime else []
    reminder = None
    if known.runtime and not running and known.remind_after_min > 0:
        reminder = look_at_day(known, env, now)
    status = compute(running, now=now, last_ended=known.last_ended, last_routine=known.last_routine,
                     streak=current_streak(known.run_end, known.run_days, now),
                     remind_after_min=known.remind_after_min, reminder=reminder)
    if as_json:
        from stretchtui.core.status import as_json as json_line

        return json_line(status, now)
    return render(status, template, tmux=tmux, now=now)


def look_at_day(known: Known, env: Mapping[str, str], now: float) -> tuple[str, float | None, float | None]:
    """Away, quiet, soon or due (`services.reminding`); the first run to see a stretch due
    announces it: the `on_due` hook and, with `remind_popup`, the popup."""
    from stretchtui.services.reminding import Settings, look

    settings = Settings(every_s=known.remind_after_min * 60, away_s=known.away_min * 60,
                        heads_up_s=known.heads_up_min * 60, hours=known.hours, days=known.days,
                        quiet_when=configured_quiet_when if known.quiet_when else ())
    found = look(settings, now=now, last_ended=known.last_ended, directory=known.runtime, env=env)
    if found.state == "due" and found.due_at is not None and (known.remind_popup or known.on_due):
        from stretchtui.services.reminding import announce

        announce(found.due_at, directory=known.runtime, env=env, now=now, popup=bool(known.remind_popup),
                 routine=known.last_routine)
    return found.state, found.due_at, found.quiet_until


def configured_quiet_when() -> tuple[str, ...]:
    """The `quiet_when` command from config.toml, read when it is about to run (at most once
    a minute, near a due time): never from the kept answer, which anyone who can write the
    cache folder could forge."""
    from stretchtui.storage.config import load_config

    return load_config()[0].quiet_when
