"""`stretchtui pause 45m`, `stretchtui pause --until 14:00`, `stretchtui resume`: quiet time
that ends by itself. The pause is a file in the runtime directory (`storage.reminding`), so
`status`, the app and the popup all wait."""

from __future__ import annotations

import sys
import time

from stretchtui.core.day import next_clock, parse_clock, parse_duration
from stretchtui.core.status import until_text
from stretchtui.storage import reminding
from stretchtui.storage.runtime import default_directory

MAX_PAUSE_S = 7 * 24 * 3600.0


def _directory() -> str | None:
    directory = default_directory()
    if directory is None:
        print("stretchtui: no runtime folder to keep the pause in (is XDG_RUNTIME_DIR set?)",
              file=sys.stderr)
        return None
    return str(directory)


def pause_command(length: str | None, until: str | None, *, now: float | None = None) -> int:
    """Pause reminders for `length` or until the local time `until`; exit 2 on a bad value."""
    now = time.time() if now is None else now
    try:
        if (length is None) == (until is None):
            raise ValueError("give a length (45m, 1h30m) or --until HH:MM")
        end = next_clock(now, parse_clock(until)) if until is not None else now + parse_duration(length or "")
        if end - now > MAX_PAUSE_S:
            raise ValueError("a pause lasts at most a week")
    except ValueError as error:
        print(f"stretchtui pause: {error}", file=sys.stderr)
        return 2
    directory = _directory()
    if directory is None or not reminding.write_pause(directory, end):
        return 1
    print(f"Reminders paused until {until_text(end, now)}; `stretchtui resume` ends it sooner.")
    return 0


def resume_command() -> int:
    directory = _directory()
    if directory is None:
        return 1
    print("Reminders back on." if reminding.clear_pause(directory) else "Reminders were not paused.")
    return 0
