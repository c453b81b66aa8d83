"""The builder's way out: saving the draft (merging with the file, asking on conflicts),
deleting the routine, and leaving, never losing what was typed without a question.

Part of BuilderScreen (builder.py lays out and edits); kept apart so each file has one job.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.widgets import Input

from stretchtui.core.draft import DiskConflict, Rejected, RoutineDraft
from stretchtui.core.model import Routine
from stretchtui.core.rules import shown_path
from stretchtui.storage.catalog import Catalog
from stretchtui.storage.errors import StorageError, summarise
from stretchtui.storage.write import LockBusy
from stretchtui.tui.keys import focus_now, key_for
from stretchtui.tui.messages import RoutinesChanged
from stretchtui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from stretchtui.tui.widgets.library_panel import LibraryPanel
    from stretchtui.tui.widgets.library_tree import LibraryTree
    from stretchtui.tui.widgets.routine_items import RoutineItems


class SavesTheDraft(Screen[Routine | None]):
    """Saving, deleting and leaving for BuilderScreen, which provides the draft and views."""

    catalog: Catalog
    draft: RoutineDraft
    selected: int | None
    _invalid: dict[str, str]

    @property
    def items(self) -> RoutineItems:
        raise NotImplementedError

    @property
    def library(self) -> LibraryTree:
        raise NotImplementedError

    @property
    def panel(self) -> LibraryPanel:
        raise NotImplementedError

    _refresh: Callable[..., None]
    _show_summary: Callable[[], None]

    @property
    def has_unsaved_changes(self) -> bool:
        """Edits not saved yet, or typed values that could not be taken."""
        return self.draft.dirty or bool(self._invalid)

    def action_back(self) -> None:
        """Leave an input (clearing the filter), or leave the builder, asking if unsaved."""
        focused = self.focused
        if isinstance(focused, Input):
            if focused.id == "filter":
                self.panel.clear_filter()
            else:
                focus_now(self.items if self.draft.routine.items else self.library)
            return
        if not self.has_unsaved_changes:
            self._leave()
            return
        self._ask_then_leave()

    @work(group="question", exclusive=True)
    async def _ask_then_leave(self) -> None:
        name = self.draft.routine.name
        question = f"Leave without saving? Your changes to {name!r} will be lost."
        if await self.app.push_screen_wait(ConfirmScreen(question, "Leave", "Stay")):
            self._leave()

    def _leave(self) -> None:
        """Back to where the builder was opened; the browser then shows the saved routine."""
        self.dismiss(self.draft.original if not self.draft.dirty else None)

    @work(group="question", exclusive=True)
    async def action_delete_routine(self) -> None:
        name = self.draft.routine.name
        original = self.draft.original_name
        if original is None:
            question, yes = f"Discard the new routine {name!r}?", "Discard"
        else:
            question, yes = f"Delete the routine {original!r} from your routines file?", "Delete"
        if await self.app.push_screen_wait(ConfirmScreen(question, yes, "Keep")):
            self._delete(original)

    def _delete(self, original: str | None) -> None:
        if original is not None:
            try:
                self.catalog.delete_routine(original)
            except StorageError as error:
                self._failed("Not deleted", error)
                return
            self.post_message(RoutinesChanged())
            self.notify(f"Deleted {original!r}.", title="Deleted", markup=False)
        self.dismiss(None)

    # -- saving --

    def action_save(self) -> None:
        self._save()

    def _save(self, *, force: bool = False) -> None:
        if not self.draft.routine.items:
            self.notify(f"Add a stretch first: highlight one in the library and press "
                        f"{key_for(self, 'add')}.", title="Not saved", severity="error", markup=False)
            return
        if self._invalid:
            reasons = " · ".join(self._invalid.values())
            self.notify(f"Fix this first: {reasons}", title="Not saved", severity="error", timeout=8,
                        markup=False)
            return
        merge = partial(self.draft.merge, force=force)
        try:
            saved = self.catalog.update_routines(merge, wait=0)
        except LockBusy:  # another stretchtui is saving: wait for it off the UI's thread
            self.notify("Another stretchtui is saving the routines file; yours follows as soon as "
                        "it is done.", title="Saving", markup=False)
            self._save_when_free(merge)
            return
        except (DiskConflict, Rejected, StorageError) as error:
            self._not_saved(error)
            return
        self._saved(saved)

    @work(thread=True, exclusive=True, group="save")
    def _save_when_free(self, merge: Callable[[list[Routine]], list[Routine]]) -> None:
        """The save, waiting for the lock (at most write.LOCK_WAIT_S) in a thread, so the
        builder answers keys meanwhile."""
        try:
            saved = self.catalog.update_routines(merge)
        except (DiskConflict, Rejected, StorageError) as error:
            self.app.call_from_thread(self._not_saved, error)
            return
        self.app.call_from_thread(self._saved, saved)

    def _not_saved(self, error: DiskConflict | Rejected | StorageError) -> None:
        if isinstance(error, DiskConflict):
            self._ask_about_conflict(error)
        elif isinstance(error, Rejected):
            self.notify(str(error), title="Not saved", severity="error", timeout=8, markup=False)
        else:
            self._failed("Not saved: your draft is still here", error)

    def _saved(self, saved: list[Routine]) -> None:
        self.draft.mark_saved(saved)
        self.post_message(RoutinesChanged())
        self._show_summary()
        where = shown_path(self.catalog.routines_path)
        self.notify(f"Saved {self.draft.routine.name!r} to {where}.", title="Saved", markup=False)

    def _failed(self, title: str, error: StorageError) -> None:
        self.notify(summarise(error.problems, 4), title=title, severity="error", timeout=15, markup=False)

    @work(group="question", exclusive=True)
    async def _ask_about_conflict(self, conflict: DiskConflict) -> None:
        """In a worker: ask whose version wins, then save ours or take theirs."""
        if conflict.theirs is None:
            question = (f"{conflict.name!r} was deleted from the routines file since you opened it. "
                        "Save your version anyway?")
            if await self.app.push_screen_wait(ConfirmScreen(question, "Save mine", "Not now")):
                self._save(force=True)
            return
        question = (f"{conflict.name!r} was changed in the routines file since you opened it. "
                    f"Keep your version, or take the one in the file ({key_for(self, 'undo')} brings "
                    "yours back)?")
        if await self.app.push_screen_wait(ConfirmScreen(question, "Keep mine", "Take theirs")):
            self._save(force=True)
            return
        self.draft.take(conflict.theirs)
        self._invalid.clear()
        self._refresh(self.selected, form=True)
        self.notify(f"Took the version in the file; {key_for(self, 'undo')} brings yours back.",
                    markup=False)
