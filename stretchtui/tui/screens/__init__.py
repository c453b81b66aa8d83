"""Screens, one per file. Only the browser is imported at start; every other screen is
made by its typed factory below, which imports the screen's module on first use, so the
first frame does not pay for screens a run may never open.

`show` pushes what a factory makes: if stretchtui was reinstalled or removed while it
ran, the module or its styles cannot be read, and that is one clear line, not a crash.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from textual.app import App
from textual.css.errors import StylesheetError
from textual.screen import Screen

if TYPE_CHECKING:
    from stretchtui.core.coach import Change
    from stretchtui.core.model import Routine, Stretch
    from stretchtui.core.records import Record
    from stretchtui.core.session import Session
    from stretchtui.services.keeper import SessionKeeper
    from stretchtui.storage.catalog import Catalog
    from stretchtui.storage.config import Config
    from stretchtui.tui.screens.builder import BuilderScreen
    from stretchtui.tui.screens.checkin_offer import CheckinOfferScreen
    from stretchtui.tui.screens.history import HistoryScreen
    from stretchtui.tui.screens.hurt import HurtScreen
    from stretchtui.tui.screens.nudge import NudgeScreen
    from stretchtui.tui.screens.rating import RatingScreen
    from stretchtui.tui.screens.safety import SafetyScreen
    from stretchtui.tui.screens.session import SessionScreen
    from stretchtui.tui.screens.session_detail import SessionDetailScreen
    from stretchtui.tui.screens.summary import SummaryScreen
    from stretchtui.tui.terminal_out import TerminalOut

ResultT = TypeVar("ResultT")
ScreenT = TypeVar("ScreenT", bound="Screen[Any]")


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """A screen that may hold work not saved yet: quitting asks first while it does, and a
    signal (the connection dropped) keeps it to offer back."""

    @property
    def has_unsaved_changes(self) -> bool: ...

    def keep_unsaved(self, now: datetime) -> None: ...


@runtime_checkable
class HasHelpNotes(Protocol):
    """A screen whose help adds a few lines of its own below its keys."""

    def help_notes(self) -> list[str]: ...


def has_unsaved_work(screens: list[Screen[Any]]) -> bool:
    return any(isinstance(screen, HoldsUnsavedWork) and screen.has_unsaved_changes for screen in screens)


def keep_unsaved_work(screens: list[Screen[Any]], now: datetime) -> None:
    """The app is ended by a signal: each screen keeps what it holds unsaved, as far as it can
    (a folder that cannot be written is nothing to tell a terminal that has gone)."""
    from stretchtui.storage.errors import StorageError

    for screen in screens:
        if isinstance(screen, HoldsUnsavedWork):
            with contextlib.suppress(StorageError):
                screen.keep_unsaved(now)


UNREADABLE = (ImportError, AttributeError, OSError, StylesheetError)
"""What building or pushing a screen raises when stretchtui changed on disk while it ran."""


class Unavailable(Exception):
    """`ask` could not show its screen (the user was told in one line)."""


def show(app: App[Any], name: str, make: Callable[[], Screen[ResultT]],
         callback: Callable[[ResultT | None], None] | None = None) -> bool:
    """Push the screen `make` builds (its module is imported then); False, and one line
    for the user naming screen `name`, if stretchtui changed on disk while it ran."""
    try:
        app.push_screen(_sized(app, make()), callback)
        return True
    except UNREADABLE as error:
        _unreadable(app, name, error)
        return False


async def ask(app: App[Any], name: str, make: Callable[[], Screen[ResultT]]) -> ResultT | None:
    """In a worker: push the screen `make` builds and wait for its answer; Unavailable,
    after one line for the user, if stretchtui changed on disk while it ran."""
    try:
        answer = app.push_screen(_sized(app, make()), wait_for_dismiss=True)
    except UNREADABLE as error:
        _unreadable(app, name, error)
        raise Unavailable(name) from error
    return await answer


def _sized(app: App[Any], screen: ScreenT) -> ScreenT:
    """Give a new screen the breakpoint classes of the terminal's size now (`-narrow`,
    `-short`...), as Textual would on its first resize: set before it is styled, they cost
    nothing, where set on the resize they restyle every widget of the screen once more."""
    width, height = app.size
    for own, apps, dimension in (
        (screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS, width),
        (screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS, height),
    ):
        reached = [name for least, name in sorted((apps if own is None else own) or [])
                   if dimension >= least]
        if reached:
            screen.add_class(reached[-1])
    return screen


def _unreadable(app: App[Any], name: str, error: Exception) -> None:
    app.notify(f"The {name} screen could not be loaded ({error}). stretchtui changed on disk "
               "while it was running: quit and start it again.",
               title="Please restart stretchtui", severity="error", timeout=20, markup=False)


def preload_session() -> None:
    """Import the session screen now, before a session's clock starts; a failure is
    `show`'s to report."""
    with contextlib.suppress(ImportError, OSError):
        importlib.import_module("stretchtui.tui.screens.session")


# -- the factories: one per lazily imported screen (named apart from the modules,
# which become attributes of this package once imported) --------------------------


def builder_screen(catalog: Catalog, routine: Routine | None = None,
                   first: Stretch | None = None, *, earlier: Routine | None = None) -> BuilderScreen:
    from stretchtui.tui.screens.builder import BuilderScreen

    return BuilderScreen(catalog, routine, first, earlier=earlier)


def history_screen(catalog: Catalog, today: date) -> HistoryScreen:
    from stretchtui.tui.screens.history import HistoryScreen

    return HistoryScreen(catalog, today)


def session_detail_screen(record: Record, library: Mapping[str, Stretch]) -> SessionDetailScreen:
    from stretchtui.tui.screens.session_detail import SessionDetailScreen

    return SessionDetailScreen(record, library)


def session_screen(keeper: SessionKeeper, config: Config,
                   terminal: TerminalOut | None = None) -> SessionScreen:
    from stretchtui.tui.screens.session import SessionScreen

    return SessionScreen(keeper, config, terminal)


def summary_screen(session: Session, offer: Change | None = None) -> SummaryScreen:
    from stretchtui.tui.screens.summary import SummaryScreen

    return SummaryScreen(session, offer)


def nudge_screen(routine: Routine, length_s: float, since: str | None, snooze_min: int) -> NudgeScreen:
    from stretchtui.tui.screens.nudge import NudgeScreen

    return NudgeScreen(routine, length_s, since, snooze_min)


def safety_screen(first: bool = False) -> SafetyScreen:
    from stretchtui.tui.screens.safety import SafetyScreen

    return SafetyScreen(first)


def rating_screen(question: str) -> RatingScreen:
    from stretchtui.tui.screens.rating import RatingScreen

    return RatingScreen(question)


def hurt_screen(name: str, easier: Change | None, leave: Change | None) -> HurtScreen:
    from stretchtui.tui.screens.hurt import HurtScreen

    return HurtScreen(name, easier, leave)


def checkin_offer_screen() -> CheckinOfferScreen:
    from stretchtui.tui.screens.checkin_offer import CheckinOfferScreen

    return CheckinOfferScreen()
