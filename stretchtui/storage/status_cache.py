"""What `stretchtui status` keeps between runs, so that a run reads two or three small files.

`status` runs every few seconds in every tmux of the user. Working its answer out from
scratch means resolving the user's folders (platformdirs), reading the config (tomllib) and
the end of the history (json): on their own these imports take two to three times Python's
start-up. None of it changes from one run to the next unless a file does, so the answers are
kept in `status` in the cache folder together with what they came from: the environment
variables that choose the folders, and the size and modification time of the config and of
the history. A run that finds all of these unchanged uses the kept answers; any difference (a
session recorded, the config edited, other XDG folders) works them out again and rewrites
the file. So nothing else, not the app either, ever has to remember to update it.

Today's streak needs day totals, and the whole history must not be read: the kept answer is
the newest run of days that met the daily goal (its last day and its length), found by
reading the history backwards only as far as that run goes (`status.newest_run`). Whatever
day it is when `status` runs, the streak follows from that run without reading anything.

The file is `key=value` lines (no json on the fast path). Where `status` looks for it is a
guess made without platformdirs (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on macOS); it is
written where `paths.cache_dir()` says, and only when the two agree, so a wrong guess costs
speed, never a wrong answer.
"""

from __future__ import annotations

import os
import sys

from stretchtui import __version__

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

HEADER = "stretchtui-status 1"
FILE_NAME = "status"
ENV_KEYS = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
            "TMPDIR", "TEMP", "TMP")
"""The variables platformdirs reads to place our folders (TMP* for a missing runtime dir)."""


class Known:
    """The kept answers (a plain class: dataclasses load slowly)."""

    __slots__ = ("config", "config_key", "daily_goal_min", "env", "history", "history_key",
                 "last_ended", "last_routine", "remind_after_min", "run_days", "run_end", "runtime")

    def __init__(self, *, env: str, runtime: str, history: str, history_key: str, config: str,
                 config_key: str, remind_after_min: int, daily_goal_min: int,
                 last_ended: float | None, last_routine: str, run_end: str, run_days: int) -> None:
        self.env = env
        self.runtime = runtime
        """The runtime folder of running sessions; empty when the system has none for us."""
        self.history = history
        self.history_key = history_key
        self.config = config
        self.config_key = config_key
        self.remind_after_min = remind_after_min
        self.daily_goal_min = daily_goal_min
        self.last_ended = last_ended
        """When the newest session ended, epoch seconds; None with no history."""
        self.last_routine = last_routine
        self.run_end = run_end
        """The last day (ISO) of the newest run of goal days, or empty."""
        self.run_days = run_days

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Known) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self.__slots__))


def fingerprint(env: Mapping[str, str]) -> str:
    """What the folders are chosen from; a line of printable text."""
    chosen = tuple((name, env[name]) for name in ENV_KEYS if name in env)
    return ascii((__version__, sys.platform, os.geteuid(), chosen))


def file_key(path: str) -> str:
    """What tells a changed file: size and modification time (or that it is missing)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"error {error.errno}"
    return f"{status.st_size} {status.st_mtime_ns}"


def guess_file(env: Mapping[str, str]) -> str | None:
    """Where `paths.cache_dir()` puts the file, worked out without platformdirs for the
    common cases; anything else is None (and `status` works its answers out every run)."""
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
    return os.path.join(base, "stretchtui", FILE_NAME)


# -- the fast path ----------------------------------------------------------------------------


def load(env: Mapping[str, str]) -> Known | None:
    """The kept answers if they still hold, else None. Never raises."""
    path = guess_file(env)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            known = parse(handle.read(16_384).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if known is None or known.env != fingerprint(env):
        return None
    if file_key(known.history) != known.history_key or file_key(known.config) != known.config_key:
        return None
    return known


def render(known: Known) -> str | None:
    """The file's text; None when a value would not fit on its line (then nothing is kept)."""
    values = {
        "env": known.env, "runtime": known.runtime, "history": known.history,
        "history_key": known.history_key, "config": known.config, "config_key": known.config_key,
        "remind_after_min": str(known.remind_after_min), "daily_goal_min": str(known.daily_goal_min),
        "last_ended": "" if known.last_ended is None else repr(float(known.last_ended)),
        "last_routine": known.last_routine, "run_end": known.run_end, "run_days": str(known.run_days),
    }
    if not all(value.isprintable() for value in values.values()):
        return None
    return "\n".join([HEADER, *(f"{key}={value}" for key, value in values.items()), "end", ""])


def parse(text: str) -> Known | None:
    lines = text.split("\n")
    if lines[:1] != [HEADER] or "end" not in lines:
        return None
    values = dict(line.partition("=")[::2] for line in lines[1 : lines.index("end")])
    try:
        ended = values["last_ended"]
        return Known(
            env=values["env"], runtime=values["runtime"], history=values["history"],
            history_key=values["history_key"], config=values["config"],
            config_key=values["config_key"], remind_after_min=int(values["remind_after_min"]),
            daily_goal_min=int(values["daily_goal_min"]),
            last_ended=float(ended) if ended else None, last_routine=values["last_routine"],
            run_end=values["run_end"], run_days=int(values["run_days"]),
        )
    except (KeyError, ValueError):
        return None


# -- the slow path -----------------------------------------------------------------------------


def build(env: Mapping[str, str], now: float) -> Known:
    """Work the answers out from the files (platformdirs, the config, the history's end).

    Raises StorageError when the history exists but cannot be read: saying "not stretched
    yet" then would be wrong.
    """
    from datetime import datetime

    from stretchtui.status import local_days, newest_run

    from . import paths
    from .errors import Problem, StorageError
    from .history import last_record, read_backwards
    from .runtime import default_directory

    history, config = paths.history_file(), paths.config_file()
    # The keys are taken before reading: a file changing meanwhile is read again next run.
    history_key, config_key = file_key(str(history)), file_key(str(config))
    try:
        open(history, "rb").close()
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(Problem(history, f"cannot be read: {error.strerror or error}")) from None
    remind_after_min, daily_goal_min = _config_values(config)
    last = last_record(history)
    last_ended = None
    last_routine = ""
    if last is not None:
        try:
            last_ended = datetime.fromisoformat(str(last.get("ended"))).timestamp()
        except ValueError:
            last_ended = None
        routine = last.get("routine")
        last_routine = " ".join(routine.split()) if isinstance(routine, str) else ""
    today, _ = local_days(now)
    run_end, run_days = newest_run(read_backwards(history), goal_s=daily_goal_min * 60, today=today)
    runtime = default_directory()
    return Known(env=fingerprint(env), runtime="" if runtime is None else str(runtime),
                 history=str(history), history_key=history_key, config=str(config),
                 config_key=config_key, remind_after_min=remind_after_min,
                 daily_goal_min=daily_goal_min, last_ended=last_ended,
                 last_routine=_printable(last_routine), run_end=run_end, run_days=run_days)


def _printable(text: str) -> str:
    from stretchtui.rules import strip_controls

    return strip_controls(text)


def _config_values(path: Path) -> tuple[int, int]:
    """remind_after_min and daily_goal_min from the config (its defaults for bad values: the
    problems are `stretchtui check`'s to report, not the status bar's)."""
    from .config import load_config

    config, _ = load_config(path)
    return config.remind_after_min, config.daily_goal_min


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


def current(env: Mapping[str, str], now: float) -> Known:
    """The answers for this run: kept ones that still hold, else worked out and kept."""
    known = load(env)
    if known is None:
        known = build(env, now)
        save(known, env)
    return known
