"""`stretchtui history`: the progress summary as plain text or one JSON object.

Imports no Textual and no Rich: it answers in a pipe as fast as the history can be read.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from stretchtui.core.coach import PainTrend
from stretchtui.core.model import counted, format_duration
from stretchtui.core.progress import Day, Summary, Total, format_minutes
from stretchtui.core.records import local_time
from stretchtui.storage.config import load_config
from stretchtui.storage.errors import Problem
from stretchtui.storage.history import load_summary

DEFAULT_DAYS = 14
WIDTH = 80
FIRST_SESSION = ('No sessions yet. Start your first one with\n    stretchtui run "Desk break"\n'
                 "or open stretchtui and start a routine from its list.")
_DAY = "{:<14}  {:>7}  {:>8}"
"""A day's line before its bar: date, time, sessions."""


def history_command(
    days: int = DEFAULT_DAYS,
    as_json: bool = False,
    *,
    daily_goal_min: float | None = None,
    today: date | None = None,
    path: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """Print the summary of the history (yours, or `path`) as of `today` (default: the
    local date now), with the daily goal from config.toml unless given. Always exits 0:
    an empty, missing or unreadable history is not an error (an unreadable one, or a
    problem in the config, gets a warning on stderr)."""
    warnings: list[Problem] = []
    if daily_goal_min is None:
        config, warnings = load_config()
        daily_goal_min = config.daily_goal_min
    today = today or local_time().date()
    summary, problems = load_summary(today=today, daily_goal_min=daily_goal_min, path=path)
    for problem in [*warnings, *problems]:
        print(f"warning: {problem}", file=sys.stderr)
    out = out or sys.stdout
    if as_json:
        out.write(json.dumps(as_data(summary, days), ensure_ascii=False) + "\n")
    else:
        out.write(as_text(summary, days))
    return 0


def as_text(summary: Summary, days: int = DEFAULT_DAYS) -> str:
    """Streaks, today against the goal and the weeks; one line per day for the last `days`
    days (oldest first) with a bar of `#`, a minute each; the totals; and how many damaged
    lines were skipped. No line is longer than 80 columns."""
    damaged = [f"{counted(summary.damaged, 'damaged line')} skipped."] if summary.damaged else []
    if summary.empty:
        return "\n".join([FIRST_SESSION, *damaged]) + "\n"
    today = summary.today_day
    goal = "goal reached" if today.goal_met else f"daily goal {format_duration(summary.goal_s)}"
    shown = summary.last_days(days)
    scale = _bar_scale(shown, WIDTH - 2 - len(_DAY.format("", "", "") + "  "))
    lines = [
        f"Streak: {counted(summary.current_streak, 'day')} "
        f"(longest: {counted(summary.longest_streak, 'day')})",
        f"Today: {format_duration(today.seconds)} ({goal})",
        f"This week: {format_minutes(summary.this_week_s)} "
        f"(last week: {format_minutes(summary.last_week_s)})",
        "",
        _DAY.format("day", "time", "sessions"),
        *(_day_line(day, scale) for day in shown),
        "",
        f"Sessions: {summary.sessions:,} ({summary.completed:,} completed, "
        f"{summary.stopped:,} stopped)",
        f"Time: {format_minutes(summary.seconds)} on {counted(summary.active_days, 'day')}",
        *pain_lines(summary.pain),
        *damaged,
    ]
    return "\n".join(lines) + "\n"


def pain_lines(trend: PainTrend | None) -> list[str]:
    """The check-in's lines for the text summary: the latest week, and the trend in words."""
    latest = None if trend is None else trend.latest_words()
    if trend is None or latest is None:
        return []
    return ["", latest, *([trend.words] if trend.words else [])]


def _pain_data(trend: PainTrend | None) -> dict[str, Any]:
    weeks = () if trend is None else trend.weeks
    return {
        "weeks": [{"start": week.start.isoformat(), "before": week.before, "after": week.after,
                   "sessions": week.rated} for week in weeks],
        "words": None if trend is None else trend.words,
    }


def _bar_scale(days: tuple[Day, ...], width: int) -> float:
    """Characters per minute: one, or fewer when the longest day would not fit in `width`."""
    longest = max((day.minutes for day in days), default=0.0)
    return 1.0 if longest <= width else width / longest


def _day_line(day: Day, scale: float) -> str:
    label = f"{day.date:%a %Y-%m-%d}"
    if not day.sessions:
        return _DAY.format(label, "-", "-")
    # Any time at all shows at least one mark; a full minute is one (at scale 1).
    bar = "#" * max(1, math.ceil(day.minutes * scale - 1e-9)) if day.seconds > 0 else ""
    return f"{_DAY.format(label, format_duration(day.seconds), day.sessions)}  {bar}".rstrip()


def _seconds(value: float) -> float:
    return round(value, 3)


def _total(total: Total, key: str) -> dict[str, Any]:
    return {key: total.name, "sessions": total.sessions, "seconds": _seconds(total.seconds),
            "last": total.last.isoformat()}


def as_data(summary: Summary, days: int = DEFAULT_DAYS) -> dict[str, Any]:
    """The summary as one JSON-ready object for scripts: streaks, the last `days` days
    (oldest first), totals, the by-routine and by-stretch tables, and `damaged`."""
    return {
        "today": summary.today.isoformat(),
        "daily_goal_min": summary.goal_s / 60,
        "streaks": {"current": summary.current_streak, "longest": summary.longest_streak},
        "days": [
            {"date": day.date.isoformat(), "seconds": _seconds(day.seconds),
             "sessions": day.sessions, "completed": day.completed, "stopped": day.stopped,
             "goal_met": day.goal_met, "level": day.level}
            for day in summary.last_days(days)
        ],
        "totals": {
            "sessions": summary.sessions, "completed": summary.completed,
            "stopped": summary.stopped, "seconds": _seconds(summary.seconds),
            "active_days": summary.active_days, "goal_days": summary.goal_days,
            "this_week_s": _seconds(summary.this_week_s),
            "last_week_s": _seconds(summary.last_week_s),
        },
        "routines": [_total(total, "name") for total in summary.routines],
        "stretches": [_total(total, "id") for total in summary.stretches],
        "pain": _pain_data(summary.pain),
        "damaged": summary.damaged,
    }
