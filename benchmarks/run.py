#!/usr/bin/env python3
"""Measure what stretchtui costs its users, each figure against a baseline in the same run.

    python benchmarks/run.py            # full run: medians of 7, about ten minutes
    python benchmarks/run.py --quick    # CI: fewer, shorter runs; keeps the script working
    python benchmarks/run.py --figures 1,2 --runs 15   # some figures only (while working)

Runs the installed `stretchtui` (the console script beside this Python) under a
pseudo-terminal with TERM=xterm-256color and a private XDG data folder, interleaving
subject and baseline runs. Prints one table and writes benchmarks/results.json. It never
fails on a figure: machines are noisy, and the README reports what was measured.
Standard library and the project only.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import fcntl
import json
import os
import pty
import re
import resource
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines"
PYTHON = sys.executable
STRETCHTUI = str(Path(PYTHON).parent / "stretchtui")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Row:
    figure: str
    value: float | None
    baseline: float | None
    unit: str
    goal: str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


# -- running under a pseudo-terminal ---------------------------------------------------


@dataclass
class PtyRun:
    output: bytearray
    chunks: list[tuple[float, int]]
    """(seconds from exec, length of output so far) after each read."""
    marker_at: float | None
    """Seconds from exec to the first output containing the marker."""
    status: int | None
    cpu: float
    """User + system seconds of the process."""
    max_rss_kb: int


def _spawn(argv: list[str], size: tuple[int, int], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child: its terminal gets the size before the program starts
        cols, rows = size
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(argv[0], argv, env)
    return pid, fd


def _read(fd: int, sink: bytearray, timeout: float) -> bool:
    """Read what is there within `timeout`; False once the terminal is closed."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    sink += data
    return bool(data)


def _proc_cpu(pid: int) -> float:
    """CPU seconds used so far by a live process (from /proc; Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def run_pty(
    argv: list[str],
    env: dict[str, str],
    *,
    size: tuple[int, int] = (80, 24),
    marker: bytes | None = None,
    quit_keys: bytes = b"\x11",
    timeout: float = 30.0,
    window: tuple[float, float] | None = None,
) -> tuple[PtyRun, dict[str, float]]:
    """Run argv in a pty. With `marker`: quit once it shows. With `window` (start, length):
    count bytes and CPU in that window of the process's life, then SIGTERM it."""
    output = bytearray()
    chunks: list[tuple[float, int]] = []
    extra: dict[str, float] = {}
    started = time.perf_counter()
    pid, fd = _spawn(argv, size, env)
    marker_at = None
    try:
        if window is not None:
            begin, length = window
            while time.perf_counter() - started < begin and _read(fd, output, 0.05):
                pass
            bytes_before, cpu_before, t0 = len(output), _proc_cpu(pid), time.perf_counter()
            while time.perf_counter() - t0 < length and _read(fd, output, 0.05):
                pass
            elapsed = time.perf_counter() - t0
            extra = {"bytes_per_s": (len(output) - bytes_before) / elapsed,
                     "cpu_percent": 100 * (_proc_cpu(pid) - cpu_before) / elapsed}
            os.kill(pid, signal.SIGTERM)
        else:
            while time.perf_counter() - started < timeout:
                if not _read(fd, output, 0.01):
                    break
                chunks.append((time.perf_counter() - started, len(output)))
                if marker and marker_at is None and marker in output:
                    marker_at = time.perf_counter() - started
                    os.write(fd, quit_keys)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and _read(fd, output, 0.05):
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    return PtyRun(output, chunks, marker_at, os.waitstatus_to_exitcode(status),
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss), extra


# -- set-up ------------------------------------------------------------------------------


def make_env(home: Path, data: Path | None = None) -> dict[str, str]:
    """A private user: its own data, config, cache and state folders (a data folder of its
    own gets a cache of its own, as two users' would be)."""
    skip = ("XDG_", "STRETCHTUI_", "COLORTERM", "NO_COLOR", "TEXTUAL_", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    data = data or home / "data"
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(data.with_name(data.name + "-cache")),
               XDG_STATE_HOME=str(data.with_name(data.name + "-state")))
    safety_seen(env)
    return env


def safety_seen(env: dict[str, str]) -> None:
    """The first-start safety screen acknowledged, as a returning user's: the figures time
    the browser, not a screen shown once."""
    state = Path(env["XDG_STATE_HOME"]) / "stretchtui"
    state.mkdir(parents=True, exist_ok=True)
    (state / "safety-seen").touch()


def cache_folder(env: dict[str, str]) -> Path:
    return Path(env["XDG_CACHE_HOME"]) / "stretchtui"


