"""The routine builder, driven by key presses: build, edit, undo, save, conflicts, errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fakes import save_routine
from pilots import burst, palette_offers, until
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from stretchtui.core.model import Routine, RoutineItem, resolve_item
from stretchtui.storage import paths
from stretchtui.storage.check import check_file
from stretchtui.storage.library import load_library
from stretchtui.tui.app import StretchApp
from stretchtui.tui.messages import OpenBuilder
from stretchtui.tui.providers import LibraryCommands
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.builder import BuilderScreen
from stretchtui.tui.screens.confirm import ConfirmScreen
from stretchtui.tui.widgets.routine_items import RoutineItems

LIBRARY = load_library().stretches
HEADER = (
    "# Routines written by stretchtui. Edit by hand if you like:\n"
    "# `stretchtui check` validates the file, and the format is in the README.\n\n"
)


def builder(app: StretchApp) -> BuilderScreen:
    assert isinstance(app.screen, BuilderScreen), app.screen
    return app.screen


def routines_file() -> Path:
    return paths.routines_file()


def error_text(app: StretchApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def item_names(app: StretchApp) -> list[str]:
    return [item.stretch for item in builder(app).draft.routine.items]


async def open_new(app: StretchApp, pilot: Pilot[int]) -> BuilderScreen:
    """Open the builder on an empty routine as "New routine" in the palette does (it posts
    this message; `test_palette_offers_new_routine_and_edit_routine` types it there)."""
    app.post_message(OpenBuilder())
    await pilot.pause()
    return builder(app)


async def test_a_routine_built_from_nothing_by_keys_is_saved_exactly() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        assert screen.draft.routine.name == "New routine"
        assert app.focused is screen.library  # an empty routine starts in the library
        await pilot.press("a")                 # Reach For The Sky (first stretch, upper back)
        await pilot.press("j", "j", "a")       # past the "Mid back" heading to Cat/Cow
        assert item_names(app) == ["reach-for-the-sky", "cat-cow"]
        await pilot.press("l")                 # over to the item list, on the added Cat/Cow
        assert isinstance(app.focused, RoutineItems) and screen.selected == 1
        await pilot.press("shift+up")          # Cat/Cow first
        assert item_names(app) == ["cat-cow", "reach-for-the-sky"]
        assert screen.selected == 0
        await pilot.press("tab", *"45", "escape")  # the hold input of Cat/Cow (default 10)
        await pilot.press("r", *"Morning back", "escape")
        assert "unsaved changes" not in str(screen.query_one("#summary", Static).render())
        assert "not saved yet" in str(screen.query_one("#summary", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = routines_file().read_text()
        assert text == HEADER + (
            '[[routines]]\n'
            'name = "Morning back"\n'
            'get_ready = 5\n'
            'rest = 5\n'
            'transition = 10\n'
            '\n'
            '[[routines.items]]\n'
            'stretch = "cat-cow"\n'
            'hold = 45\n'
            '\n'
            '[[routines.items]]\n'
            'stretch = "reach-for-the-sky"\n'
        )
        assert tomllib.loads(text) == {"routines": [{
            "name": "Morning back", "get_ready": 5, "rest": 5, "transition": 10,
            "items": [{"stretch": "cat-cow", "hold": 45}, {"stretch": "reach-for-the-sky"}],
        }]}
        assert check_file(routines_file(), LIBRARY) == []
        assert "saved" in str(screen.query_one("#summary", Static).render())
        assert [r.name for r in app.catalog.book.user] == ["Morning back"]  # the app reloaded
        await pilot.press("escape")  # nothing unsaved: leaves without a question
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.highlighted == app.catalog.book.user[0]


async def test_live_total_and_step_count_follow_the_plan() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        summary = screen.query_one("#summary", Static)
        assert str(summary.render()).startswith("Empty routine")
        await pilot.press("a")  # Reach For The Sky: 10 s x 2 after 5 s get ready, 5 s rest
        assert str(summary.render()).startswith("0:30 total · 4 steps · 2 holds")
        await pilot.press("l", "tab", *"20")
        assert str(summary.render()).startswith("0:50 total · 4 steps · 2 holds")


async def test_undo_and_redo_walk_the_history_one_edit_at_a_time() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("a", "j", "j", "a", "l")
        await pilot.press("tab", *"33", "escape")  # one edit of the hold, though two keys
        assert screen.draft.routine.items[1].hold == 33
        await pilot.press("r", *"Evening", "escape")
        await pilot.press("ctrl+z")
        assert screen.draft.routine.name == "New routine"
        assert screen.query_one("#routine-name", Input).value == "New routine"  # the form follows
        await pilot.press("ctrl+z")
        assert screen.draft.routine.items[1].hold is None
        await pilot.press("ctrl+z")
        assert item_names(app) == ["reach-for-the-sky"]
        await pilot.press("ctrl+y", "ctrl+y")
        assert item_names(app) == ["reach-for-the-sky", "cat-cow"]
        assert screen.draft.routine.items[1].hold == 33
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert item_names(app) == []
        assert not screen.draft.dirty
        await pilot.press("ctrl+z")  # nothing more to undo: nothing happens
        assert item_names(app) == []
        await pilot.press("ctrl+y")
        assert item_names(app) == ["reach-for-the-sky"]


async def test_duplicate_remove_and_move_items_by_keys() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("a", "j", "j", "a", "l")
        await pilot.press("d")
        assert item_names(app) == ["reach-for-the-sky", "cat-cow", "cat-cow"]
        assert screen.selected == 2
        await pilot.press("shift+up", "shift+up", "shift+up")  # stops at the top
        assert screen.selected == 0
        await pilot.press("down", "delete")
        assert item_names(app) == ["cat-cow", "cat-cow"]
        await pilot.press("delete", "delete")
        assert item_names(app) == []
        assert screen.query_one("#empty").display


async def test_leaving_with_unsaved_changes_asks_first() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("escape")  # nothing changed: no question
        assert isinstance(app.screen, BrowserScreen)
        screen = await open_new(app, pilot)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave without saving?" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")  # stay: the draft is all there
        assert app.screen is screen
        assert item_names(app) == ["reach-for-the-sky"]
        await pilot.press("escape", "y")
        assert isinstance(app.screen, BrowserScreen)
        assert not routines_file().exists()


async def test_quitting_the_app_with_unsaved_changes_asks_first() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("a", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit without saving?" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        assert app.screen is screen and item_names(app) == ["reach-for-the-sky"]
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0 and not routines_file().exists()


async def test_text_typed_but_refused_also_counts_as_unsaved() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new(app, pilot)
        await pilot.press("a", "l", "tab", *"9999", "escape", "escape")
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_built_in_routine_opens_and_saves_as_a_copy() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "b")  # "Desk break", a built-in
        screen = builder(app)
        desk = app.catalog.book.find("Desk break")
        assert desk is not None and desk.builtin
        assert screen.draft.routine.name == "Desk break (copy)"
        assert screen.draft.routine.items == desk.items
        assert screen.draft.original is None
        await pilot.press("shift+down", "ctrl+s")
        saved = tomllib.loads(routines_file().read_text())["routines"]
        assert [r["name"] for r in saved] == ["Desk break (copy)"]
        assert [i["stretch"] for i in saved[0]["items"]] == [
            "standing-side-bend", "reach-for-the-sky", "latissimus-dorsi-stretch"]
        assert app.catalog.book.find("Desk break") == desk  # the built-in is untouched
        # a second copy gets its own name
        await pilot.press("escape")
        app.screen.show_entry(desk)
        await pilot.press("b")
        assert builder(app).draft.routine.name == "Desk break (copy 2)"


async def test_typing_rebuilds_the_footer_only_when_a_key_changes_state(monkeypatch) -> None:
    """A typed character that dims or lights no key leaves the footer as it is: rebuilding
    every key of it on each character was more work than the typing. One that lights a key
    lights that key, and keeps the others."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    rebuilt: list[str] = []
    original = Footer.recompose

    async def counting(self: Footer) -> None:
        rebuilt.append(self.screen.__class__.__name__)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", counting)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("r")
        await pilot.pause()

        def keys() -> dict[str, FooterKey]:
            return {key.action: key for key in screen.query(FooterKey)}

        assert screen.check_action("undo", ()) is None  # nothing to undo yet: dimmed
        assert keys()["undo"].has_class("-disabled")
        before, shown = len(rebuilt), keys()
        await pilot.press("M")  # the first edit: undo lights up
        assert await until(pilot, lambda: not keys()["undo"].has_class("-disabled"))
        assert screen.check_action("undo", ()) is True
        assert keys() == shown and len(rebuilt) == before  # the same keys, one of them lit
        await pilot.press(*"orning")
        await pilot.pause()
        assert screen.draft.routine.name == "Morning"
        assert keys() == shown and len(rebuilt) == before
        assert [key.has_class("-disabled") for key in shown.values()] == [
            screen.check_action(action.split("(")[0], ()) is None for action in shown]


