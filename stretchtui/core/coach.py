"""The coach's rules: pain check-ins, holds that progress (and ease off), earned levels.

Pure functions over routines, the library and history records; the UI asks, storage
saves. The numbers come from the guidance named in the README ("Why these holds"):
ACSM's 10-30 s static holds, a 2-point change on the 0-10 scale being one people notice
(Childs et al., Spine 2005), and pain of 5 or more during exercise meaning ease off.
Nothing here changes a routine by itself: a `Change` is offered, and applied on a yes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from stretchtui.core.model import Routine, RoutineItem, Stretch
from stretchtui.core.records import Record

PAIN_MAX = 10
NOTICEABLE = 2
"""A change of this many points on the 0-10 scale is one people notice."""
EASE_OFF_AT = 5
"""Pain at or above this after a session means ease off next time."""
GENTLE_AT = 7
"""Pain at or above this before a session suggests the gentlest routine today."""
SESSIONS_TO_STEP_UP = 3
"""Completed sessions in a row, without a rise in pain or "this hurts", before a step up."""
HOLDS_TO_EARN = 5
"""Holds at a progression, without "this hurts", before the next one is offered."""
STEP_S = 5
"""Seconds a hold moves by in one step."""
SHORTEST_HOLD = 10
"""Easing off never shortens a hold below this (the low end of the advised 10-30 s)."""
TREND_WEEKS = 8


# -- the check-in ----------------------------------------------------------------------


def gentle_today(before: int | None) -> bool:
    """Whether a rating before the session suggests the gentlest routine today."""
    return before is not None and before >= GENTLE_AT


def ease_off_reason(before: int | None, after: int | None) -> str | None:
    """Why to ease off next time, in words, or None when the ratings do not say so."""
    if after is None:
        return None
    if before is not None and after >= before + NOTICEABLE:
        return (f"Your back felt worse after the session ({before} before, {after} after): "
                f"a rise of {NOTICEABLE} points or more is one people notice.")
    if after >= EASE_OFF_AT:
        return f"You rated your back {after} out of 10 after the session: at {EASE_OFF_AT} or more, ease off."
    return None


def gentlest(routines: Iterable[Routine], library: Mapping[str, Stretch]) -> Routine | None:
    """The shortest routine made only of beginner stretches (the one to suggest on a bad
    day), or None if there is none."""
    def length(routine: Routine) -> int:
        total = 0
        for item in routine.items:
            stretch = library[item.stretch]
            hold = item.hold if item.hold is not None else stretch.default_hold
            reps = item.reps if item.reps is not None else stretch.default_reps
            total += hold * reps * (2 if stretch.per_side and item.sides == "both" else 1)
        return total

    fitting = [r for r in routines if r.items and all(
        item.stretch in library and library[item.stretch].level == "beginner" for item in r.items)]
    return min(fitting, key=length, default=None)


# -- steps up and down -------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One step for one item of a routine, offered to the user with its reason."""

    routine: str
    index: int
    stretch: Stretch
    before: RoutineItem
    after: RoutineItem | None
    """None: leave the stretch out of the routine."""
    reason: str

    @property
    def up(self) -> bool:
        after = self.after
        return after is not None and _effort(after, self.stretch) > _effort(self.before, self.stretch)

    def describe(self) -> str:
        """The change in a few words: "Reach For The Sky: hold 10 s -> 15 s"."""
        name = self.stretch.name
        if self.after is None:
            return f"{name}: leave it out of {self.routine!r}"
        old, new = _dose(self.before, self.stretch), _dose(self.after, self.stretch)
        for label, unit, key in (("hold", " s", 0), ("repetitions", "", 1), ("level", "", 2)):
            if old[key] != new[key]:
                return f"{name}: {label} {old[key]}{unit} -> {new[key]}{unit}"
        return name

    def apply(self, routine: Routine) -> Routine:
        """`routine` with this change made (the item found by position and stretch)."""
        items = list(routine.items)
        if not (0 <= self.index < len(items) and items[self.index].stretch == self.stretch.id):
            raise LookupError(f"{self.stretch.name} is no longer at its place in {routine.name!r}")
        if self.after is None:
            del items[self.index]
        else:
            items[self.index] = self.after
        return replace(routine, items=tuple(items))


def _dose(item: RoutineItem, stretch: Stretch) -> tuple[int, int, int]:
    hold = item.hold if item.hold is not None else stretch.default_hold
    reps = item.reps if item.reps is not None else stretch.default_reps
    return hold, reps, item.progression or 1