def write_routine(path: Path, name: str, holds: list[int]) -> Path:
    lines = [f'[[routines]]\nname = "{name}"\nget_ready = 0\nrest = 0\ntransition = 0\n']
    for hold in holds:
        lines.append(f'[[routines.items]]\nstretch = "childs-pose"\nhold = {hold}\nreps = 1\n')
    path.write_text("\n".join(lines))
    return path


def generate_scale(home: Path, stretches_count: int = 10_000, routines_count: int = 1_000,
                   name: str = "scale") -> tuple[Path, Path]:
    """User stretches and routines (5 stretches each), in the documented formats. Returns
    the XDG data folder and the routines file."""
    sys.path.insert(0, str(HERE.parent))
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
    sys.path.insert(0, str(HERE.parent))
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


def history_lines(sessions: int = 50_000, years: int = 15, *, today: date | None = None,
                  rest_days: float = 0.0, newest_ended: float | None = None) -> bytes:
    """`sessions` records over `years` years ending `today` (default: the real today),
    several a day (local times in Europe/Berlin, so offsets change with daylight saving),
    in the app's own line format. A `rest_days` share of the days has no session (drawn
    at random, the same every time). The same arguments give the same bytes. With
    `newest_ended` (epoch seconds), one more session, last, that ended then."""
    import random
    from datetime import datetime, timedelta
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


def generate_history(home: Path, sessions: int = 50_000, years: int = 15) -> Path:
    """A history.jsonl of `history_lines(sessions, years)` ending today in a data folder
    of its own (made once per `home`). Returns the XDG data folder that holds it."""
    data = home / f"history-data-{sessions}-{years}"
    path = data / "stretchtui" / "history.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(history_lines(sessions, years))
    return data


# -- figures -----------------------------------------------------------------------------


def interleaved(runs: int, *measures: Callable[[], float | None]) -> list[list[float]]:
    """Run each measure `runs` times, alternating, so drift hits all of them alike."""
    results: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for slot, measure in enumerate(measures):
            value = measure()
            if value is not None:
                results[slot].append(value)
    return results


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def startup(env: dict[str, str], argv: list[str], marker: bytes) -> float | None:
    run, _ = run_pty(argv, env, marker=marker)
    return run.marker_at


def uncached(measure: Callable[[], float | None], env: dict[str, str]) -> Callable[[], float | None]:
    """`measure` run with nothing kept in the cache folder: the first start after an
    install, or after stretchtui's version changed."""
    def run() -> float | None:
        shutil.rmtree(cache_folder(env), ignore_errors=True)
        return measure()
    return run


