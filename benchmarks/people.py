"""A person's data, made up: a private user's folders, a library and routines, and a
history in the app's own line format."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

PERSON_STRETCHES = 200
"""A person's scale (issue 19): the most stretches, routines and sessions a user has;
10,000 sessions are about nine years of three a day."""
PERSON_ROUTINES = 100
PERSON_SESSIONS = 10_000
PERSON_YEARS = 9


def make_env(home: Path, data: Path | None = None) -> dict[str, str]:
    """A private user: its own data, config, cache and state folders (a data folder of its
    own gets a cache of its own, as two users' would be)."""
    skip = ("XDG_", "STRETCHTUI_", "COLORTERM", "NO_COLOR", "TEXTUAL_", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    data = data or home / "data"
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(data.with_name(data.name + "-cache")),
               XDG_STATE_HOME=str(data.with_name(data.name + "-state")))
    runtime = home / "runtime"  # its own: never the shared /tmp/runtime-UID fallback
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    safety_seen(env)
    return env


def safety_seen(env: dict[str, str]) -> None:
    """The first-start safety screen acknowledged, as a returning user's: the figures time
    the browser, not a screen shown once."""
    state = Path(env["XDG_STATE_HOME"]) / "stretchtui"
    state.mkdir(parents=True, exist_ok=True)
    (state / "safety-seen").touch()




def write_routine(path: Path, name: str, holds: list[int]) -> Path:
    lines = [f'[[routines]]\nname = "{name}"\nget_ready = 0\nrest = 0\ntransition = 0\n']
    for hold in holds:
        lines.append(f'[[routines.items]]\nstretch = "childs-pose"\nhold = {hold}\nreps = 1\n')
    path.write_text("\n".join(lines))
    return path


def generate_scale(home: Path, stretches_count: int = PERSON_STRETCHES,
                   routines_count: int = PERSON_ROUTINES,
                   name: str = "scale") -> tuple[Path, Path]:
    """User stretches and routines (5 stretches each), in the documented formats. Returns
    the XDG data folder and the routines file."""
    from stretchtui.core.model import AREAS

    data = home / f"{name}-data" / "stretchtui"
    data.mkdir(parents=True, exist_ok=True)
    stretches = []
    for n in range(stretches_count):
        area = AREAS[n % len(AREAS)]
        stretches.append(
            f'[[stretches]]\nid = "gen-{n}"\nname = "Generated stretch {n}"\n'
            f'areas = ["{area}"]\nfeel_it_in = "Somewhere in the {area}."\n'
            f'cues = ["Step one of {n}.", "Step two."]\nhold = {10 + n % 50}\nreps = [1, 3]\n'
        )
    (data / "stretches.toml").write_text("\n".join(stretches))
    routines = []
    for n in range(routines_count):
        items = "".join(f'[[routines.items]]\nstretch = "gen-{(n * 7 + k) % stretches_count}"\n'
                        for k in range(5))
        routines.append(f'[[routines]]\nname = "Routine {n}"\n{items}')
    routines_path = home / f"{name}-routines.toml"
    routines_path.write_text("\n".join(routines))
    return data.parent, routines_path


def history_templates(seed: int = 7) -> list[dict[str, object]]:
    """Records as the app writes them: each built-in routine run by a real Session on a
    fake clock refreshed every ~0.1 s, completed, paused, with a skipped step, and stopped
    at several points."""
    import random
    from datetime import UTC, datetime

    from stretchtui.core.plan import plan
    from stretchtui.core.session import Session
    from stretchtui.storage.library import builtin_stretches
    from stretchtui.storage.routines import builtin_routines

    rng = random.Random(seed)
    library = builtin_stretches()
    templates = []
    for routine in builtin_routines(library):
        for how in ("completed", "completed", "paused", "skipped", "stopped 0.3", "stopped 0.7"):
            now = [0.0]
            session = Session(plan(routine, library), lambda now=now: now[0],
                              wall_clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
            session.start()
            total = session.plan.total
            while not session.finished:
                now[0] += 0.1 + rng.random() * 0.005
                session.update()
                if how == "paused" and total * 0.4 < now[0] < total * 0.4 + 0.11:
                    session.pause()
                    now[0] += 30
                    session.resume()
                if how == "skipped" and total * 0.5 < now[0] < total * 0.5 + 0.11:
                    session.next()
                if how.startswith("stopped") and now[0] > total * float(how.split()[1]):
                    session.stop()
            templates.append(session.record())
    return templates


def history_lines(sessions: int = PERSON_SESSIONS, years: int = PERSON_YEARS, *, today: date | None = None,
                  rest_days: float = 0.0, newest_ended: float | None = None) -> bytes:
    """`sessions` records over `years` years ending `today` (default: the real today),
    several a day (local times in Europe/Berlin, so offsets change with daylight saving),
    in the app's own line format. A `rest_days` share of the days has no session (drawn
    at random, the same every time). The same arguments give the same bytes. With
    `newest_ended` (epoch seconds), one more session, last, that ended then."""
    import random
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from stretchtui.storage.history import format_record

    rng = random.Random(15)
    templates = history_templates()
    zone = ZoneInfo("Europe/Berlin")
    days = years * 365
    first = (today or date.today()) - timedelta(days=days - 1)
    resting = random.Random(16)
    rest = {index for index in range(days) if resting.random() < rest_days}
    lines = []
    for n in range(sessions):
        index = n * days // sessions
        day = first + timedelta(days=index)
        started = datetime(day.year, day.month, day.day, 7, tzinfo=zone) + timedelta(
            minutes=(n % 9) * 90 + rng.randrange(60))
        record = dict(rng.choice(templates))
        if index in rest:
            continue
        record["started"] = started.isoformat(timespec="seconds")
        record["ended"] = (started + timedelta(seconds=round(record["done_s"]))).isoformat(
            timespec="seconds")
        lines.append(format_record(record))
    if newest_ended is not None:
        record = dict(templates[0])
        ended = datetime.fromtimestamp(newest_ended, zone)
        record["started"] = (ended - timedelta(seconds=round(record["done_s"]))).isoformat(
            timespec="seconds")
        record["ended"] = ended.isoformat(timespec="seconds")
        lines.append(format_record(record))
    return b"".join(lines)


def generate_history(home: Path, sessions: int = PERSON_SESSIONS, years: int = PERSON_YEARS) -> Path:
    """A history.jsonl of `history_lines(sessions, years)` ending today in a data folder
    of its own (made once per `home`). Returns the XDG data folder that holds it."""
    data = home / f"history-data-{sessions}-{years}"
    path = data / "stretchtui" / "history.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(history_lines(sessions, years))
    return data


