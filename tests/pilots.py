"""Waiting in Pilot tests for what the app does after a refresh."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def until(pilot: Pilot, holds: Callable[[], bool], seconds: float = 2.0) -> bool:
    """Whether `holds()` comes true within `seconds`. What a widget does in
    `call_after_refresh` runs a frame or more after the pause that laid it out, later
    under load: poll for it, bounded, rather than assert after one pause."""
    for _ in range(int(seconds / 0.02)):
        if holds():
            return True
        await pilot.pause(0.02)
    return holds()
