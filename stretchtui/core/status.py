"""What `stretchtui status` says: one short line from the running sessions and the past.

Pure functions, and cheap to import: `status` runs every few seconds in every tmux of the
user, so this module imports no dataclasses, json or re (json is imported for `--json` only).
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Mapping

FIELDS = ("stretch", "side", "left", "step", "steps", "routine", "since", "streak", "state")
"""The `--format` fields, in the order the help lists them."""
STATES = ("running", "paused", "due", "idle")
"""`{state}`: a session runs or is paused; else a stretch is due, or not yet (idle, also
before the first session is recorded)."""

TMUX_STYLE = {"due": ("#[fg=yellow,bold]", "#[fg=default,nobold]"), "paused": ("#[dim]", "#[nodim]")}
"""tmux markup around the line by state; each undoes only what it set, keeping the user's style."""


class RunningState:
    """What one running session shows in `status` (a plain class: dataclasses import slowly)."""

    __slots__ = ("deadline", "kind", "left", "paused", "pid", "routine", "side", "started",
                 "step", "steps", "stretch")

    def __init__(self, *, pid: int, started: float, routine: str, stretch: str, side: str,
                 step: int, steps: int, kind: str, paused: bool, left: float | None = None,
                 deadline: float | None = None) -> None:
        self.pid = pid
        self.started = started
        """When the session started, epoch seconds."""
        self.routine = routine
        self.stretch = stretch
        """The step's title: the stretch's name in a hold, else "Rest", "Get ready", ..."""
        self.side = side
        """"left" or "right", a position's short name ("cat"), or empty."""
        self.step = step
        """1-based."""
        self.steps = steps
        self.kind = kind
        """The step kind's value: "hold", "rest", "get ready", ..."""
        self.paused = paused
        self.left = left
        """Seconds left in the step, while paused."""
        self.deadline = deadline
        """When the step ends, epoch seconds, while running."""

    def seconds_left(self, now: float) -> float:
        if self.paused or self.deadline is None:
            return max(0.0, self.left or 0.0)
        return max(0.0, self.deadline - now)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunningState) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"RunningState({fields})"


class TemplateError(ValueError):
    """A `--format` template that names an unknown field or is not a template at all."""


class Status:
    """Everything the line and the fields are made of (a plain class: dataclasses load slowly)."""

    __slots__ = ("left_s", "routine", "side", "since_s", "state", "step", "steps", "streak", "stretch")

    def __init__(self, *, state: str, stretch: str = "", side: str = "", left_s: float | None = None,
                 step: int = 0, steps: int = 0, routine: str = "", since_s: float | None = None,
                 streak: int = 0) -> None:
        self.state = state
        self.stretch = stretch
        self.side = side
        self.left_s = left_s
        """Seconds left in the step of the running session."""
        self.step = step
        self.steps = steps
        self.routine = routine
        """The running routine, else the last one done."""
        self.since_s = since_s
        """Seconds since the last session ended; None when there is no history."""
        self.streak = streak
        """Days in a row the daily goal was met, up to today (or yesterday, today not yet done)."""

    def __repr__(self) -> str:
        return "Status(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


def compute(running: list[RunningState], *, now: float, last_ended: float | None,
            last_routine: str = "", streak: int = 0, remind_after_min: int = 60) -> Status:
    """The status at `now`: the newest running session, else how long since the last one."""
    since = None if last_ended is None else max(0.0, now - last_ended)
    if running:
        newest = running[0]
        return Status(state="paused" if newest.paused else "running", stretch=newest.stretch,
                      side=newest.side, left_s=newest.seconds_left(now), step=newest.step,
                      steps=newest.steps, routine=newest.routine, since_s=since, streak=streak)
    # No history yet: "not stretched yet", never "due". Nothing has been done to be due
    # again, and a line that nags from the minute the app is installed gets switched off.
    due = remind_after_min > 0 and since is not None and since >= remind_after_min * 60
    return Status(state="due" if due else "idle", routine=last_routine, since_s=since, streak=streak)


