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


def burst(pilot: Pilot, *keys: str) -> None:
    """Send `keys` to the app at once, as a terminal's one read delivers a burst (a laggy SSH
    link, a paste, tmux send-keys): Pilot.press waits for the app between keys. Single
    characters are typed as themselves; other names ("backspace", "end") are keys."""
    from textual import events

    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))


async def palette_offers(pilot: Pilot, text: str, seconds: float = 5.0) -> bool:
    """Whether the command palette highlights a command containing `text` within `seconds`:
    its providers search in the background, so `enter` right after typing could run an
    older highlight (or nothing)."""
    from textual.command import CommandList, CommandPalette

    def offered() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        options = palette.query_one(CommandList)
        index = options.highlighted
        return index is not None and text.lower() in str(options.get_option_at_index(index).prompt).lower()

    return await until(pilot, offered, seconds)
