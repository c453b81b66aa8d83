"""Text from files and typing is never read as markup: every Static, Label and
notification is made with markup=False, and buttons get Content, not markup strings.

A class of crash (a routine named "Tea [/] break") and of spoofing ("[@click=...]") that
one forgotten call brings back; this test finds the forgotten call.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT_TAKERS = {"notify", "Static", "Label"}


def _markup_calls(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = getattr(node.func, "id", getattr(node.func, "attr", ""))
        markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
        literal_false = isinstance(markup, ast.Constant) and markup.value is False
        if called in TEXT_TAKERS and not literal_false:
            found.append(f"{name}:{node.lineno}: {called}(...) without markup=False")
        if called == "Button" and node.args and not isinstance(node.args[0], ast.Call):
            found.append(f"{name}:{node.lineno}: Button label is a markup string")
    return found


def test_every_text_widget_and_notification_shows_text_literally() -> None:
    found = [hit for path in sorted((ROOT / "stretchtui").rglob("*.py"))
             for hit in _markup_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_scan_finds_a_forgotten_call() -> None:
    source = 'self.notify(name)\nStatic(name, markup=True)\nLabel("x", markup=False)\nButton(f"{name}")\n'
    assert [line.split(":")[1] for line in _markup_calls(source, "s.py")] == ["1", "2", "4"]
