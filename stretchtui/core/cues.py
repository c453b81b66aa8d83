"""What a session sounds like: bell patterns and spoken lines, timed from its deadlines.

Someone face down in Child's Pose cannot see the pane, so each event has its own sound:

- one bell: a hold starts;
- two bells: switch (a "switch sides" pause starts, or a hold starts straight after a hold of
  the same stretch at another side or position, e.g. Cat -> Cow);
- three bells: the routine is done;
- one short bell in each of the last `countdown_bells` seconds of a hold: it is ending.

Get ready, rests and transitions start silently: the countdown has just said the hold is
over, and the next hold rings its own bell, so silence never hides a change of what to do.
With countdown bells off, the end of a hold is silent too.

`CueScheduler.poll()` is called from the screen's refresh. It never sleeps and counts no
ticks: every bell is due at a moment read from the Session (a step's start, its deadline, the
end), so pausing, jumping, restarting and +/- all move the bells with the step.

Pure Python: no Textual, no processes (voice.py speaks the lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from stretchtui.core.model import counted, position_name
from stretchtui.core.plan import Step, StepKind
from stretchtui.core.rules import strip_controls
from stretchtui.core.session import Session

BELL_GAP = 0.25
"""Seconds between the bells of one pattern, so two or three are heard apart."""
CUE_GAP = 2 * BELL_GAP
"""At least this long between two separate cues (a countdown bell and a pattern), so a
countdown bell never sounds like part of a pattern."""
MAX_LATE = 1.0
"""A cue noticed more than this late (the app stalled) is dropped rather than rung, so a
stall never ends in a burst of old bells. The done pattern always rings."""
_EPSILON = 1e-6


class Bell(StrEnum):
    """Why a bell rings (every kind is one terminal bell; the count makes the pattern)."""

    HOLD = "hold"
    SWITCH = "switch"
    DONE = "done"
    COUNTDOWN = "countdown"


PATTERNS: dict[Bell, int] = {Bell.HOLD: 1, Bell.SWITCH: 2, Bell.DONE: 3, Bell.COUNTDOWN: 1}
"""How many bells each cue rings."""


def start_pattern(step: Step, previous: Step | None) -> Bell | None:
    """The pattern that rings as `step` starts (None: it starts silently).

    `previous` is the step before it in the plan, so a jump back rings what the step
    always rings.
    """
    if step.kind is StepKind.SWITCH:
        return Bell.SWITCH
    if step.kind is not StepKind.HOLD:
        return None
    if (previous is not None and previous.kind is StepKind.HOLD and previous.item == step.item
            and (previous.side, previous.position) != (step.side, step.position)):
        return Bell.SWITCH
    return Bell.HOLD


@dataclass(frozen=True)
class Due:
    """What to do on this refresh: ring `bell` (at most one) and speak `say`."""

    bell: Bell | None = None
    say: str | None = None


class CueScheduler:
    """Turns a running Session into bells and spoken lines, polled from the screen's tick.

    Create it after `session.start()` and call `poll()` on every refresh, muted or not:
    the scheduler moves on either way, so unmuting never replays old bells. Rules:

    - A step's pattern is due at the step's start (its planned boundary, or the moment of
      a jump or restart); each next bell of a pattern rings BELL_GAP after the previous one
      actually rang, so a late refresh delays a pattern but never squeezes it together, and
      a pattern once begun always finishes. A new step abandons the old step's pattern.
    - Countdown bell k is due when the hold's time left reaches k seconds. Time left is the
      Session's, so +/- move the bells with the deadline (after `+` they ring again for the
      new deadline) and a pause freezes them. A countdown bell is left out while a pattern
      rings or within CUE_GAP of the last bell; after a jump only the newest is rung.
    - While paused nothing rings or is spoken; a step entered while paused (`n` or `p`)
      rings and speaks when the session resumes.
    - A cue more than MAX_LATE late when first noticed is dropped (the app stalled; the
      done pattern always rings). Steps passed over during a stall ring nothing; the step
      the session lands on is still announced.
    """

    def __init__(self, session: Session, *, countdown_bells: int = 3) -> None:
        self.session = session
        self.countdown_bells = max(0, countdown_bells)
        self._entries = 0
        self._ended = False
        self._pattern: list[Bell] = []
        self._next_at = 0.0
        self._begun = False
        self._left = 0.0
        self._last_bell = float("-inf")
        self._was_paused = False
        self._say: str | None = None

    @property
    def idle(self) -> bool:
        """No pattern is waiting to ring: after the end, the screen may close."""
        return not self._pattern

    def next_due(self) -> float | None:
        """Clock time of the next bell of a pattern (None: no pattern is waiting). Countdown
        bells fall on the countdown's whole seconds (`Session.next_change`); while paused
        nothing rings. Asked after `poll()`, so a pattern held back by a pause is known."""
        if not self._pattern or self.session.paused:
            return None
        if self._begun:
            return self._next_at
        return max(self._next_at, self._last_bell + CUE_GAP)

    def poll(self) -> Due:
        """What is due now, read from the session's clock; each cue is returned once."""
        session = self.session
        now = session.clock()
        if len(session.starts) != self._entries:
            self._entered()
        if session.finished and not self._ended:
            self._finished()
        if session.paused:
            self._was_paused = True
            return Due()
        if self._was_paused:
            self._was_paused = False
            if self._pattern:
                self._next_at = now  # a pattern cut or held back by the pause rings now
                self._begun = False
        bell = self._pattern_bell(now) or self._countdown_bell(now)
        say, self._say = self._say, None
        return Due(bell, say)

    def _entered(self) -> None:
        session = self.session
        self._entries = len(session.starts)
        steps = session.plan.steps
        index = session.index
        step = session.step
        previous = steps[index - 1] if index > 0 else None
        following = session.next_step
        pattern = start_pattern(step, previous)
        self._set_pattern(pattern, session.step_start_time)
        self._left = float(step.duration)
        self._say = step_speech(step, previous, following)

    def _finished(self) -> None:
        session = self.session
        self._ended = True
        self._say = None
        self._set_pattern(None, 0.0)
        if session.completed and session.end_time is not None:
            self._set_pattern(Bell.DONE, session.end_time)
            self._say = done_text(session.done_seconds)

    def _set_pattern(self, pattern: Bell | None, due: float) -> None:
        self._pattern = [pattern] * PATTERNS[pattern] if pattern else []
        self._next_at = due
        self._begun = False

    def _pattern_bell(self, now: float) -> Bell | None:
        if not self._pattern or now + _EPSILON < self._next_at:
            return None
        if not self._begun:
            if now - self._next_at > MAX_LATE and self._pattern[0] is not Bell.DONE:
                self._pattern.clear()
                return None
            if now + _EPSILON < self._last_bell + CUE_GAP:
                return None  # just after a countdown bell: wait, so the count stays clear
            self._begun = True
        self._next_at = now + BELL_GAP
        return self._ring(self._pattern.pop(0), now)

    def _countdown_bell(self, now: float) -> Bell | None:
        session = self.session
        if session.finished or session.step.kind is not StepKind.HOLD:
            return None
        left = round(session.remaining, 6)
        crossed = [k for k in range(1, self.countdown_bells + 1) if left <= k < self._left]
        self._left = left
        if not crossed or self._pattern or now + _EPSILON < self._last_bell + CUE_GAP:
            return None
        if min(crossed) - left > MAX_LATE:
            return None
        return self._ring(Bell.COUNTDOWN, now)

    def _ring(self, bell: Bell, now: float) -> Bell:
        self._last_bell = now
        return bell


