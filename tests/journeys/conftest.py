"""Journeys: a `journey` fixture per pane size, every test marked, and the last screen of a
failed journey in its report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from journey import Journey


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.journey)
            item.add_marker(pytest.mark.tmux)


@pytest.fixture
def journey(user_dirs: dict[str, Path], tmp_path: Path, size: tuple[int, int]) -> Iterator[Journey]:
    """A journey in a pane of `size` (the test parametrizes `size` with journey.SIZES)."""
    trip = Journey(user_dirs, tmp_path, size)
    yield trip
    trip.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    trip = getattr(item, "funcargs", {}).get("journey")
    if report.failed and call.when == "call" and isinstance(trip, Journey) and trip.panes:
        report.sections.append(("last screen", trip.last_screen()))
