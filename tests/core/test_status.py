"""The status line: since and due arithmetic, every format field, tmux markup, JSON, streaks."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from stretchtui.core.status import (
    FIELDS,
    RunningState,
    TemplateError,
    ago,
    as_json,
    clock,
    compute,
    current_streak,
    default_line,
    fields,
    fill,
    render,
)

NOW = 1_764_000_000.0


def running(**changes: object) -> RunningState:
    values: dict[str, object] = dict(
        pid=1, started=NOW - 60, routine="Desk break", stretch="Cat/Cow", side="cat", step=3,
        steps=16, kind="hold", paused=False, deadline=NOW + 6.2,
    )
    values.update(changes)
    return RunningState(**values)  # type: ignore[arg-type]


# -- running ---------------------------------------------------------------------------------


def test_a_running_session_shows_stretch_side_time_left_and_step() -> None:
    status = compute([running()], now=NOW, last_ended=None)
    assert status.state == "running"
    assert default_line(status) == "Cat/Cow (cat) 0:07 3/16"


def test_a_paused_session_shows_the_time_left_at_the_pause() -> None:
    status = compute([running(paused=True, deadline=None, left=42.0)], now=NOW + 999, last_ended=None)
    assert default_line(status) == "Cat/Cow (cat) 0:42 3/16 paused"


def test_a_step_without_a_side_has_no_brackets() -> None:
    status = compute([running(stretch="Rest", side="", kind="rest", deadline=NOW + 4)], now=NOW,
                     last_ended=None)
    assert default_line(status) == "Rest 0:04 3/16"


def test_the_newest_of_two_sessions_is_shown() -> None:
    status = compute([running(routine="Short", stretch="Child's Pose", side=""), running()], now=NOW,
                     last_ended=None)
    assert (status.routine, default_line(status)) == ("Short", "Child's Pose 0:07 3/16")


def test_the_countdown_reads_like_the_sessions() -> None:
    assert [clock(s) for s in (0, 0.2, 5.0, 59.01, 60, 3600)] == [
        "0:00", "0:01", "0:05", "1:00", "1:00", "1:00:00"]
    assert clock(-3) == "0:00"


# -- since and due -----------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "0m"), (59.9, "0m"), (60, "1m"), (45 * 60, "45m"), (3600, "1h"), (80 * 60, "1h 20m"),
    (24 * 3600 - 1, "23h 59m"), (26 * 3600, "1d 2h"), (2 * 86400, "2d"), (12 * 86400 + 3600, "12d"),
    (-30, "0m"),
])
def test_ago(seconds: float, words: str) -> None:
    assert ago(seconds) == words


def test_since_the_last_session_until_the_reminder_is_due() -> None:
    before = compute([], now=NOW, last_ended=NOW - 59 * 60 - 59, remind_after_min=60)
    assert (before.state, default_line(before)) == ("idle", "stretched 59m ago")
    due = compute([], now=NOW, last_ended=NOW - 60 * 60, remind_after_min=60)
    assert (due.state, default_line(due)) == ("due", "stretch due")
    assert fields(due)["since"] == "1h"


def test_just_after_a_session_it_says_0m_ago() -> None:
    assert default_line(compute([], now=NOW, last_ended=NOW - 5)) == "stretched 0m ago"


def test_reminders_off_never_say_due() -> None:
    status = compute([], now=NOW, last_ended=NOW - 30 * 86400, remind_after_min=0)
    assert (status.state, default_line(status)) == ("idle", "stretched 30d ago")
    never = compute([], now=NOW, last_ended=None, remind_after_min=0)
    assert (never.state, default_line(never)) == ("idle", "not stretched yet")


def test_no_history_at_all_is_not_due_but_not_stretched_yet() -> None:
    """Day 0: status must not nag the moment the app is installed (issue 18)."""
    status = compute([], now=NOW, last_ended=None, remind_after_min=60)
    assert (status.state, default_line(status)) == ("idle", "not stretched yet")
    assert compute([], now=NOW, last_ended=None, remind_after_min=1, streak=0).state == "idle"


def test_a_last_session_in_the_future_counts_as_just_now() -> None:
    assert fields(compute([], now=NOW, last_ended=NOW + 500))["since"] == "0m"


def test_a_running_session_is_never_due() -> None:
    status = compute([running()], now=NOW, last_ended=NOW - 86400, remind_after_min=60)
    assert status.state == "running"


def test_the_streak_follows_the_line() -> None:
    assert default_line(compute([], now=NOW, last_ended=NOW - 600, streak=3)) == (
        "stretched 10m ago, 3-day streak")
    assert default_line(compute([], now=NOW, last_ended=NOW - 7200, streak=1, remind_after_min=60)) == (
        "stretch due, 1-day streak")


# -- --format ------------------------------------------------------------------------------------


def test_every_state_is_reachable() -> None:
    from stretchtui.core.status import STATES

    reached = {compute([running()], now=NOW, last_ended=None).state,
               compute([running(paused=True, deadline=None, left=1.0)], now=NOW, last_ended=None).state,
               compute([], now=NOW, last_ended=NOW - 86400).state,
               compute([], now=NOW, last_ended=NOW).state,
               compute([], now=NOW, last_ended=NOW, reminder=("soon", NOW + 60, None)).state,
               compute([], now=NOW, last_ended=NOW, reminder=("quiet", NOW + 60, NOW + 600)).state}
    assert reached == set(STATES)


def test_heads_up_and_quiet_lines_and_fields(berlin: None) -> None:
    from fakes import at

    now = at("2026-03-02T12:00:00+01:00")
    soon = compute([], now=now, last_ended=now - 3500, reminder=("soon", now + 100, None))
    assert default_line(soon, now) == "stretch in 2m"  # 100 s is rounded up: never early
    assert fields(soon, now)["due_in"] == "2m" and fields(soon, now)["until"] == ""
    idle = compute([], now=now, last_ended=now - 600, reminder=("idle", now + 3000, None))
    assert default_line(idle, now) == "stretched 10m ago" and fields(idle, now)["due_in"] == "50m"
    two = at("2026-03-02T14:00:00+01:00")
    paused = compute([], now=now, last_ended=now - 600, reminder=("quiet", now + 3000, two))
    assert default_line(paused, now) == "quiet until 14:00"
    assert fields(paused, now)["until"] == "14:00" and fields(paused, now)["due_in"] == ""
    tuesday = at("2026-03-03T09:00:00+01:00")
    evening = compute([], now=now, last_ended=now - 7200, reminder=("quiet", 0.0, tuesday))
    assert default_line(evening, now) == "quiet until Tue 09:00"
    meeting = compute([], now=now, last_ended=now - 7200, reminder=("quiet", 0.0, float("inf")))
    assert default_line(meeting, now) == "quiet"
    due = compute([], now=now, last_ended=now - 7200, reminder=("due", 0.0, None))
    assert default_line(due, now) == "stretch due" and fields(due, now)["due_in"] == "0m"
    first = compute([], now=now, last_ended=None, reminder=("due", 0.0, None))
    assert default_line(first, now) == "not stretched yet"  # nothing done yet is never due
    assert render(soon, tmux=True, now=now) == "#[fg=yellow]stretch in 2m#[fg=default]"
    assert json.loads(as_json(paused, now))["until_s"] == at("2026-03-02T14:00:00+01:00")


def test_every_field_running() -> None:
    status = compute([running()], now=NOW, last_ended=NOW - 3600 * 5, streak=4)
    assert fill(" ".join(f"{{{name}}}" for name in FIELDS), fields(status)) == (
        "Cat/Cow cat 0:07 3 16 Desk break 5h 4 running  ")  # no due_in, no until


def test_every_field_idle() -> None:
    status = compute([], now=NOW, last_ended=NOW - 90, last_routine="Desk break")
    assert fields(status) == {"stretch": "", "side": "", "left": "", "step": "", "steps": "",
                              "routine": "Desk break", "since": "1m", "streak": "", "state": "idle",
                              "due_in": "", "until": ""}


def test_a_template_can_use_format_specs_and_braces() -> None:
    status = compute([running()], now=NOW, last_ended=None)
    assert render(status, "{{{state:>8}}} {left}") == "{ running} 0:07"


@pytest.mark.parametrize("template", ["{nope}", "{stretch.upper}", "{stretch[0]}", "{}", "{0}",
                                      "{stretch", "stretch}", "{left:{side}}", "{left!x}"])
def test_a_bad_template_is_a_template_error(template: str) -> None:
    status = compute([running()], now=NOW, last_ended=None)
    with pytest.raises(TemplateError):
        render(status, template)


def test_the_unknown_field_error_lists_the_fields() -> None:
    with pytest.raises(TemplateError, match=r"unknown field \{nope\}; the fields are \{stretch\}"):
        fill("{nope}", fields(compute([], now=NOW, last_ended=None)))


def test_a_template_is_one_line() -> None:
    assert render(compute([], now=NOW, last_ended=NOW - 86400), "a\n{state}\r\nb") == "a due b"


# -- tmux ------------------------------------------------------------------------------------------


def test_tmux_markup_makes_due_stand_out_and_undoes_only_itself() -> None:
    status = compute([], now=NOW, last_ended=NOW - 86400)
    assert render(status, tmux=True) == "#[fg=yellow,bold]stretch due#[fg=default,nobold]"
    paused = compute([running(paused=True, deadline=None, left=3.0)], now=NOW, last_ended=None)
    assert render(paused, tmux=True) == "#[dim]Cat/Cow (cat) 0:03 3/16 paused#[nodim]"
    assert render(compute([running()], now=NOW, last_ended=None), tmux=True) == "Cat/Cow (cat) 0:07 3/16"


def test_tmux_escapes_every_hash_in_user_text_but_not_in_the_template() -> None:
    # tmux would run "#(...)" found in the output of #(): a routine name must not do that.
    status = compute([running(stretch="#(reboot) #1", routine="#[fg=red]")], now=NOW, last_ended=None)
    assert render(status, tmux=True) == "##(reboot) ##1 (cat) 0:07 3/16"
    assert render(status, "#[bold]{routine}#[nobold]", tmux=True) == "#[bold]##[fg=red]#[nobold]"
    assert render(status, "{stretch}") == "#(reboot) #1"  # plain output is left as it is


# -- --json ------------------------------------------------------------------------------------------


def test_json_has_the_fields_and_the_numbers() -> None:
    data = json.loads(as_json(compute([running()], now=NOW, last_ended=NOW - 600, streak=2)))
    assert data == {
        "stretch": "Cat/Cow", "side": "cat", "left": "0:07", "step": 3, "steps": 16,
        "routine": "Desk break", "since": "10m", "streak": 2, "state": "running",
        "left_s": 6.2, "since_s": 600.0, "line": "Cat/Cow (cat) 0:07 3/16",
        "due_in": "", "due_in_s": None, "until": "", "until_s": None,
    }
    idle = json.loads(as_json(compute([], now=NOW, last_ended=None, remind_after_min=0)))
    assert (idle["left_s"], idle["since_s"], idle["step"], idle["streak"]) == (None, None, None, 0)


# -- streaks -------------------------------------------------------------------------------------------


def test_the_current_streak_from_a_kept_run(berlin: None) -> None:
    from datetime import date

    now = datetime.fromisoformat("2026-01-02T15:00:00+01:00").timestamp()
    today = date(2026, 1, 2).toordinal()
    assert current_streak(today, 5, now) == 5
    assert current_streak(today - 1, 5, now) == 5  # today not yet done
    assert current_streak(today - 2, 5, now) == 0
    assert current_streak(0, 0, now) == 0


def test_a_step_title_for_the_line_and_the_window() -> None:
    from stretchtui.core.status import title

    assert (title("Cat/Cow", "cat"), title("Rest", "")) == ("Cat/Cow (cat)", "Rest")


def test_the_countdown_text_is_the_sessions_own() -> None:
    # status.clock cannot import model and timeline (dataclasses are too slow for `status`).
    from stretchtui.core.model import format_duration
    from stretchtui.core.session import whole_seconds

    for tenths in [*range(0, 1300), 35_990, 35_999, 36_000, 36_001, 359_999]:
        assert clock(tenths / 10) == format_duration(whole_seconds(tenths / 10))
