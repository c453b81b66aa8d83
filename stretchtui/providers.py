"""Command palette entries for every stretch and routine."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class LibraryCommands(Provider):
    """'Show <stretch>' and 'Show <routine>' (plus whatever the app adds per routine)."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        commands: list[tuple[str, Callable[[], object], str]] = []
        for routine in app.routines:  # type: ignore[attr-defined]
            commands.append((f"Show routine: {routine.name}", partial(app.show_entry, routine),
                             routine.description or "Routine"))
            commands.extend(app.routine_commands(routine))  # type: ignore[attr-defined]
        for stretch in app.library.values():  # type: ignore[attr-defined]
            commands.append((f"Show stretch: {stretch.name}", partial(app.show_entry, stretch),
                             ", ".join(stretch.areas)))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