def figure_startup(runs: int, env: dict[str, str]) -> list[Row]:
    cold_env = {**env, "XDG_CACHE_HOME": env["XDG_CACHE_HOME"] + "-cold"}
    subject, baseline, widgets, cold = interleaved(
        runs,
        lambda: startup(env, [STRETCHTUI], b"Lumbar Rotation"),
        lambda: startup(env, [PYTHON, str(BASELINES / "minimal_app.py")], b"baseline-ready"),
        lambda: startup(env, [PYTHON, str(BASELINES / "widgets_app.py")], b"baseline-ready"),
        uncached(lambda: startup(cold_env, [STRETCHTUI], b"Lumbar Rotation"), cold_env),
    )
    value, base, same = median(subject), median(baseline), median(widgets)
    met = value is not None and same is not None and value / same <= 1.10
    return [Row("1 startup to first frame", value, same, "s", "ratio <= 1.10", met,
                "vs the same widgets with no stretchtui"),
            Row("1 same widgets, no stretchtui", same, base, "s", "informative", None,
                "vs one Static: header, filter, tree, detail panes, footer are Textual's share"),
            Row("1 startup, nothing cached", median(cold), same, "s", "informative", None,
                "first start after an install: the library is parsed and kept")]


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of a command in a pipe."""
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def figure_cli(runs: int, env: dict[str, str]) -> list[Row]:
    """`list` and `check` (the built-ins: the user has no files) against `python -c pass`."""
    cold_env = {**env, "XDG_CACHE_HOME": env["XDG_CACHE_HOME"] + "-cold"}
    listed, checked, baseline, cold = interleaved(
        runs * 2,
        lambda: timed([STRETCHTUI, "list"], env),
        lambda: timed([STRETCHTUI, "check"], env),
        lambda: timed([PYTHON, "-c", "pass"], env),
        uncached(lambda: timed([STRETCHTUI, "list"], cold_env), cold_env),
    )
    base = median(baseline)
    rows = []
    for figure, values, limit in (("2 `stretchtui list`", listed, 2.0),
                                  ("2 `stretchtui check`, built-ins", checked, 2.5)):
        value = median(values)
        rows.append(Row(figure, value, base, "s", f"ratio <= {limit}",
                        value is not None and base is not None and value / base <= limit))
    rows.append(Row("2 `stretchtui list`, nothing cached", median(cold), base, "s", "informative",
                    None, "first run after an install"))
    return rows


def figure_hold(runs: int, env: dict[str, str], home: Path, window: tuple[float, float],
                size: tuple[int, int]) -> list[Row]:
    routines = write_routine(home / "hold.toml", "Hold", [40])
    subject_argv = [STRETCHTUI, "--routines", str(routines), "run", "Hold", "--no-summary"]
    baseline_argv = [PYTHON, str(BASELINES / "progress_app.py")]
    subject: list[dict[str, float]] = []
    baseline: list[dict[str, float]] = []
    # Subject and baseline run side by side over the same window: each uses a few per cent
    # of one core at most, and the full run takes half as long.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(runs):
            pair = [pool.submit(run_pty, argv, env, size=size, window=window)
                    for argv in (subject_argv, baseline_argv)]
            subject.append(pair[0].result()[1])
            baseline.append(pair[1].result()[1])
    label = f"{size[0]}x{size[1]}"
    rows = []
    for key, unit, goal, limit in (("bytes_per_s", "B/s", "<= 250 B/s", 250.0),
                                   ("cpu_percent", "% core", "<= 1 %", 1.0)):
        value = median([s[key] for s in subject if key in s])
        base = median([b[key] for b in baseline if key in b])
        rows.append(Row(f"3 hold {key.split('_')[0]} {label}", value, base, unit, goal,
                        value is not None and value <= limit))
    return rows


def figure_timing(runs: int, env: dict[str, str], home: Path) -> list[Row]:
    routines = write_routine(home / "timing.toml", "Timing", [1] * 10)
    totals: list[float] = []
    worst: list[float] = []
    screen_worst: list[float] = []
    first_short: list[float] = []
    for n in range(runs):
        data = home / f"timing-data-{n}"
        run, _ = run_pty([STRETCHTUI, "--routines", str(routines), "run", "Timing", "--no-summary"],
                         {**make_env(home, data), "STRETCHTUI_RECORD_TIMING": "1"}, timeout=30)
        records = (data / "stretchtui" / "history.jsonl").read_text().splitlines()
        record = json.loads(records[-1])
        # When the app noticed each step and, last, the end (older records: when the steps
        # were entered by their deadlines, and the time done).
        seen = record.get("step_seen") or [*record["step_starts"], record["done_s"]]
        planned = [float(n) for n in range(11)]  # ten 1 s holds, nothing between them
        worst.append(max(a - p for a, p in zip(seen, planned, strict=True)))
        totals.append(abs(seen[-1] - record["planned_s"]))
        arrived = _screen_arrivals(run, steps=10)
        if arrived is not None:
            # The terminal cannot see when the session clock started, only when each step
            # arrived: steps 2-10 are measured against step 2, and step 1 by how much less
            # than its second it was on screen.
            screen_worst.append(max(abs(t - arrived[1] - (k - 1))
                                    for k, t in enumerate(arrived[1:], 1)))
            first_short.append(1.0 - (arrived[1] - arrived[0]))
    total, late, screen = median(totals), median(worst), median(screen_worst)
    return [
        Row("4 timing: end vs plan", total, None, "s", "within 0.050 s",
            total is not None and total <= 0.05, "history record, when the app saw the end"),
        Row("4 timing: worst step start", late, None, "s", "<= 0.100 s late",
            late is not None and late <= 0.1, "history record, when the app saw each step"),
        Row("4 timing: worst step on screen", screen, None, "s", "<= 0.100 s late",
            screen is not None and screen <= 0.1,
            "'step k of 10' on the terminal, steps 3-10 vs step 2's arrival + (k-2) s"),
        Row("4 timing: step 1 shown shorter by", median(first_short), None, "s", "informative",
            None, "the session clock starts before its screen is first drawn"),
    ]


def _screen_arrivals(run: PtyRun, steps: int) -> list[float] | None:
    """When "step k of n" first reached the terminal, for each step (None if one never did)."""
    arrived = []
    for k in range(1, steps + 1):
        at = run.output.find(f"step {k} of {steps}".encode())
        if at < 0:
            return None
        arrived.append(next(t for t, size in run.chunks if size > at))
    return arrived


def figure_scale(runs: int, env: dict[str, str], home: Path, quick: bool,
                 scale: tuple[tuple[Path, Path], tuple[Path, Path]]) -> list[Row]:
    """Startup with a big user library against the built-ins. `scale` is (data folder,
    routines file) of 1,000 stretches + 100 routines and of 10,000 + 1,000, made at the
    start of the run: a file changed in the last seconds is never taken from the cache."""
    (small_data, small_routines), (data, routines) = scale
    small_env, scale_env = make_env(home, small_data), make_env(home, data)
    small_file = small_data / "stretchtui" / "stretches.toml"

    def just_edited() -> float | None:
        os.utime(small_file)  # as an editor saving it would
        return startup(small_env, [STRETCHTUI, "--routines", str(small_routines)], b"Routines")

    builtin, small, edited, big = interleaved(
        runs,
        lambda: startup(env, [STRETCHTUI], b"Routines"),
        lambda: startup(small_env, [STRETCHTUI, "--routines", str(small_routines)], b"Routines"),
        just_edited,
        lambda: startup(scale_env, [STRETCHTUI, "--routines", str(routines)], b"Routines"),
    )
    base = median(builtin)
    value = median(small)
    rows = [Row("5 startup, 1k stretches + 100 routines", value, base, "s", "ratio <= 1.3",
                value is not None and base is not None and value / base <= 1.3),
            Row("5 startup, 1k stretches just edited", median(edited), base, "s", "informative",
                None, "the file changed: parsed again"),
            Row("5 startup, 10k stretches + 1k routines", median(big), base, "s", "informative",
                None)]

    checks = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([STRETCHTUI, "check", str(routines), str(data / "stretchtui" / "stretches.toml")],
                       env=scale_env, stdout=subprocess.DEVNULL, check=False)
        checks.append(time.perf_counter() - started)
    value = median(checks)
    rows.append(Row("5 `check` on the 10k files", value, None, "s", "<= 1 s",
                    value is not None and value <= 1.0))

    presses = 5 if quick else 21
    repaint_scale, pilot_scale = _filter_keystroke(scale_env, routines, presses)
    repaint_builtin, pilot_builtin = _filter_keystroke(env, None, presses)
    rows.append(Row("5 filter key to repainted tree", repaint_scale, repaint_builtin, "s",
                    "median <= 0.050 s", repaint_scale is not None and repaint_scale <= 0.05,
                    "10k library vs built-ins, in-process with Pilot"))
    rows.append(Row("5 filter key: Pilot press + pause", pilot_scale, pilot_builtin, "s",
                    "informative", None, "includes Pilot's own waits for idle"))
    return rows


def _filter_keystroke(
    env: dict[str, str], routines: Path | None, presses: int
) -> tuple[float | None, float | None]:
    """Medians, for one character typed into the #filter Input, of (a) the key press to the
    first screen update after the tree was rebuilt for the new query, and (b) Pilot's
    `press` plus `pause` (until the app is idle), as the brief for Pilot tests has it."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from stretchtui.tui.app import StretchApp
        from stretchtui.tui.widgets.library_tree import LibraryTree

        async def measure() -> tuple[list[float], list[float]]:
            app = StretchApp(routines_path=routines)
            repainted: list[float] = []
            pressed: list[float] = []
            rebuilt: list[float] = []
            shown: list[float] = []
            display = app._display

            def timed_display(screen: object, renderable: object) -> None:
                display(screen, renderable)  # type: ignore[arg-type]
                if renderable is not None and rebuilt and not shown:
                    shown.append(time.perf_counter())

            app._display = timed_display  # type: ignore[method-assign]
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("slash")
                await pilot.pause()
                tree = app.screen.query_one(LibraryTree)
                rebuild = tree.rebuild

                def timed_rebuild() -> None:
                    rebuild()
                    rebuilt.append(time.perf_counter())

                tree.rebuild = timed_rebuild  # type: ignore[method-assign]
                for n in range(presses):
                    rebuilt.clear()
                    shown.clear()
                    started = time.perf_counter()
                    await pilot.press("backspace" if n % 2 else "1")
                    await pilot.pause()
                    pressed.append(time.perf_counter() - started)
                    if shown:
                        repainted.append(shown[0] - started)
            return repainted, pressed

        repainted, pressed = asyncio.run(measure())
        return median(repainted), median(pressed)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def figure_history(runs: int, home: Path) -> Row:
    data = generate_history(home)
    env = make_env(home, data)
    size = (data / "stretchtui" / "history.jsonl").stat().st_size / 1e6
    subject, baseline = interleaved(
        runs, lambda: timed([STRETCHTUI, "history"], env), lambda: timed([PYTHON, "-c", "pass"], env)
    )
    value, base = median(subject), median(baseline)
    return Row("7 `stretchtui history`, 50k sessions", value, base, "s", "median <= 0.300 s",
               value is not None and value <= 0.3, f"{size:.0f} MB history over 15 years")


