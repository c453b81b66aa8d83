"""The app's problem notice shows a hostile file name escaped, never raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchtui.core.rules import has_controls
from stretchtui.tui.app import StretchApp


async def test_the_problem_notice_escapes_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_dirs: dict[str, Path]
) -> None:
    data = tmp_path / "data\x1b]2;pwned\x07\x1b[2J"
    (data / "stretchtui").mkdir(parents=True)
    (data / "stretchtui" / "routines.toml").write_text('[[routines]]\nname = "Broken"\n')
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    app = StretchApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notes = "".join(n.message.replace("\n", "") for n in app._notifications)
        assert "routines.toml" in notes and not has_controls(notes)
        assert "data\\x1b]2;pwned\\x07\\x1b[2J" in notes
