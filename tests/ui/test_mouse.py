"""The mouse shows; it never starts what the user did not ask for (issue 18 §3)."""

from __future__ import annotations

from pilots import until

from stretchtui.core.model import Routine, Stretch
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.session import SessionScreen
from stretchtui.tui.widgets.library_tree import LibraryTree
from stretchtui.tui.widgets.routine_detail import RoutineDetail


def line_of(tree: LibraryTree, name: str) -> int:
    """The tree line (from the top of the widget) showing `name`."""
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data is not None and node.data.name == name:
            return line - int(tree.scroll_y)
    raise AssertionError(f"{name} is not listed")


async def test_one_click_on_a_routine_shows_it_and_a_double_click_starts_it() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(LibraryTree)
        await pilot.click(LibraryTree, offset=(6, line_of(tree, "Desk break")))
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert isinstance(tree.highlighted, Routine) and tree.highlighted.name == "Desk break"
        assert app.screen.query_one(RoutineDetail).routine.name == "Desk break"
        assert app.keeper.session is None
        await pilot.click(LibraryTree, offset=(6, line_of(tree, "Desk break")), times=2)
        assert await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert app.keeper.session is not None and app.keeper.session.plan.routine.name == "Desk break"


async def test_one_click_on_a_stretch_or_a_heading_starts_nothing() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(LibraryTree)
        await pilot.click(LibraryTree, offset=(6, line_of(tree, "Cat/Cow")))
        await pilot.pause()
        assert isinstance(tree.highlighted, Stretch) and tree.highlighted.name == "Cat/Cow"
        await pilot.click(LibraryTree, offset=(4, 0))  # the "Routines" heading folds
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen) and app.keeper.session is None
        assert not tree.root.children[0].is_expanded


async def test_one_click_in_the_builder_library_adds_nothing() -> None:
    app = StretchApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        assert await until(pilot, lambda: isinstance(app.screen, BuilderScreen))
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        library = screen.library
        before = len(screen.draft.routine.items)
        await pilot.click("#library", offset=(6, line_of(library, "Cat/Cow")))
        await pilot.pause()
        assert library.highlighted is not None and library.highlighted.name == "Cat/Cow"
        assert len(screen.draft.routine.items) == before
        await pilot.click("#library", offset=(6, line_of(library, "Cat/Cow")), times=2)
        assert await until(pilot, lambda: len(screen.draft.routine.items) == before + 1)