def figure_history_screen(runs: int, env: dict[str, str], home: Path, quick: bool) -> list[Row]:
    """The History screen on a 50,000-session history: `h` to the screen painted with its
    tables filled (in-process with Pilot; it reads the history at every open), and the
    app's startup with that history against without (it must not read it at start)."""
    history_env = make_env(home, generate_history(home))
    opens = 3 if quick else 11
    first, later = _history_opens(history_env, opens)
    with_history, without = interleaved(
        runs,
        lambda: startup(history_env, [STRETCHTUI], b"Lumbar Rotation"),
        lambda: startup(env, [STRETCHTUI], b"Lumbar Rotation"),
    )
    value, base = median(with_history), median(without)
    return [
        Row("7 History screen: key to painted, 50k", median(later), None, "s", "median <= 0.150 s",
            None if not later else median(later) <= 0.15,
            f"opens 2-{opens}; the first, with its import and styles: "
            f"{fmt(first, 's') if first is not None else '-'}"),
        Row("7 startup with a 50k history", value, base, "s", "ratio <= 1.05",
            value is not None and base is not None and value / base <= 1.05,
            "vs no history: the history is read only when the screen opens"),
    ]


def _history_opens(env: dict[str, str], opens: int) -> tuple[float | None, list[float]]:
    """Seconds from pressing `h` in the browser to the first frame drawn with the History
    screen's recent list filled, for the first open and for each later one. Measured in a
    Python of its own, as the app runs: this script's own heap (the generated histories)
    would make the garbage collector's passes slower than the app's."""
    result = subprocess.run([PYTHON, str(Path(__file__).resolve()), "--history-opens", str(opens)],
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"history opens failed: {result.stderr.strip()[-500:]}")
    first, later = json.loads(result.stdout.strip().splitlines()[-1])
    return first, later


