"""Editor for the highlighted routine item: hold, repetitions, sides and progression."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from stretchtui.core.model import SIDES, RoutineItem, Stretch, resolve_item
from stretchtui.tui.widgets.field_group import FieldGroup
from stretchtui.tui.widgets.text_field import TextField

SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("both sides", "both"), ("left only", "left"), ("right only", "right"),
)
assert tuple(value for _, value in SIDE_CHOICES) == SIDES


class ItemEditor(FieldGroup):
    """Inputs for one item. Hold and reps show the effective value; clearing one means
    "the stretch's default". Edits are posted, refusals shown (see FieldGroup)."""

    SCOPED_CSS = False  # its narrow and short layouts follow the screen's breakpoint classes
    DEFAULT_CSS = """
    ItemEditor {
        height: auto;
        padding: 0 1;
        border-top: hkey $foreground 20%;

        #item-title {
            height: 1;
            overflow: hidden;
        }
        #item-fields {
            height: auto;
        }
        .row {
            height: 1;
            width: auto;
        }
        .label {
            margin-right: 1;
            color: $text-muted;
        }
        .unit {
            color: $text-muted;
            margin-right: 2;
        }
        Input.number {
            width: 6;
        }
        Input.-invalid {
            background: $error 35%;
        }
        #choice-row {
            margin-left: 2;
        }
        #item-sides {
            width: 16;
            margin-right: 1;
        }
        #item-progression {
            width: 24;
        }
        /* Near the bottom of the pane a list that does not fit below opens above, rather
           than over the status line and the footer. */
        Select > SelectOverlay {
            constrain: none inflect;
        }
        #item-error {
            color: $text-error;
            display: none;
        }
    }

    .-narrow ItemEditor {
        #item-fields {
            layout: vertical;
        }
        #choice-row {
            margin-left: 0;
        }
        #item-progression {
            width: 1fr;
        }
    }

    .-short ItemEditor #item-title {
        display: none;
    }
    """

    class Edited(FieldGroup.Edited):
        """The user changed one of the item's fields."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._chosen_values: dict[str, str] = {}
        """What show() put in the selects (empty until an item is shown)."""

    def compose(self) -> ComposeResult:
        yield Static(id="item-title", markup=False)
        with Horizontal(id="item-fields"):
            with Horizontal(classes="row", id="dose-row"):
                yield Label("Hold", classes="label", markup=False)
                yield TextField(name="hold", id="item-hold", classes="number", compact=True, max_length=9)
                yield Label("s", classes="unit", markup=False)
                yield Label("Reps", classes="label", markup=False)
                yield TextField(name="reps", id="item-reps", classes="number", compact=True, max_length=9)
            with Horizontal(classes="row", id="choice-row"):
                yield Select(SIDE_CHOICES, id="item-sides", allow_blank=False, compact=True,
                             value="both")
                yield Select([], id="item-progression", allow_blank=True, compact=True,
                             prompt="level")
        yield Static(id="item-error", classes="field-errors", markup=False)

    def show(self, number: int, item: RoutineItem, stretch: Stretch) -> None:
        """Show item `number` (1-based) without reporting the values as edits."""
        hold, reps, _, _ = resolve_item(item, stretch)
        self.query_one("#item-title", Static).update(
            Text.assemble((f"{number}. ", "dim"), stretch.name, (" · blank = default", "dim"))
        )
        for field, value, default in (("hold", hold, stretch.default_hold),
                                      ("reps", reps, stretch.default_reps)):
            entry = self.query_one(f"#item-{field}", Input)
            with entry.prevent(Input.Changed):
                entry.value = str(value)
                entry.placeholder = str(default)
        sides = self.query_one("#item-sides", Select)
        sides.display = stretch.per_side
        with sides.prevent(Select.Changed):
            sides.value = item.sides
        levels = self.query_one("#item-progression", Select)
        levels.display = bool(stretch.progressions)
        with levels.prevent(Select.Changed):
            levels.set_options(
                (Text(f"{index}. {text.split(':', 1)[0]}"), str(index))
                for index, text in enumerate(stretch.progressions, 1)
            )
            if stretch.progressions:
                levels.value = str(item.progression or 1)
        self._chosen_values = {"sides": item.sides, "progression": str(item.progression or 1)}
        self.query_one("#choice-row").display = stretch.per_side or bool(stretch.progressions)
        for field in ("hold", "reps"):
            self.set_error(field, None)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        field = "sides" if event.select.id == "item-sides" else "progression"
        # A Select reports its first value at mount, and again when its options change:
        # only a value that differs from what show() put there is the user's choice.
        stale = event.value != event.select.value
        if (stale or field not in self._chosen_values or event.value is Select.NULL
                or str(event.value) == self._chosen_values[field]):
            return
        self._chosen_values[field] = str(event.value)
        self.post_message(self.Edited(field, str(event.value)))