# -- words ---------------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """A countdown as the session shows it: 6.2 s left reads 0:07, an hour 1:00:00."""
    whole = max(0, math.ceil(round(seconds, 6)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def ago(seconds: float) -> str:
    """How long ago, to the minute: 0m, 45m, 1h 20m, 3h, 2d 5h, 12d."""
    minutes = int(max(0.0, seconds) // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours and days < 7 else f"{days}d"


def fields(status: Status) -> dict[str, str]:
    """The `--format` fields as text; a field that does not apply is empty."""
    running = status.state in ("running", "paused")
    return {
        "stretch": status.stretch,
        "side": status.side,
        "left": clock(status.left_s) if running and status.left_s is not None else "",
        "step": str(status.step) if running else "",
        "steps": str(status.steps) if running else "",
        "routine": status.routine,
        "since": "" if status.since_s is None else ago(status.since_s),
        "streak": str(status.streak) if status.streak else "",
        "state": status.state,
    }


def title(stretch: str, side: str) -> str:
    """What a step is called in the line and the window title: `Cat/Cow (cat)`, `Rest`."""
    return f"{stretch} ({side})" if side else stretch


def default_line(status: Status) -> str:
    """`Cat/Cow (cat) 0:07 3/16`, `stretched 1h 20m ago, 3-day streak` or `stretch due`."""
    shown = fields(status)
    if status.state in ("running", "paused"):
        line = f"{title(status.stretch, status.side)} {shown['left']} {shown['step']}/{shown['steps']}"
        return line + " paused" if status.state == "paused" else line
    if status.state == "due":
        line = "stretch due"
    elif status.since_s is None:
        line = "not stretched yet"
    else:
        line = f"stretched {shown['since']} ago"
    return f"{line}, {status.streak}-day streak" if status.streak else line


def render(status: Status, template: str | None = None, *, tmux: bool = False) -> str:
    """The line: the default one or `template` filled in; with `tmux`, escaped and styled.

    tmux expands `#` in the output of `#()` (`#(cmd)` even runs a command), so every `#`
    in the fields (routine and stretch names are user text) is doubled. The template's own
    text is left alone: it is the user's, and may hold tmux markup on purpose.
    """
    shown = fields(status)
    if tmux:
        shown = {name: value.replace("#", "##") for name, value in shown.items()}
    if template is None:
        line = default_line(status)
        line = line.replace("#", "##") if tmux else line
    else:
        line = fill(template, shown)
    line = " ".join(line.splitlines())  # at most one line, whatever the template holds
    if tmux and status.state in TMUX_STYLE:
        start, end = TMUX_STYLE[status.state]
        line = f"{start}{line}{end}"
    return line


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with its `{field}`s replaced; TemplateError names what is wrong."""
    from _string import formatter_parser  # type: ignore[import-not-found]  # what str.format uses; `string` imports re

    try:
        for _, name, spec, _ in formatter_parser(template):
            if name is not None and name not in values:
                raise TemplateError(f"unknown field {{{name}}}; the fields are "
                                    + ", ".join(f"{{{field}}}" for field in FIELDS))
            if spec and "{" in spec:
                raise TemplateError(f"fields inside a format spec are not supported: {spec!r}")
        return template.format_map(values)
    except (ValueError, KeyError, IndexError, AttributeError) as error:
        if isinstance(error, TemplateError):
            raise
        raise TemplateError(f"not a valid template: {error}") from None


def as_json(status: Status) -> str:
    """One JSON object for scripts: the fields as shown, and the raw numbers."""
    import json

    data: dict[str, object] = dict(fields(status))
    data.update(left_s=None if status.left_s is None else round(status.left_s, 3),
                since_s=None if status.since_s is None else round(status.since_s, 3),
                streak=status.streak, step=status.step or None, steps=status.steps or None,
                line=default_line(status))
    return json.dumps(data, ensure_ascii=False)


# -- streaks ---------------------------------------------------------------------------------


def current_streak(run_end: int, run_days: int, now: float) -> int:
    """Today's streak from the newest run of goal days kept by `status_cache` (see `streak`)."""
    from stretchtui.core import streak

    return streak.current(run_end, run_days, streak.today(now))
