"""The Session state machine: deadlines, pause, skip, adjust, and the history record."""

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
from stretchtui.storage.routines import builtin_routines

LIBRARY = builtin_stretches()
WALL = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def make(routine: Routine) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(plan(routine, LIBRARY), clock, wall_clock=lambda: WALL)
    session.start()
    return session, clock


def long_routine() -> Routine:
    """About half an hour: every stretch twice, 30 s holds."""
    items = tuple(RoutineItem(s, hold=30) for s in LIBRARY for _ in range(2))
    return Routine("Long", get_ready=10, rest=5, transition=15, items=items)


def test_a_30_minute_session_starts_every_step_on_its_planned_time() -> None:
    routine = long_routine()
    session, clock = make(routine)
    assert 25 * 60 <= session.plan.total <= 40 * 60
    while not session.finished:
        clock.advance(0.25)
        session.update()
    assert session.completed
    assert [offset for _, offset in session.starts] == [step.start for step in session.plan.steps]
    assert session.done_seconds == session.plan.total
    assert session.record()["steps"] == len(session.plan.steps)


def test_a_late_refresh_catches_up_without_drift() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(101.5)  # one refresh after a long stall
    entered = session.update()
    assert len(entered) > 3
    step = session.step
    assert step.start <= 101.5 < step.end
    assert session.remaining == pytest.approx(step.end - 101.5)


def test_pause_and_resume_lose_and_gain_no_time() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(2)
    left = session.remaining
    session.pause()
    clock.advance(600)
    assert session.update() == []
    assert session.remaining == left
    session.resume()
    assert session.remaining == left
    clock.advance(left)
    session.update()
    assert session.index == 1
    assert session.done_seconds == pytest.approx(session.plan.steps[0].duration)


def test_next_skips_and_counts_previous_and_restart_start_afresh() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(1)
    session.next()
    assert session.index == 1 and session.skipped == {0}
    assert session.remaining == session.plan.steps[1].duration
    clock.advance(4)
    session.restart()
    assert session.remaining == session.plan.steps[1].duration
    session.previous()
    assert session.index == 0 and session.remaining == session.plan.steps[0].duration


def test_plus_and_minus_change_only_this_step() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    total = session.session_left
    session.adjust(5)
    assert session.remaining == session.plan.steps[0].duration + 5
    assert session.session_left == total + 5
    session.adjust(-5)
    session.adjust(-5)
    assert session.remaining == 1  # never below one second
    clock.advance(1)
    session.update()
    assert session.index == 1


def test_minus_while_paused_keeps_the_pause() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    session.pause()
    session.adjust(-2)
    clock.advance(100)
    assert session.paused and session.remaining == session.plan.steps[0].duration - 2


def test_stop_records_an_incomplete_session() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(30)
    session.update()
    session.next()
    session.stop()
    record = session.record()
    assert record["completed"] is False
    assert record["done_s"] == 30
    assert record["skipped"] == 1
    assert record["planned_s"] == 290
    assert record["started"] == "2026-11-24T09:00:00+00:00"


def test_per_side_and_positions_in_order() -> None:
    routine = Routine("Two", get_ready=0, rest=3, transition=4, items=(
        RoutineItem("standing-side-bend", hold=10, reps=1),
        RoutineItem("cat-cow", reps=2),
    ))
    session, clock = make(routine)
    seen = []
    while not session.finished:
        seen.append((session.step.kind, session.step.detail))
        clock.advance(session.remaining)
        session.update()
    assert seen == [
        (StepKind.HOLD, "left side, 1 of 1"),
        (StepKind.SWITCH, "next: right side"),
        (StepKind.HOLD, "right side, 1 of 1"),
        (StepKind.TRANSITION, "change position"),
        (StepKind.HOLD, "cat, 1 of 2"),
        (StepKind.HOLD, "cow, 1 of 2"),
        (StepKind.REST, "then 2 of 2"),
        (StepKind.HOLD, "cat, 2 of 2"),
        (StepKind.HOLD, "cow, 2 of 2"),
    ]
    assert session.stretches_done == 2