# -- spoken lines ----------------------------------------------------------------------

def spoken_duration(seconds: float) -> str:
    """A length as a speech engine reads it well: "1 second", "1 minute 30 seconds"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [counted(value, unit) for value, unit in
             ((hours, "hour"), (minutes, "minute"), (secs, "second")) if value]
    return " ".join(parts) or "0 seconds"


def spoken_name(name: str) -> str:
    """A name from the library as it should be heard: no control characters, and a slash
    between words read as "and" ("Cat/Cow" is Cat and Cow, not "cat slash cow")."""
    text = strip_controls(" ".join(name.split()))
    return " ".join(re.sub(r"\s*/\s*", " and ", text).split())


def _hold_part(step: Step) -> str:
    """What the hold is beyond its name: "left side", "cat position", a progression."""
    parts = []
    if step.side:
        parts.append(f"{step.side} side")
    if step.position:
        parts.append(f"{position_name(step.position)} position")
    if step.progression:
        parts.append(step.progression.split(":", 1)[0].strip())
    return ", ".join(strip_controls(part) for part in parts if part)


def announcement(step: Step, previous: Step | None, following: Step | None) -> str:
    """The line spoken as `step` starts ("Standing Side Bend, left side, 30 seconds").

    `previous` and `following` are its neighbours in the plan: a switch names the side
    that comes next.
    """
    name = spoken_name(step.stretch.name if step.stretch else step.title)
    if step.kind is StepKind.HOLD:
        part = _hold_part(step)
        return ", ".join(word for word in (name, part, spoken_duration(step.duration)) if word)
    if step.kind is StepKind.SWITCH:
        side = following.side if following is not None else None
        return f"Switch to the {side} side" if side else "Switch sides"
    if step.kind is StepKind.REST:
        return f"Rest, {spoken_duration(step.duration)}"
    if step.kind is StepKind.TRANSITION:
        return f"Next: {name}"
    return f"Get ready: {name}" if step.stretch else "Get ready"


def first_cue(step: Step, previous: Step | None) -> str | None:
    """The stretch's first cue when `step` is its first hold (first repetition, first side
    or position); None otherwise."""
    stretch = step.stretch
    if step.kind is not StepKind.HOLD or stretch is None or not stretch.cues or step.rep > 1:
        return None
    if previous is not None and previous.item == step.item and previous.kind in (
            StepKind.HOLD, StepKind.SWITCH):
        return None  # the second side or position of the first repetition
    return strip_controls(stretch.cues[0]).strip() or None


def step_speech(step: Step, previous: Step | None, following: Step | None) -> str:
    """Everything said as `step` starts, as one line (a new line cuts off the one before)."""
    line = announcement(step, previous, following)
    cue = first_cue(step, previous)
    return f"{line}. {cue}" if cue else line


def done_text(seconds: float) -> str:
    """The line at the end: "Routine done, 12 minutes" (time spent, to the minute from one
    minute up)."""
    if seconds < 1:
        return "Routine done"
    if seconds >= 60:
        seconds = 60 * max(1, int(seconds / 60 + 0.5))
    return f"Routine done, {spoken_duration(seconds)}"
