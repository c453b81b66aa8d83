"""Everything the app shows, loaded once: the library, the routines and the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stretchtui.core.model import Routine, Stretch

from . import history, paths
from .config import Config, load_config
from .errors import Problem
from .library import load_library
from .routines import RoutineBook, delete_routine, load_routines, update_routines

if TYPE_CHECKING:
    from datetime import date

    from stretchtui.core.progress import Summary
    from stretchtui.core.records import Record


@dataclass
class Catalog:
    """The stretches, the routines book and the config, plus the problems found loading
    them. Screens get it through their constructors; only storage writes the files."""

    library: dict[str, Stretch]
    book: RoutineBook
    config: Config = field(default_factory=Config)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, routines_path: Path | None = None) -> Catalog:
        loaded = load_library()
        book = load_routines(loaded.stretches, routines_path or paths.routines_file())
        config, config_problems = load_config()
        return cls(loaded.stretches, book, config, [*loaded.problems, *book.problems, *config_problems])

    @property
    def routines(self) -> list[Routine]:
        return self.book.routines

    @property
    def routines_path(self) -> Path:
        return self.book.path

    def reload_routines(self) -> None:
        self.book = load_routines(self.library, self.book.path)

    def update_routines(self, change: Callable[[list[Routine]], list[Routine]], *,
                        wait: float | None = None) -> list[Routine]:
        """Save the user's routines through `change` (see storage.routines), then reload."""
        saved = update_routines(self.book.path, self.library, change, wait=wait)
        self.reload_routines()
        return saved

    def delete_routine(self, name: str) -> None:
        delete_routine(self.book.path, self.library, name)
        self.reload_routines()

    def history(self, today: date) -> tuple[Summary, list[Problem]]:
        """The progress summary as of `today` with the configured daily goal, read now:
        the history grows without end, so it is read when asked for, never at start."""
        return history.load_summary(today=today, daily_goal_min=self.config.daily_goal_min)

    def recent_sessions(self, limit: int) -> list[Record]:
        """The newest `limit` sessions, newest first, read from the end of the history: what
        the History screen shows while the whole history is still being read."""
        return history.read_recent(limit)