def test_a_hold_stopped_part_way_is_done_in_part_not_done() -> None:
    """1.5 s of a 5 s hold, then stop: no stretch was done, one was held in part."""
    routine = Routine("Three", get_ready=0, rest=0, transition=0, items=(
        RoutineItem("childs-pose", hold=5, reps=1), RoutineItem("reach-for-the-sky", hold=5, reps=1),
        RoutineItem("yoga-wheel", hold=5, reps=1)))
    session, clock = make(routine)
    clock.advance(1.5)
    session.update()
    session.stop()
    assert session.stretches_done == 0  # was 1: the hold had begun
    assert session.holds_done == [(0, 1), (0, 1), (0, 1)]
    assert (session.stretches_done, session.stretches_partly) == (0, 1)


def test_three_of_four_holds_are_counted_and_the_stretch_is_done_in_part() -> None:
    routine = Routine("Cat", get_ready=0, rest=1, transition=0, items=(
        RoutineItem("cat-cow", hold=5, reps=2), RoutineItem("childs-pose", hold=5, reps=1)))
    session, clock = make(routine)
    for _ in range(3):  # cat, cow, rest, cat: three holds run out
        clock.advance(session.remaining)
        session.update()
        if session.step.kind is not StepKind.HOLD:
            clock.advance(session.remaining)
            session.update()
    assert session.step.kind is StepKind.HOLD and session.step.item == 0
    clock.advance(2)
    session.next()  # the fourth is skipped: not done
    session.stop()
    assert session.stretches_done == 0
    assert session.holds_done == [(3, 4), (0, 1)]
    assert (session.stretches_done, session.stretches_partly) == (0, 1)


def test_a_completed_routine_has_every_hold_done() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(session.plan.total)
    session.update()
    assert session.completed
    assert all(done == planned for done, planned in session.holds_done)
    assert session.stretches_done == len(session.plan.routine.items) and session.stretches_partly == 0


@given(st.lists(st.sampled_from(["tick", "pause", "next", "previous", "restart", "plus", "minus"]),
                max_size=40),
       st.lists(st.floats(0, 20), min_size=40, max_size=40))
def test_any_controls_keep_time_consistent(actions: list[str], waits: list[float]) -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    for action, wait in zip(actions, waits, strict=False):
        before = session.done_seconds
        clock.advance(wait)
        session.update()
        {"tick": lambda: None, "pause": session.toggle_pause, "next": session.next,
         "previous": session.previous, "restart": session.restart,
         "plus": lambda: session.adjust(5), "minus": lambda: session.adjust(-5)}[action]()
        assert 0 <= session.remaining <= session.step_length + 1e-9
        assert session.done_seconds >= before
        assert 0.0 <= session.fraction <= 1.0


def test_the_record_says_when_each_step_was_actually_noticed() -> None:
    session, clock = make(builtin_routines(LIBRARY)[1])
    clock.advance(5.04)  # the refresh after get ready came 40 ms late
    session.update()
    clock.advance(1000)
    session.update()
    assert "step_seen" not in session.record()  # the user's history holds no timing arrays
    record = session.record(timing=True)
    assert record["step_starts"][:2] == [0.0, 5.0]
    assert record["step_seen"][:2] == [0.0, 5.04]
    assert record["step_seen"][-1] == 1005.04  # the end, seen late after a long stall
    assert len(record["step_seen"]) == len(record["step_starts"]) + 1


def test_pausing_after_a_deadline_passed_unnoticed_keeps_the_next_steps_time() -> None:
    clock = FakeClock()
    session = Session(plan(Routine("R", get_ready=3, items=(RoutineItem("cat-cow", hold=6, reps=1),)),
                           LIBRARY), clock)
    session.start()
    clock.advance(5)  # 2 s into the first hold, but nothing has called update() yet
    session.pause()
    assert session.index == 1 and session.remaining == 4
    clock.advance(100)
    session.resume()
    assert session.remaining == 4
