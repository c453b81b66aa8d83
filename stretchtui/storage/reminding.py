"""What reminders share between processes, in the runtime directory beside the running
sessions' files: a pause (`stretchtui pause`), what the last look at the keyboard saw
(`presence`), the reminder's answers (`reminder`: snoozed, dismissed) and the meeting
command's last answer (`meeting`). `status`, the app and the popup all read and write them.

Each is a small `key=value` file (`fields`), replaced atomically; a missing, broken or
stale one reads as nothing (no pause, nobody seen), never a crash. Cheap to import: no
platformdirs or json (the folder comes from the caller).
"""

from __future__ import annotations

import os

from stretchtui.core.day import Presence

from . import fields as key_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

PAUSE, PRESENCE, REMINDER, MEETING = "pause", "presence", "reminder", "meeting"
"""The files: `pause` (until), `presence` (Presence), `reminder` (dismissed_at, snoozed_until)
and `meeting` (quiet, at: the `quiet_when` command's last answer and when it was asked). One
file per writer, so that one never overwrites what another just wrote."""
HEADER = "stretchtui-{} 1"


def read(directory: str, name: str) -> dict[str, float]:
    """The numbers in file `name`; empty for a missing, broken or unreadable file."""
    from .regular import open_file  # a FIFO or a device in its place is no file

    try:
        with open_file(os.path.join(directory, name)) as handle:
            fields = key_values.parse(handle.read(4096).decode("utf-8"), HEADER.format(name))
        numbers = {key: float(value) for key, value in (fields or {}).items()}
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return {key: value for key, value in numbers.items() if value == value and abs(value) != float("inf")}


def write(directory: str, name: str, values: Mapping[str, float]) -> bool:
    """Replace file `name` atomically (a temporary file renamed over it); False when it could
    not be written. Not `write.atomic_write`: `status` writes these every half minute and its
    imports (pathlib, dataclasses) would double the cost of that run; these files live in the
    runtime folder, are rewritten whole, and a lost one reads as nothing."""
    text = key_values.render(HEADER.format(name), {key: repr(float(value)) for key, value in values.items()})
    target = os.path.join(directory, name)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            os.write(descriptor, (text or "").encode("utf-8"))
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except OSError:
        try:  # noqa: SIM105 (contextlib is one more import for `status`)
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def read_pause(directory: str) -> float:
    """Until when reminders are paused, epoch seconds; 0 when they are not."""
    return read(directory, PAUSE).get("until", 0.0)


def write_pause(directory: str, until: float) -> bool:
    return write(directory, PAUSE, {"until": until})


def clear_pause(directory: str) -> bool:
    """`stretchtui resume`: True when a pause was on (ended or not)."""
    try:
        os.unlink(os.path.join(directory, PAUSE))
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True


def read_presence(directory: str) -> Presence | None:
    values = read(directory, PRESENCE)
    if not values:
        return None
    return Presence(values.get("activity", 0.0), values.get("back_at", 0.0), values.get("seen_at", 0.0))


def write_presence(directory: str, presence: Presence) -> bool:
    return write(directory, PRESENCE, {"activity": presence.activity, "back_at": presence.back_at,
                                        "seen_at": presence.seen_at})


def claim(directory: str, due: float) -> bool:
    """True for the one process that first announces the stretch due at `due` (a file made
    with O_EXCL: every tmux client runs `status`, and the popup must show once)."""
    name = f"announced-{int(due)}"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        os.close(os.open(os.path.join(directory, name), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return False
    for old in os.listdir(directory):
        if old.startswith("announced-") and old != name:
            try:  # noqa: SIM105 (contextlib is one more import for `status`)
                os.unlink(os.path.join(directory, old))
            except OSError:
                pass
    return True