def measure_history_opens(opens: int) -> tuple[float | None, list[float]]:
    """`_history_opens` in this process, with the user folders of its environment."""
    from stretchtui.tui.app import StretchApp

    async def measure() -> list[float]:
        app = StretchApp()
        painted: list[float] = []
        pressed = [0.0]
        display = app._display

        def timed_display(screen: object, renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if (renderable is not None and len(painted) < pressed[0] and
                    type(app.screen).__name__ == "HistoryScreen"
                    and any(table.row_count for table in app.screen.query("#recent"))):
                painted.append(time.perf_counter() - started[-1])

        app._display = timed_display  # type: ignore[method-assign]
        started: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(opens):
                pressed[0] += 1
                started.append(time.perf_counter())
                await pilot.press("h")
                for _ in range(3000):  # the history is read in a worker: until painted, bounded
                    if len(painted) >= pressed[0]:
                        break
                    await pilot.pause(0.01)
                await pilot.press("escape")
                await pilot.pause()
        return painted

    painted = asyncio.run(measure())
    return (painted[0] if painted else None), painted[1:]


def figure_memory(runs: int, env: dict[str, str]) -> Row:
    def rss(argv: list[str], marker: bytes) -> float:
        return run_pty(argv, env, marker=marker)[0].max_rss_kb / 1024

    # A child's peak RSS includes what it inherited from this process at fork: keep ours small.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    subject, baseline = interleaved(
        runs,
        lambda: rss([STRETCHTUI], b"Lumbar Rotation"),
        lambda: rss([PYTHON, str(BASELINES / "minimal_app.py")], b"baseline-ready"),
    )
    value, base = median(subject), median(baseline)
    note = "" if base is None or own < base else f"unreliable: this script uses {own:.0f} MB"
    return Row("6 peak RSS, browser", value, base, "MB", "ratio <= 1.2",
               value is not None and base is not None and value / base <= 1.2, note)


def status_env(home: Path, name: str) -> dict[str, str]:
    """A private user for one `status` case: data, config, runtime and cache folders."""
    root = home / f"status-{name}"
    runtime = root / "runtime"
    runtime.mkdir(parents=True)
    runtime.chmod(0o700)  # the XDG spec's mode; platformdirs refuses another
    env = make_env(root)
    env.update(XDG_RUNTIME_DIR=str(runtime), XDG_CACHE_HOME=str(root / "cache"),
               XDG_STATE_HOME=str(root / "state"))
    safety_seen(env)
    return env


