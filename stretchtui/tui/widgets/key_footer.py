"""Textual's Footer, rebuilt once per refresh however often the keys changed in it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer rebuilds every key once for each change of the bindings, and a
    screen coming up changes them several times in one refresh (its mount, the first focus,
    its own dimmed keys): each rebuild mounts and styles all the keys again. This one
    queues one rebuild and lets the changes that arrive meanwhile join it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_queued = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_queued:
            return  # the queued rebuild reads the bindings as they are by then
        super().bindings_changed(screen)
        self._rebuild_queued = self.is_attached and screen is self.screen and screen.app.app_focus

    async def recompose(self) -> None:
        self._rebuild_queued = False
        await super().recompose()
