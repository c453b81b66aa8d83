"""The record's `stretches` list: seconds actually held per routine item, from the FakeClock.

Plan used throughout (seconds from the start):
    0 get ready 5 | 5 hold child's pose 20 | 25 rest 5 | 30 hold child's pose 20 |
    50 transition 10 | 60 hold cat 10 | 70 hold cow 10 | 80 end
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakes import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import StepKind, plan
from stretchtui.core.session import Session
from stretchtui.storage.library import builtin_stretches

LIBRARY = builtin_stretches()
ROUTINE = Routine("T", get_ready=5, rest=5, transition=10, items=(
    RoutineItem("childs-pose", hold=20, reps=2), RoutineItem("cat-cow", hold=10, reps=1)))


def make(routine: Routine = ROUTINE) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(plan(routine, LIBRARY), clock,
                      wall_clock=lambda: datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    session.start()
    return session, clock


def run_to(session: Session, clock: FakeClock, seconds: float) -> None:
    """Move the clock forward and let the session catch up, as the 10 Hz refresh would."""
    clock.advance(seconds)
    session.update()


def stretches(session: Session) -> list[dict[str, object]]:
    return session.record()["stretches"]  # type: ignore[return-value]


def test_a_completed_session_holds_every_planned_second() -> None:
    session, clock = make()
    run_to(session, clock, 200)
    assert session.completed
    assert stretches(session) == [{"id": "childs-pose", "done_s": 40.0},
                                  {"id": "cat-cow", "done_s": 20.0}]


def test_the_timing_arrays_come_only_when_asked_for_after_the_summary() -> None:
    session, clock = make()
    run_to(session, clock, 200)
    assert "step_starts" not in session.record() and "stretches" in session.record()
    keys = list(session.record(timing=True))
    assert keys.index("stretches") < keys.index("step_starts") < keys.index("step_seen")


def test_pauses_count_nothing_and_rests_and_get_ready_count_nowhere() -> None:
    session, clock = make()
    run_to(session, clock, 3)  # in get ready
    session.pause()
    clock.advance(500)
    session.resume()
    run_to(session, clock, 2 + 8)  # 8 s into the first hold
    session.pause()
    clock.advance(1000)
    assert session.held_seconds == [8.0, 0.0]
    session.resume()
    run_to(session, clock, 12 + 5)  # rest entirely
    assert session.step.kind is StepKind.HOLD and session.held_seconds == [20.0, 0.0]
    session.stop()
    assert stretches(session)[0]["done_s"] == 20.0


def test_a_skipped_hold_counts_its_partial_time_and_stopping_keeps_the_rest() -> None:
    session, clock = make()
    run_to(session, clock, 5 + 7)  # 7 s into hold 1
    session.next()  # skip to the rest
    assert session.held_seconds == [7.0, 0.0]
    session.next()  # skip the rest (no hold time)
    clock.advance(3)
    session.stop()
    assert stretches(session) == [{"id": "childs-pose", "done_s": 10.0},
                                  {"id": "cat-cow", "done_s": 0.0}]
    assert not session.completed


def test_adjusting_a_hold_counts_the_time_actually_held() -> None:
    session, clock = make()
    run_to(session, clock, 5)  # first hold begins
    session.adjust(+5)
    session.adjust(+5)
    run_to(session, clock, 29)
    assert session.step.kind is StepKind.HOLD  # 30 s hold, 29 s in
    run_to(session, clock, 1 + 2)  # its end, then 2 s into the rest
    assert session.step.kind is StepKind.REST
    assert session.held_seconds[0] == 30.0
    session.next()  # into hold 2
    session.adjust(-5)
    run_to(session, clock, 15)  # the shortened hold ends
    assert session.step.kind is StepKind.TRANSITION
    assert session.held_seconds[0] == 45.0


def test_previous_and_restart_count_every_second_held() -> None:
    session, clock = make()
    run_to(session, clock, 5 + 6)
    session.restart()
    run_to(session, clock, 4)
    session.previous()  # back to get ready: no hold time while there
    run_to(session, clock, 5)  # get ready ends, hold 1 starts afresh
    run_to(session, clock, 1)
    assert session.held_seconds == [11.0, 0.0]


def test_a_late_refresh_credits_each_hold_up_to_its_own_deadline() -> None:
    session, clock = make()
    run_to(session, clock, 75)  # one refresh after a long stall: in the cow hold
    assert session.held_seconds == [40.0, 15.0]
    session.stop()
    assert [entry["done_s"] for entry in stretches(session)] == [40.0, 15.0]


def test_the_same_stretch_twice_has_two_entries() -> None:
    routine = Routine("Twice", get_ready=0, rest=0, transition=0, items=(
        RoutineItem("childs-pose", hold=10, reps=1), RoutineItem("childs-pose", hold=5, reps=1)))
    session, clock = make(routine)
    run_to(session, clock, 60)
    assert stretches(session) == [{"id": "childs-pose", "done_s": 10.0},
                                  {"id": "childs-pose", "done_s": 5.0}]


actions = st.lists(st.tuples(st.sampled_from(["wait", "pause", "resume", "next", "previous",
                                              "restart", "plus", "minus"]),
                             st.floats(0, 30, allow_nan=False)), max_size=30)


@given(actions)
def test_held_time_never_exceeds_the_time_done(steps: list[tuple[str, float]]) -> None:
    session, clock = make()
    for action, seconds in steps:
        if action == "wait":
            run_to(session, clock, seconds)
        elif action in ("plus", "minus"):
            session.adjust(5 if action == "plus" else -5)
        else:
            getattr(session, action)()
    session.stop()
    held = session.held_seconds
    assert all(value >= 0 for value in held)
    assert sum(held) <= session.done_seconds + 1e-9
    assert [entry["done_s"] for entry in stretches(session)] == [round(value, 3) for value in held]


def test_an_empty_plan_records_no_stretches() -> None:
    session, _ = make(Routine("Empty"))
    assert session.finished and stretches(session) == []
    assert session.record()["done_s"] == pytest.approx(0.0)
