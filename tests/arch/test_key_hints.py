"""Keys are named once, in the bindings: no hint or README row names a key by hand.

Hints are built with stretchtui.tui.keys.key_for, which raises for an action no binding has;
this test catches what key_for cannot: a key written into a string, and a README key
table that names a key the screen does not bind (or leaves out one it does).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from stretchtui.tui.keys import bindings_of

ROOT = Path(__file__).resolve().parents[2]
KEY_IN_TEXT = re.compile(
    r"\b(?:ctrl|shift|alt|super)\+\w+"                      # ctrl+s, shift+up
    r"|\b(?:esc|escape|enter|space|tab|backspace|del)\b"     # named keys (lower case, as hints write them)
    r"|(?:^|[\s(·:])[a-z/?+-] (?:adds|makes|saves|starts|opens|resumes|closes|brings|toggles"
    r"|snoozes|stops|to )"                                   # "a adds", "/ to filter"
    r"|\b[Pp]ress [a-z/?]\b|\(\s*[a-z]\s*\)"                 # "press a", "Yes (y)"
)


def _hand_written_keys(source: str, name: str) -> list[str]:
    """String literals that name a key, outside Binding(...) and docstrings."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.Expr):
            skip.add(id(node.value))  # attribute docstrings
        called = getattr(node, "func", None)
        if isinstance(node, ast.Call) and getattr(called, "id", getattr(called, "attr", "")) == "Binding":
            skip.update(id(child) for child in ast.walk(node))
    return [
        f"{name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        and KEY_IN_TEXT.search(node.value)
    ]


def test_no_string_in_the_package_names_a_key_by_hand() -> None:
    found = [hit for path in sorted((ROOT / "stretchtui").rglob("*.py"))
             for hit in _hand_written_keys(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize("text", ["Library · a adds", "Paused: space resumes", "ctrl+s saves it",
                                  "Yes (y)", "/ to filter", "Press escape to clear it.", "enter: back"])
def test_the_scan_catches_the_hints_it_replaced(text: str) -> None:
    assert _hand_written_keys(f"HINT = {text!r}\nNOTE = f'{{key}} {text}'\n", "sample.py") == [
        f"sample.py:1: {text!r}", f"sample.py:2: ' {text}'"]


def test_the_scan_leaves_bindings_and_docstrings_alone() -> None:
    source = '"""Press a to add."""\nBINDINGS = [Binding("ctrl+s", "save", "Save", key_display="^s")]\n'
    assert _hand_written_keys(source, "sample.py") == []


# -- the README's key tables ----------------------------------------------------------

SCREENS = {
    "Using it": "stretchtui.tui.screens.browser:BrowserScreen",
    "Building your own routines": "stretchtui.tui.screens.builder:BuilderScreen",
    "Sessions": "stretchtui.tui.screens.session:SessionScreen",
    "Reminders": "stretchtui.tui.screens.nudge:NudgeScreen",
    "Progress and streaks": "stretchtui.tui.screens.history:HistoryScreen",
}
"""README section -> the screen its key table documents."""
GENERIC = {"up", "down", "tab", "shift+tab", "enter", "ctrl+p"}
"""Keys Textual's own widgets bind (list movement, focus, select, the palette)."""
SHOWN_AS = {"esc": "escape", "del": "delete", "+": "plus", "-": "minus", "/": "slash",
            "?": "question_mark", "↑": "up", "↓": "down", "=": "equals_sign", "!": "exclamation_mark"}


def readme_tables() -> dict[str, list[list[str]]]:
    """Section heading -> the backticked keys of each row of its key table."""
    tables: dict[str, list[list[str]]] = {}
    section = ""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif section in SCREENS and line.startswith("| `"):
            keys = re.findall(r"`([^`]+)`", line.split("|")[1])
            tables.setdefault(section, []).append([SHOWN_AS.get(key, key) for key in keys])
    return tables


def screen_class(section: str) -> type:
    module, name = SCREENS[section].split(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("section", list(SCREENS))
def test_every_key_in_the_readme_table_is_bound(section: str) -> None:
    from stretchtui.tui.app import StretchApp
    from stretchtui.tui.widgets.library_tree import LibraryTree

    bound = {b.key for cls in (screen_class(section), StretchApp, LibraryTree) for b in bindings_of(cls)}
    rows = readme_tables()[section]
    named = {key for row in rows for key in row}
    assert named - bound - GENERIC == set()


@pytest.mark.parametrize("section", list(SCREENS))
def test_every_action_of_the_screen_is_in_its_readme_table(section: str) -> None:
    named = {key for row in readme_tables()[section] for key in row}
    missing = {b.action for b in bindings_of(screen_class(section), ours=True)
               if b.description and not b.system}
    for binding in bindings_of(screen_class(section), ours=True):
        if binding.key in named:
            missing.discard(binding.action)
    assert missing == set()
