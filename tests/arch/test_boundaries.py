"""The layers hold at run time: every module outside `stretchtui/tui/` imports without
Textual or Rich (the import contracts in pyproject.toml check the same statically, and
that lower layers never import higher ones; `lint-imports` runs them, and so does a test
here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "stretchtui"
UI = "stretchtui.tui"
"""The one layer that draws: its folder is the whole list."""


def modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name == UI or name.startswith(UI + ".") or name == "stretchtui.__main__":
            continue
        found.append(name)
    return found


BLOCK = """
import importlib, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
            raise ImportError(f"{name} imported")
sys.meta_path.insert(0, Block())
importlib.import_module(sys.argv[1])
"""


def test_every_non_ui_module_is_checked() -> None:
    found = modules()
    assert {"stretchtui.core.model", "stretchtui.core.rules", "stretchtui.storage.routines", "stretchtui.cli",
            "stretchtui.cli.check"} <= set(found)
    assert not any(name.startswith(UI) for name in found)


@pytest.mark.parametrize("module", modules())
def test_imports_no_textual(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", BLOCK, module], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]


def test_the_check_itself_catches_a_textual_import() -> None:
    done = subprocess.run([sys.executable, "-c", BLOCK, "stretchtui.tui.app"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "textual" in done.stderr


def test_the_import_contracts_hold() -> None:
    """import-linter's contracts (pyproject.toml): the layers import downwards only."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True, timeout=120,
                          cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout and "KEPT" in done.stdout