def reminders_env(home: Path, now: float) -> dict[str, str]:
    """A `status` user with every reminder setting (issue 21): time away, a heads-up (a
    stretch due in a minute), active hours and days, a meeting command, the popup and hooks.
    The meeting command runs once (its answer is kept a minute); tmux is not asked (no $TMUX:
    that run, every 30 s, is measured apart in the README)."""
    env = status_env(home, "reminders")
    config = Path(env["XDG_CONFIG_HOME"]) / "stretchtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('away_min = 10\nheads_up_min = 2\nactive_hours = "00:00-24:00"\n'
                      'active_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
                      'quiet_when = ["false"]\nremind_popup = true\n'
                      '[hooks]\non_due = ["true"]\non_start = ["true"]\non_end = ["true"]\n')
    history = Path(env["XDG_DATA_HOME"]) / "stretchtui" / "history.jsonl"
    history.parent.mkdir(parents=True)
    history.write_bytes(history_lines(600, 1, today=date.fromtimestamp(now) - timedelta(days=1),
                                      newest_ended=now - 59 * 60))
    env.pop("TMUX", None)
    return env


def timed_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (user + system) and output of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)  # wait4: the child's own CPU time
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stdout:
        child.stdout.close()
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, output


def figure_status(runs: int, home: Path) -> list[Row]:
    """`stretchtui status` as tmux runs it every 5 s: with no session, with a running session
    (the state file of a live process) and with a 50,000-record history, against
    `python -c pass` in the same run; then the first run after a change, which works its
    answers out again, and the CPU a day at a 5-second interval."""
    sys.path.insert(0, str(HERE.parent))
    from stretchtui.core.status import RunningState
    from stretchtui.storage.runtime import render

    now = time.time()
    idle = status_env(home, "idle")
    running = status_env(home, "running")
    big = status_env(home, "history")
    history = Path(big["XDG_DATA_HOME"]) / "stretchtui" / "history.jsonl"
    history.parent.mkdir(parents=True)
    # Fifteen years of sessions up to yesterday, and one that ended ten minutes ago.
    history.write_bytes(history_lines(today=date.fromtimestamp(now) - timedelta(days=1),
                                      newest_ended=now - 600))
    sleeper = subprocess.Popen(["sleep", "3600"])
    try:
        state = RunningState(pid=sleeper.pid, started=now, routine="Desk break", stretch="Cat/Cow",
                             side="cat", step=3, steps=16, kind="hold", paused=False,
                             deadline=now + 3600)
        folder = Path(running["XDG_RUNTIME_DIR"]) / "stretchtui"
        folder.mkdir(mode=0o700)
        (folder / f"{sleeper.pid}.session").write_text(render(state))
        day = reminders_env(home, now)
        cases = {"no session": idle, "session running": running, "50,000-record history": big,
                 "every reminder setting": day}
        expected = {"every reminder setting": b"stretch in", "no session": b"not stretched yet",
                    "session running": b"Cat/Cow (cat)",
                    "50,000-record history": b"stretched 10m ago"}
        outputs = {name: timed_process([STRETCHTUI, "status"], env)[2] for name, env in cases.items()}
        cpu: dict[str, list[float]] = {name: [] for name in cases}

        def measure(name: str) -> Callable[[], float]:
            def once() -> float:
                wall, used, _ = timed_process([STRETCHTUI, "status"], cases[name])
                cpu[name].append(used)
                return wall
            return once

        baseline, *subjects = interleaved(
            runs * 3, lambda: timed_process([PYTHON, "-c", "pass"], idle)[0],
            *(measure(name) for name in cases))
        cache_file = Path(big["XDG_CACHE_HOME"]) / "stretchtui" / "status"
        appended_line = history.read_bytes().splitlines(keepends=True)[-1]

        def recorded() -> float:
            with open(history, "ab") as handle:  # a session just ended
                handle.write(appended_line)
            return timed_process([STRETCHTUI, "status"], big)[0]

        def cold() -> float:
            cache_file.unlink(missing_ok=True)
            return timed_process([STRETCHTUI, "status"], big)[0]

        brought_forward, rebuilt = interleaved(runs, recorded, cold)
    finally:
        sleeper.kill()
        sleeper.wait()
    base = median(baseline)
    rows = []
    for name, values in zip(cases, subjects, strict=True):
        value = median(values)
        right = expected[name] in outputs[name]
        note = "" if right else f"unexpected output {outputs[name][:60]!r}"
        rows.append(Row(f"7 `status`, {name}", value, base, "s", "ratio <= 2.5",
                        value is not None and base is not None and value / base <= 2.5 and right,
                        note))
    rows.append(Row("7 `status` after the history changed", median(brought_forward), base, "s",
                    "informative", None, "a line appended outside the app: worked out again (once)"))
    rows.append(Row("7 `status` with nothing kept", median(rebuilt), base, "s", "informative",
                    None, "reads back through the history's 15-year streak (once)"))
    per_run = max(statistics.median(values) for values in cpu.values())
    rows.append(Row("7 `status` CPU a day at 5 s", per_run * 86_400 / 5, None, "s/day",
                    "informative", None, f"{per_run * 1000:.1f} ms CPU a run, the worst case"))
    return rows


