"""The layers hold: core, storage and the plain CLI commands import no Textual or Rich.

Every module of the package is core unless it is named here as UI, so a new module that
reaches for Textual fails this test until it is placed on purpose.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "stretchtui"
UI = {"stretchtui.app", "stretchtui.providers", "stretchtui.messages", "stretchtui.keys",
      "stretchtui.lifecycle", "stretchtui.running", "stretchtui.nudges", "stretchtui.terminal_out"}
UI_PACKAGES = ("stretchtui.screens", "stretchtui.widgets")


def modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name in UI or name.startswith(UI_PACKAGES) or name == "stretchtui.__main__":
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
    assert {"stretchtui.model", "stretchtui.rules", "stretchtui.storage.routines", "stretchtui.cli",
            "stretchtui.commands.check"} <= set(found)
    assert not any(name.startswith(UI_PACKAGES) for name in found)


@pytest.mark.parametrize("module", modules())
def test_imports_no_textual(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", BLOCK, module], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]


def test_the_check_itself_catches_a_textual_import() -> None:
    done = subprocess.run([sys.executable, "-c", BLOCK, "stretchtui.app"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0 and "textual" in done.stderr
