"""The README's reference tables say what the code does: every config key with its default,
every `status --format` field, and what `notify = "auto"` picks for each known terminal."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from stretchtui.core.status import FIELDS
from stretchtui.core.terminal import KNOWN_TERMINALS
from stretchtui.storage.config import Config

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def table(header: str) -> list[list[str]]:
    """The cells of the README table whose header row starts with `header`."""
    lines = README.split(f"\n{header}", 1)[1].splitlines()[2:]  # past the header and its rule
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_every_setting_is_in_the_settings_table_with_its_default() -> None:
    rows = {row[0].strip("`"): row for row in table("| key | type | default |")}
    assert list(rows) == [field.name for field in fields(Config)]
    defaults = Config()
    for name, row in rows.items():
        value = getattr(defaults, name)
        if isinstance(value, bool):
            assert row[2] == f"`{str(value).lower()}`", name
        elif isinstance(value, int):
            assert row[2] == f"`{value}`", name
        elif value and isinstance(value, str):
            assert row[2] == f'`"{value}"`', name


def test_every_format_field_is_documented() -> None:
    documented = {name for row in table("| field |") for name in re.findall(r"`\{(\w+)\}`", row[0])}
    assert documented == set(FIELDS)


def test_the_notification_table_is_what_auto_picks() -> None:
    rows = {row[0]: row[1].strip("`") for row in table("| terminal | `auto` sends |")}
    assert rows.pop("anything else") == "bell"
    assert rows == {known.name: known.mode for known in KNOWN_TERMINALS}
