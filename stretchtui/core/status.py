"""What `stretchtui status` says: one short line from the running sessions and the past.

Pure functions, and cheap to import: `status` runs every few seconds in every tmux of the
user, so this module imports no dataclasses, json or re (json is imported for `--json` only).
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing itself is too slow an import for `status`
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

FIELDS = ("stretch", "side", "left", "step", "steps", "routine", "since", "streak", "state", "due_in",
          "until")
"""The `--format` fields, in the order the help lists them."""
STATES = ("running", "paused", "due", "soon", "quiet", "idle")
"""`{state}`: a session runs or is paused; else a stretch is due, due within `heads_up_min`
(soon), held by quiet time (a pause, outside active hours, a meeting), or not yet (idle,
also before the first session is recorded)."""

TMUX_STYLE = {"due": ("#[fg=yellow,bold]", "#[fg=default,nobold]"), "soon": ("#[fg=yellow]", "#[fg=default]"),
              "paused": ("#[dim]", "#[nodim]"), "quiet": ("#[dim]", "#[nodim]")}
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

    __slots__ = ("due_in_s", "left_s", "routine", "side", "since_s", "state", "step", "steps", "streak",
                 "stretch", "until")

    def __init__(self, *, state: str, stretch: str = "", side: str = "", left_s: float | None = None,
                 step: int = 0, steps: int = 0, routine: str = "", since_s: float | None = None,
                 streak: int = 0, due_in_s: float | None = None, until: float | None = None) -> None:
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
        self.due_in_s = due_in_s
        """Seconds until a stretch is due (0 when it is); None when reminders are off or quiet."""
        self.until = until
        """While quiet: until when, epoch seconds (inf: until a meeting ends)."""

    def __repr__(self) -> str:
        return "Status(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


def compute(running: list[RunningState], *, now: float, last_ended: float | None,
            last_routine: str = "", streak: int = 0, remind_after_min: int = 60,
            reminder: tuple[str, float | None, float | None] | None = None) -> Status:
    """The status at `now`: the newest running session, else how long since the last one.
    `reminder` is what a look at the day found (`services.reminding`): the state, when a
    stretch is due and until when reminders are quiet; without it, due is an interval after
    the last session."""
    since = None if last_ended is None else max(0.0, now - last_ended)
    if running:
        newest = running[0]
        return Status(state="paused" if newest.paused else "running", stretch=newest.stretch,
                      side=newest.side, left_s=newest.seconds_left(now), step=newest.step,
                      steps=newest.steps, routine=newest.routine, since_s=since, streak=streak)
    # No history yet: "not stretched yet", never "due". Nothing has been done to be due
    # again, and a line that nags from the minute the app is installed gets switched off.
    if reminder is not None and since is not None:
        state, due_at, until = reminder
        due_in = None if due_at is None or state == "quiet" else max(0.0, due_at - now)
        return Status(state=state, routine=last_routine, since_s=since, streak=streak, due_in_s=due_in,
                      until=until if state == "quiet" else None)
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


def minutes_up(seconds: float) -> str:
    """A time to come, rounded up to the minute (a heads-up never says 0m too early): 2m, 1h 5m."""
    return ago(math.ceil(round(seconds, 6) / 60) * 60)


def until_text(until: float | None, now: float) -> str:
    """When quiet time ends, local time: `14:00` today, else `Mon 09:00`; empty when unknown."""
    import time

    if until is None or until == float("inf"):
        return ""
    end, today = time.localtime(until), time.localtime(now)
    clock_text = f"{end.tm_hour:02d}:{end.tm_min:02d}"
    if end[:3] == today[:3]:
        return clock_text
    return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[end.tm_wday] + " " + clock_text


def fields(status: Status, now: float | None = None) -> dict[str, str]:
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
        "due_in": "" if status.due_in_s is None else minutes_up(status.due_in_s),
        "until": "" if now is None else until_text(status.until, now),
    }


def title(stretch: str, side: str) -> str:
    """What a step is called in the line and the window title: `Cat/Cow (cat)`, `Rest`."""
    return f"{stretch} ({side})" if side else stretch


def default_line(status: Status, now: float | None = None) -> str:
    """`Cat/Cow (cat) 0:07 3/16`, `stretched 1h 20m ago, 3-day streak`, `stretch in 2m`,
    `quiet until 14:00` or `stretch due`."""
    shown = fields(status, now)
    if status.state in ("running", "paused"):
        line = f"{title(status.stretch, status.side)} {shown['left']} {shown['step']}/{shown['steps']}"
        return line + " paused" if status.state == "paused" else line
    if status.state == "due":
        line = "stretch due"
    elif status.state == "soon":
        line = f"stretch in {shown['due_in']}"
    elif status.state == "quiet":
        line = f"quiet until {shown['until']}" if shown["until"] else "quiet"
    elif status.since_s is None:
        line = "not stretched yet"
    else:
        line = f"stretched {shown['since']} ago"
    return f"{line}, {status.streak}-day streak" if status.streak else line


def render(status: Status, template: str | None = None, *, tmux: bool = False,
           now: float | None = None) -> str:
    """The line: the default one or `template` filled in; with `tmux`, escaped and styled.

    tmux expands `#` in the output of `#()` (`#(cmd)` even runs a command), so every `#`
    in the fields (routine and stretch names are user text) is doubled. The template's own
    text is left alone: it is the user's, and may hold tmux markup on purpose.
    """
    shown = fields(status, now)
    if tmux:
        shown = {name: value.replace("#", "##") for name, value in shown.items()}
    if template is None:
        line = default_line(status, now)
        line = line.replace("#", "##") if tmux else line
    else:
        line = fill(template, shown)
    line = " ".join(line.splitlines())  # at most one line, whatever the template holds
    if tmux and status.state in TMUX_STYLE:
        start, end = TMUX_STYLE[status.state]
        line = f"{start}{line}{end}"
    return line


MAX_WIDTH = 200
"""The widest field a template may ask for (`{routine:>200}`): wider is clipped to this, so a
huge width can neither fill the memory nor the status bar."""


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with its `{field}`, `{field:spec}` and `{field!r}` replaced, `{{` and `}}`
    as braces; TemplateError names what is wrong. (`str.format` would accept attributes,
    indexes and any width; the standard library's parser of templates is private.)"""
    out: list[str] = []
    position = 0
    while position < len(template):
        brace = min((at for at in (template.find("{", position), template.find("}", position))
                     if at >= 0), default=len(template))
        out.append(template[position:brace])
        if brace == len(template):
            break
        if template.startswith(("{{", "}}"), brace):
            out.append(template[brace])
            position = brace + 2
            continue
        end = template.find("}", brace)
        if template[brace] == "}" or end < 0:
            raise TemplateError("not a valid template: a single '{' or '}' (write '{{' or '}}')")
        out.append(_field(template[brace + 1 : end], values))
        position = end + 1
    return "".join(out)


