"""The answer `stretchtui status` keeps, so that a run reads two or three small files.

`status` runs every few seconds in every tmux of the user. Working its answer out means
resolving the user's folders (platformdirs), reading the config (tomllib) and the end of the
history (json): these imports alone take two to three times Python's start-up. So the
answer is kept in `status` in the cache folder with what it came from: the environment
variables that choose the folders, and the size, modification time and inode of the config
and of the history.

The app is the only writer of the history, and it writes the answer each time it records a
session (`refresh`). `status` uses the answer while both keys are unchanged; when either
file changed otherwise (edited by hand, replaced, another XDG folder), it works the answer
out once (`build`, reading the history back only as far as the streak goes) and rewrites it.

What is read back is checked before use (`parse`): every number in range, the routine's name
printable and short, the folders absolute; anything else is worked out again. The answer
only ever feeds the status line: it never decides what is written to a user's file.

The file is `key=value` lines (`fields`; no json on the fast path). Where `status` looks for
it is a guess made without platformdirs (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on
macOS); it is written where `paths.cache_dir()` says, and only when the two agree, so a
wrong guess costs speed, never a wrong answer.
"""

from __future__ import annotations

import math
import os
import sys

from stretchtui import __version__

from . import fields as key_values

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from .config import Config

HEADER = "stretchtui-status 6"
FILE_NAME = "status"
ENV_KEYS = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
            "XDG_STATE_HOME", "TMPDIR", "TEMP", "TMP")
"""The variables platformdirs reads to place our folders (TMP* for a missing runtime dir)."""
MAX_DAY = 3_652_059
"""`date.max.toordinal()`: the last day a streak can end on."""
MAX_MINUTES = 24 * 60
"""The config's bound on remind_after_min and daily_goal_min."""
MAX_TEXT = 200
"""The longest routine name kept (the status line is one short line)."""


class Known:
    """The kept answers (a plain class: dataclasses load slowly)."""

    __slots__ = ("active_days", "active_hours", "away_min", "config", "config_key", "daily_goal_min",
                 "env", "heads_up_min", "history", "history_key", "last_ended", "last_routine", "on_due",
                 "quiet_when", "remind_after_min", "remind_popup", "run_days", "run_end", "runtime")

    def __init__(self, **values: object) -> None:
        for name in self.__slots__:
            setattr(self, name, values[name])

    env: str
    """What the folders were chosen from (`fingerprint`)."""
    runtime: str
    """The folder of running sessions' files; empty when the system offers none."""
    history: str
    history_key: str
    config: str
    config_key: str
    remind_after_min: int
    daily_goal_min: int
    last_ended: float | None
    """When the newest session ended, epoch seconds; None with no history."""
    last_routine: str
    run_end: int
    """The newest run of goal days (`streak.Run`): its last day as an ordinal, 0 for none."""
    run_days: int
    away_min: int
    heads_up_min: int
    active_hours: str
    """"540-1080" (minutes after midnight), or empty for all day."""
    active_days: str
    """The active weekdays' digits, Monday 0: "01234"."""
    quiet_when: int
    """1 when a `quiet_when` command is set. The command itself is never kept: a forged
    answer could change what runs; `status` reads it from config.toml when it is to run."""
    remind_popup: int
    on_due: int
    """1 when an `on_due` hook is set (the rare run that announces a due stretch reads the config)."""

    @property
    def hours(self) -> tuple[int, int] | None:
        start, _, end = self.active_hours.partition("-")
        return (int(start), int(end)) if end else None

    @property
    def days(self) -> frozenset[int]:
        return frozenset(int(digit) for digit in self.active_days)

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Known) and self.values() == other.values()

    def __hash__(self) -> int:
        return hash(tuple(self.values().values()))


def fingerprint(env: Mapping[str, str]) -> str:
    """What the folders are chosen from, as a line of printable text."""
    chosen = tuple((name, env[name]) for name in ENV_KEYS if name in env)
    return ascii((__version__, sys.platform, os.geteuid(), chosen))


def file_key(path: str) -> str:
    """What tells a changed file: size, modification time and inode (or that it is missing)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"error {error.errno}"
    return f"{status.st_size} {status.st_mtime_ns} {status.st_dev}:{status.st_ino}"


def guess_file(env: Mapping[str, str], name: str = FILE_NAME) -> str | None:
    """Where `paths.cache_dir()` puts the file `name`, worked out without platformdirs for
    the common cases; anything else is None (and `status` works its answer out every run)."""
    cache, home = env.get("XDG_CACHE_HOME", ""), env.get("HOME", "")
    if sys.platform == "win32":
        return None
    if cache.startswith("/"):
        base = cache
    elif not home.startswith("/"):
        return None
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = os.path.join(home, ".cache")
    return os.path.join(base, "stretchtui", name)


# -- the file --------------------------------------------------------------------------------


def render(known: Known) -> str | None:
    """The file's text; None when a value would not fit on its line (then nothing is kept)."""
    return key_values.render(HEADER, {
        name: "" if value is None else repr(value) if isinstance(value, float) else str(value)
        for name, value in known.values().items()})


