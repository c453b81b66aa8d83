"""Keys are declared once, in each screen's BINDINGS; every hint that names a key asks here.

A hint written by hand ("press a to add") goes stale the day the binding changes; a hint
built with `key_for` cannot, and names a key that does nothing only by raising.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

PALETTE_ACTION = "command_palette"


HELP = Binding("question_mark", "app.help", "Help", key_display="?")
QUIT = Binding("ctrl+q", "app.quit", "Quit")
"""ctrl+q in a screen's BINDINGS only places it in the footer: the App's priority binding of
the same key is the one that runs."""


def help_and_quit() -> list[Binding]:
    """`?` and quit, for the front of every full screen's BINDINGS: the footer lists keys in
    order and a narrow pane cuts it from the right, so these two come first and always show."""
    return [HELP, QUIT]


def bindings_of(cls: type[DOMNode], *, ours: bool = False) -> list[Binding]:
    """Every binding `cls` declares or inherits, the subclass's own first; with `ours`,
    only those declared by stretchtui's classes (not Textual's generic ones)."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        if ours and not klass.__module__.startswith("stretchtui."):
            continue
        found.extend(Binding.make_bindings(klass.__dict__.get("BINDINGS", [])))
        if klass is App:
            found.append(Binding(App.COMMAND_PALETTE_BINDING, PALETTE_ACTION, "Command palette"))
    return found


def key_for(node: DOMNode, action: str, owner: type[DOMNode] | None = None) -> str:
    """The first key bound to `action` on `owner` (default: the node's class), shown as
    the footer shows it. Raises LookupError when no binding has that action."""
    cls = owner or type(node)
    for binding in bindings_of(cls):
        if binding.action == action:
            return node.app.get_key_display(binding)
    raise LookupError(f"{cls.__name__} has no key for {action!r}")


def palette_key(node: DOMNode) -> str:
    return key_for(node, PALETTE_ACTION, type(node.app))


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus before the next key is read.

    Widget.focus() waits a turn of the event loop, so a key typed right after the one
    that moved the focus ("/" then "side", or "l" then shift+up) would still go to the
    old widget: "s" of "side" would start a session.
    """
    widget.screen.set_focus(widget)
