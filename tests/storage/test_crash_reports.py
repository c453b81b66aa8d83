"""Crash reports: a file of its own per crash, and the first error names the crash."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from stretchtui.storage import crash


def raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as caught:
        return caught


def test_crashes_in_the_same_second_each_get_their_own_file(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crash.time, "strftime", lambda _: "20261203-061500")
    reports = [crash.CrashReport(raised(ValueError(f"bug {n}"))) for n in range(3)]
    files = [report.path for report in reports]
    assert None not in files and len(set(files)) == 3
    for number, report in enumerate(reports):
        assert report.path is not None
        assert f"ValueError: bug {number}" in report.path.read_text()
        expected = f"stretchtui crashed: ValueError: bug {number} in test_crash_reports.py:"
        assert report.line.startswith(expected)
        assert report.line.endswith(f"The full report is in {report.path}")
        assert stat.S_IMODE(report.path.stat().st_mode) == 0o600  # tracebacks may name private files


def test_a_follow_on_error_is_added_and_never_replaces_the_cause(user_dirs: dict[str, Path]) -> None:
    report = crash.CrashReport(raised(ZeroDivisionError("the cause")))
    line = report.line
    report.follow_on(raised(RuntimeError("while going down")))
    assert report.line == line and "ZeroDivisionError: the cause" in line
    assert report.path is not None
    text = report.path.read_text()
    assert text.index("ZeroDivisionError: the cause") < text.index("RuntimeError: while going down")


def test_a_state_folder_that_cannot_be_written_still_gives_the_line(
    user_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    report = crash.CrashReport(raised(KeyError("k")))
    assert report.path is None
    assert report.line.startswith("stretchtui crashed: KeyError: 'k'")
    assert "could not be saved" in report.line
