"""A look at the user's day, for `stretchtui status` and the open app: away or not (tmux's
clients, else the app's own last key), paused, outside active hours, in a meeting
(`quiet_when`), and so whether a stretch is due, soon, or must wait. The rules are
`core.day`'s; this module reads and writes their shared files and runs the programs.

What it runs, and how often: `tmux list-clients` at most every SAMPLE_S seconds (whoever
looks first: `status` from any client, or the app), and `quiet_when` at most every
MEETING_S seconds, only while a stretch is due or within its heads-up and nothing else
keeps reminders quiet. A plain `status` run reads four small files.
"""

from __future__ import annotations

import time

from stretchtui.core import day
from stretchtui.storage import reminding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    Clients = Callable[[Mapping[str, str]], list[tuple[float, str]] | None]
    """Asks tmux for its clients (`tmux.clients`; tests pass their own)."""

SAMPLE_S = 30.0
"""How often tmux is asked when each client last pressed a key."""
MEETING_S = 60.0
"""How often `quiet_when` runs at most; its answer holds as long."""
MEETING_TIMEOUT_S = 5.0


class Settings:
    """What a look needs of the config (a plain class: `status` keeps these between runs)."""

    __slots__ = ("away_s", "days", "every_s", "heads_up_s", "hours", "quiet_when")

    def __init__(self, *, every_s: float, away_s: float = 600.0, heads_up_s: float = 120.0,
                 hours: tuple[int, int] | None = None, days: frozenset[int] = day.ALL_DAYS,
                 quiet_when: Sequence[str] | Callable[[], Sequence[str]] = ()) -> None:
        self.every_s = every_s
        self.away_s = away_s
        self.heads_up_s = heads_up_s
        self.hours = hours
        self.days = days
        self.quiet_when = quiet_when if callable(quiet_when) else tuple(quiet_when)
        """The meeting command, or how to read it when it is about to run (`status` reads
        config.toml then, never a kept copy)."""


class Look:
    """What a look found."""

    __slots__ = ("away", "back_at", "due_at", "quiet_until", "state")

    def __init__(self, state: str, due_at: float | None, quiet_until: float | None, away: bool,
                 back_at: float) -> None:
        self.state = state
        """"due", "soon", "quiet" or "idle" (`day.reminder_state`)."""
        self.due_at = due_at
        self.quiet_until = quiet_until
        """Until when reminders wait (inf: until the meeting command says otherwise)."""
        self.away = away
        self.back_at = back_at
        """When the user last came back from time away (0: not seen)."""


def look(settings: Settings, *, now: float, last_ended: float | None, directory: str,
         env: Mapping[str, str], own_activity: float | None = None,
         clients: Clients | None = None,
         localtime: Callable[[float], time.struct_time] = time.localtime) -> Look:
    """The reminder's state at `now` (epoch seconds). `own_activity` is the app's last key,
    used outside tmux; `clients` asks tmux (tests pass their own)."""
    presence = reminding.read_presence(directory)
    if settings.away_s > 0 and (presence is None or now - presence.seen_at >= SAMPLE_S
                                or now < presence.seen_at):
        activity = own_activity
        if env.get("TMUX"):
            from stretchtui.services import tmux

            found = (clients or tmux.clients)(env)
            activity = found[0][0] if found else activity
        if activity is not None or presence is None:
            presence = day.observe(presence, activity, now, settings.away_s)
            reminding.write_presence(directory, presence)
    away = settings.away_s > 0 and day.is_away(presence, now, settings.away_s)
    back_at = presence.back_at if presence else 0.0
    answers = reminding.read(directory, reminding.REMINDER)
    due = day.due_at(settings.every_s, last_ended, back_at, answers.get("dismissed_at", 0.0),
                     snoozed_until=answers.get("snoozed_until", 0.0))
    quiet = day.quiet_until(now, paused_until=reminding.read_pause(directory), hours=settings.hours,
                            days=settings.days, localtime=localtime)
    if (quiet is None and not away and due is not None and now >= due - settings.heads_up_s
            and settings.quiet_when and in_meeting(settings.quiet_when, now, directory, env)):
        quiet = float("inf")
    return Look(day.reminder_state(now, due, quiet=quiet, away=away, heads_up_s=settings.heads_up_s),
                due, quiet, away, back_at)


def in_meeting(command: Sequence[str] | Callable[[], Sequence[str]], now: float, directory: str,
               env: Mapping[str, str]) -> bool:
    """The `quiet_when` command's answer (exit 0: not now), asked at most every MEETING_S;
    a callable `command` is called only when the command is to run."""
    known = reminding.read(directory, reminding.MEETING)
    if known and 0 <= now - known.get("at", 0.0) < MEETING_S:
        return bool(known.get("quiet"))
    from stretchtui.services import programs

    argv = tuple(command() if callable(command) else command)
    quiet = bool(argv) and programs.run(argv, timeout=MEETING_TIMEOUT_S, env=env).ok
    reminding.write(directory, reminding.MEETING, {"quiet": float(quiet), "at": now})
    return quiet


def answer(directory: str, answer: str, now: float, snooze_s: float) -> None:
    """The user snoozed ("snooze") or dismissed ("dismiss") a reminder, anywhere: every
    process sees it (the clock restarts at a dismissal; a snooze ends by itself)."""
    answers = reminding.read(directory, reminding.REMINDER)
    if answer == "snooze":
        answers["snoozed_until"] = now + snooze_s
    else:
        answers["dismissed_at"] = now
        answers.pop("snoozed_until", None)
    reminding.write(directory, reminding.REMINDER, answers)


def announce(due_at: float, *, directory: str, env: Mapping[str, str], now: float, popup: bool,
             routine: str = "", clients: Clients | None = None) -> bool:
    """A stretch is due at `due_at`: the first process to see it (of every tmux client's
    `status` and the app) opens the popup in the window of the most recently active client
    and runs the `on_due` hook (bounded). False when another process did it already."""
    if not reminding.claim(directory, due_at):
        return False
    if popup and env.get("TMUX"):
        import sys

        from stretchtui.services import tmux

        found = (clients or tmux.clients)(env)
        if found:
            tmux.popup(found[0][1], [sys.executable, "-m", "stretchtui", "remind"], env)
    from stretchtui.storage.config import load_config

    config, _ = load_config()
    if config.hook("on_due"):
        import sys

        from stretchtui.services.hooks import Hooks, iso

        hooks = Hooks(dict(config.hooks), report=lambda line: print(line, file=sys.stderr))
        hooks.run("on_due", routine=routine or config.default_routine, due=iso(due_at))
    return True
