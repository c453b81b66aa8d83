"""The routine builder: compose, reorder, tune and save a routine by keyboard.

The screen is glue: every change goes through a RoutineDraft (stretchtui.core.draft),
which validates it and keeps the undo history; saving goes through storage. Nothing
typed is dropped without a question.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static, Tree

from stretchtui.core.coach import early_level
from stretchtui.core.draft import Rejected, RoutineDraft
from stretchtui.core.model import Routine, Stretch
from stretchtui.core.records import Record
from stretchtui.storage import drafts
from stretchtui.storage.catalog import Catalog
from stretchtui.tui.keys import focus_now, help_and_quit, key_for
from stretchtui.tui.screens.builder_saving import SavesTheDraft
from stretchtui.tui.screens.confirm import ConfirmScreen
from stretchtui.tui.widgets.draft_status import DraftStatus
from stretchtui.tui.widgets.item_editor import ItemEditor
from stretchtui.tui.widgets.key_footer import KeyFooter
from stretchtui.tui.widgets.library_panel import LibraryPanel
from stretchtui.tui.widgets.library_tree import LibraryTree
from stretchtui.tui.widgets.routine_form import RoutineForm
from stretchtui.tui.widgets.routine_items import RoutineItems

NOTICE_SECONDS: dict[SeverityLevel, float] = {"information": 3, "warning": 5, "error": 6}
"""The longest a builder notice stays: the status line below keeps what lasts."""
MOVE = Binding.Group("Move", compact=True)
HISTORY = Binding.Group("Undo/redo", compact=True)


class BuilderScreen(SavesTheDraft, Screen[Routine | None]):
    """The routine's fields on top, its items on the left, the stretch library on the right.

    In a narrow pane the item list and the library share the space: the one holding
    the focus is shown, the other shrinks to its title (tab or `l` switches).
    """

    CSS_PATH = "builder.tcss"
    SUB_TITLE = "routine builder"
    AUTO_FOCUS = None  # on_mount chooses: Textual's choice (the name field) would take typing
    BINDINGS = [
        *help_and_quit(),
        # The footer's order, cut from the right in a narrow pane: save before the rest.
        Binding("ctrl+s", "save", "Save"),
        Binding("a", "add", "Add"),
        Binding("delete", "remove", "Remove", key_display="del"),
        Binding("shift+up", "move(-1)", "Move up", group=MOVE, key_display="⇧↑"),
        Binding("shift+down", "move(1)", "Move down", group=MOVE, key_display="⇧↓"),
        Binding("ctrl+z", "undo", "Undo", group=HISTORY),
        Binding("ctrl+y", "redo", "Redo", group=HISTORY),
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("d", "duplicate_item", "Duplicate item", show=False),
        Binding("l", "switch_pane", "Items/library", show=False),
        Binding("slash", "filter", "Filter library", show=False, key_display="/"),
        Binding("r", "rename", "Rename routine", show=False),
        Binding("c", "copy_routine", "Duplicate routine", show=False),
        Binding("x", "delete_routine", "Delete routine", show=False),
        Binding("q", "back", "Back", show=False),
    ]

    def __init__(
        self, catalog: Catalog, routine: Routine | None = None, first: Stretch | None = None,
        *, earlier: Routine | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self._opened_on = routine
        self.draft = RoutineDraft.open(routine, catalog.routines, catalog.library)
        self._records: list[Record] | None = None
        """The history, read when a progression is first chosen (is it earned?)."""
        if earlier is not None and routine is not None and not routine.builtin:
            self.draft.follow(earlier)  # the coach just changed it: ctrl+z undoes that
        if first is not None and routine is None:
            self.draft.add(first.id)
        self.selected: int | None = None
        """Index of the highlighted item, the one the item editor shows."""
        self._invalid: dict[str, str] = {}
        """Fields whose input holds text the draft refused, with the reason."""
        self._in_library = False
        """The library pane had the focus last (the item list, or nothing yet: False)."""

    # -- layout --

    def compose(self) -> ComposeResult:
        add = key_for(self, "add")
        yield Header()
        yield RoutineForm(id="form")
        with Horizontal(id="panes"):
            with Vertical(id="items-pane", classes="pane"):
                yield Static("Stretches in this routine", classes="pane-title", markup=False)
                yield RoutineItems(id="items")
                yield Static(f"No stretches yet: highlight one in the library and press {add}.",
                             id="empty", markup=False)
                yield ItemEditor(id="editor")
            with Vertical(id="library-pane", classes="pane"):
                yield Static(f"Library · {add} adds", classes="pane-title", markup=False)
                yield LibraryPanel(self.catalog.library.values(), show_routines=False, tree_id="library",
                                   placeholder=f"{key_for(self, 'filter')} to filter",
                                   no_matches=f"No matches: {key_for(self, 'back')} clears the filter.")
        yield DraftStatus(id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.form.show(self.draft.routine)
        self._refresh(0 if self.draft.routine.items else None)
        self._in_library = not (self.draft.routine.items and self._opened_on is not None)
        self._show_pane()  # before the first frame, not when the focus arrives after it
        if self._in_library:  # a new routine grows from the library
            focus_now(self.library)
        else:
            focus_now(self.items)
        if self._opened_on is not None and self._opened_on.builtin:
            self.notify(f"Built-in routines stay as they are: this is your copy, "
                        f"{self.draft.routine.name!r}.",
                        title="Editing a copy", timeout=6, markup=False)
        self._offer_kept_draft()

    # -- a draft kept when the app was closed by a signal --

    def keep_unsaved(self, now: datetime) -> None:
        """The app is being ended by a signal (the connection dropped): keep unsaved edits,
        to be offered back the next time the builder opens."""
        if self.has_unsaved_changes:
            drafts.keep_draft(self.draft.routine, self.draft.original_name, now)

    def _offer_kept_draft(self) -> None:
        """Ask whether to carry on from a kept draft; either answer removes the file (the
        question was asked: nothing is lost without one)."""
        kept = drafts.load_draft(self.catalog.library)
        if kept is None:
            return
        when = kept.kept_at.astimezone().strftime("%H:%M on %d %b")

        def answered(restore: bool | None) -> None:
            drafts.discard_draft()
            if restore:
                self._restore(kept)

        question = (f"Restore the unsaved draft of {kept.routine.name!r} from {when}? "
                    "It was kept when the app was closed.")
        self.app.push_screen(ConfirmScreen(question, "Restore", "Discard it"), answered)

    def _restore(self, kept: drafts.KeptDraft) -> None:
        """Edit the kept routine, replacing the one it was opened on (if still saved)."""
        original = self.catalog.book.find(kept.replaces) if kept.replaces else None
        if original is not None and original.builtin:
            original = None
        self._opened_on = original
        self.draft = RoutineDraft.open(original, self.catalog.routines, self.catalog.library)
        self.draft.restore(kept.routine)
        self._invalid.clear()
        self._refresh(0 if self.draft.routine.items else None, form=True)
        self.notify(f"Restored the draft of {kept.routine.name!r}; {key_for(self, 'undo')} undoes it.",
                    title="Draft restored", markup=False)

    @property
    def form(self) -> RoutineForm:
        return self.query_one(RoutineForm)

    @property
    def items(self) -> RoutineItems:
        return self.query_one(RoutineItems)

    @property
    def editor(self) -> ItemEditor:
        return self.query_one(ItemEditor)

    @property
    def panel(self) -> LibraryPanel:
        return self.query_one(LibraryPanel)

    @property
    def library(self) -> LibraryTree:
        return self.panel.library_tree

    # -- notices --

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """One notice at a time, and brief: a new one replaces the last (an old "Fix this
        first" above a new error misleads, and a pile of them covers the library). `markup`
        is there for Widget's signature: the builder's notices are plain text."""
        self.app.clear_notifications()
        limit = NOTICE_SECONDS[severity]
        super().notify(message, title=title, severity=severity, markup=False,  # text, never markup
                       timeout=limit if timeout is None else min(timeout, limit))

    # -- showing the draft --

    def _refresh(self, select: int | None, *, form: bool = False) -> None:
        """Show the draft: the list, the highlighted item's editor, the summary."""
        routine = self.draft.routine
        if form:
            self.form.show(routine)
            for field in [f for f in self._invalid if not f.startswith("item:")]:
                del self._invalid[field]
        if select is not None:
            select = min(select, len(routine.items) - 1) if routine.items else None
        self.items.show(routine.items, self.catalog.library, select)
        self.query_one("#empty").display = not routine.items
        if not routine.items and self.focused is self.items:
            focus_now(self.library)  # the list is hidden when empty
        self._select(select, force=True)
        self._show_summary()
        self.refresh_bindings()

    def _select(self, index: int | None, *, force: bool = False) -> None:
        if index == self.selected and not force:
            return
        if index != self.selected:
            for field in [f for f in self._invalid if f.startswith("item:")]:
                del self._invalid[field]
        self.selected = index
        editor = self.editor
        editor.display = index is not None
        if index is not None:
            editor.show(index + 1, self.draft.routine.items[index], self.draft.stretch_of(index))
            for key, message in self._invalid.items():
                if key.startswith("item:"):
                    editor.set_error(key.removeprefix("item:"), message)
        self.refresh_bindings()

    def _show_summary(self) -> None:
        self.query_one(DraftStatus).show(self.draft, refused=bool(self._invalid))

    # -- typing into the form and the item editor --

    @on(RoutineForm.Edited)
    def _routine_edited(self, event: RoutineForm.Edited) -> None:
        try:
            self.draft.set_routine_field(event.field, event.text)
        except Rejected as error:
            self._invalid[event.field] = str(error)
            self.form.set_error(event.field, str(error))
        else:
            self._invalid.pop(event.field, None)
            self.form.set_error(event.field, None)
        self._show_summary()
        self.refresh_bindings()

    @on(ItemEditor.Edited)
    def _item_edited(self, event: ItemEditor.Edited) -> None:
        if self.selected is None:
            return
        key = f"item:{event.field}"
        try:
            self.draft.set_item_field(self.selected, event.field, event.text)
        except Rejected as error:
            self._invalid[key] = str(error)
            self.editor.set_error(event.field, str(error))
        else:
            self._invalid.pop(key, None)
            self.editor.set_error(event.field, None)
            self.items.show(self.draft.routine.items, self.catalog.library, self.selected)
            if event.field == "progression":
                self._warn_if_not_earned(self.selected)
        self._show_summary()
        self.refresh_bindings()

    def _warn_if_not_earned(self, index: int) -> None:
        """A progression chosen before the level below was practised (core.coach): allowed,
        after a clear warning."""
        level = self.draft.routine.items[index].progression or 1
        if level <= 1:
            return
        if self._records is None:
            from stretchtui.storage.history import read_records

            self._records = read_records()[0]
        warning = early_level(self.draft.stretch_of(index), level, self._records)
        if warning is not None:
            self.notify(warning, title="Not practised yet", severity="warning", markup=False, timeout=12)

    @on(OptionList.OptionHighlighted, "#items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._select(event.option_index)

    @on(Tree.NodeSelected, "#library")
    def _library_selected(self, event: Tree.NodeSelected[Stretch | None]) -> None:
        if isinstance(event.node.data, Stretch):
            self.action_add()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        pane = self._pane_of(event.widget)
        for title in self.query(".pane-title"):
            title.set_class(title.parent is pane, "-current")  # the focused pane's title stands out
        if pane is not None:
            self._in_library = pane.id == "library-pane"
            self._show_pane()

    def on_resize(self) -> None:
        self.call_later(self._show_pane)  # once Textual has set -narrow or -wide

    def _show_pane(self) -> None:
        """In a narrow pane, show the item list or the library, whichever had the focus
        last. A wide screen shows both and goes without the class: a class on the screen
        restyles every widget in it, a cost each switch would pay for nothing."""
        self.set_class(self._in_library and self.has_class("-narrow"), "-library")

    def _pane_of(self, widget: Widget) -> Widget | None:
        return next((node for node in widget.ancestors_with_self
                     if isinstance(node, Widget) and node.has_class("pane")), None)

    # -- actions --

    @property
    def focus_chain(self) -> list[Widget]:
        """Tab goes library -> items -> item editor -> the routine's fields -> library: the
        order of work, not of the layout (the fields sit on top, where tab would land first
        and the next key would overwrite the name)."""
        order = {"items-pane": 0, "form": 1, "library-pane": 2}

        def place(widget: Widget) -> int:
            return next((order[node.id] for node in widget.ancestors_with_self
                         if isinstance(node, Widget) and node.id in order), len(order))

        return sorted(super().focus_chain, key=place)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that would do nothing right now."""
        has_item = self.selected is not None
        if action in ("remove", "duplicate_item"):
            return True if has_item else None
        if action == "move":
            return True if has_item and len(self.draft.routine.items) > 1 else None
        if action == "undo":
            return True if self.draft.can_undo else None
        if action == "redo":
            return True if self.draft.can_redo else None
        return True

    def action_add(self) -> None:
        """Append the stretch highlighted in the library."""
        stretch = self.library.highlighted
        if not isinstance(stretch, Stretch):
            self.notify("Highlight a stretch in the library first.", severity="warning", markup=False)
            return
        try:
            index = self.draft.add(stretch.id)
        except Rejected as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._refresh(index)
        self._did(f"Added {stretch.name}.")

    def action_remove(self) -> None:
        if self.selected is not None:
            self._refresh(self.draft.remove(self.selected))

    def action_move(self, offset: int) -> None:
        if self.selected is not None:
            self._refresh(self.draft.move(self.selected, offset))

    def action_duplicate_item(self) -> None:
        if self.selected is None:
            return
        try:
            self._refresh(self.draft.duplicate(self.selected))
        except Rejected as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._did(f"Duplicated {self.draft.stretch_of(self.selected or 0).name}.")

    def action_undo(self) -> None:
        if self.draft.undo():
            self._invalid.clear()
            self._refresh(self.selected, form=True)

    def action_redo(self) -> None:
        if self.draft.redo():
            self._invalid.clear()
            self._refresh(self.selected, form=True)

    def action_switch_pane(self) -> None:
        if self._in_library:
            if not self.draft.routine.items:
                self.notify(f"No stretches yet: {key_for(self, 'add')} adds the highlighted one.",
                            markup=False)
                return
            focus_now(self.items)
        else:
            focus_now(self.library)

    def action_filter(self) -> None:
        self.panel.focus_filter()

    def action_rename(self) -> None:
        """Go to the name with it selected: what is typed next is the new name."""
        self.form.focus_field("name", select=True)

    def action_copy_routine(self) -> None:
        """Carry on as a new routine "… (copy)"; the saved one stays as it was saved."""
        self.draft.become_copy()
        self._refresh(self.selected, form=True)
        self._did(f"Now editing a new routine, {self.draft.routine.name!r}: "
                  f"{key_for(self, 'save')} saves it beside the original.", title="Duplicated the routine")

    def _did(self, what: str, title: str = "") -> None:
        """Say what a one-letter command did, and how to take it back: a letter typed
        into the list by mistake never changes the routine silently."""
        self.notify(f"{what} {key_for(self, 'undo')} undoes it.", title=title, timeout=5, markup=False)
