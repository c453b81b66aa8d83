"""The run's isolation (tests/isolation.py) holds, and its guard catches a test that writes
to the real user's stretchtui folders. Each check runs a small pytest of its own, whose
"real" home is a folder made here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

SMALL_RUN = '''
import os
from pathlib import Path

import platformdirs


def test_undo_lands_on_the_runs_folders(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "/nowhere")
    monkeypatch.undo()
    data = Path(platformdirs.user_data_dir("stretchtui", appauthor=False))
    assert not data.is_relative_to(os.environ["FAKE_REAL_HOME"])
    assert not Path.home().is_relative_to(os.environ["FAKE_REAL_HOME"])
    data.mkdir(parents=True)
    (data / "history.jsonl").write_text("{}\\n")


def test_a_leak():
    leak = os.environ.get("LEAK_TO")
    if leak:
        Path(leak).parent.mkdir(parents=True, exist_ok=True)
        Path(leak).write_text("a stopped session\\n")
'''


def small_run(tmp_path: Path, *options: str, leak: Path | None = None) -> subprocess.CompletedProcess[str]:
    """pytest with the isolation plugin on SMALL_RUN, as a person whose home is `home`."""
    (tmp_path / "test_small.py").write_text(SMALL_RUN)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    home = tmp_path / "real-home"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "PYTEST_", "STRETCHTUI_"))}
    env.update(HOME=str(home), FAKE_REAL_HOME=str(home), XDG_RUNTIME_DIR=str(home / "run"),
               PYTHONPATH=str(TESTS), **({"LEAK_TO": str(leak)} if leak else {}))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "isolation", "-p", "no:cacheprovider",
                           "-c", str(tmp_path / "pytest.ini"), *options, str(tmp_path / "test_small.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_a_clean_run_passes_and_leaves_the_home_alone(tmp_path: Path) -> None:
    (tmp_path / "real-home" / ".local/share/stretchtui").mkdir(parents=True)
    kept = tmp_path / "real-home" / ".local/share/stretchtui" / "history.jsonl"
    kept.write_text("the person's own sessions\n")
    done = small_run(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    assert kept.read_text() == "the person's own sessions\n"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["history.jsonl"]


@pytest.mark.parametrize("workers", [[], ["-p", "xdist", "-n", "1"]], ids=["one process", "a worker"])
def test_the_guard_fails_a_run_that_wrote_to_the_real_home(tmp_path: Path, workers: list[str]) -> None:
    leak = tmp_path / "real-home" / ".local/share/stretchtui" / "history.jsonl"
    done = small_run(tmp_path, *workers, leak=leak)
    assert leak.exists()  # the small test did write there: the guard must say so
    assert done.returncode == 1, done.stdout + done.stderr
    assert "2 passed" in done.stdout  # every test passed; the guard alone failed the run
    assert "the tests changed the real user's stretchtui files:" in done.stdout
    assert re.search(rf"^\s+{re.escape(str(leak))}$", done.stdout, re.MULTILINE)


def test_no_test_undoes_every_patch() -> None:
    """`monkeypatch.undo()` undoes the isolation fixture too; `monkeypatch.context()` only
    what it set."""
    undoing = [f"{path.relative_to(TESTS)}:{number}"
               for path in sorted(TESTS.rglob("*.py")) if path.name != "test_isolation.py"
               for number, line in enumerate(path.read_text().splitlines(), 1)
               if re.match(r"\s*monkeypatch\.undo\(\)", line)]
    assert undoing == []