def run_available(env: dict[str, str]) -> bool:
    """Figures 3 and 4 need `stretchtui run ROUTINE [--routines PATH] [--no-summary]`."""
    done = subprocess.run([STRETCHTUI, "run", "--help"], env=env, capture_output=True,
                          text=True, check=False)
    return done.returncode == 0 and "--no-summary" in done.stdout


def safely(name: str, figure: Callable[[], list[Row]], *, available: bool = True) -> list[Row]:
    """A figure's rows, or one "not available" row: the script never fails on a figure."""
    if not available:
        return [Row(name, None, None, "", "-", None, "not available: no `stretchtui run`")]
    started = time.perf_counter()
    try:
        return figure()
    except Exception as error:  # report it in the table and go on
        return [Row(name, None, None, "", "-", None, f"not available: {error!r}"[:200])]
    finally:
        print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


# -- where start-up time goes ----------------------------------------------------------------


@dataclass
class Imports:
    """One `python -X importtime` run of a command: what it imported, and who asked."""

    command: str
    total_ms: float
    """Every import, cumulative (the top-level entries added up)."""
    own_ms: float
    """stretchtui's own modules, their self time."""
    top: list[tuple[str, float, str]]
    """(module, cumulative ms, the stretchtui module or script that imported it), slowest
    first: each import that left stretchtui's code, so a new heavy one shows by name."""


_IMPORT_LINE = re.compile(rb"import time:\s+(\d+) \|\s+(\d+) \|( *)([\w.]+)")


def parse_importtime(output: bytes, command: str, top: int = 6,
                     python_own: frozenset[str] = frozenset()) -> Imports:
    """Read `-X importtime` lines (post-order: a module after everything it imported,
    indented one step deeper than its importer) out of a command's output, leaving out
    the modules in `python_own` (what Python imports to start at all)."""
    entries = [(m.group(4).decode(), int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2)
               for m in _IMPORT_LINE.finditer(output)]
    entries = [entry for entry in entries if entry[0] not in python_own]
    total = own = 0
    started = False
    """Whether stretchtui's code was imported yet: a top-level import before it is the
    console script's, one after it was asked for by code running (imported in a function)."""
    boundary: list[tuple[str, float, str]] = []
    pending: dict[int, list[tuple[str, int]]] = {}
    """Depth -> (module, cumulative us) of entries whose importer is not known yet."""
    for name, self_us, cumulative_us, depth in entries:
        children = pending.pop(depth + 1, [])
        ours = name == "stretchtui" or name.startswith("stretchtui.")
        if ours:  # not ours: what it imported is its own business
            own += self_us
            boundary += [(child, us / 1000, name) for child, us in children
                         if not child.startswith("stretchtui")]
        if depth == 0:
            total += cumulative_us
            if not ours:
                boundary.append((name, cumulative_us / 1000, "at run time" if started else "the script"))
            started = started or ours
        pending.setdefault(depth, []).append((name, cumulative_us))
    boundary.sort(key=lambda entry: -entry[1])
    return Imports(command, total / 1000, own / 1000, boundary[:top])


def import_profiles(env: dict[str, str]) -> list[Imports]:
    """One run of the app (to its first frame) and of each plain command under
    PYTHONPROFILEIMPORTTIME, each after a run that kept what it keeps (as the figures are)."""
    profiled = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    run_pty([STRETCHTUI], env, marker=b"Lumbar Rotation")
    for argv in (["list"], ["check"], ["status"], ["history"]):
        subprocess.run([STRETCHTUI, *argv], env=env, capture_output=True, check=False)
    bare = subprocess.run([PYTHON, "-c", "pass"], env=profiled, capture_output=True, check=False)
    python_own = frozenset(m.group(4).decode() for m in _IMPORT_LINE.finditer(bare.stderr))
    run, _ = run_pty([STRETCHTUI], profiled, marker=b"Lumbar Rotation")
    found = [parse_importtime(bytes(run.output), "stretchtui (to the first frame)",
                              python_own=python_own)]
    for argv in (["list"], ["check"], ["status"], ["history"]):
        done = subprocess.run([STRETCHTUI, *argv], env=profiled, capture_output=True, check=False)
        found.append(parse_importtime(done.stderr, f"stretchtui {' '.join(argv)}",
                                      python_own=python_own))
    return found


