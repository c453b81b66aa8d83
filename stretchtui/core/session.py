"""The timeline of a running session: which step is on and how long it has left.

Plain Python with an injected monotonic clock. Time left is always computed from the
current step's deadline, so a late or missed refresh never makes the session drift, and
catching up after a stall moves through steps on their planned boundaries.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from stretchtui.core.model import RoutineItem
from stretchtui.core.plan import Plan, Step, StepKind
from stretchtui.core.records import local_time

Clock = Callable[[], float]
ADJUST_STEP = 5.0
"""Seconds that `+` and `-` add to or take from the current step."""


def whole_seconds(seconds: float) -> int:
    """What a countdown shows: 5.0 s left reads 5, 4.2 s reads 5, 0.0 reads 0."""
    return math.ceil(round(seconds, 6))


@dataclass
class Session:
    """The state of one guided session over a plan.

    Pausing stores the time left; resuming sets a new deadline from it. Skipping (`next`)
    counts a step as skipped; `previous` and `restart` start a step afresh.
    """

    plan: Plan
    clock: Clock
    wall_clock: Callable[[], datetime] = field(default=local_time)
    index: int = 0
    paused: bool = False
    finished: bool = False
    completed: bool = False
    skipped: set[int] = field(default_factory=set)
    starts: list[tuple[int, float]] = field(default_factory=list)
    """(step index, seconds since the session began) for every step entered, in order."""
    seen: list[float] = field(default_factory=list)
    """When each entered step was actually noticed (same order as `starts`), and last the
    moment the end was noticed: how late the app was against the deadlines."""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    pain_before: int | None = None
    """The check-in's 0-10 ratings, when the user gave them."""
    pain_after: int | None = None
    hurt: list[str] = field(default_factory=list)
    """Ids of the stretches "this hurts" was pressed in, in order, once each."""
    _begun: float = 0.0
    _deadline: float = 0.0
    _left_when_paused: float = 0.0
    _active: float = 0.0
    _active_since: float | None = None
    _adjusted: dict[int, float] = field(default_factory=dict)
    _step_start: float = 0.0
    _end: float | None = None
    _held: dict[int, float] = field(default_factory=dict)
    """Seconds actually held per routine item: hold steps only, pauses left out."""
    _ran_out: set[int] = field(default_factory=set)
    """Steps that ran to their deadline at least once (not skipped, not stopped in)."""

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        now = self.clock()
        self._begun = now
        self.started_at = self.wall_clock()
        self._active_since = now
        if not self.plan.steps:
            self._finish(completed=True, now=now)
            return
        self._enter(0, now)

    def _enter(self, index: int, at: float, noticed: float | None = None) -> None:
        """Begin step `index` at time `at`, at its planned length (earlier +/- forgotten)."""
        self._credit_hold(at)
        self._adjusted.pop(index, None)
        self.index = index
        self._step_start = at
        self._deadline = at + self.step.duration
        self.starts.append((index, at - self._begun))
        self.seen.append((at if noticed is None else noticed) - self._begun)

    def update(self) -> list[int]:
        """Move past every step whose deadline has passed; return the indices entered.

        Each next step starts at the previous deadline, not at "now", so a slow refresh
        shortens nothing and lengthens nothing.
        """
        entered: list[int] = []
        if self.finished or self.paused:
            return entered
        now = self.clock()
        while not self.finished and now >= self._deadline:
            boundary = self._deadline
            self._ran_out.add(self.index)
            if self.index + 1 >= len(self.plan.steps):
                self._finish(completed=True, now=boundary)
                self.seen.append(now - self._begun)
            else:
                self._enter(self.index + 1, boundary, noticed=now)
                entered.append(self.index)
        return entered

    def _running_hold(self, until: float) -> tuple[int, float]:
        """(routine item, seconds) the current step has been held since it last began running;
        0 s when it is not a hold or the clock is paused."""
        step = self.step if self.plan.steps else None
        if self._active_since is None or step is None or step.kind is not StepKind.HOLD:
            return -1, 0.0
        item = -1 if step.item is None else step.item
        return item, max(0.0, until - max(self._active_since, self._step_start))

    def _credit_hold(self, until: float) -> None:
        """Add the current hold's running time to its item; called before the step changes,
        the clock pauses or the session ends, so each running stretch of time counts once."""
        item, seconds = self._running_hold(until)
        if seconds:
            self._held[item] = self._held.get(item, 0.0) + seconds

    def _finish(self, *, completed: bool, now: float) -> None:
        self._credit_hold(now)
        if self._active_since is not None:
            self._active += max(0.0, now - self._active_since)
            self._active_since = None
        self.finished = True
        self._end = now
        self.completed = completed
        self.paused = False
        self.ended_at = self.wall_clock()

    def stop(self) -> None:
        """End early (the user stopped, or the terminal went away)."""
        if not self.finished:
            self._finish(completed=False, now=self.clock())

    # -- reading -----------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.plan.steps[min(self.index, len(self.plan.steps) - 1)]

    @property
    def next_step(self) -> Step | None:
        following = self.index + 1
        return self.plan.steps[following] if following < len(self.plan.steps) else None

    @property
    def remaining(self) -> float:
        """Seconds left in the current step."""
        if self.finished:
            return 0.0
        if self.paused:
            return self._left_when_paused
        return max(0.0, self._deadline - self.clock())

    @property
    def step_start_time(self) -> float:
        """Clock time the current step began: its planned boundary, or the moment of a jump
        or restart (what cues time a step's start pattern from)."""
        return self._step_start

    @property
    def end_time(self) -> float | None:
        """Clock time the session ended (the last deadline when it ran to the end)."""
        return self._end

    @property
    def remaining_whole(self) -> int:
        return whole_seconds(self.remaining)

    def next_change(self) -> float | None:
        """Clock time at which what a screen shows next changes: the countdown's next whole
        second, which is also when the step ends (None: paused or over, nothing changes by
        itself). A screen can sleep until then instead of polling the clock."""
        if self.finished or self.paused or not self.plan.steps:
            return None
        return self._deadline - max(0, self.remaining_whole - 1)

    @property
    def step_length(self) -> float:
        """The current step's length, including +/- adjustments."""
        return self.step.duration + self._adjusted.get(self.index, 0.0)

    @property
    def fraction(self) -> float:
        """How much of the current step is done, 0 to 1."""
        length = self.step_length
        return 1.0 if length <= 0 else min(1.0, max(0.0, 1 - self.remaining / length))

    @property
    def session_left(self) -> float:
        """Seconds left in the whole session, following the plan from here."""
        later = sum(step.duration for step in self.plan.steps[self.index + 1 :])
        return self.remaining + later

    @property
    def done_seconds(self) -> float:
        """Time spent in the session, not counting pauses."""
        running = 0.0
        if self._active_since is not None and not self.finished:
            running = self.clock() - self._active_since
        return self._active + running

    @property
    def held_seconds(self) -> list[float]:
        """Seconds actually held of each routine item, in order (pauses and rests left out;
        a skipped or restarted hold counts the time it ran)."""
        held = dict(self._held)
        if not self.finished:
            item, seconds = self._running_hold(self.clock())
            held[item] = held.get(item, 0.0) + seconds
        return [held.get(index, 0.0) for index in range(len(self.plan.routine.items))]

    @property
    def holds_done(self) -> list[tuple[int, int]]:
        """(holds held to their end, holds planned) of each routine item, in order. A hold
        counts once it ran out its time; one skipped or stopped part way does not."""
        counts = [[0, 0] for _ in self.plan.routine.items]
        for index, step in enumerate(self.plan.steps):
            if step.kind is StepKind.HOLD and step.item is not None:
                counts[step.item][1] += 1
                counts[step.item][0] += index in self._ran_out
        return [(done, planned) for done, planned in counts]

    @property
    def stretches_done(self) -> int:
        """Routine items whose every hold was held to its end."""
        return sum(1 for done, planned in self.holds_done if planned and done == planned)

    @property
    def stretches_partly(self) -> int:
        """Routine items held for a while but not in full: some holds done, or some time in one."""
        return sum(1 for (done, planned), held in zip(self.holds_done, self.held_seconds, strict=True)
                   if done < planned and (done or held > 0))

    # -- controls ----------------------------------------------------------------------

    def pause(self) -> None:
        """Freeze the time left. Steps whose deadline passed since the last update are
        entered first, so a pause never loses the seconds of a step not yet noticed."""
        self.update()
        if self.finished or self.paused:
            return
        now = self.clock()
        self._left_when_paused = max(0.0, self._deadline - now)
        self._credit_hold(now)
        if self._active_since is not None:
            self._active += now - self._active_since
            self._active_since = None
        self.paused = True

    def resume(self) -> None:
        if self.finished or not self.paused:
            return
        now = self.clock()
        self._deadline = now + self._left_when_paused
        self._active_since = now
        self.paused = False

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def _jump(self, index: int) -> None:
        """Enter step `index` now, keeping the pause state."""
        self._enter(index, self.clock())
        if self.paused:
            self._left_when_paused = float(self.step.duration)

    def next(self) -> None:
        """Skip the rest of this step (the last step's skip ends the session)."""
        if self.finished:
            return
        if self.remaining > 0:
            self.skipped.add(self.index)
        if self.index + 1 >= len(self.plan.steps):
            self._finish(completed=True, now=self.clock())
            return
        self._jump(self.index + 1)

    def previous(self) -> None:
        if self.finished:
            return
        self._jump(max(0, self.index - 1))

    def restart(self) -> None:
        """Start the current step over from its full length."""
        if not self.finished:
            self._jump(self.index)

    def adjust(self, seconds: float = ADJUST_STEP) -> None:
        """Add (or with a negative value take) time from this step; at least 1 s stays."""
        if self.finished:
            return
        left = self.remaining
        change = max(seconds, 1.0 - left) if seconds < 0 else seconds
        if seconds < 0 and left <= 1.0:
            return
        self._adjusted[self.index] = self._adjusted.get(self.index, 0.0) + change
        if self.paused:
            self._left_when_paused = left + change
        else:
            self._deadline += change

    # -- record ------------------------------------------------------------------------

    def record(self, *, timing: bool = False) -> dict[str, object]:
        """The history line for this session (call once it has finished); with `timing`,
        when each step began and was seen (for the timing benchmark, not the user)."""
        ended = self.ended_at or self.wall_clock()
        reached = len({index for index, _ in self.starts})
        record: dict[str, object] = {
            "routine": self.plan.routine.name,
            "started": (self.started_at or ended).isoformat(timespec="seconds"),
            "ended": ended.isoformat(timespec="seconds"),
            "planned_s": self.plan.total,
            "done_s": round(self.done_seconds, 3),
            "steps": reached,
            "skipped": len(self.skipped),
            "completed": self.completed,
            **self._coach_fields(),
            "stretches": [self._stretch_entry(item, held) for item, held
                          in zip(self.plan.routine.items, self.held_seconds, strict=True)],
        }
        if timing:
            record["step_starts"] = [round(offset, 3) for _, offset in self.starts]
            record["step_seen"] = [round(offset, 3) for offset in self.seen]
        return record

    def _coach_fields(self) -> dict[str, object]:
        """The check-in's ratings and "this hurts", only when there are any (old readers
        and records without them stay as they were)."""
        fields: dict[str, object] = {}
        if self.pain_before is not None:
            fields["pain_before"] = self.pain_before
        if self.pain_after is not None:
            fields["pain_after"] = self.pain_after
        if self.hurt:
            fields["hurt"] = list(self.hurt)
        return fields

    @staticmethod
    def _stretch_entry(item: RoutineItem, held: float) -> dict[str, object]:
        """A stretch's entry: its id, the seconds held and, when not the first, its progression."""
        entry: dict[str, object] = {"id": item.stretch, "done_s": round(held, 3)}
        if item.progression is not None and item.progression > 1:
            entry["progression"] = item.progression
        return entry

    def mark_hurt(self) -> int | None:
        """"This hurts" in the current step: pause at once and note its stretch (once);
        the index of its routine item, or None when the step belongs to no stretch."""
        self.pause()
        index = self.step.item
        if index is None or self.finished:
            return None
        stretch = self.plan.routine.items[index].stretch
        if stretch not in self.hurt:
            self.hurt.append(stretch)
        return index
