"""The user's settings in config.toml: every key documented, typed and validated.

A bad value gets one clear line naming the file, line and key, and that key keeps its
default while every other key still applies: a typo never stops the app from starting.
The file is read once at start; the theme is written back when the user picks one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from stretchtui.core import rules
from stretchtui.core.day import ALL_DAYS, parse_days, parse_hours
from stretchtui.core.rules import Invalid

from . import paths
from .errors import Problem, StorageError
from .schema import Checker
from .toml import parse_toml_bytes, read_bytes, read_toml
from .write import atomic_write, locked, remove_stale_temporaries

VOICE_WORDS = ("off", "auto")
CHECKIN_MODES = ("off", "after", "both")
HOOKS = ("on_start", "on_end", "on_due", "on_snooze", "on_skip")
"""The events a `[hooks]` command may run on."""
MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class Config:
    """Every setting with its default; see the README's config table."""

    theme: str | None = None
    """The Textual theme picked in the command palette (written back by the app)."""
    bell: bool = True
    """Ring the terminal bell in sessions (`m` mutes one session)."""
    countdown_bells: int = 3
    """Short bells in the last seconds of a hold (0: none)."""
    voice: str | tuple[str, ...] = "off"
    """"off", "auto" (first speech program found) or a command as an argument list."""
    notify: str = "auto"
    """How desktop notifications reach the terminal: one of terminal.NOTIFY_MODES."""
    daily_goal_min: int = 5
    """Minutes of stretching that make a day count toward a streak."""
    remind_after_min: int = 60
    """Minutes after the last session before a stretch is due (0: no reminders)."""
    snooze_min: int = 10
    """Minutes a snoozed reminder waits."""
    default_routine: str = ""
    """The routine a reminder suggests when none was run yet."""
    checkin: str = "off"
    """Pain ratings: "off", "after" or "both" (before and after); offered once, after the
    first completed session (storage.safety remembers the offer)."""
    away_min: int = 10
    """Minutes without a key press (every tmux client's) that count as time away (0: never)."""
    heads_up_min: int = 2
    """Minutes before a stretch is due that `status` says `stretch in 2m` (0: no heads-up)."""
    active_hours: tuple[int, int] | None = None
    """When reminders may speak, minutes after midnight (start, end); None: all day."""
    active_days: frozenset[int] = ALL_DAYS
    """The weekdays reminders may speak on, Monday 0."""
    quiet_when: tuple[str, ...] = ()
    """A command whose exit status 0 means "not now" (a meeting); empty: none."""
    remind_popup: bool = False
    """When a stretch is due, offer the suggested routine in a tmux popup."""
    hooks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(event, command) pairs: a command run on each of these events (HOOKS)."""

    def hook(self, event: str) -> tuple[str, ...]:
        """The command `[hooks]` runs on `event`; empty when none."""
        return dict(self.hooks).get(event, ())


def _minutes(low: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        try:
            return rules.check_whole(value, low, MAX_MINUTES)
        except Invalid:
            raise Invalid(f"expected a whole number of minutes from {low} to {MAX_MINUTES}, "
                          f"not {value!r}") from None
    return check


def _voice(value: Any) -> str | tuple[str, ...]:
    if isinstance(value, str):
        return rules.check_choice(value, VOICE_WORDS)
    if isinstance(value, list) and value:
        return tuple(rules.check_text(part) for part in value)
    raise Invalid('expected "off", "auto" or a command as a list of strings, '
                  'like ["espeak-ng", "-s", "150"]')


def _command(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(part, str) for part in value) \
            or not value[0].strip():
        raise Invalid('expected a command as a list of strings, like ["pgrep", "-x", "zoom"]')
    return tuple(rules.check_text(part, empty=True) for part in value)


def _hours(value: Any) -> tuple[int, int]:
    try:
        return parse_hours(rules.check_text(value))
    except ValueError as error:
        raise Invalid(str(error)) from None


def _days(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not all(isinstance(day, str) for day in value):
        raise Invalid('expected a list of day names, like ["mon", "tue", "wed", "thu", "fri"]')
    try:
        return parse_days(value)
    except ValueError as error:
        raise Invalid(str(error)) from None


def _hooks(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise Invalid(f"expected a table of commands: [hooks] with {', '.join(HOOKS)}")
    hooks = {}
    for name, command in value.items():
        if name not in HOOKS:
            raise Invalid(f"unknown hook {name!r}; the hooks are {', '.join(HOOKS)}")
        try:
            hooks[name] = _command(command)
        except Invalid as error:
            raise Invalid(f"{name}: {error}") from None
    return tuple(hooks.items())


def _notify(value: Any) -> str:
    from stretchtui.core.terminal import NOTIFY_MODES  # the terminal's sequences: only when set

    return rules.check_choice(value, NOTIFY_MODES)


CONVERTERS: Mapping[str, Callable[[Any], Any]] = {
    "theme": lambda v: rules.check_text(v, rules.MAX_NAME),
    "bell": rules.check_flag,
    "countdown_bells": lambda v: rules.check_whole(v, 0, 10),
    "voice": _voice,
    "notify": _notify,
    "daily_goal_min": _minutes(1),
    "remind_after_min": _minutes(0),
    "snooze_min": _minutes(1),
    "default_routine": lambda v: rules.check_text(v, rules.MAX_NAME, empty=True),
    "checkin": lambda v: rules.check_choice(v, CHECKIN_MODES),
    "away_min": _minutes(0),
    "heads_up_min": _minutes(0),
    "active_hours": _hours,
    "active_days": _days,
    "quiet_when": _command,
    "remind_popup": rules.check_flag,
    "hooks": _hooks,
}
assert tuple(CONVERTERS) == tuple(f.name for f in fields(Config))


def load_config(path: Path | None = None) -> tuple[Config, list[Problem]]:
    """The user's settings and a line for each problem; never raises."""
    path = path or paths.config_file()
    remove_stale_temporaries(path)
    try:
        data, locator = read_toml(path)
    except FileNotFoundError:
        return Config(), []
    except StorageError as error:
        return Config(), error.problems
    check = Checker(path, locator)
    values, _ = check.fields(data, CONVERTERS, (), (), "")
    return Config(**values), check.problems


def check_config(path: Path) -> list[Problem]:
    """The problems of a config file (for `stretchtui check`)."""
    if not path.exists():
        return [Problem(path, "does not exist")]
    return load_config(path)[1]


def save_config(settings: Mapping[str, Any], path: Path | None = None, *, wait: float | None = None) -> None:
    """Change some keys, keeping the rest of the file as written: comments, order and any
    key we do not know. A config that cannot be read is never overwritten."""
    from .edit import CannotEdit, edit_settings  # only a theme change pays for tomlkit

    path = path or paths.config_file()
    with locked(path, wait):
        try:
            raw, size = read_bytes(path)
            parse_toml_bytes(raw, path, size)
        except FileNotFoundError:
            raw = None
        except StorageError:
            return  # never overwrite a config we could not read
        try:
            if raw is None:
                import tomli_w  # a new file: written, not edited

                text = tomli_w.dumps(dict(settings))
            else:
                text = edit_settings(raw.decode("utf-8"), settings)
        except (CannotEdit, RecursionError, TypeError, ValueError):  # e.g. arrays nested hundreds deep
            raise StorageError(
                Problem(path, "holds values too deeply nested to write back; not changed")
            ) from None
        atomic_write(path, text, backup=False, through_links=True)
