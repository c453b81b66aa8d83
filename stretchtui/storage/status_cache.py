"""What `stretchtui status` keeps between runs, so that a run reads two or three small files.

`status` runs every few seconds in every tmux of the user. Working its answer out from
scratch means resolving the user's folders (platformdirs), reading the config (tomllib) and
the end of the history (json): these imports alone take two to three times Python's
start-up. None of it changes from one run to the next unless a file does, so the answers are
kept in `status` in the cache folder together with what they came from: the environment
variables that choose the folders, and the size, modification time and inode of the config
and of the history. A run that finds these unchanged uses the kept answers. When only the
history grew (a session was recorded: the app only ever appends; the newest record read
before is checked too, against a rewrite in place), the new lines are read and the answers
brought forward; anything else (the config edited, the history replaced, other
XDG folders) works them out again. So nothing else, not the app either, has to remember to
update this file, and a stale one can never give a wrong answer.

Today's streak needs day totals, and the whole history must not be read: the kept answer is
the newest run of days that met the daily goal (`streak.Run`: its last day and length, and
the newest day's time so far). Worked out from scratch it reads the history backwards only
as far as the run goes (`streak.run_backwards`); brought forward it reads only the new
lines (`streak.run_forwards`). Whatever day it is when `status` runs, the streak follows
from the run without reading anything (`streak.current`). Records are checked as every
reader of the history checks them (`records.parse_record`, `records.session_day`).

The file is `key=value` lines (no json on the fast path). Where `status` looks for it is a
guess made without platformdirs (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on macOS); it
is written where `paths.cache_dir()` says, and only when the two agree, so a wrong guess
costs speed, never a wrong answer.
"""

from __future__ import annotations

import os
import sys

from stretchtui import __version__

from . import fields as key_values

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from pathlib import Path

    from stretchtui.core.records import Record
    from stretchtui.core.streak import Run

    from .config import Config

HEADER = "stretchtui-status 4"
FILE_NAME = "status"
ENV_KEYS = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
            "XDG_STATE_HOME", "TMPDIR", "TEMP", "TMP")
"""The variables platformdirs reads to place our folders (TMP* for a missing runtime dir)."""
_NUMBERS = {"remind_after_min": int, "daily_goal_min": int, "history_read": int, "run_days": int,
            "run_end": int, "tail_day": int, "tail_s": float, "away_min": int, "heads_up_min": int,
            "remind_popup": int, "on_due": int}


