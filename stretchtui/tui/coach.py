"""The coach's side of the app: the first-start safety screen, the check-in, "this hurts",
and the changes to routines the coach offers (saved on a yes, undone in the builder).

A controller the App owns: the rules are in core.coach, the files in storage; this only
decides which question to ask when, and saves what the user said yes to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App

from stretchtui.core import coach
from stretchtui.core.model import Routine
from stretchtui.storage.catalog import Catalog
from stretchtui.storage.config import save_config
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import read_records
from stretchtui.storage.safety import checkin_asked, mark_checkin_asked, mark_safety_seen, safety_seen
from stretchtui.tui import messages, screens
from stretchtui.tui.keys import key_for

if TYPE_CHECKING:  # a session's and a draft's modules load with the first session or save
    from stretchtui.core.coach import Change
    from stretchtui.core.records import Record
    from stretchtui.core.session import Session


class Coach:
    """Asks, offers and saves for the App; `earlier` lets the builder undo a saved change."""

    def __init__(self, app: App[Any], catalog: Catalog) -> None:
        self.app = app
        self.catalog = catalog
        self.earlier: dict[str, Routine] = {}
        """Casefolded routine name -> the routine before the coach's last change to it (this
        run): the builder opens it with that change as its first undo step."""

    # -- the safety screen --

    def first_start(self, then: Callable[[], None]) -> None:
        """Show the safety screen if it was never acknowledged, then `then()`; at once if it was."""
        if safety_seen():
            then()
            return

        def answered(acknowledged: bool | None) -> None:
            if acknowledged:
                try:
                    mark_safety_seen()
                except StorageError as error:
                    self.app.notify(str(error), severity="error", markup=False)
            then()

        if not screens.show(self.app, "safety", partial(screens.safety_screen, True), answered):
            then()

    def show_safety(self) -> None:
        from stretchtui.tui.screens.safety import SafetyScreen

        if not isinstance(self.app.screen, SafetyScreen):
            screens.show(self.app, "safety", screens.safety_screen)

    # -- the check-in --

    def before(self, routine: Routine, start: Callable[[Routine, int | None], None]) -> None:
        """With `checkin = "both"`, ask for the rating before `routine`, and on a 7 or more
        offer the gentlest routine instead; then `start(routine, rating)`."""
        if self.catalog.config.checkin != "both":
            start(routine, None)
            return
        self.app.run_worker(self._rate_then_start(routine, start), group="check-in", exclusive=True)

    async def _rate_then_start(self, routine: Routine, start: Callable[[Routine, int | None], None]) -> None:
        """In a worker: the rating, then on a 7 or more the offer of the gentlest routine."""
        from stretchtui.tui.screens.confirm import ConfirmScreen

        ask = partial(screens.rating_screen, "How does your back feel before you start?")
        try:
            rating = await screens.ask(self.app, "rating", ask)
        except screens.Unavailable:
            start(routine, None)
            return
        gentle = coach.gentlest(self.catalog.routines, self.catalog.library)
        if not coach.gentle_today(rating) or gentle is None or gentle.name == routine.name:
            start(routine, rating)
            return
        question = (f"You rated your back {rating} out of 10. On a day like this, gentle "
                    f"movement suits it better: start {gentle.name!r} instead, or rest.")
        gentler = await self.app.push_screen_wait(ConfirmScreen(question, "Gentle", "Keep mine"))
        start(gentle if gentler else routine, rating)

    def offer_checkin(self, session: Session, then: Callable[[], None]) -> None:
        """After the first completed session, offer the check-in once (the answer is the
        `checkin` setting); then `then()`."""
        if not session.completed or checkin_asked() or self.catalog.config.checkin != "off":
            then()
            return

        def chosen(mode: str | None) -> None:
            try:
                mark_checkin_asked()
                if mode and mode != "off":
                    save_config({"checkin": mode})
                    self.catalog.config = replace(self.catalog.config, checkin=mode)
            except StorageError as error:
                self.app.notify(str(error), severity="error", markup=False)
            then()

        if not screens.show(self.app, "check-in", screens.checkin_offer_screen, chosen):
            then()

    # -- offers --

    def records(self) -> list[Record]:
        """The history's records, read now (a summary's offer needs the routine's last
        sessions and what was practised at each level)."""
        return read_records()[0]

    def offer_after(self, session: Session) -> Change | None:
        """What the summary suggests after `session` (already recorded): easing off when
        its ratings say so, else a step up after a run of good sessions."""
        routine = self.catalog.book.find(session.plan.routine.name)
        if routine is None or routine != session.plan.routine:
            return None  # a single stretch, or changed meanwhile: nothing to change safely
        records = self.records()
        if not records or records[-1].routine != routine.name:
            return None
        library = self.catalog.library
        return (coach.ease_off_offer(routine, library, records[-1])
                or coach.progression_offer(routine, library, records))

    def this_hurts(self, routine: Routine, index: int) -> None:
        """Offer the easier step, leaving the stretch out, or the warning signs."""
        saved = self.catalog.book.find(routine.name)
        changeable = saved is not None and saved == routine
        easier, leave = coach.hurt_changes(routine, self.catalog.library, index)
        if not changeable:
            easier = None
        name = self.catalog.library[routine.items[index].stretch].name

        def chosen(choice: str | None) -> None:
            if choice == "signs":
                self.show_safety()
            elif choice == "easier" and easier is not None:
                self.apply(easier)
            elif choice == "leave" and changeable:
                self.apply(leave)

        make = partial(screens.hurt_screen, name, easier,
                       leave if changeable and len(routine.items) > 1 else None)
        screens.show(self.app, "this hurts", make, chosen)

    def apply(self, change: Change) -> None:
        """Save `change` to the routine as it is in the file now (a built-in becomes your
        copy); one line says what changed and how to undo it."""
        found = self.catalog.book.find(change.routine)
        if found is None:
            self.app.notify(f"{change.routine!r} is gone: nothing changed.", severity="warning",
                            markup=False)
            return
        try:
            if found.builtin:
                from stretchtui.core.draft import copy_name

                name = copy_name(found.name, [r.name for r in self.catalog.routines])
                before = replace(found, name=name, builtin=False)
                after = change.apply(before)
                self.catalog.update_routines(lambda mine: [*mine, after])
            else:
                before = found

                def changed(mine: list[Routine]) -> list[Routine]:
                    return [change.apply(r) if r.name.casefold() == found.name.casefold() else r
                            for r in mine]

                self.catalog.update_routines(changed)
                after = change.apply(found)
        except (StorageError, LookupError) as error:
            self.app.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self.earlier[after.name.casefold()] = before
        self.app.post_message(messages.RoutinesChanged())
        from stretchtui.tui.screens.builder import BuilderScreen

        undo = key_for(self.app.screen, "undo", BuilderScreen)
        self.app.notify(f"{change.describe()}. Saved in {after.name!r}: open it in the builder and "
                        f"press {undo} to undo.", title="Routine changed", markup=False, timeout=10)
