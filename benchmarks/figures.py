"""The figures: each measures stretchtui against a baseline in the same run."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import (
    BASELINES,
    HERE,
    PYTHON,
    STRETCHTUI,
    Row,
    fmt,
    interleaved,
    median,
    timed,
    timed_process,
)
from benchmarks.people import (
    PERSON_ROUTINES,
    PERSON_SESSIONS,
    PERSON_STRETCHES,
    PERSON_YEARS,
    generate_history,
    history_lines,
    make_env,
    safety_seen,
    write_routine,
)
from benchmarks.terminal import PtyRun, key_costs, run_pty, startup


def emptied(env: dict[str, str]) -> dict[str, str]:
    """`env` with its cache folder emptied: the app keeps nothing there but the status
    answer, so a first frame is measured as the first start after an install."""
    shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "stretchtui", ignore_errors=True)
    return env


def figure_startup(runs: int, env: dict[str, str]) -> list[Row]:
    subject, baseline, widgets = interleaved(
        runs,
        lambda: startup(emptied(env), [STRETCHTUI], b"Lumbar Rotation"),
        lambda: startup(env, [PYTHON, str(BASELINES / "minimal_app.py")], b"baseline-ready"),
        lambda: startup(env, [PYTHON, str(BASELINES / "widgets_app.py")], b"baseline-ready"),
    )
    value, base, same = median(subject), median(baseline), median(widgets)
    met = value is not None and same is not None and value / same <= 1.15
    return [Row("1 first frame, empty cache folder", value, same, "s", "ratio <= 1.15", met,
                "vs an app with the same widgets and no stretchtui"),
            Row("1 same widgets, no stretchtui", same, base, "s", "informative", None,
                "vs one Static: header, filter, tree, detail panes, footer are Textual's share")]


def figure_cli(runs: int, env: dict[str, str]) -> list[Row]:
    """`list` and `check` (the built-ins: the user has no files) against `python -c pass`:
    run by hand, now and then, so informative (the TOML is parsed every time)."""
    listed, checked, baseline = interleaved(
        runs * 2,
        lambda: timed([STRETCHTUI, "list"], env),
        lambda: timed([STRETCHTUI, "check"], env),
        lambda: timed([PYTHON, "-c", "pass"], env),
    )
    base = median(baseline)
    return [Row(figure, median(values), base, "s", "informative", None)
            for figure, values in (("2 `stretchtui list`", listed),
                                   ("2 `stretchtui check`, built-ins", checked))]


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
                 scale: tuple[Path, Path]) -> list[Row]:
    """Startup with a person's largest library (200 stretches, 100 routines) against the
    built-ins, `check` on those files, and a filter key on that library."""
    data, routines = scale
    scale_env = make_env(home, data)
    builtin, person = interleaved(
        runs,
        lambda: startup(env, [STRETCHTUI], b"Routines"),
        lambda: startup(scale_env, [STRETCHTUI, "--routines", str(routines)], b"Routines"),
    )
    base, value = median(builtin), median(person)
    rows = [Row(f"5 startup, {PERSON_STRETCHES} stretches + {PERSON_ROUTINES} routines", value, base,
                "s", "ratio <= 1.3", value is not None and base is not None and value / base <= 1.3)]
    checks = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([STRETCHTUI, "check", str(routines), str(data / "stretchtui" / "stretches.toml")],
                       env=scale_env, stdout=subprocess.DEVNULL, check=False)
        checks.append(time.perf_counter() - started)
    value = median(checks)
    rows.append(Row("5 `check` on those files", value, None, "s", "<= 1 s",
                    value is not None and value <= 1.0))
    presses = 5 if quick else 21
    repaint_scale, pilot_scale = _filter_keystroke(scale_env, routines, presses)
    repaint_builtin, pilot_builtin = _filter_keystroke(env, None, presses)
    rows.append(Row("5 filter key to repainted tree", repaint_scale, repaint_builtin, "s",
                    "median <= 0.050 s", repaint_scale is not None and repaint_scale <= 0.05,
                    "a person's library vs built-ins, in-process with Pilot"))
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
    return Row(f"7 `stretchtui history`, {PERSON_SESSIONS:,} sessions", value, base, "s",
               "median <= 0.300 s", value is not None and value <= 0.3,
               f"{size:.1f} MB history over {PERSON_YEARS} years")


def figure_history_screen(runs: int, env: dict[str, str], home: Path, quick: bool) -> list[Row]:
    """The History screen on a 10,000-session history: `h` to the screen painted with its
    tables filled (in-process with Pilot; it reads the history at every open), and the
    app's startup with that history against without (it must not read it at start)."""
    history_env = make_env(home, generate_history(home))
    opens = 3 if quick else 11
    first, later, loaded = _history_opens(history_env, opens)
    with_history, without = interleaved(
        runs,
        lambda: startup(history_env, [STRETCHTUI], b"Lumbar Rotation"),
        lambda: startup(env, [STRETCHTUI], b"Lumbar Rotation"),
    )
    value, base = median(with_history), median(without)
    return [
        Row(f"7 History screen: key to painted, {PERSON_SESSIONS:,}", median(later), None, "s",
            "median <= 0.150 s",
            None if not later else median(later) <= 0.15,
            f"opens 2-{opens}; the first, with its import and styles: "
            f"{fmt(first, 's') if first is not None else '-'}"),
        Row(f"7 History screen: key to fully loaded, {PERSON_SESSIONS:,}",
            median(loaded) if loaded else None, None, "s", "informative", None,
            "every figure and total drawn (the whole history read); opens 2-" + str(opens)),
        Row(f"7 startup with a {PERSON_SESSIONS:,}-session history", value, base, "s", "ratio <= 1.05",
            value is not None and base is not None and value / base <= 1.05,
            "vs no history: the history is read only when the screen opens"),
    ]


