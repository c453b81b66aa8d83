"""Escape sequences in a file or folder name never reach the terminal: every path is shown
with its control characters written as escapes (core.rules.shown_path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = "\x1b]2;pwned\x07\x1b[31mred\u202e"
SHOWN = "\\x1b]2;pwned\\x07\\x1b[31mred\\u202e"


@pytest.fixture
def hostile_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]) -> Path:
    """The user's data folder, inside a folder whose name holds escape sequences."""
    data = tmp_path / f"data{HOSTILE}"
    (data / "stretchtui").mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data / "stretchtui"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretchtui", *args], capture_output=True, text=True,
                          timeout=60, env=os.environ.copy())


def test_check_and_list_show_a_hostile_path_escaped(hostile_data: Path) -> None:
    (hostile_data / "routines.toml").write_text('[[routines]]\nname = "Broken"\n')
    checked = run_cli("check")
    listed = run_cli("list")
    assert checked.returncode == 1 and listed.returncode == 0
    for output in (checked.stdout, checked.stderr, listed.stdout, listed.stderr):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert f"data{SHOWN}/stretchtui/routines.toml:" in checked.stdout
    assert f"data{SHOWN}/stretchtui/routines.toml:" in listed.stderr


def test_the_ok_line_and_a_missing_routines_option_show_it_escaped(hostile_data: Path) -> None:
    (hostile_data / "routines.toml").write_text('[[routines]]\nname = "Fine"\n[[routines.items]]\n'
                                                'stretch = "cat-cow"\n')
    checked = run_cli("check")
    assert checked.returncode == 0 and "\x1b" not in checked.stdout and SHOWN in checked.stdout
    missing = run_cli("--routines", str(hostile_data / f"gone{HOSTILE}.toml"), "list")
    assert "\x1b" not in missing.stderr and f"gone{SHOWN}.toml: no such file" in missing.stderr
