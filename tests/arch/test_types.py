"""Types are checked: mypy, configured in pyproject.toml, finds nothing in the package.

Strict on the plain-Python layers (core, storage, services), whose functions everything
else calls; every function in the UI and CLI is typed too, checked against Textual's own
annotations."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success: no issues found" in done.stdout


def test_the_plain_python_layers_are_checked_strictly() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["files"] == ["stretchtui"] and config["disallow_untyped_defs"] is True
    strict = {module for override in config["overrides"] if override.get("strict")
              for module in override["module"]}
    assert strict >= {"stretchtui.core.*", "stretchtui.storage.*", "stretchtui.services.*"}


def test_the_check_itself_catches_a_type_error(tmp_path: Path) -> None:
    """The same configuration fails on a wrong type (so a clean run means something)."""
    bad = tmp_path / "bad.py"
    bad.write_text("def half(n: int) -> int:\n    return n / 2\n")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           "--cache-dir", str(tmp_path / "cache"), str(bad)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 1 and "bad.py:2: error" in done.stdout, done.stdout + done.stderr
