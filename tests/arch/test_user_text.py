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
    for node in ast.walk(ast.parse(source)):
        titled = isinstance(node, ast.Assign) and any(
            getattr(target, "attr", "") in ("border_title", "border_subtitle") for target in node.targets)
        if titled and not _ours(node.value):
            found.append(f"{name}:{node.lineno}: a border title from a string that may hold user text")
    return found


def _ours(value: ast.expr) -> bool:
    """A title read as markup is safe only when all of its text is ours: a literal, a
    key from key_for, or a Text/Content object (shown as it is)."""
    if isinstance(value, ast.Constant | ast.Call):
        called = getattr(value, "func", None)
        return isinstance(value, ast.Constant) or getattr(called, "id", "") in ("Text", "Content", "key_for")
    if isinstance(value, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) or _ours(part.value)  # type: ignore[attr-defined]
                   for part in value.values)
    if isinstance(value, ast.Subscript):
        return isinstance(value.value, ast.Name) and value.value.id.isupper()  # a table of our words
    return False


def test_every_text_widget_and_notification_shows_text_literally() -> None:
    found = [hit for path in sorted((ROOT / "stretchtui").rglob("*.py"))
             for hit in _markup_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_scan_finds_a_forgotten_call() -> None:
    source = ('self.notify(name)\nStatic(name, markup=True)\nLabel("x", markup=False)\nButton(f"{name}")\n'
              'a.border_title = routine.name\nb.border_title = f"{name} x"\nc.border_title = Text(name)\n'
              'd.border_subtitle = f"{key_for(self, \'close\')} closes"\ne.border_title = "Stretches"\n')
    assert [line.split(":")[1] for line in _markup_calls(source, "s.py")] == ["1", "2", "4", "5", "6"]
