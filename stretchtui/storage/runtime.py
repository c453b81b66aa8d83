"""Running sessions, published for `stretchtui status`: one small file per running app.

A running session keeps `<pid>.session` in the user runtime directory (XDG_RUNTIME_DIR),
replaced atomically on each step change, pause and resume, and removed when it ends. It
holds wall-clock epoch seconds (the step's deadline while running, the seconds left while
paused), so a reader computes the time left itself and nothing is written every second.

The format is `key=value` lines between a header and an `end` line (a file without both is
not read): `status` runs every few seconds in every tmux of the user, and reading this needs
no json (whose `re` import alone doubles Python's start-up time). For the same reason this
module imports nothing heavy at the top: paths (platformdirs) and the atomic writer load only
in the app, when something is written.
"""

from __future__ import annotations

import math
import os
import time

from stretchtui.core.status import RunningState

from . import fields as key_values

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from pathlib import Path

    from stretchtui.core.session import Session

HEADER = "stretchtui-session 1"
SUFFIX = ".session"
STALE_SECONDS = 60.0
"""A running step whose deadline passed this long ago belongs to an app that stopped updating
(hung, stopped by a signal, or its pid reused): it is not shown."""
MAX_TEXT = 200
MAX_AGE_SECONDS = 12 * 3600.0
"""A session started longer ago than this (a pause left for ever, its app killed on a system
without /proc) is not shown."""


# -- the file format -------------------------------------------------------------------


def render(state: RunningState, process: str | None = None) -> str | None:
    """The file's text (None if it cannot be written). User text is stripped of control
    characters, so a line is a field. `process` is the writer's start time (process_start),
    which proves to a reader that the pid still belongs to the app that wrote the file."""
    from stretchtui.core.rules import strip_controls

    def text(value: str) -> str:
        return strip_controls(" ".join(value.split()))[:MAX_TEXT]

    fields = {
        "pid": str(state.pid), "started": repr(float(state.started)),
        "routine": text(state.routine), "stretch": text(state.stretch), "side": text(state.side),
        "step": str(state.step), "steps": str(state.steps), "kind": text(state.kind),
        "paused": "1" if state.paused else "0",
    }
    if state.paused:
        fields["left"] = repr(float(state.left or 0.0))
    else:
        fields["deadline"] = repr(float(state.deadline or 0.0))
    if process is not None:
        fields["process"] = process
    return key_values.render(HEADER, fields)


def parse(text: str) -> RunningState | None:
    """The state in a file's text, or None for anything not whole and valid (never raises)."""
    return _parse(text)[0]


def _parse(text: str) -> tuple[RunningState | None, str | None]:
    """The state and the writer's recorded process start time, if any."""
    fields = key_values.parse(text, HEADER)
    if fields is None:
        return None, None
    try:
        paused = {"0": False, "1": True}[fields["paused"]]
        state = RunningState(
            pid=int(fields["pid"]), started=_finite(fields["started"]),
            routine=_printable(fields["routine"]), stretch=_printable(fields["stretch"]),
            side=_printable(fields["side"]), step=int(fields["step"]), steps=int(fields["steps"]),
            kind=_printable(fields["kind"]), paused=paused,
            left=_finite(fields["left"]) if paused else None,
            deadline=None if paused else _finite(fields["deadline"]),
        )
    except (KeyError, ValueError):
        return None, None
    if state.pid <= 0 or not 1 <= state.step <= state.steps:
        return None, None
    return state, fields.get("process")