def _field(text: str, values: Mapping[str, str]) -> str:
    """One `{...}` of a template, filled in."""
    if "{" in text:
        raise TemplateError(f"fields inside a format spec are not supported: {text!r}")
    name, _, spec = text.partition(":")
    name, bang, conversion = name.partition("!")
    if name not in values:
        raise TemplateError(f"unknown field {{{name}}}; the fields are "
                            + ", ".join(f"{{{field}}}" for field in FIELDS))
    if bang and conversion not in _CONVERSIONS:
        raise TemplateError(f"not a valid template: unknown conversion {text!r}")
    value = _CONVERSIONS[conversion](values[name]) if bang else values[name]
    try:
        return format(value, _bounded(spec))
    except ValueError as error:
        raise TemplateError(f"not a valid template: {error}") from None


_CONVERSIONS: dict[str, Callable[[object], str]] = {"s": str, "r": repr, "a": ascii}


def _bounded(spec: str) -> str:
    """A format spec with every width and precision at most MAX_WIDTH (the fill character
    and the alignment, which may be digits, are kept as they are)."""
    head = 2 if len(spec) > 1 and spec[1] in "<>=^" else 1 if spec[:1] in ("<", ">", "=", "^") else 0
    out, digits = [spec[:head]], ""
    for char in spec[head:] + " ":
        if "0" <= char <= "9":
            digits += char
            continue
        if digits:
            out.append(digits if len(digits) <= 3 and int(digits) <= MAX_WIDTH else str(MAX_WIDTH))
            digits = ""
        out.append(char)
    return "".join(out)[:-1]


def as_json(status: Status, now: float | None = None) -> str:
    """One JSON object for scripts: the fields as shown, and the raw numbers."""
    import json

    data: dict[str, object] = dict(fields(status, now))
    data.update(left_s=None if status.left_s is None else round(status.left_s, 3),
                since_s=None if status.since_s is None else round(status.since_s, 3),
                streak=status.streak, step=status.step or None, steps=status.steps or None,
                due_in_s=None if status.due_in_s is None else round(status.due_in_s, 3),
                until_s=None if status.until in (None, float("inf")) else status.until,
                line=default_line(status, now))
    return json.dumps(data, ensure_ascii=False)


# -- streaks ---------------------------------------------------------------------------------


def current_streak(run_end: int, run_days: int, now: float) -> int:
    """Today's streak from the newest run of goal days kept by `status_cache` (see `streak`)."""
    from stretchtui.core import streak

    return streak.current(run_end, run_days, streak.today(now))
