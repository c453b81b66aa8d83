"""Screens, one per file. Only the browser is imported at start; the others on first use."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.css.errors import StylesheetError

LAZY: dict[str, str] = {
    "builder": "BuilderScreen",
    "history": "HistoryScreen",
    "nudge": "NudgeScreen",
    "session": "SessionScreen",
    "session_detail": "SessionDetailScreen",
    "summary": "SummaryScreen",
}
"""Module name under stretchtui.tui.screens -> the screen class it holds."""


def preload(name: str) -> None:
    """Import screen `name` now, when a moment matters later (a session's clock); a failure
    is open_screen's to report."""
    with contextlib.suppress(ImportError, OSError):
        importlib.import_module(f"stretchtui.tui.screens.{name}")


def open_screen(app: App[Any], name: str, callback: Callable[[Any], None] | None, *args: Any,
                **kwargs: Any) -> bool:
    """Import screen `name` if need be and push it, built with `args`; False if it failed.

    The module and its styles are read from disk on first use: if stretchtui was
    reinstalled or removed while it ran, that is one clear line and the app goes on.
    """
    try:
        module = importlib.import_module(f"stretchtui.tui.screens.{name}")
        screen = getattr(module, LAZY[name])(*args, **kwargs)
        app.push_screen(screen, callback)
        return True
    except (ImportError, AttributeError, OSError, StylesheetError) as error:
        app.notify(f"The {name} screen could not be loaded ({error}). stretchtui changed on disk "
                   "while it was running: quit and start it again.",
                   title="Please restart stretchtui", severity="error", timeout=20, markup=False)
        return False
