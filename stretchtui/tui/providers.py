"""Command palette entries: every stretch and routine, and every key of the current screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen

from stretchtui.tui.messages import OpenBuilder, ShowEntry, StartSession

if TYPE_CHECKING:
    from stretchtui.tui.app import StretchApp

PaletteCommand = tuple[str, Callable[[], object], str]


def _post(app: App[Any], message: Message) -> Callable[[], object]:
    return lambda: app.post_message(message)


class Palette(CommandPalette):
    """Textual's command palette, safe in a tiny pane: with no room to lay out its list
    (10x4), OptionList's page keys look up a line it never made (KeyError, in Textual 8.2)."""

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down") and not self.query_one(CommandList).scrollable_content_region:
            return
        super()._action_command_list(action)


class LibraryCommands(Provider):
    """Show, start or edit any routine; show any stretch. Names are shown as typed (no markup)."""

    def _commands(self) -> list[PaletteCommand]:
        app = cast("StretchApp", self.app)
        catalog = app.catalog
        commands: list[PaletteCommand] = []
        for routine in catalog.routines:
            where = "a copy in the routine builder" if routine.builtin else "the routine builder"
            commands += [
                (f"Show routine: {routine.name}", _post(app, ShowEntry(routine)),
                 routine.description or "Routine"),
                (f"Start routine: {routine.name}", _post(app, StartSession(routine)), "Run it full screen"),
                (f"Edit routine: {routine.name}", _post(app, OpenBuilder(routine)), f"Open {where}"),
            ]
        for stretch in catalog.library.values():
            commands.append((f"Show stretch: {stretch.name}", _post(app, ShowEntry(stretch)),
                             ", ".join(stretch.areas)))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=escape(help_text))


def _highlight(matcher: Matcher, name: str) -> Content:
    """The name with the matched letters marked, as plain text: Matcher.highlight would
    read a routine named "Tea [/] break" as markup."""
    content = Content(name)
    for offset in matcher.fuzzy_search.match(matcher.query, name)[1]:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def screen_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """"New routine" and every described binding of `screen`, with its key."""
    yield SystemCommand("New routine", "Open the routine builder on an empty routine",
                        _post(app, OpenBuilder()))
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.action in seen or binding.action == "quit":
            continue
        seen.add(binding.action)
        yield SystemCommand(binding.description, f"key: {app.get_key_display(binding)}",
                            lambda action=binding.action, node=active.node: app.run_action(action, node))
