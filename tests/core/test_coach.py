"""The coach's rules: check-in reasons, steps up and down, earned levels, the pain trend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from fakes import FakeClock

from stretchtui.core import coach, safety
from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import plan
from stretchtui.core.records import Record, StretchTime, parse_record
from stretchtui.core.session import Session
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import builtin_routines

LIBRARY = builtin_stretches()
MONDAY = date(2026, 11, 23)


def record(routine: str = "R", *, day: date = MONDAY, completed: bool = True,
           before: int | None = None, after: int | None = None, hurt: tuple[str, ...] = (),
           stretches: tuple[StretchTime, ...] | None = None) -> Record:
    started = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return Record(started, started, routine, 60.0, 60.0, completed, 0, 3, stretches,
                  before, after, hurt)


def test_ease_off_reasons_follow_the_two_point_and_five_point_rules() -> None:
    assert coach.ease_off_reason(3, 4) is None
    assert coach.ease_off_reason(None, 4) is None
    assert "rise of 2 points" in (coach.ease_off_reason(2, 4) or "")
    assert "5 or more" in (coach.ease_off_reason(None, 5) or "")
    assert "5 or more" in (coach.ease_off_reason(6, 5) or "")
    assert coach.ease_off_reason(3, None) is None


def test_a_rating_of_seven_before_suggests_the_gentlest_routine() -> None:
    assert coach.gentle_today(7) and coach.gentle_today(10)
    assert not coach.gentle_today(6) and not coach.gentle_today(None)
    routines = builtin_routines(LIBRARY)
    gentle = coach.gentlest(routines, LIBRARY)
    assert gentle is not None
    assert all(LIBRARY[item.stretch].level == "beginner" for item in gentle.items)
    assert "yoga-wheel" not in {item.stretch for item in gentle.items}


def test_steps_up_go_hold_then_repetitions_then_progression_within_ranges() -> None:
    sky = LIBRARY["reach-for-the-sky"]  # hold [10, 20], reps [2, 3]
    item = RoutineItem("reach-for-the-sky")
    item = coach.step_up(item, sky)
    assert item is not None and item.hold == 15
    item = coach.step_up(item, sky)
    assert item is not None and item.hold == 20
    item = coach.step_up(item, sky)
    assert item is not None and (item.hold, item.reps) == (20, 3)
    assert coach.step_up(item, sky) is None  # the top of its ranges
    wheel = LIBRARY["yoga-wheel"]
    assert coach.step_up(RoutineItem("yoga-wheel"), wheel) is None  # level 2 not earned
    assert coach.step_up(RoutineItem("yoga-wheel"), wheel, allowed_level=2) == RoutineItem(
        "yoga-wheel", progression=2)
    assert coach.step_up(RoutineItem("yoga-wheel", progression=3), wheel, allowed_level=3) is None


def test_steps_down_ease_the_progression_first_and_never_go_under_ten_seconds() -> None:
    wheel = LIBRARY["yoga-wheel"]
    assert coach.step_down(RoutineItem("yoga-wheel", progression=2), wheel) == RoutineItem(
        "yoga-wheel", progression=1)
    assert coach.step_down(RoutineItem("yoga-wheel"), wheel) == RoutineItem("yoga-wheel", hold=15)
    sky = LIBRARY["reach-for-the-sky"]
    assert coach.step_down(RoutineItem("reach-for-the-sky"), sky) is None  # 10 s, 2 reps: bottom
    assert coach.step_down(RoutineItem("reach-for-the-sky", reps=3), sky) == RoutineItem(
        "reach-for-the-sky", reps=2)


def test_three_good_sessions_in_a_row_offer_one_step_up_then_three_more() -> None:
    routine = Routine("R", items=(RoutineItem("childs-pose"), RoutineItem("reach-for-the-sky")))
    good = [record(before=3, after=2) for _ in range(2)]
    assert coach.progression_offer(routine, LIBRARY, good) is None
    change = coach.progression_offer(routine, LIBRARY, [*good, record()])
    assert change is not None
    # Child's Pose holds 30 s (no range) but repeats 2-3 times: one more repetition.
    assert (change.index, change.after) == (0, RoutineItem("childs-pose", reps=3))
    assert change.up and change.describe() == "Child's Pose: repetitions 2 -> 3"
    assert "3 sessions" in change.reason
    assert coach.progression_offer(routine, LIBRARY, [record()] * 4) is None
    assert coach.progression_offer(routine, LIBRARY, [record()] * 6) is not None


@pytest.mark.parametrize("bad", [
    record(after=5), record(before=2, after=3), record(hurt=("childs-pose",)),
])
def test_a_rise_in_pain_or_this_hurts_ends_the_run(bad: Record) -> None:
    routine = Routine("R", items=(RoutineItem("childs-pose"),))
    assert coach.progression_offer(routine, LIBRARY, [record(), record(), bad]) is None
    assert coach.progression_offer(routine, LIBRARY, [record(), record(), bad, record(), record()]) is None
    assert coach.progression_offer(routine, LIBRARY, [bad, record(), record(), record()]) is not None


def test_stopped_sessions_and_other_routines_are_passed_over() -> None:
    routine = Routine("R", items=(RoutineItem("childs-pose"),))
    mixed = [record(), record("Other", after=9), record(completed=False), record(), record("other"),
             record()]
    assert coach.progression_offer(routine, LIBRARY, mixed) is not None
    assert coach.progression_offer(routine, LIBRARY, [*mixed[:-1], record(completed=False)]) is None


def test_the_wheels_levels_are_earned_by_five_holds_at_the_level_before() -> None:
    wheel = LIBRARY["yoga-wheel"]  # 20 s holds
    held = [record(stretches=(StretchTime("yoga-wheel", 20.0),)) for _ in range(4)]
    assert coach.allowed_level(wheel, held) == 1
    assert coach.early_level(wheel, 2, held) is not None
    hurt = record(stretches=(StretchTime("yoga-wheel", 20.0),), hurt=("yoga-wheel",))
    assert coach.allowed_level(wheel, [*held, hurt]) == 1
    five = [*held, record(stretches=(StretchTime("yoga-wheel", 20.0),))]
    assert coach.allowed_level(wheel, five) == 2
    assert coach.early_level(wheel, 2, five) is None
    assert "level 3" in (coach.early_level(wheel, 3, five) or "")
    at_two = [record(stretches=(StretchTime("yoga-wheel", 40.0, 2),)) for _ in range(3)]
    assert coach.allowed_level(wheel, [*five, *at_two]) == 3
    routine = Routine("R", items=(RoutineItem("yoga-wheel"),))
    change = coach.progression_offer(routine, LIBRARY, [*five, record()])  # 6 good
    assert change is not None and change.after == RoutineItem("yoga-wheel", progression=2)


def test_ease_off_and_this_hurts_offers_apply_to_the_routine() -> None:
    routine = Routine("R", items=(RoutineItem("childs-pose"), RoutineItem("yoga-wheel", progression=2)))
    change = coach.ease_off_offer(routine, LIBRARY, record(before=2, after=6))
    assert change is not None and not change.up and change.index == 0
    assert change.apply(routine).items[0] == RoutineItem("childs-pose", hold=25)
    hurt = coach.ease_off_offer(routine, LIBRARY, record(after=6, hurt=("yoga-wheel",)))
    assert hurt is not None and hurt.index == 1 and hurt.after == RoutineItem("yoga-wheel", progression=1)
    assert coach.ease_off_offer(routine, LIBRARY, record(before=3, after=3)) is None
    easier, leave = coach.hurt_changes(routine, LIBRARY, 1)
    assert easier is not None and easier.describe() == "Yoga Wheel: level 2 -> 1"
    assert leave.apply(routine).items == (RoutineItem("childs-pose"),)
    moved = replace(routine, items=routine.items[::-1])
    with pytest.raises(LookupError):
        leave.apply(moved)


def test_the_pain_trend_averages_weeks_and_says_when_it_moved_two_points() -> None:
    today = MONDAY + timedelta(days=14)
    records = [record(day=MONDAY, before=6, after=5), record(day=MONDAY + timedelta(days=2), before=6,
               after=6), record(day=today, before=3, after=3), record(day=today)]
    trend = coach.pain_trend(records, today, weeks=3)
    assert [week.start for week in trend.weeks] == [MONDAY, MONDAY + timedelta(7), today]
    assert trend.weeks[0].after == 5.5 and trend.weeks[0].before == 6 and trend.weeks[0].rated == 2
    assert trend.weeks[1].rated == 0 and trend.weeks[1].after is None
    assert trend.latest == trend.weeks[2]
    assert trend.words is not None and "went down from 5.5 to 3" in trend.words
    small = coach.pain_trend([record(day=MONDAY, after=4), record(day=today, after=3)], today, 3)
    assert small.words is not None and "less than 2 points" in small.words
    worse = coach.pain_trend([record(day=MONDAY, after=2), record(day=today, after=4)], today, 3)
    assert worse.words is not None and "went up" in worse.words and "clinician" in worse.words
    assert coach.pain_trend([record(day=today)], today).empty
    assert coach.pain_trend([record(day=today, after=2)], today).words is None


def test_records_carry_ratings_and_hurt_and_old_records_read_as_before() -> None:
    base = {"routine": "R", "started": "2026-11-23T09:00:00+00:00", "done_s": 5, "planned_s": 5,
            "completed": True}
    old = parse_record(base)
    assert old is not None and (old.pain_before, old.pain_after, old.hurt) == (None, None, ())
    new = parse_record({**base, "pain_before": 4, "pain_after": 2, "hurt": ["cat-cow"],
                        "stretches": [{"id": "yoga-wheel", "done_s": 20, "progression": 2}]})
    assert new is not None and (new.pain_before, new.pain_after, new.hurt) == (4, 2, ("cat-cow",))
    assert new.stretches == (StretchTime("yoga-wheel", 20.0, 2),)
    odd = parse_record({**base, "pain_before": 11, "pain_after": True, "hurt": "cat-cow"})
    assert odd is not None and (odd.pain_before, odd.pain_after, odd.hurt) == (None, None, ())


def test_a_session_records_its_ratings_and_what_hurt_once() -> None:
    routine = Routine("R", get_ready=0,
                      items=(RoutineItem("cat-cow"), RoutineItem("yoga-wheel", progression=2)))
    clock = FakeClock()
    session = Session(plan(routine, LIBRARY), clock, wall_clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    session.start()
    session.pain_before = 3
    assert session.mark_hurt() == 0 and session.paused
    session.resume()
    assert session.mark_hurt() == 0
    session.stop()
    session.pain_after = 4
    line = session.record()
    assert (line["pain_before"], line["pain_after"], line["hurt"]) == (3, 4, ["cat-cow"])
    assert list(line)[list(line).index("completed") + 1] == "pain_before"  # before the arrays
    assert line["stretches"][1] == {"id": "yoga-wheel", "done_s": 0.0, "progression": 2}
    plain = Session(plan(routine, LIBRARY), clock)
    plain.start()
    plain.stop()
    assert not {"pain_before", "pain_after", "hurt"} & set(plain.record())


def test_the_safety_text_names_the_warning_signs_and_its_sources() -> None:
    text = safety.as_text()
    for sign in ("both legs", "bladder", "fever", "cancer", "pregnancy", "chest pain"):
        assert sign in text
    assert "not medical advice" in text and "NHS" in text and "Mayo Clinic" in text