def _effort(item: RoutineItem, stretch: Stretch) -> tuple[int, int, int]:
    hold, reps, level = _dose(item, stretch)
    return level, reps, hold


def step_up(item: RoutineItem, stretch: Stretch, allowed_level: int = 1) -> RoutineItem | None:
    """One step harder within the stretch's own ranges: +5 s of hold, then one more
    repetition, then the next progression (only up to `allowed_level`); None at the top."""
    hold, reps, level = _dose(item, stretch)
    if hold + STEP_S <= stretch.hold[1]:
        return replace(item, hold=hold + STEP_S)
    if reps + 1 <= stretch.reps[1]:
        return replace(item, reps=reps + 1)
    if level < min(len(stretch.progressions), allowed_level):
        return replace(item, progression=level + 1)
    return None


def step_down(item: RoutineItem, stretch: Stretch) -> RoutineItem | None:
    """One step easier: the easier progression, then a 5 s shorter hold (never under 10 s),
    then one repetition fewer (never under the stretch's range); None at the bottom."""
    hold, reps, level = _dose(item, stretch)
    if level > 1:
        return replace(item, progression=level - 1)
    if hold - STEP_S >= SHORTEST_HOLD:
        return replace(item, hold=hold - STEP_S)
    if reps - 1 >= stretch.reps[0]:
        return replace(item, reps=reps - 1)
    return None


def good_session(record: Record) -> bool:
    """Completed, nothing hurt, and pain did not rise (or reach the ease-off level)."""
    if not record.completed or record.hurt:
        return False
    return ease_off_reason(record.pain_before, record.pain_after) is None and not (
        record.pain_before is not None and record.pain_after is not None
        and record.pain_after > record.pain_before)


def good_run(records: Sequence[Record], routine: str) -> int:
    """How many completed sessions of `routine` in a row, up to the last one, went well
    (stopped sessions are passed over; a session that went badly ends the run); 0 when
    the routine's last session did not go well."""
    count = 0
    name = routine.casefold()
    for record in reversed(records):
        if record.routine.casefold() != name or (not record.completed and not record.hurt):
            if count == 0 and record.routine.casefold() == name:
                return 0  # the session just ended was stopped: nothing to offer
            continue
        if not good_session(record):
            break
        count += 1
    return count