def process_start(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (field 22 of /proc/PID/stat), or
    None where that cannot be read. A pid reused by another process has another start time."""
    from .regular import open_file

    try:
        with open_file(f"/proc/{pid}/stat") as handle:
            raw = handle.read(4096)
    except OSError:
        return None
    after_name = raw.rpartition(b")")[2].split()  # the name in () may hold spaces
    return after_name[19].decode("ascii", "replace") if len(after_name) > 19 else None


def _finite(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _printable(value: str) -> str:
    """Files are written stripped; one edited by hand is stripped here (the import is rare)."""
    if value.isprintable():
        return value
    from stretchtui.core.rules import strip_controls

    return strip_controls(value)


# -- writing (the app) -----------------------------------------------------------------


def default_directory() -> Path | None:
    """The runtime directory, or None when the system offers none we may use.

    Worked out once per value of $XDG_RUNTIME_DIR: platformdirs' answer depends on the
    folder's mode, which creating our state file's folder can change, and the file must be
    removed from where it was written."""
    key = os.environ.get("XDG_RUNTIME_DIR")
    if key not in _directories:
        _directories[key] = _directory()
    return _directories[key]


_directories: dict[str | None, Path | None] = {}


def _directory() -> Path | None:
    import warnings

    from . import paths

    try:
        with warnings.catch_warnings():  # platformdirs warns when it falls back; not our news
            warnings.simplefilter("ignore")
            return paths.runtime_dir()
    except (OSError, RuntimeError):
        return None


def state_file(pid: int, directory: Path) -> Path:
    return directory / f"{pid}{SUFFIX}"


def publish(state: RunningState, directory: Path | None = None) -> bool:
    """Write `state` atomically (temporary file, fsync, rename). False if it could not be."""
    from .errors import StorageError
    from .write import atomic_write

    directory, text = directory or default_directory(), render(state, process_start(state.pid))
    if directory is None or text is None:
        return False
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(state_file(state.pid, directory), text, backup=False)
    except (OSError, StorageError):
        return False
    return True


def state_of(session: Session, *, now: float, pid: int) -> RunningState:
    """The published state of a running timeline Session at wall-clock time `now`."""
    step = session.step
    left = session.remaining
    started = session.started_at.timestamp() if session.started_at else now
    return RunningState(
        pid=pid, started=started, routine=session.plan.routine.name, stretch=step.title,
        side=step.part, step=min(session.index, len(session.plan.steps) - 1) + 1,
        steps=len(session.plan.steps), kind=str(step.kind.value), paused=session.paused,
        left=left if session.paused else None, deadline=None if session.paused else now + left,
    )


def publish_session(session: Session, *, now: float | None = None, pid: int | None = None,
                    directory: Path | None = None) -> bool:
    """The app's one call on a session's start, step change, pause, resume, +/- and end.

    A finished session (or one without steps) is cleared instead of published.
    """
    pid = os.getpid() if pid is None else pid
    if session.finished or not session.plan.steps:
        clear(pid, directory)
        return True
    state = state_of(session, now=time.time() if now is None else now, pid=pid)
    return publish(state, directory)


def clear(pid: int | None = None, directory: Path | None = None) -> None:
    """Remove this process's state file (at the end of a session, however it ended)."""
    directory = directory or default_directory()
    if directory is None:
        return
    try:  # noqa: SIM105 (contextlib is one more import for `status`)
        state_file(os.getpid() if pid is None else pid, directory).unlink(missing_ok=True)
    except OSError:
        pass


# -- reading (status) --------------------------------------------------------------------


def read_running(now: float, directory: str | os.PathLike[str] | None = None) -> list[RunningState]:
    """Every session running now, newest first. Never raises.

    A file whose process is gone (or belongs to another user), or whose pid now belongs to
    another process than the one that wrote it, is removed; a missing directory
    or an unreadable, truncated or garbled file means that session is not running.
    """
    if directory is None:
        directory = default_directory()
        if directory is None:
            return []
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    running = []
    for name in names:
        stem = name[: -len(SUFFIX)]
        if not name.endswith(SUFFIX) or not stem.isascii() or not stem.isdigit():
            continue
        path = os.path.join(directory, name)
        if int(stem) == 0:
            continue  # kill(0) would mean our own process group
        if not _alive(int(stem)):
            _remove(path)
            continue
        state, process = _read(path)
        if state is None or state.pid != int(stem):
            continue
        if process is not None and process != process_start(state.pid):
            _remove(path)  # a killed app's pid, now another program's
            continue
        if now - state.started > MAX_AGE_SECONDS:
            continue
        if not state.paused and state.deadline is not None and now - state.deadline > STALE_SECONDS:
            continue
        running.append(state)
    running.sort(key=lambda state: (state.started, state.pid), reverse=True)
    return running


def _remove(path: str) -> None:
    try:  # noqa: SIM105 (contextlib is one more import for `status`)
        os.unlink(path)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    """Whether `pid` is a process of ours: another user's process is never our app."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    except (OSError, OverflowError):
        return True  # cannot tell: keep the file, the reader still checks its content
    return True


def _read(path: str) -> tuple[RunningState | None, str | None]:
    """Through the regular-file reader: a FIFO or a link to a device is no state file."""
    from .regular import open_file

    try:
        with open_file(path) as handle:
            raw = handle.read(4096)
        return _parse(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None, None
