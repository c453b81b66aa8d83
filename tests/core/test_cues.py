"""Bell patterns and spoken lines over a real Session, timed by a fake clock at 10 Hz."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from fakes import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.cues import (
    BELL_GAP,
    Bell,
    CueScheduler,
    done_text,
    spoken_duration,
    spoken_name,
    start_pattern,
)
from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import plan
from stretchtui.core.session import Session
from stretchtui.storage.library import builtin_stretches

LIBRARY = builtin_stretches()
WALL = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
T0 = 1000.0

# get ready 0-3; side bend left 3-8, switch 8-10, right 10-15, rest 15-17, left 17-22,
# switch 22-24, right 24-29; transition 29-33; cat 33-37, cow 37-41, rest 41-43, cat 43-47,
# cow 47-51; done at 51.
BY_EAR = Routine("By ear", get_ready=3, rest=2, transition=4, items=(
    RoutineItem("standing-side-bend", hold=5, reps=2),
    RoutineItem("cat-cow", hold=4, reps=2),
))

HOLD, SWITCH, DONE, TICK = Bell.HOLD, Bell.SWITCH, Bell.DONE, Bell.COUNTDOWN
EVERY_BELL = [
    (3.0, HOLD), (5.0, TICK), (6.0, TICK), (7.0, TICK),
    (8.0, SWITCH), (8.3, SWITCH),
    (10.0, HOLD), (12.0, TICK), (13.0, TICK), (14.0, TICK),
    (17.0, HOLD), (19.0, TICK), (20.0, TICK), (21.0, TICK),
    (22.0, SWITCH), (22.3, SWITCH),
    (24.0, HOLD), (26.0, TICK), (27.0, TICK), (28.0, TICK),
    (33.0, HOLD), (34.0, TICK), (35.0, TICK), (36.0, TICK),
    (37.0, SWITCH), (37.3, SWITCH), (38.0, TICK), (39.0, TICK), (40.0, TICK),
    (43.0, HOLD), (44.0, TICK), (45.0, TICK), (46.0, TICK),
    (47.0, SWITCH), (47.3, SWITCH), (48.0, TICK), (49.0, TICK), (50.0, TICK),
    (51.0, DONE), (51.3, DONE), (51.6, DONE),
]
SIDE_BEND_LEFT = "Standing Side Bend, left side, 5 seconds"
SIDE_BEND_RIGHT = "Standing Side Bend, right side, 5 seconds"
EVERY_LINE = [
    "Get ready: Standing Side Bend",
    f"{SIDE_BEND_LEFT}. Stand tall with your feet hip-width apart.",
    "Switch to the right side",
    SIDE_BEND_RIGHT,
    "Rest, 2 seconds",
    SIDE_BEND_LEFT,
    "Switch to the right side",
    SIDE_BEND_RIGHT,
    "Next: Cat and Cow",
    "Cat and Cow, cat position, 4 seconds. Kneel on all fours: hands under shoulders, knees under hips.",
    "Cat and Cow, cow position, 4 seconds",
    "Rest, 2 seconds",
    "Cat and Cow, cat position, 4 seconds",
    "Cat and Cow, cow position, 4 seconds",
    "Routine done, 51 seconds",
]


class Run:
    """A session as the screen drives it: update, then poll, on every refresh."""

    def __init__(self, routine: Routine = BY_EAR, countdown_bells: int = 3,
                 library: dict | None = None) -> None:
        self.clock = FakeClock(T0)
        self.session = Session(plan(routine, library or LIBRARY), self.clock, wall_clock=lambda: WALL)
        self.session.start()
        self.cues = CueScheduler(self.session, countdown_bells=countdown_bells)
        self.tenths = 0
        self.bells: list[tuple[float, Bell]] = []
        self.said: list[tuple[float, str]] = []
        self.rung_during: list[tuple[str, float, bool]] = []
        """(step kind, time left, paused) at each bell."""
        self.tick()

    def tick(self) -> None:
        self.session.update()
        due = self.cues.poll()
        at = round(self.clock.now - T0, 2)
        if due.bell is not None:
            self.bells.append((at, due.bell))
            session = self.session
            self.rung_during.append((session.step.kind.value, session.remaining, session.paused))
        if due.say is not None:
            self.said.append((at, due.say))

    def run_to(self, seconds: float) -> None:
        """Refresh every tenth of a second up to `seconds` after the start."""
        while self.tenths < round(seconds * 10):
            self.tenths += 1
            self.clock.now = T0 + self.tenths / 10
            self.tick()

    def late_tick(self, seconds: float) -> None:
        """The next refresh only comes at `seconds` (the app was busy)."""
        self.tenths = round(seconds * 10)
        self.clock.now = T0 + seconds
        self.tick()

    def key(self, seconds: float, action: str, *args: float) -> None:
        """A key at `seconds` (between refreshes): the screen acts, then ticks at once."""
        self.clock.now = T0 + seconds
        getattr(self.session, action)(*args)
        self.tick()

    def to_the_end(self) -> None:
        while not (self.session.finished and self.cues.idle):
            self.run_to(self.tenths / 10 + 0.1)


def test_a_whole_session_rings_each_pattern_on_its_deadline() -> None:
    run = Run()
    run.to_the_end()
    assert run.bells == EVERY_BELL
    assert [line for _, line in run.said] == EVERY_LINE


def test_lines_are_spoken_as_their_step_starts() -> None:
    run = Run()
    run.to_the_end()
    assert [at for at, _ in run.said] == [0.0, 3.0, 8.0, 10.0, 15.0, 17.0, 22.0, 24.0, 29.0,
                                          33.0, 37.0, 41.0, 43.0, 47.0, 51.0]


def test_countdown_bells_off_leaves_only_the_patterns() -> None:
    run = Run(countdown_bells=0)
    run.to_the_end()
    assert run.bells == [bell for bell in EVERY_BELL if bell[1] is not TICK]


def test_one_countdown_bell_rings_only_in_the_last_second() -> None:
    run = Run(countdown_bells=1)
    run.run_to(10.0)
    assert run.bells == [(3.0, HOLD), (7.0, TICK), (8.0, SWITCH), (8.3, SWITCH), (10.0, HOLD)]


def test_a_pause_in_the_countdown_freezes_it_and_resume_carries_on() -> None:
    run = Run()
    run.run_to(5.5)
    run.key(5.5, "pause")
    run.run_to(65.5)
    run.key(65.5, "resume")
    run.run_to(69.0)
    assert run.bells == [(3.0, HOLD), (5.0, TICK), (66.0, TICK), (67.0, TICK),
                         (68.0, SWITCH), (68.3, SWITCH)]


def test_a_step_entered_while_paused_rings_and_speaks_when_resumed() -> None:
    run = Run()
    run.run_to(4.0)
    run.key(4.0, "pause")
    run.key(4.05, "next")
    run.run_to(10.0)
    assert run.bells == [(3.0, HOLD)]
    run.key(10.05, "resume")
    run.run_to(10.5)
    assert run.bells[1:] == [(10.05, SWITCH), (10.3, SWITCH)]
    assert run.said[-1] == (10.05, "Switch to the right side")


def test_a_skip_starts_the_next_pattern_at_the_key() -> None:
    run = Run()
    run.run_to(4.0)
    run.key(4.05, "next")  # out of the left hold into "switch sides"
    run.run_to(11.0)
    assert run.bells == [(3.0, HOLD), (4.05, SWITCH), (4.3, SWITCH), (6.1, HOLD),
                         (8.1, TICK), (9.1, TICK), (10.1, TICK)]
    assert [line for at, line in run.said if at > 3] == ["Switch to the right side", SIDE_BEND_RIGHT]


def test_restart_rings_the_hold_again_and_its_countdown_from_the_new_deadline() -> None:
    run = Run()
    run.run_to(6.5)
    run.key(6.5, "restart")
    run.run_to(11.6)
    assert run.bells == [(3.0, HOLD), (5.0, TICK), (6.0, TICK), (6.5, HOLD),
                         (8.5, TICK), (9.5, TICK), (10.5, TICK), (11.5, SWITCH)]


def test_plus_five_moves_the_countdown_to_the_new_deadline() -> None:
    run = Run()
    run.run_to(5.5)
    run.key(5.5, "adjust", 5.0)
    run.run_to(14.0)
    assert run.bells == [(3.0, HOLD), (5.0, TICK), (10.0, TICK), (11.0, TICK), (12.0, TICK),
                         (13.0, SWITCH), (13.3, SWITCH)]


def test_minus_into_the_countdown_rings_only_the_current_second() -> None:
    run = Run()
    run.run_to(3.5)
    run.key(3.5, "adjust", -5.0)  # 4.5 s left becomes 1 s: the last second, at once
    run.run_to(5.0)
    assert run.bells == [(3.0, HOLD), (3.5, TICK), (4.5, SWITCH), (4.8, SWITCH)]


def test_a_late_refresh_rings_the_whole_pattern_spaced_from_when_it_came() -> None:
    run = Run()
    run.run_to(7.9)
    run.late_tick(8.6)
    run.run_to(9.5)
    assert run.bells[-2:] == [(8.6, SWITCH), (8.9, SWITCH)]


def test_a_stall_drops_bells_over_a_second_old_but_says_where_it_landed() -> None:
    run = Run()
    run.run_to(12.5)
    run.late_tick(18.5)  # missed: two countdown bells, the rest, and the hold's start at 17
    run.run_to(19.5)
    assert run.bells[-2:] == [(12.0, TICK), (19.0, TICK)]
    assert run.said[-1] == (18.5, SIDE_BEND_LEFT)
    assert "Rest, 2 seconds" not in [line for _, line in run.said]


def test_a_short_stall_still_rings_the_start() -> None:
    run = Run()
    run.run_to(16.9)
    run.late_tick(17.5)
    assert run.bells[-1] == (17.5, HOLD)


def test_the_done_pattern_rings_even_after_a_stall() -> None:
    run = Run()
    run.run_to(49.5)
    run.late_tick(55.0)
    run.to_the_end()
    assert run.bells[-3:] == [(55.0, DONE), (55.3, DONE), (55.6, DONE)]
    assert run.said[-1] == (55.0, "Routine done, 51 seconds")


def test_stopping_early_rings_and_says_nothing() -> None:
    run = Run()
    run.run_to(4.0)
    run.key(4.0, "stop")
    run.run_to(6.0)
    assert run.bells == [(3.0, HOLD)]
    assert run.cues.idle
    assert run.said[-1][0] == 3.0


def test_skipping_the_last_step_is_done() -> None:
    run = Run()
    run.run_to(48.5)
    run.key(48.55, "next")
    run.run_to(49.5)
    assert run.bells[-4:] == [(48.0, TICK), (48.55, DONE), (48.8, DONE), (49.1, DONE)]


def test_a_pattern_waits_for_a_countdown_bell_just_rung() -> None:
    """`n` right after a countdown bell: the switch waits half a second, so the bell before
    it does not make it sound like three."""
    run = Run()
    run.run_to(7.0)
    run.key(7.05, "next")
    run.run_to(8.0)
    assert run.bells[-3:] == [(7.0, TICK), (7.5, SWITCH), (7.8, SWITCH)]


def test_switch_between_holds_without_a_pause() -> None:
    """With rest = 0 the plan has no "switch sides" step: the second side rings two bells;
    the next repetition of a one-part stretch is a new hold (one bell)."""
    routine = Routine("No rests", get_ready=0, rest=0, transition=0, items=(
        RoutineItem("standing-side-bend", hold=5, reps=1),
        RoutineItem("childs-pose", hold=5, reps=2),
    ))
    steps = plan(routine, LIBRARY).steps
    patterns = [start_pattern(step, steps[i - 1] if i else None) for i, step in enumerate(steps)]
    assert patterns == [HOLD, SWITCH, HOLD, HOLD]


def test_sleeping_until_the_next_change_rings_every_bell_on_its_time() -> None:
    """A screen on the real clock sleeps until `Session.next_change()` or `next_due()`
    instead of polling: it hears every bell, each pattern's bells a true BELL_GAP apart
    (polling at 10 Hz rounds them up to the tenth), says every line, shows every second
    of every step, and wakes about once a second."""
    run = Run()
    shown = [(run.session.index, run.session.remaining_whole)]
    wakes = 0
    while not (run.session.finished and run.cues.idle):
        due = [t for t in (run.session.next_change(), run.cues.next_due()) if t is not None]
        assert due, "a running session always has something coming"
        assert min(due) > run.clock.now  # never a busy loop
        run.clock.now = min(due)
        run.tick()
        wakes += 1
        if not run.session.finished:
            shown.append((run.session.index, run.session.remaining_whole))
    assert run.bells == [(math.floor(at / BELL_GAP) * BELL_GAP, bell) for at, bell in EVERY_BELL]
    assert [line for _, line in run.said] == EVERY_LINE
    steps = run.session.plan.steps
    assert list(dict.fromkeys(shown)) == [
        (index, left) for index, step in enumerate(steps) for left in range(step.duration, 0, -1)]
    # once a second, plus the second bell of each of the 4 switches and the last two of done
    assert wakes == sum(step.duration for step in steps) + 4 + 2


def test_a_paused_session_has_nothing_coming_until_it_resumes() -> None:
    run = Run()
    run.run_to(4.5)
    assert run.session.next_change() == pytest.approx(T0 + 5)
    run.key(4.6, "pause")
    assert run.session.next_change() is None and run.cues.next_due() is None
    run.key(9.0, "resume")
    assert run.session.next_change() == pytest.approx(T0 + 9.4)  # 3.4 s left: 3 at 9.4


def test_spoken_lines_carry_no_control_characters() -> None:
    evil = replace(LIBRARY["childs-pose"], id="evil", name="Evil\x1b]0;pwned\x07 Pose",
                   cues=("Kneel\x1b[2J down.\u202e",))
    run = Run(Routine("Evil", get_ready=1, items=(RoutineItem("evil", hold=2, reps=1),)),
              library={"evil": evil})
    run.to_the_end()
    assert [line for _, line in run.said] == [
        "Get ready: Evil]0;pwned Pose",
        "Evil]0;pwned Pose, 2 seconds. Kneel[2J down.",
        "Routine done, 3 seconds",
    ]


ACTIONS = {"pause": "toggle_pause", "next": "next", "previous": "previous", "restart": "restart",
           "plus": "adjust", "minus": "adjust", "tick": None}


@given(st.lists(st.tuples(st.sampled_from(sorted(ACTIONS)), st.floats(0, 8)), max_size=30))
def test_any_keys_and_stalls_keep_the_bells_apart_and_quiet_when_paused(
        keys: list[tuple[str, float]]) -> None:
    """Whatever the user does and however late refreshes come: no bell within BELL_GAP of
    another, none while paused, countdown bells only in a hold's last seconds, and a
    completed session ends with exactly three done bells."""
    run = Run()
    for name, wait in keys:
        if wait > 4:
            run.late_tick(run.tenths / 10 + round(wait, 1))
        else:
            run.run_to(run.tenths / 10 + round(wait, 1))
        if ACTIONS[name]:
            args = (5.0,) if name == "plus" else (-5.0,) if name == "minus" else ()
            run.key(run.tenths / 10 + 0.05, ACTIONS[name], *args)
    run.key(run.tenths / 10, "resume")
    run.to_the_end()
    rung = [at for at, _ in run.bells]
    assert all(later - earlier >= BELL_GAP - 1e-6 for earlier, later in pairwise(rung))
    assert not any(paused for _, _, paused in run.rung_during)
    for (_, bell), (kind, left, _) in zip(run.bells, run.rung_during, strict=True):
        assert bell is not TICK or (kind == "hold" and 0 < left <= 3 + 1e-6)
    if run.session.completed:
        assert [bell for _, bell in run.bells[-4:]].count(DONE) == 3


@pytest.mark.parametrize(("seconds", "words"), [
    (1, "1 second"), (45, "45 seconds"), (60, "1 minute"), (90, "1 minute 30 seconds"),
    (3605, "1 hour 5 seconds"),
])
def test_durations_in_words(seconds: int, words: str) -> None:
    assert spoken_duration(seconds) == words


@pytest.mark.parametrize(("seconds", "line"), [
    (0.2, "Routine done"), (51.4, "Routine done, 51 seconds"), (89, "Routine done, 1 minute"),
    (722.3, "Routine done, 12 minutes"),
])
def test_done_line_rounds_to_the_minute(seconds: float, line: str) -> None:
    assert done_text(seconds) == line


def test_a_slash_between_words_is_read_as_and() -> None:
    assert spoken_name("Cat/Cow") == "Cat and Cow"
    assert spoken_name("Neck  /  shoulder\troll") == "Neck and shoulder roll"