def allowed_level(stretch: Stretch, records: Iterable[Record]) -> int:
    """The highest progression of `stretch` offered so far: the first always; each next
    one after HOLDS_TO_EARN holds at the level before without "this hurts"."""
    if not stretch.progressions:
        return 1
    holds = [0] * (len(stretch.progressions) + 1)
    for record in records:
        if record.stretches is None or stretch.id in record.hurt:
            continue
        for entry in record.stretches:
            if entry.id == stretch.id and 1 <= (entry.progression or 1) <= len(stretch.progressions):
                holds[entry.progression or 1] += int(entry.done_s // stretch.hold[0])
    level = 1
    while level < len(stretch.progressions) and holds[level] >= HOLDS_TO_EARN:
        level += 1
    return level


def progression_offer(routine: Routine, library: Mapping[str, Stretch],
                      records: Sequence[Record]) -> Change | None:
    """One step up for the first stretch of `routine` that has one, when the routine's
    last SESSIONS_TO_STEP_UP completed sessions (or the next three, and so on) went well."""
    run = good_run(records, routine.name)
    if run == 0 or run % SESSIONS_TO_STEP_UP:
        return None
    for index, item in enumerate(routine.items):
        stretch = library.get(item.stretch)
        if stretch is None:
            continue
        after = step_up(item, stretch, allowed_level(stretch, records))
        if after is not None:
            reason = (f"Your last {run} sessions of {routine.name!r} went well: "
                      "no rise in pain and nothing hurt.")
            return Change(routine.name, index, stretch, item, after, reason)
    return None


def ease_off_offer(routine: Routine, library: Mapping[str, Stretch], record: Record) -> Change | None:
    """One step down after a session whose ratings say ease off: for the stretch that hurt,
    if one did, else the first stretch that can go down."""
    reason = ease_off_reason(record.pain_before, record.pain_after)
    if reason is None:
        return None
    hurt = set(record.hurt)
    order = sorted(range(len(routine.items)), key=lambda i: routine.items[i].stretch not in hurt)
    for index in order:
        item = routine.items[index]
        stretch = library.get(item.stretch)
        if stretch is not None and (after := step_down(item, stretch)) is not None:
            return Change(routine.name, index, stretch, item, after, reason)
    return None


def hurt_changes(routine: Routine, library: Mapping[str, Stretch],
                 index: int) -> tuple[Change | None, Change]:
    """What "this hurts" offers for item `index`: the easier step (None if there is none)
    and leaving the stretch out."""
    item = routine.items[index]
    stretch = library[item.stretch]
    reason = f"{stretch.name} hurt during a session."
    easier = step_down(item, stretch)
    return (None if easier is None else Change(routine.name, index, stretch, item, easier, reason),
            Change(routine.name, index, stretch, item, None, reason))


def early_level(stretch: Stretch, level: int, records: Iterable[Record]) -> str | None:
    """The warning for choosing progression `level` before it was earned, else None."""
    earned = allowed_level(stretch, records)
    if level <= earned:
        return None
    return (f"{stretch.name} level {level} is for people who already practise level {level - 1}: "
            f"{HOLDS_TO_EARN} holds there without pain first. Move up only when the level "
            "before feels easy, and stop at any sharp pain.")


# -- the trend ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PainWeek:
    """The average ratings of one week (Monday to Sunday); None where there were none."""

    start: date
    before: float | None
    after: float | None
    rated: int
    """Sessions with at least one rating."""


@dataclass(frozen=True)
class PainTrend:
    weeks: tuple[PainWeek, ...]
    """The last TREND_WEEKS weeks, oldest first."""
    words: str | None
    """What the averages say, when there are ratings in two weeks or more."""

    @property
    def latest(self) -> PainWeek | None:
        """The latest week with ratings."""
        return next((week for week in reversed(self.weeks) if week.rated), None)

    @property
    def empty(self) -> bool:
        return self.latest is None

    def latest_words(self) -> str | None:
        """The latest rated week's averages ("Pain (0-10), week of 23 Nov: 4 before, 2.5
        after"), or None when nothing was rated in the weeks shown."""
        week = self.latest
        if week is None:
            return None
        parts = [f"{value:g} {label}" for value, label in ((week.before, "before"), (week.after, "after"))
                 if value is not None]
        return f"Pain (0-10), week of {week.start:%d %b}: {', '.join(parts)}"

    def series(self) -> tuple[str, list[float]]:
        """What a sparkline draws: the weekly averages after sessions (before, when only
        those were rated) of the rated weeks, oldest first, and their label."""
        after = [week.after for week in self.weeks if week.after is not None]
        if after:
            return "after sessions", after
        return "before sessions", [week.before for week in self.weeks if week.before is not None]


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def pain_trend(records: Iterable[Record], today: date, weeks: int = TREND_WEEKS) -> PainTrend:
    """The weekly average ratings of the last `weeks` weeks and, when the average moved by
    NOTICEABLE points or more from the first rated week to the last, a line saying so."""
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    befores: list[list[int]] = [[] for _ in range(weeks)]
    afters: list[list[int]] = [[] for _ in range(weeks)]
    rated = [0] * weeks
    for record in records:
        if record.pain_before is None and record.pain_after is None:
            continue
        slot = (record.day - first).days // 7
        if not 0 <= slot < weeks:
            continue
        rated[slot] += 1
        if record.pain_before is not None:
            befores[slot].append(record.pain_before)
        if record.pain_after is not None:
            afters[slot].append(record.pain_after)
    shown = tuple(PainWeek(first + timedelta(days=7 * i), _mean(befores[i]), _mean(afters[i]), rated[i])
                  for i in range(weeks))
    return PainTrend(shown, _trend_words(shown))


def _trend_words(weeks: tuple[PainWeek, ...]) -> str | None:
    getters: tuple[tuple[str, Callable[[PainWeek], float | None]], ...] = (
        ("after sessions", lambda w: w.after), ("before sessions", lambda w: w.before))
    for label, value in getters:
        series = [(week, mean) for week in weeks if (mean := value(week)) is not None]
        if len(series) < 2:
            continue
        (start, old), (_, new) = series[0], series[-1]
        moved = new - old
        since = f"{start.start:%d %b}"
        if moved <= -NOTICEABLE:
            return (f"Pain {label} went down from {old:g} to {new:g} a week on average since "
                    f"{since}: a change you would notice.")
        if moved >= NOTICEABLE:
            return (f"Pain {label} went up from {old:g} to {new:g} a week on average since "
                    f"{since}. Ease off, and if it keeps rising, talk to a clinician.")
        return f"Pain {label} moved less than {NOTICEABLE} points a week on average since {since}."
    return None
