"""Tests never touch the real user's files: HOME and every XDG folder point at a temporary
folder for the whole run, and a run that changed the real stretchtui folders fails.

The session-wide folders are set in os.environ at configure time, before any test module
(or stretchtui) is imported, so nothing a test undoes (`monkeypatch.undo()`) can reach the
real home: undoing a per-test folder lands on the session's temporary one. pytest-xdist's
workers inherit the environment of the controller, which alone keeps and checks the guard.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

APP = "stretchtui"
XDG = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "cache": "XDG_CACHE_HOME",
       "state": "XDG_STATE_HOME", "runtime": "XDG_RUNTIME_DIR"}
REAL_FOLDERS = "STRETCHTUI_TEST_REAL_FOLDERS"
"""The real stretchtui folders, worked out by the controller before it hid them (os.pathsep
between them): a worker's HOME is already the temporary one."""

Listing = dict[str, tuple[int, int]]


def real_folders() -> list[Path]:
    """Where stretchtui keeps the files of the person running pytest, asked of platformdirs
    with the untouched environment, plus the HOME defaults of each. Not the runtime folder:
    it is isolated like the others, but a session the person runs meanwhile (or another
    checkout's, in the shared /tmp/runtime-UID) adds and removes its state file there, and a
    test's stray one would be gone with its process anyway."""
    import platformdirs

    asked = [platformdirs.user_data_dir(APP, appauthor=False),
             platformdirs.user_config_dir(APP, appauthor=False),
             platformdirs.user_cache_dir(APP, appauthor=False),
             platformdirs.user_state_dir(APP, appauthor=False)]
    home = Path(os.path.expanduser("~"))
    defaults = [home / ".local/share" / APP, home / ".config" / APP, home / ".cache" / APP,
                home / ".local/state" / APP]
    return list(dict.fromkeys(Path(folder) for folder in [*asked, *defaults]))


def listing(folders: list[Path]) -> Listing:
    """Every file and folder under `folders`, each file with its size and modification time."""
    found: Listing = {}
    for folder in folders:
        if not folder.exists():
            continue
        for place in [folder, *folder.rglob("*")]:
            try:
                status = place.lstat()
            except OSError:
                continue
            # A folder by its presence only: what a test leaves behind is a file.
            found[str(place)] = (0, 0) if place.is_dir() else (status.st_size, status.st_mtime_ns)
    return found


def hide_the_home(root: Path) -> None:
    """HOME and every XDG folder under `root` (the runtime folder with the mode the XDG
    specification asks, or platformdirs ignores it)."""
    os.environ["HOME"] = str(root / "home")
    for kind, variable in XDG.items():
        os.environ[variable] = str(root / kind)
    for kind in ("home", *XDG):
        (root / kind).mkdir(mode=0o700, exist_ok=True)
    os.environ.pop("STRETCHTUI_ROUTINES", None)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or a run without workers)
        folders = real_folders()
        os.environ[REAL_FOLDERS] = os.pathsep.join(map(str, folders))
        config.stash[_before] = listing(folders)
        root = Path(tempfile.mkdtemp(prefix="stretchtui-tests-"))
        config.stash[_root] = root
        hide_the_home(root)


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput") or _before not in config.stash:
        return
    folders = [Path(f) for f in os.environ[REAL_FOLDERS].split(os.pathsep)]
    before, after = config.stash[_before], listing(folders)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    shutil.rmtree(config.stash[_root], ignore_errors=True)
    if changed:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        lines = ["the tests changed the real user's stretchtui files:",
                 *(f"  {path}" for path in changed)]
        for line in lines:
            if reporter is not None:
                reporter.write_line(line, red=True, bold=True)
            else:  # pragma: no cover - no terminal reporter (-p no:terminal)
                print(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_before = pytest.StashKey[Listing]()
_root = pytest.StashKey[Path]()
