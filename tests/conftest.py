"""Shared fixtures. Every test runs with its own empty user data and config folders, on top
of the run's own HOME and XDG folders (tests/isolation.py), which no test can undo."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from isolation import pytest_configure, pytest_sessionfinish  # noqa: F401 (hooks of the run)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point HOME and the XDG folders at the test's temporary folder, so no test touches real
    user files or another test's (undoing this lands on the run's folders, never the user's)."""
    data = tmp_path / "xdg-data"
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = tmp_path / "xdg-config"
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir(mode=0o700)  # the XDG spec's mode: platformdirs ignores a runtime dir without it
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("STRETCHTUI_ROUTINES", raising=False)
    state = tmp_path / "xdg-state" / "stretchtui"
    state.mkdir(parents=True)
    (state / "safety-seen").touch()  # the first-start safety screen: see the `unseen` fixture
    (state / "checkin-asked").touch()  # the check-in offered once: see `unasked`
    for name in ("TMUX", "TMUX_PANE"):  # the user's own tmux is never asked (reminders look there)
        monkeypatch.delenv(name, raising=False)
    return {"data": data / "stretchtui", "config": config / "stretchtui",
            "runtime": runtime / "stretchtui", "state": tmp_path / "xdg-state" / "stretchtui",
            "cache": tmp_path / "xdg-cache" / "stretchtui"}


@pytest.fixture
def unseen(user_dirs: dict[str, Path]) -> Path:
    """The safety screen not yet acknowledged (a first start); the file it would write."""
    seen = user_dirs["state"] / "safety-seen"
    seen.unlink()
    return seen


@pytest.fixture
def unasked(user_dirs: dict[str, Path]) -> Path:
    """The check-in not yet offered; the file that remembers it was."""
    asked = user_dirs["state"] / "checkin-asked"
    asked.unlink()
    return asked


@pytest.fixture
def berlin() -> Iterator[None]:
    """Local time is Europe/Berlin (23- and 25-hour days) for the test."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def tmux(user_dirs: dict[str, Path], tmp_path: Path):
    """Start the installed stretchtui in tmux: `pane = tmux(["run", "Desk break"], width=50)`."""
    from tmuxdriver import STRETCHTUI, TmuxPane, require_tmux

    require_tmux()
    panes: list[TmuxPane] = []
    env = {
        "XDG_DATA_HOME": str(user_dirs["data"].parent),
        "XDG_CONFIG_HOME": str(user_dirs["config"].parent),
        "XDG_RUNTIME_DIR": str(user_dirs["runtime"].parent),
        "XDG_STATE_HOME": str(user_dirs["state"].parent),
        "XDG_CACHE_HOME": str(user_dirs["cache"].parent),
    }

    def start(args: list[str] = [], width: int = 80, height: int = 24,  # noqa: B006
              extra_env: dict[str, str] | None = None) -> TmuxPane:
        pane = TmuxPane([str(STRETCHTUI), *args], width=width, height=height,
                        env={**env, **(extra_env or {})}, cwd=tmp_path)
        panes.append(pane)
        return pane

    yield start
    for pane in panes:
        pane.close()


# -- long variants and hypothesis profiles (for the hardening and fuzz tests) ------------


from hypothesis import settings  # noqa: E402

# `ci` (the default) keeps Hypothesis' usual example counts for ordinary property tests;
# the fuzz tests ask for at least 2,000 each. HYPOTHESIS_PROFILE=long raises every test
# to 20,000 examples.
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("long", deadline=None, print_blob=True, max_examples=20_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported and collected by now lives for the whole run: freeze it out of
    the garbage collector's full scans, and collect young objects less often. Each app a
    test starts leaves cycles of widgets behind, and the full scans they set off went over
    all of pytest's, Hypothesis' and Textual's objects each time: a quarter of the CPU of the
    app tests (the builder's and browser's: 83 s -> 62 s; 104 -> 167 MB per process)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the long variants (tests marked slow)")


TIERS = {
    "tmux": ("tmux/", "journeys/"),
    "pty": ("cli/test_bells_pty.py", "cli/test_terminal_size.py"),
    "fuzz": ("storage/test_fuzz.py",),
    "processes": ("storage/test_hardening_storage.py", "arch/test_isolation.py", "arch/test_types.py"),
}
"""The tests outside the fast loop (`pytest -m fast`), by where they live: they start the
installed program in tmux or a pty, fuzz, or run other processes (writers killed mid-save,
a pytest of its own, mypy)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        where = Path(str(item.fspath)).relative_to(here).as_posix()
        tiers = [tier for tier, places in TIERS.items() if where.startswith(places)]
        for tier in tiers:
            item.add_marker(tier)
        if not tiers:
            item.add_marker(pytest.mark.fast)
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long variant: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's snap_compare, with every text field's cursor drawn steadily.

    A focused field's cursor blinks every half second, so a picture taken on a busy machine
    could catch it off (a snapshot that fails only under load). The keys of `press` are
    pressed first, as the plugin does, then the blinking stops with the cursor shown."""
    from textual.widgets import Input

    def compare(app, press=(), terminal_size=(80, 24), run_before=None):
        async def steady(pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if result is not None:
                    await result
            await pilot.pause()
            await pilot.press(*press)
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, terminal_size=terminal_size, run_before=steady)

    return compare