def _history_opens(env: dict[str, str], opens: int) -> tuple[float | None, list[float], list[float]]:
    """Seconds from pressing `h` in the browser to the first frame drawn with the History
    screen's recent list filled, for the first open and for each later one; and to the first
    frame with the whole history shown, for each later one. Measured in a
    Python of its own, as the app runs: this script's own heap (the generated histories)
    would make the garbage collector's passes slower than the app's."""
    result = subprocess.run([PYTHON, "-m", "benchmarks", "--history-opens", str(opens)],
                            env=env, capture_output=True, text=True, timeout=600, check=False,
                            cwd=HERE.parent)
    if result.returncode != 0:
        raise RuntimeError(f"history opens failed: {result.stderr.strip()[-500:]}")
    first, later, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return first, later, loaded


def measure_history_opens(opens: int) -> tuple[float | None, list[float], list[float]]:
    """`_history_opens` in this process, with the user folders of its environment."""
    from stretchtui.tui.app import StretchApp

    async def measure() -> tuple[list[float], list[float]]:
        app = StretchApp()
        painted: list[float] = []
        loaded: list[float] = []
        pressed = [0.0]
        display = app._display

        def timed_display(screen: object, renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if (renderable is not None and len(painted) < pressed[0] and
                    type(app.screen).__name__ == "HistoryScreen"
                    and any(table.row_count for table in app.screen.query("#recent"))):
                painted.append(time.perf_counter() - started[-1])
            if (renderable is not None and len(loaded) < pressed[0] and
                    type(app.screen).__name__ == "HistoryScreen"
                    and getattr(app.screen, "summary", None) is not None):
                loaded.append(time.perf_counter() - started[-1])

        app._display = timed_display  # type: ignore[method-assign]
        started: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(opens):
                pressed[0] += 1
                started.append(time.perf_counter())
                await pilot.press("h")
                for _ in range(3000):  # the history is read in a worker: until painted, bounded
                    if len(painted) >= pressed[0] and len(loaded) >= pressed[0]:
                        break
                    await pilot.pause(0.01)
                await pilot.press("escape")
                await pilot.pause()
        return painted, loaded

    painted, loaded = asyncio.run(measure())
    return (painted[0] if painted else None), painted[1:], loaded[1:]


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




def figure_status(runs: int, home: Path) -> list[Row]:
    """`stretchtui status` as tmux runs it every 5 s: with no session, with a running session
    (the state file of a live process) and with a 10,000-session history, against
    `python -c pass` in the same run; then the first run after a change, which works its
    answers out again, and the CPU a day at a 5-second interval."""
    from stretchtui.core.status import RunningState
    from stretchtui.storage.runtime import render

    now = time.time()
    idle = status_env(home, "idle")
    running = status_env(home, "running")
    big = status_env(home, "history")
    history = Path(big["XDG_DATA_HOME"]) / "stretchtui" / "history.jsonl"
    history.parent.mkdir(parents=True)
    # A person's years of sessions up to yesterday, and one that ended ten minutes ago.
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
        cases = {"no session": idle, "session running": running, "10,000-session history": big,
                 "every reminder setting": day}
        expected = {"every reminder setting": b"stretch in", "no session": b"not stretched yet",
                    "session running": b"Cat/Cow (cat)",
                    "10,000-session history": b"stretched 10m ago"}
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
                    None, "works the answer out from the whole history (once)"))
    per_run = max(statistics.median(values) for values in cpu.values())
    rows.append(Row("7 `status` CPU a day at 5 s", per_run * 86_400 / 5, None, "s/day",
                    "informative", None, f"{per_run * 1000:.1f} ms CPU a run, the worst case"))
    return rows


def run_available(env: dict[str, str]) -> bool:
    """Figures 3 and 4 need `stretchtui run ROUTINE [--routines PATH] [--no-summary]`."""
    done = subprocess.run([STRETCHTUI, "run", "--help"], env=env, capture_output=True,
                          text=True, check=False)
    return done.returncode == 0 and "--no-summary" in done.stdout




def figure_arrow(runs: int, env: dict[str, str]) -> list[Row]:
    """The browser at 80x24, one arrow key (down, through the library, each a new detail
    pane): bytes written and time until the screen is quiet, against an app with the same
    widgets that fills a detail pane from the highlighted entry."""
    presses = 4 if runs < 3 else 12
    subject: list[tuple[int, float]] = []
    baseline: list[tuple[int, float]] = []
    for _ in range(runs):
        subject += key_costs([STRETCHTUI], env, b"Lumbar Rotation", b"\x1b[B", presses)
        baseline += key_costs([PYTHON, str(BASELINES / "widgets_app.py")], env, b"baseline-ready",
                              b"\x1b[B", presses)
    rows = []
    for index, (name, unit, limit) in enumerate((("bytes written", "B", 2.0),
                                                 ("time until quiet", "s", 1.3))):
        value = median([float(cost[index]) for cost in subject])
        base = median([float(cost[index]) for cost in baseline])
        rows.append(Row(f"8 arrow key: {name}", value, base, unit, f"ratio <= {limit}",
                        value is not None and bool(base) and value / base <= limit,
                        f"{len(subject)} presses vs {len(baseline)}; quiet = 0.3 s without output"))
    return rows