class Known:
    """The kept answers (a plain class: dataclasses load slowly)."""

    __slots__ = ("active_days", "active_hours", "away_min", "config", "config_key", "daily_goal_min",
                 "env", "heads_up_min", "history", "history_key", "history_mark", "history_read",
                 "last_ended", "last_routine", "on_due", "quiet_when", "remind_after_min", "remind_popup",
                 "run_days", "run_end", "runtime", "tail_day", "tail_s")

    def __init__(self, **values: object) -> None:
        for name in self.__slots__:
            setattr(self, name, values[name])

    env: str
    """What the folders were chosen from (`fingerprint`)."""
    runtime: str
    """The folder of running sessions' files; empty when the system offers none."""
    history: str
    history_key: str
    history_read: int
    """Bytes of the history read so far: where the next whole line begins."""
    history_mark: str
    """A checksum of the newest record read (`_mark`): the same when the history only grew."""
    config: str
    config_key: str
    remind_after_min: int
    daily_goal_min: int
    last_ended: float | None
    """When the newest session ended, epoch seconds; None with no history."""
    last_routine: str
    run_end: int
    """The newest run of goal days (`streak.Run`), days as ordinals."""
    run_days: int
    tail_day: int
    tail_s: float
    away_min: int
    heads_up_min: int
    active_hours: str
    """"540-1080" (minutes after midnight), or empty for all day."""
    active_days: str
    """The active weekdays' digits, Monday 0: "01234"."""
    quiet_when: str
    """The command, each argument with % and space escaped, joined by spaces (`command`)."""
    remind_popup: int
    on_due: int
    """1 when an `on_due` hook is set (the rare run that announces a due stretch reads the config)."""

    @property
    def command(self) -> tuple[str, ...]:
        """`quiet_when` as an argument list."""
        if not self.quiet_when:
            return ()
        return tuple(part.replace("%20", " ").replace("%25", "%") for part in self.quiet_when.split(" "))

    @property
    def hours(self) -> tuple[int, int] | None:
        start, _, end = self.active_hours.partition("-")
        return (int(start), int(end)) if end else None

    @property
    def days(self) -> frozenset[int]:
        return frozenset(int(digit) for digit in self.active_days)

    @property
    def run(self) -> Run:
        from stretchtui.core.streak import Run

        return Run(self.run_end, self.run_days, self.tail_day, self.tail_s)

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
    the common cases; anything else is None (and `status` works its answers out every run;
    storage.toml_cache too)."""
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
    fields = key_values.parse(text, HEADER)
    if fields is None or set(fields) != set(Known.__slots__):
        return None
    values: dict[str, object] = dict(fields)
    try:
        for name, kind in _NUMBERS.items():
            values[name] = kind(values[name])
        values["last_ended"] = float(values["last_ended"]) if values["last_ended"] else None  # type: ignore[arg-type]
    except ValueError:
        return None
    return Known(**values)


# -- the fast path ----------------------------------------------------------------------------


def load(env: Mapping[str, str]) -> Known | None:
    """The kept answers for these folders, whether or not the files changed since. Never raises."""
    path = guess_file(env)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            known = parse(handle.read(16_384).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return known if known is not None and known.env == fingerprint(env) else None


def current(env: Mapping[str, str], now: float) -> Known:
    """The answers for this run: kept ones that still hold, brought forward when the history
    only grew, else worked out afresh (and kept for the next run).

    `env` is this process's environment (platformdirs reads os.environ itself). Raises
    StorageError when the history exists but cannot be read.
    """
    known = load(env)
    if known is not None and file_key(known.config) == known.config_key:
        history_key = file_key(known.history)
        if history_key == known.history_key:
            return known
        forward = bring_forward(known, history_key)
        if forward is not None:
            save(forward, env)
            return forward
    known = build(env, now)
    save(known, env)
    return known


# -- the slow paths ---------------------------------------------------------------------------


def bring_forward(known: Known, history_key: str) -> Known | None:
    """The answers with the lines appended to the history since; None if it was not appended
    to (replaced, shortened, or a session out of day order)."""
    from stretchtui.core.records import parse_record
    from stretchtui.core.streak import run_forwards

    from .history import read_forwards

    old, new = known.history_key.split(" "), history_key.split(" ")
    if len(old) != 3 or len(new) != 3 or old[2] != new[2] or int(new[0]) < known.history_read:
        return None
    path = _path(known.history)
    try:
        if _mark(path, known.history_read) != known.history_mark:
            return None  # rewritten in place, not appended to
        records, read = read_forwards(path, known.history_read, int(new[0]))
        mark = _mark(path, read)
    except OSError:
        return None
    run = run_forwards(known.run, _days(records), goal_s=known.daily_goal_min * 60)
    if run is None:
        return None
    values = known.values()
    values.update(history_key=history_key, history_read=read, history_mark=mark, run_end=run.end,
                  run_days=run.days, tail_day=run.tail_day, tail_s=run.tail_s)
    newest = next((record for record in map(parse_record, reversed(records))
                   if record is not None and record.ended is not None), None)
    if newest is not None:
        values.update(_last_session(newest))
    return Known(**values)


def build(env: Mapping[str, str], now: float) -> Known:
    """Work the answers out from the files: platformdirs, the config, the history's end.

    Raises StorageError when the history exists but cannot be read: saying "not stretched
    yet" then would be wrong.
    """
    from stretchtui.core.streak import run_backwards, today

    from . import paths
    from .errors import Problem, StorageError
    from .history import last_record, read_backwards, whole_lines_end
    from .regular import unreadable
    from .runtime import default_directory

    history, config = paths.history_file(), paths.config_file()
    # The keys are taken before reading, and only what they cover is read: a session recorded
    # meanwhile is brought forward by the next run.
    history_key, config_key = file_key(str(history)), file_key(str(config))
    try:
        if history_key.startswith("error"):
            raise OSError(int(history_key.split(" ")[1]), os.strerror(int(history_key.split(" ")[1])))
        read = 0 if history_key == "missing" else whole_lines_end(history, int(history_key.split(" ")[0]))
        mark = _mark(history, read)
    except FileNotFoundError:
        read, mark = 0, ""
    except OSError as error:
        raise StorageError(Problem(history, unreadable(error))) from None
    settings = _config_values(config)
    last = last_record(history, end=read)
    run = run_backwards(_days(read_backwards(history, end=read)), goal_s=settings.daily_goal_min * 60,
                        on=today(now))
    runtime = default_directory()
    return Known(
        env=fingerprint(env), runtime="" if runtime is None else str(runtime),
        history=str(history), history_key=history_key, history_read=read, history_mark=mark,
        config=str(config),
        config_key=config_key, **_kept_settings(settings),
        **_last_session(last), run_end=run.end, run_days=run.days, tail_day=run.tail_day, tail_s=run.tail_s,
    )


def _last_session(record: Record | None) -> dict[str, object]:
    """The kept answers about the newest session that ended (`history.last_record`)."""
    if record is None or record.ended is None:
        return {"last_ended": None, "last_routine": ""}
    return {"last_ended": record.ended.timestamp(), "last_routine": record.routine[:200]}


def _days(raws: Iterable[Mapping[str, object]]) -> Iterator[tuple[int, float]]:
    """(local day, seconds done) of each undamaged record, lazily: reading back stops where
    the run does."""
    from stretchtui.core.records import session_day

    return (day for day in map(session_day, raws) if day is not None)


MARK_BYTES = 16_384
"""How much of the newest record read is checked (records are a few kB)."""


def _mark(path: Path, position: int) -> str:
    """A checksum of the line that ends at `position` (the newest record read; at most its
    last MARK_BYTES): unchanged when the history was only appended to. Raises OSError."""
    if position <= 0:
        return ""
    import zlib

    from .regular import open_file

    with open_file(path) as handle:
        start = max(0, position - MARK_BYTES)
        handle.seek(start)
        data = handle.read(position - start)
    line = data[data.rfind(b"\n", 0, len(data) - 1) + 1 :]
    return f"{zlib.crc32(line):08x}"


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


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
        "quiet_when": " ".join(part.replace("%", "%25").replace(" ", "%20") for part in config.quiet_when),
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