def print_imports(profiles: list[Imports]) -> None:
    print("\nImports (python -X importtime, one run each): all of them, stretchtui's own, "
          "and the slowest that stretchtui's code asked for (who asked)")
    for profile in profiles:
        print(f"  {profile.command}: {profile.total_ms:.1f} ms, own {profile.own_ms:.1f} ms")
        line = ", ".join(f"{name} {ms:.1f} ({by})" for name, ms, by in profile.top)
        print(f"    {line}")


# -- report ------------------------------------------------------------------------------


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "goal", "met")
    table = [header] + [
        (r.figure, fmt(r.value, r.unit), fmt(r.baseline, r.unit) if r.baseline else "-",
         f"{r.ratio:.2f}" if r.ratio is not None else "-", r.goal,
         {True: "yes", False: "NO", None: "-"}[r.met])
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few, short runs (for CI)")
    parser.add_argument("--figures", metavar="N,N", type=lambda text: {int(n) for n in text.split(",")},
                        help="only these figures, e.g. 1,2,5 (results.json is left as it is)")
    parser.add_argument("--runs", type=int, help="runs a figure (default: 7, --quick 2)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--history-opens", type=int, help=argparse.SUPPRESS)  # the child of figure 7
    args = parser.parse_args()
    if args.history_opens:
        print(json.dumps(measure_history_opens(args.history_opens)))
        return 0
    if not Path(STRETCHTUI).exists():
        print(f"stretchtui is not installed beside {PYTHON}", file=sys.stderr)
        return 2
    runs = args.runs or (2 if args.quick else 7)
    window = (1.5, 2.0) if args.quick else (3.0, 20.0)
    compileall.compile_dir(str(HERE.parent / "stretchtui"), quiet=1)
    home = Path(tempfile.mkdtemp(prefix="stretchtui-bench-"))
    env = make_env(home)
    rows: list[Row] = []
    started = time.perf_counter()
    hold_runs = 1 if args.quick else runs
    sizes = [(80, 24)] if args.quick else [(80, 24), (40, 12), (200, 50)]
    has_run = run_available(env)
    profiles: list[Imports] = []

    def wanted(figure: int) -> bool:
        return args.figures is None or figure in args.figures

    try:
        # Made first: a file changed in the last seconds is never taken from the cache.
        scale = (generate_scale(home, 1_000, 100, "scale-1k"), generate_scale(home)) if wanted(5) else None
        if wanted(1):
            rows += safely("1 startup to first frame", lambda: figure_startup(runs, env))
        if wanted(2):
            rows += safely("2 `stretchtui list` and `check`", lambda: figure_cli(runs, env))
        for size in sizes if wanted(3) else []:
            rows += safely(f"3 hold {size[0]}x{size[1]}", lambda size=size: figure_hold(
                hold_runs, env, home, window, size), available=has_run)
        if wanted(4):
            rows += safely("4 timing", lambda: figure_timing(hold_runs, env, home), available=has_run)
        # Memory before anything loads the app in this process: a child's peak RSS counts
        # what it inherited from this one at fork.
        if wanted(6):
            rows += safely("6 peak RSS, browser", lambda: [figure_memory(runs, env)])
        if scale is not None:
            rows += safely("5 scale", lambda: figure_scale(runs, env, home, args.quick, scale))
        if wanted(7):
            rows += safely("7 `stretchtui history`", lambda: [figure_history(runs, home)])
            rows += safely("7 History screen", lambda: figure_history_screen(runs, env, home, args.quick))
            rows += safely("7 status", lambda: figure_status(runs, home))
        with contextlib.suppress(Exception):  # information only: never fails the run
            profiles = import_profiles(env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print_table(rows)
    print_imports(profiles)
    print(f"\n{'quick' if args.quick else 'full'} run, {runs} runs a figure, "
          f"{time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    result = {"quick": args.quick, "runs": runs, "python": sys.version.split()[0],
              "load_average": os.getloadavg()[0],
              "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
              "imports": [asdict(profile) for profile in profiles]}
    if not args.quick and args.figures is None:
        args.output.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.output}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
