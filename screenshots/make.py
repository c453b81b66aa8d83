"""Regenerate the SVG screenshots in this folder: `python screenshots/make.py [NAME...]`.

Each shot drives the real app with Pilot key presses at a fixed size, with a private,
empty user data folder (so the pictures show the built-in library only) and a clock
that moves only when a shot says so (so session pictures are the same every time).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Shot:
    name: str
    size: tuple[int, int]
    keys: list[str]
    seconds: float = 0.0
    """How far the clock moves after the keys (for session shots)."""
    then: list[str] = field(default_factory=list)
    """Keys pressed after the clock moved."""


BUILD = ["j"] * 4 + ["b", "a", "j", "j", "a", "j", "a", "j", "j", "j", "a", "l"]
"""A new routine from the browser, four stretches added from the library."""

SHOTS = [
    Shot("browser", (80, 24), ["j"] * 4),
    Shot("browser-filter", (80, 24), ["slash", *"low back"]),
    Shot("browser-small", (40, 12), ["j"] * 7),
    Shot("session", (80, 24), ["j", "s"], seconds=5 + 15 + 5 + 6),
    Shot("session-small", (40, 12), ["j", "s"], seconds=5 + 15 + 5 + 6, then=["space"]),
    Shot("summary", (80, 24), ["j", "s"], seconds=400),
    Shot("builder", (80, 24), BUILD),
    Shot("builder-small", (50, 16), BUILD),
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def take(shot: Shot) -> Path:
    from stretchtui.app import StretchApp

    clock = Clock()
    app = StretchApp(clock=clock)
    app.bell = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=shot.size) as pilot:
        await pilot.press(*shot.keys)
        await pilot.pause()
        if shot.seconds:
            clock.now += shot.seconds
            await pilot.pause(0.3)
        await pilot.press(*shot.then)
        await pilot.pause()
        app.save_screenshot(path=str(HERE), filename=f"{shot.name}.svg")
    return HERE / f"{shot.name}.svg"


async def main(only: list[str]) -> None:
    for shot in SHOTS:
        if not only or shot.name in only:
            print(await take(shot))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        # Nothing of yours is read or written (a session shot keeps a state file while it runs).
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                         "XDG_RUNTIME_DIR"):
            os.environ[variable] = os.path.join(home, variable.lower())
        asyncio.run(main(sys.argv[1:]))
