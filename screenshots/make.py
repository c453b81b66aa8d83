"""Regenerate the SVG screenshots in this folder: `python screenshots/make.py`.

Each shot drives the real app with Pilot key presses at a fixed size, with a private,
empty user data folder so the pictures show the built-in library only.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

Shot = tuple[str, tuple[int, int], list[str]]

SHOTS: list[Shot] = [
    ("browser", (80, 24), ["j"] * 4),
    ("browser-filter", (80, 24), ["slash", *"low back"]),
    ("browser-small", (40, 12), ["j"] * 7),
]


async def take(name: str, size: tuple[int, int], keys: list[str],
               before: Callable[[object], Awaitable[None]] | None = None) -> Path:
    from stretchtui.app import StretchApp

    app = StretchApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        path = HERE / f"{name}.svg"
        app.save_screenshot(path=str(HERE), filename=path.name)
    return path


async def main(only: list[str]) -> None:
    for name, size, keys in SHOTS:
        if not only or name in only:
            print(await take(name, size, keys))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = os.path.join(home, "data")
        os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
        asyncio.run(main(sys.argv[1:]))
