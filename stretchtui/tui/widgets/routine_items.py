"""The routine's items in order, each with its effective dose."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList

from stretchtui.core.model import RoutineItem, Stretch, describe_item


class RoutineItems(OptionList):
    """A numbered list of the routine's stretches. Highlighting an item posts OptionList's
    OptionHighlighted, which the builder uses to pick the item to edit."""

    DEFAULT_CSS = """
    RoutineItems {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;

        &:focus {
            border: none;
        }
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show(self, items: Sequence[RoutineItem], library: Mapping[str, Stretch],
             highlighted: int | None) -> None:
        """Replace the list with `items`, highlighting the item at `highlighted`."""
        prompts = []
        for number, item in enumerate(items, 1):
            stretch = library.get(item.stretch)
            name = stretch.name if stretch else f"{item.stretch} (unknown)"
            dose = describe_item(item, stretch) if stretch else ""
            prompts.append(Text.assemble((f"{number:>2}. ", "dim"), name, (f"  {dose}", "dim")))
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(prompts)
        self.highlighted = highlighted if items else None
        self.display = bool(items)