async def test_names_of_built_ins_and_bad_values_are_refused_with_the_reason() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("r", *"desk BREAK")
        assert error_text(app, "#form-error") == "Name 'desk BREAK' is already used by a built-in routine"
        assert screen.query_one("#routine-name", Input).has_class("-invalid")
        assert screen.draft.routine.name == "desk BREA"  # the last name it could take
        await pilot.press("ctrl+u")
        assert error_text(app, "#form-error") == "Name must not be empty"
        await pilot.press(*"Mine")
        assert error_text(app, "#form-error") == ""
        assert screen.draft.routine.name == "Mine"
        await pilot.press("tab", "tab", "backspace")  # get ready
        assert error_text(app, "#form-error") == (
            "Get ready must be a whole number of seconds (0 for none), not empty")
        await pilot.press(*"-3")
        assert "not '-3'" in error_text(app, "#form-error")
        await pilot.press("ctrl+u", *"4000")
        assert error_text(app, "#form-error") == "Get ready must be between 0 and 3600, not 4000"
        assert screen.draft.routine.get_ready == 400  # the last value it could take
        await pilot.press("escape", "a", "l", "tab", *"abc")
        assert error_text(app, "#item-error") == "Hold must be a whole number of seconds, not 'abc'"
        await pilot.press("tab", "ctrl+u", *"101")
        assert "Reps must be between 1 and 100, not 101" in error_text(app, "#item-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not routines_file().exists()  # refused values are never saved silently
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press("ctrl+u", "2", "shift+tab", "ctrl+u", "1", "2")
        assert error_text(app, "#item-error") == ""
        assert screen.draft.routine.items[0].hold == 12
        await pilot.press("ctrl+s")  # the get ready field still holds 4000
        assert not routines_file().exists()
        screen.form.focus_field("get_ready")
        await pilot.press("ctrl+u", "0", "ctrl+s")
        assert tomllib.loads(routines_file().read_text())["routines"][0]["get_ready"] == 0


async def test_sides_and_progression_are_chosen_from_what_the_stretch_has() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("slash", *"lumbar", "enter", "a")
        sides = screen.query_one("#item-sides", Select)
        levels = screen.query_one("#item-progression", Select)
        assert sides.display and not levels.display
        sides.value = "left"
        await pilot.pause()
        assert screen.draft.routine.items[0].sides == "left"
        await pilot.press("slash", *"wheel", "enter", "a")
        assert screen.selected == 1
        assert levels.display and not sides.display
        assert [str(prompt) for prompt, _ in levels._options if _ is not Select.NULL] == [
            "1. Hip bridge", "2. Head-supported bridge", "3. Full wheel"]
        levels.value = "3"
        await pilot.pause()
        assert screen.draft.routine.items[1].progression == 3
        await pilot.press("ctrl+s")
        saved = tomllib.loads(routines_file().read_text())["routines"][0]["items"]
        assert saved == [{"stretch": "lumbar-rotation", "sides": "left"},
                         {"stretch": "yoga-wheel", "progression": 3}]


MINE = Routine("Mine", get_ready=3, items=(RoutineItem("cat-cow"), RoutineItem("childs-pose", reps=3)))


async def open_saved(app: StretchApp, pilot: Pilot[int], name: str) -> BuilderScreen:
    routine = app.catalog.book.find(name)
    assert routine is not None
    app.open_builder(routine)
    await pilot.pause()
    return builder(app)


async def test_a_saved_routine_is_renamed_in_place() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    save_routine(routines_file(), LIBRARY, Routine("Other", items=(RoutineItem("cat-cow"),)))
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_saved(app, pilot, "Mine")
        assert app.focused is screen.items
        await pilot.press("r", *"Renamed", "escape", "ctrl+s")
        saved = tomllib.loads(routines_file().read_text())["routines"]
        assert [r["name"] for r in saved] == ["Renamed", "Other"]
        await pilot.press("r", *"other")
        assert error_text(app, "#form-error") == "Name 'other' is already used by another of your routines"


async def test_another_routine_changed_on_disk_is_merged_without_a_question() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_saved(app, pilot, "Mine")
        # meanwhile another instance adds a routine
        save_routine(routines_file(), LIBRARY, Routine("From elsewhere", items=(RoutineItem("yoga-wheel"),)))
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        saved = tomllib.loads(routines_file().read_text())["routines"]
        assert [r["name"] for r in saved] == ["Mine", "From elsewhere"]
        assert [i["stretch"] for i in saved[0]["items"]] == ["cat-cow", "cat-cow", "childs-pose"]
        assert [r.name for r in app.catalog.book.user] == ["Mine", "From elsewhere"]


@pytest.mark.parametrize("keep_mine", [True, False])
async def test_the_same_routine_changed_on_disk_asks_keep_mine_or_take_theirs(keep_mine: bool) -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_saved(app, pilot, "Mine")
        theirs = Routine("Mine", description="Edited by hand", items=(RoutineItem("yoga-wheel"),))
        save_routine(routines_file(), LIBRARY, theirs)
        await pilot.press("delete", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "was changed in the routines file" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("y" if keep_mine else "n")
        await pilot.pause()
        saved = tomllib.loads(routines_file().read_text())["routines"]
        if keep_mine:
            assert saved == [{"name": "Mine", "get_ready": 3, "rest": 5, "transition": 10,
                              "items": [{"stretch": "childs-pose", "reps": 3}]}]
            assert not screen.draft.dirty
        else:
            assert saved[0]["description"] == "Edited by hand"  # the file is untouched
            assert screen.draft.routine == theirs
            assert screen.query_one("#routine-description", Input).value == "Edited by hand"
            await pilot.press("ctrl+z")  # mine is not lost
            assert item_names(app) == ["childs-pose"]


async def test_a_routine_deleted_on_disk_asks_before_saving_it_again() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_saved(app, pilot, "Mine")
        routines_file().write_text(HEADER)
        await pilot.press("d", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [r["name"] for r in tomllib.loads(routines_file().read_text())["routines"]] == ["Mine"]


async def test_a_file_with_problems_is_not_saved_over_and_the_draft_stays() -> None:
    broken = 'routines = "not a list"\n'
    routines_file().parent.mkdir(parents=True, exist_ok=True)
    routines_file().write_text(broken)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert routines_file().read_text() == broken
        assert isinstance(app.screen, BuilderScreen)
        assert item_names(app) == ["reach-for-the-sky"]
        assert screen.draft.dirty
        messages = [n.message for n in app._notifications]
        assert any(f"{routines_file()}:1: file, key 'routines': must be a list of tables" in m
                   for m in messages), messages
        # once the file is fixed, the same draft saves
        routines_file().write_text("")
        await pilot.press("ctrl+s")
        assert [r["name"] for r in tomllib.loads(routines_file().read_text())["routines"]] == ["New routine"]


async def test_an_unwritable_folder_shows_why_and_keeps_the_draft(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app = StretchApp(routines_path=blocker / "routines.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen) and screen.draft.dirty
        messages = [n.message for n in app._notifications]
        assert any("could not be saved" in m and "unchanged" in m for m in messages), messages


async def test_duplicate_a_saved_routine_then_delete_it_after_a_question() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_saved(app, pilot, "Mine")
        await pilot.press("c")
        assert screen.draft.routine.name == "Mine (copy)"
        await pilot.press("ctrl+s")
        names = [r["name"] for r in tomllib.loads(routines_file().read_text())["routines"]]
        assert names == ["Mine", "Mine (copy)"]
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # kept
        assert len(tomllib.loads(routines_file().read_text())["routines"]) == 2
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        names = [r["name"] for r in tomllib.loads(routines_file().read_text())["routines"]]
        assert names == ["Mine"]
        assert [r.name for r in app.catalog.book.user] == ["Mine"]


async def test_palette_offers_new_routine_and_edit_routine() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        provider = LibraryCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        assert {"Show routine: Mine", "Start routine: Mine", "Edit routine: Mine"} <= set(titles)
        assert "New routine" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+p", *"Edit routine: Mine")
        assert await palette_offers(pilot, "Edit routine: Mine")
        await pilot.press("enter")
        await pilot.pause()
        assert builder(app).draft.original_name == "Mine"
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"New routine")
        assert await palette_offers(pilot, "New routine")
        await pilot.press("enter")
        await pilot.pause()
        assert builder(app).draft.original_name is None
        assert builder(app).draft.routine.name == "New routine" and not builder(app).draft.routine.items


async def test_a_narrow_pane_shows_the_items_or_the_library_by_focus() -> None:
    app = StretchApp()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_new(app, pilot)
        library_pane = screen.query_one("#library-pane")
        items_pane = screen.query_one("#items-pane")
        assert screen.has_class("-narrow", "-library")
        assert library_pane.size.height > 3 and items_pane.size.height == 1
        await pilot.press("a", "l")
        assert not screen.has_class("-library")
        assert items_pane.size.height > 3 and library_pane.size.height == 1
        while not screen.has_class("-library"):  # tab gets there too
            await pilot.press("tab")
        assert app.focused is screen.query_one("#filter")
        assert library_pane.size.height > 3


async def test_markup_in_a_name_is_shown_as_typed() -> None:
    odd = Routine("[bold red]Loud[/] $x", description="[link=x]y[/link]", items=(RoutineItem("cat-cow"),))
    save_routine(routines_file(), LIBRARY, odd)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_saved(app, pilot, odd.name)
        assert screen.query_one("#routine-name", Input).value == "[bold red]Loud[/] $x"
        assert screen.query_one("#routine-description", Input).value == "[link=x]y[/link]"
        await pilot.press("x")
        question = str(app.screen.query_one("#question", Static).render())
        assert "'[bold red]Loud[/] $x'" in question
        await pilot.press("n", "c", "ctrl+s")
        await pilot.pause()
        names = [r["name"] for r in tomllib.loads(routines_file().read_text())["routines"]]
        assert names == ["[bold red]Loud[/] $x", "[bold red]Loud[/] $x (copy)"]
        assert any("[bold red]Loud[/] $x (copy)" in n.message for n in app._notifications)


# -- keys that surprise no more --------------------------------------------------------


async def test_j_and_k_move_in_the_item_list_as_everywhere_else() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")  # the first routine, Full back series, in the builder
        screen = builder(app)
        assert app.focused is screen.items and screen.selected == 0
        await pilot.press("j", "j")
        assert screen.selected == 2 and screen.items.highlighted == 2
        await pilot.press("k")
        assert screen.selected == 1
        assert len(screen.draft.routine.items) == 8  # moving changes nothing


async def test_b_on_a_stretch_starts_a_new_routine_with_that_stretch() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j")  # past the routines, onto a stretch
        highlighted = app.screen.highlighted
        await pilot.press("b")
        assert item_names(app) == [highlighted.id]
        assert builder(app).draft.original is None and app.focused is builder(app).library


async def test_tab_goes_library_items_editor_then_name_without_selecting_it() -> None:
    save_routine(routines_file(), LIBRARY, Routine("Mine", items=(RoutineItem("lumbar-rotation"),)))
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_builder(app.catalog.book.find("Mine"))
        await pilot.pause()
        screen = builder(app)
        await pilot.press("l")
        assert app.focused is screen.library
        visited = []
        for _ in range(5):
            await pilot.press("tab")
            visited.append(app.focused.id)
        assert visited == ["items", "item-hold", "item-reps", "item-sides", "routine-name"]
        name = screen.query_one("#routine-name", Input)
        assert name.selection.is_empty and name.value == "Mine"
        await pilot.press("!")
        assert name.value == "Mine!"  # typed after the name, not over it


async def test_one_letter_commands_say_what_they_did_and_how_to_undo_it() -> None:
    save_routine(routines_file(), LIBRARY, MINE)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_builder(app.catalog.book.find("Mine"))
        await pilot.pause()
        await pilot.press("d")
        notes = [n.message for n in app._notifications]
        assert any(note.startswith("Duplicated Cat/Cow.") and "^z undoes it" in note for note in notes)
        await pilot.press("c")  # one notice at a time: the newest replaces the last
        notes = [n.message for n in app._notifications]
        assert len(notes) == 1
        assert "Now editing a new routine, 'Mine (copy)'" in notes[0] and "^z undoes it" in notes[0]
        await pilot.press("ctrl+z", "ctrl+z")
        assert builder(app).draft.routine == MINE  # both taken back


async def test_the_status_line_counts_in_words_and_shows_no_total_for_a_refused_value() -> None:
    save_routine(routines_file(), LIBRARY, Routine("One", items=(RoutineItem("childs-pose", reps=1),)))
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_builder(app.catalog.book.find("One"))
        await pilot.pause()
        status = str(builder(app).query_one("#summary", Static).render())
        assert "2 steps · 1 hold · saved" in status
        await pilot.press("tab")  # to the hold
        await pilot.press(*"9999")
        status = str(builder(app).query_one("#summary", Static).render())
        assert status.startswith("Total unknown until the red field is fixed")
        assert "1:" not in status  # not the total of "999", the last value that was taken


async def test_a_routine_with_no_stretches_is_not_saved_and_says_why() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new(app, pilot)
        await pilot.press("ctrl+s")
        notes = [n.message for n in app._notifications]
        assert "Add a stretch first: highlight one in the library and press a." in notes
        assert not routines_file().exists()


@pytest.mark.parametrize(("keys", "typed"), [
    (["end", "backspace", "backspace", "3", "0"], "30"),
    (["home", "delete", "4", "end", "backspace", "5"], "45"),
])
async def test_keys_in_one_burst_make_the_hold_that_was_typed(keys: list[str], typed: str) -> None:
    """Textual 8.2.8 runs a field's editing keys only after they bubble to the App, so a
    burst's later letters overtook them ("backspace backspace 3 0" on 20 left "" or 20)."""
    save_routine(routines_file(), LIBRARY, Routine("Mine", items=(RoutineItem("lumbar-rotation", hold=20),)))
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_builder(app.catalog.book.find("Mine"))
        await pilot.pause()
        hold = builder(app).query_one("#item-hold", Input)
        await pilot.press("l", "tab", "tab")  # the library, the items, the first item's hold
        assert app.focused is hold and hold.value == "20"
        burst(pilot, *keys)
        assert await until(pilot, lambda: hold.value == typed), hold.value
        for _ in range(3):  # and nothing is still on its way to change it
            await pilot.pause()
        assert hold.value == typed
        [item] = builder(app).draft.routine.items
        assert resolve_item(item, app.catalog.library["lumbar-rotation"])[0] == int(typed)


def toasts(app: StretchApp) -> list:
    from textual.widgets._toast import Toast

    return list(app.screen.query(Toast))


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
async def test_a_new_builder_error_replaces_the_old_one_and_leaves_the_content_clear(
    size: tuple[int, int]
) -> None:
    app = StretchApp()
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("ctrl+s")  # nothing to save yet
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Not saved"]
        assert "Add a stretch first" in next(iter(app._notifications)).message
        await pilot.press("a")  # the highlighted stretch: one notice, the old error gone
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and messages[0].startswith("Added ")
        assert all(n.timeout <= 6 for n in app._notifications)
        screen.form.focus_field("get_ready", select=True)
        await pilot.press(*"abc", "ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and messages[0].startswith("Fix this first")
        assert await until(pilot, lambda: len(toasts(app)) == 1 and toasts(app)[0].region.height > 0)
        toast = toasts(app)[0].region
        if size == (40, 12):  # a strip at the bottom, over the footer and status line
            assert toast.bottom == 12 and toast.height <= 4, toast
        else:
            assert toast.bottom <= 23, toast


async def test_a_draft_kept_on_a_signal_is_offered_back_when_the_builder_opens_again(
    user_dirs: dict[str, Path]
) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")  # Full back series: the copy the builder makes
        await pilot.pause()
        await pilot.press("a")  # one stretch more, not saved
        kept = builder(app).draft.routine
        assert builder(app).has_unsaved_changes
        app.ending.terminated()  # SIGHUP: the SSH connection dropped
        await pilot.pause()
    assert (user_dirs["state"] / "builder-draft.toml").is_file()
    assert not routines_file().exists()  # kept aside, never saved over the user's routines

    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#question", Static).render())
        assert question.startswith(f"Restore the unsaved draft of {kept.name!r} from ")
        await pilot.press("y")
        await pilot.pause()
        screen = builder(app)
        assert screen.draft.routine == kept and screen.has_unsaved_changes
        assert len(screen.items.options) == len(kept.items)  # shown, not only held
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert not (user_dirs["state"] / "builder-draft.toml").exists()  # asked once
    saved = tomllib.loads(routines_file().read_text())["routines"]
    assert [r["name"] for r in saved] == [kept.name] and len(saved[0]["items"]) == len(kept.items)


async def test_a_kept_draft_declined_is_gone_and_the_builder_is_as_opened(user_dirs: dict[str, Path]) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "a")
        await pilot.pause()
        app.ending.terminated()
        await pilot.pause()
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        assert not builder(app).has_unsaved_changes
    assert not (user_dirs["state"] / "builder-draft.toml").exists()


async def test_nothing_is_kept_without_unsaved_changes(user_dirs: dict[str, Path]) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        app.ending.terminated()
        await pilot.pause()
    assert not (user_dirs["state"] / "builder-draft.toml").exists()


async def test_f1_opens_help_from_a_text_field_where_question_mark_is_typed() -> None:
    # In the name field `?` is a character of the name; F1 is help from anywhere.
    from stretchtui.tui.screens.help import HelpScreen

    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_new(app, pilot)
        await pilot.press("r", *"Why?")
        field = app.focused
        assert isinstance(field, Input) and field.value.endswith("Why?")
        await pilot.press("f1")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is screen)
        assert app.focused is field and field.value.endswith("Why?")  # nothing typed was lost