def parse(text: str) -> Known | None:
    """The answer in the file's text, checked; None for anything not as `render` writes it."""
    fields = key_values.parse(text, HEADER)
    if fields is None or set(fields) != set(Known.__slots__):
        return None
    values: dict[str, object] = dict(fields)
    try:
        for name, low, high in (("remind_after_min", 0, MAX_MINUTES), ("daily_goal_min", 0, MAX_MINUTES),
                                ("away_min", 0, MAX_MINUTES), ("heads_up_min", 0, MAX_MINUTES),
                                ("remind_popup", 0, 1), ("on_due", 0, 1), ("quiet_when", 0, 1),
                                ("run_end", 0, MAX_DAY), ("run_days", 0, MAX_DAY)):
            number = values[name] = int(fields[name]) if len(fields[name]) <= 8 else -1
            if not low <= number <= high:
                return None
        if fields["last_ended"]:
            ended = values["last_ended"] = float(fields["last_ended"])
            if not math.isfinite(ended):
                return None
        else:
            values["last_ended"] = None
    except ValueError:
        return None
    if len(fields["last_routine"]) > MAX_TEXT or not all(v.isprintable() for v in fields.values()):
        return None  # as `render` never writes it: no control or format character reaches tmux
    if not all(fields[name].startswith("/") for name in ("history", "config")) or not (
            fields["runtime"] == "" or fields["runtime"].startswith("/")):
        return None
    hours = fields["active_hours"].split("-")
    if fields["active_hours"] and not (len(hours) == 2 and all(
            h.isdigit() and len(h) <= 4 and int(h) <= MAX_MINUTES for h in hours)):
        return None
    days = fields["active_days"]
    if not (len(days) <= 7 and all(d in "0123456" for d in days) and len(set(days)) == len(days)):
        return None
    return Known(**values)


# -- the fast path ----------------------------------------------------------------------------


def load(env: Mapping[str, str]) -> Known | None:
    """The kept answers for these folders, whether or not the files changed since. Never raises."""
    path = guess_file(env)
    if path is None:
        return None
    from .regular import open_file  # a FIFO or a device in its place is no file

    try:
        with open_file(path) as handle:
            known = parse(handle.read(16_384).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return known if known is not None and known.env == fingerprint(env) else None


def current(env: Mapping[str, str], now: float) -> Known:
    """The answer for this run: the kept one while the config and the history are unchanged
    since it was worked out, else worked out afresh (and kept for the next run).

    `env` is this process's environment (platformdirs reads os.environ itself). Raises
    StorageError when the history exists but cannot be read.
    """
    known = load(env)
    if (known is not None and file_key(known.config) == known.config_key
            and file_key(known.history) == known.history_key):
        return known
    return refresh(env, now)


def refresh(env: Mapping[str, str], now: float) -> Known:
    """Work the answer out and keep it: the app calls this when it has recorded a session.
    Raises StorageError when the history exists but cannot be read."""
    known = build(env, now)
    save(known, env)
    return known


# -- the slow path ----------------------------------------------------------------------------


def build(env: Mapping[str, str], now: float) -> Known:
    """Work the answer out from the files: platformdirs, the config, the history's end.

    Raises StorageError when the history exists but cannot be read: saying "not stretched
    yet" then would be wrong. The keys are taken before reading: a session recorded
    meanwhile changes the key, and the next run works the answer out again.
    """
    from stretchtui.core.records import session_day
    from stretchtui.core.streak import run_backwards, today

    from . import paths
    from .errors import Problem, StorageError
    from .history import last_record, read_backwards
    from .regular import open_file, unreadable
    from .runtime import default_directory

    history, config = paths.history_file(), paths.config_file()
    history_key, config_key = file_key(str(history)), file_key(str(config))
    try:
        with open_file(history):
            pass  # a history that cannot be read is said so, not taken for none
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(Problem(history, unreadable(error))) from None
    settings = _config_values(config)
    last = last_record(history)
    days = (day for day in map(session_day, read_backwards(history)) if day is not None)
    run = run_backwards(days, goal_s=settings.daily_goal_min * 60, on=today(now))
    runtime = default_directory()
    last_ended, last_routine = None, ""
    if last is not None and last.ended is not None:
        last_ended, last_routine = last.ended.timestamp(), last.routine[:MAX_TEXT]
    return Known(
        env=fingerprint(env), runtime="" if runtime is None else str(runtime),
        history=str(history), history_key=history_key, config=str(config), config_key=config_key,
        **_kept_settings(settings),
        last_ended=last_ended, last_routine=last_routine,
        run_end=run.end, run_days=run.days,
    )


def _config_values(path: Path) -> Config:
    """The config (its defaults for bad values: the problems are `stretchtui check`'s to
    report, not the status bar's)."""
    from .config import load_config

    return load_config(path)[0]


def _kept_settings(config: Config) -> dict[str, object]:
    """What `status` keeps of the config, as plain text and numbers."""
    hours = config.active_hours
    return {
        "remind_after_min": config.remind_after_min, "daily_goal_min": config.daily_goal_min,
        "away_min": config.away_min, "heads_up_min": config.heads_up_min,
        "active_hours": "" if hours is None else f"{hours[0]}-{hours[1]}",
        "active_days": "".join(str(day) for day in sorted(config.active_days)),
        "quiet_when": int(bool(config.quiet_when)),
        "remind_popup": int(config.remind_popup), "on_due": int(bool(config.hook("on_due"))),
    }


def save(known: Known, env: Mapping[str, str]) -> None:
    """Keep the answers where `load` will look, if that is where the cache folder is."""
    import contextlib

    from . import paths
    from .errors import StorageError
    from .write import atomic_write

    text = render(known)
    target = paths.cache_dir() / FILE_NAME
    if text is None or guess_file(env) != str(target):
        return
    with contextlib.suppress(OSError, StorageError):  # only speed is lost
        atomic_write(target, text, backup=False)
