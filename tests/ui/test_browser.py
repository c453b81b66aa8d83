"""The library browser: grouping, details, filter, navigation, palette, help and theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilots import palette_offers, until
from rich.console import Console
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from stretchtui.core.model import Routine, Stretch
from stretchtui.storage.config import load_config
from stretchtui.tui.app import StretchApp
from stretchtui.tui.screens.browser import BrowserScreen
from stretchtui.tui.screens.help import HelpScreen
from stretchtui.tui.widgets.library_tree import LibraryTree
from stretchtui.tui.widgets.stretch_detail import StretchDetail


def tree_of(app: StretchApp) -> LibraryTree:
    return app.screen.query_one(LibraryTree)


def groups(tree: LibraryTree) -> dict[str, list[str]]:
    """Group title -> entry names, as shown."""
    return {
        str(group.label).rsplit(" ", 1)[0]: [child.data.name for child in group.children]
        for group in tree.root.children
    }


def detail_text(app: StretchApp) -> str:
    detail = app.screen.query_one(StretchDetail)
    return "\n".join(str(s.render()) for s in detail.query(Static) if s.display)


async def test_opens_on_all_eight_stretches_grouped_by_area() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)):
        shown = groups(tree_of(app))
        assert list(shown) == ["Routines", "Upper back", "Mid back", "Low back", "Sides", "Whole back"]
        assert shown["Routines"] == ["Full back series", "Desk break", "Gentle floor"]
        assert shown["Low back"] == ["Cat/Cow", "Lumbar Rotation"]
        every = {name for title, names in shown.items() if title != "Routines" for name in names}
        assert len(every) == 8
        assert isinstance(app.screen, BrowserScreen)
        assert isinstance(app.focused, LibraryTree)


async def test_moving_shows_the_stretch_details() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j")  # past the routines and the "Upper back" heading
        assert isinstance(tree_of(app).highlighted, Stretch)
        assert tree_of(app).highlighted.name == "Reach For The Sky"
        text = detail_text(app)
        assert "hold 10-20 s, 2-3 times" in text
        assert "Your upper and middle back." in text
        assert "1. Stand up and lift both arms above your head." in text
        await pilot.press("k")
        assert tree_of(app).highlighted is None  # the heading: details stay put
        assert "Reach For The Sky" in detail_text(app)


async def test_per_side_positions_progressions_and_caution_are_shown() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"lumbar", "enter")
        assert "hold 30 s, 2-3 times, each side" in detail_text(app)
        await pilot.press("escape", "slash", *"cat", "enter")
        text = detail_text(app)
        assert "hold each position 10 s, 4-5 times" in text
        assert "• Cat: back rounded up toward the ceiling" in text
        await pilot.press("escape", "slash", *"yoga", "enter")
        text = detail_text(app)
        assert "Advanced pose" in text
        assert "1. Hip bridge" in text and "3. Full wheel" in text
        assert "hold 20 s, once" in text


async def test_filter_narrows_as_you_type_and_escape_clears() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("s", "i", "d", "e", "s")
        shown = groups(tree_of(app))
        assert "Sides" in shown
        assert "Cat/Cow" not in {name for names in shown.values() for name in names}
        await pilot.press("space", "d", "o", "o", "r")  # every word must match
        shown = groups(tree_of(app))
        assert shown == {"Whole back": ["Latissimus Dorsi Stretch"], "Sides": ["Latissimus Dorsi Stretch"]}
        await pilot.press("escape")
        assert app.screen.query_one("#filter", Input).value == ""
        assert isinstance(app.focused, LibraryTree)
        assert len(groups(tree_of(app))) == 6


async def test_filter_with_no_match_says_so() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzz")
        assert groups(tree_of(app)) == {}
        assert "Nothing matches the filter" in detail_text(app)


async def test_filter_keeps_the_highlighted_stretch_when_it_still_matches() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j")
        await pilot.press("slash", *"reach")
        assert tree_of(app).highlighted.name == "Reach For The Sky"


async def test_highlighting_a_routine_shows_its_plan() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        routine = tree_of(app).highlighted
        assert isinstance(routine, Routine) and routine.name == "Desk break"
        shown = "\n".join(str(s.render()) for s in app.screen.query("#routine-detail Static"))
        assert "4:50" in shown
        assert "1. Reach For The Sky — 15 s × 2" in shown


async def test_help_lists_the_screen_keys() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=60, record=True)
        console.print(app.screen.query_one("#keys", Static).content)
        keys = console.export_text()
        assert "Filter by name" in keys and "Open the builder" in keys and "Start the highlighted" in keys
        assert "Focus Next" not in keys and "Copy" not in keys  # Textual's generic keys are not ours
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_palette_lists_stretches_routines_and_bindings() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Filter", "Start", "Builder", "Help"} <= set(commands)
        await pilot.press("ctrl+p", *"show stretch: child")
        assert await palette_offers(pilot, "Show stretch: Child")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert tree_of(app).highlighted.name == "Child's Pose"


async def test_theme_choice_is_remembered(user_dirs: dict[str, Path]) -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert load_config()[0].theme == "nord"
    again = StretchApp()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"


async def test_problems_in_user_files_are_notified_and_valid_routines_load(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["data"].mkdir(parents=True)
    routines = user_dirs["data"] / "routines.toml"
    routines.write_text(
        '[[routines]]\nname = "Mine"\n[[routines.items]]\nstretch = "cat-cow"\n\n'
        '[[routines]]\nname = "Broken"\n[[routines.items]]\nstretch = "nope"\n'
    )
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [r.name for r in app.catalog.routines][-1] == "Mine"
        notes = [n.message for n in app._notifications]
        assert any("routines.toml:9" in note and "unknown stretch 'nope'" in note for note in notes)
    assert "nope" in routines.read_text()  # never rewritten


async def test_narrow_pane_stacks_the_sidebar() -> None:
    app = StretchApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        sidebar = app.screen.query_one("#sidebar")
        detail = app.screen.query_one("#detail")
        assert app.screen.has_class("-narrow", "-short")
        assert sidebar.region.bottom <= detail.region.y
        assert sidebar.region.width == 40


async def test_markup_in_user_routine_names_is_shown_literally(user_dirs: dict[str, Path]) -> None:
    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "routines.toml").write_text(
        '[[routines]]\nname = "[bold red]Loud[/]"\n[[routines.items]]\nstretch = "cat-cow"\n'
    )
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["j"] * 3)
        assert tree_of(app).highlighted.name == "[bold red]Loud[/]"
        title = app.screen.query_one("#routine-detail #title", Static)
        assert str(title.render()) == "[bold red]Loud[/]"


# -- content a user can reach -----------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (50, 16), (40, 12)])
async def test_every_stretch_can_be_read_to_its_end_by_keyboard(size: tuple[int, int]) -> None:
    app = StretchApp()
    # What is reached, not how it glides there: Pilot waits out each `end`'s scroll animation
    # (a second a stretch), which is Textual's to test, as TEXTUAL_ANIMATIONS=none turns off.
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        detail = app.screen.query_one(StretchDetail)
        more = detail.query_one("#more", Static)

        def agrees() -> bool:
            """The "more below" line is set after a refresh: it agrees with the scroll (shown
            with its words, not yet-empty, only while more is below)."""
            below = detail.max_scroll_y - detail.scroll_y >= 1
            return more.display == below and (not below or "more below" in str(more.render()))

        def at_top() -> bool:
            """The new stretch is shown from its top (scroll_home waits for a refresh: until
            then the pane keeps the last stretch's position, where the line rightly agrees
            that nothing is below) and the line agrees."""
            return detail.scroll_y == 0 and agrees()

        def at_end() -> bool:
            """`end` has scrolled (after a refresh too) and the line agrees."""
            return detail.scroll_y == detail.max_scroll_y and agrees()

        for stretch in app.catalog.library.values():
            app.screen.show_entry(stretch)
            await pilot.pause()
            last = [s for s in detail.query(Static).exclude("#more") if s.display][-1]
            assert await until(pilot, at_top), stretch.name
            if detail.max_scroll_y:
                assert more.display and "more below" in str(more.render())
            await pilot.press("tab")  # from the list to the detail
            assert app.focused is detail
            await pilot.press("end")
            await pilot.pause()
            assert await until(pilot, at_end), stretch.name
            assert not more.display  # nothing more below
            assert last.region.bottom <= detail.region.bottom, stretch.name
            await pilot.press("shift+tab")
            assert app.focused is tree_of(app)


async def test_the_yoga_wheel_caution_and_progressions_are_reached_at_80x24() -> None:
    app = StretchApp()
    app.animation_level = "none"  # each of the 30 keys' scrolls is waited out otherwise
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_entry(app.catalog.library["yoga-wheel"])
        await pilot.pause()
        await pilot.pause()  # the detail is laid out after the switch
        detail = app.screen.query_one(StretchDetail)
        progressions = detail.query_one("#progressions", Static)
        assert progressions.region.bottom > detail.region.bottom  # below the fold at first
        more = detail.query_one("#more", Static)
        assert await until(pilot, lambda: "tab, then ↓" in str(more.render()))
        await pilot.press("tab", *["down"] * 30)
        await pilot.pause()
        assert detail.region.contains_region(progressions.region)


async def test_a_filter_matching_nothing_says_so_and_dims_start() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        notice = app.screen.query_one("#no-matches", Static)
        assert notice.display and str(notice.render()) == "No matches: esc clears the filter."
        assert app.screen.check_action("start", ()) is None
        await pilot.press("enter", "s")
        assert isinstance(app.screen, BrowserScreen) and app.keeper.session is None
        await pilot.press("escape")
        assert not notice.display and app.screen.check_action("start", ()) is True


async def test_s_and_b_on_a_heading_say_what_they_do() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "k")  # onto "Upper back", past a stretch
        assert tree_of(app).highlighted is None and tree_of(app).cursor_node is not None
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen) and app.keeper.session is None
        assert any("Pick a routine or a stretch to start" in str(n.message) for n in app._notifications)
        await pilot.press("b")
        assert await until(pilot, lambda: not isinstance(app.screen, BrowserScreen))
        builder = app.screen
        assert builder.draft.original is None and builder.draft.routine.items == ()
        assert any("A new, empty routine" in str(n.message) for n in app._notifications)


async def test_after_filter_and_enter_the_detail_shows_what_is_highlighted() -> None:
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["j"] * 10)  # onto a stretch the filter will hide
        await pilot.press("slash", *"cat", "enter")
        await pilot.pause()
        highlighted = tree_of(app).highlighted
        assert highlighted is not None and highlighted.name == "Cat/Cow"
        assert detail_text(app).startswith("Cat/Cow")


async def test_a_big_library_is_listed_in_full_and_measured_as_drawn(user_dirs: dict[str, Path]) -> None:
    """LibraryTree builds its nodes in one go and measures labels without rendering them:
    the widths must be what Tree's render_label draws, for every kind of line."""
    from rich.style import Style

    from stretchtui.tui.widgets.library_tree import MAX_PER_GROUP

    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "stretches.toml").write_text("\n".join(
        f'[[stretches]]\nid = "big-{n}"\nname = "Big {n:03d} ünïcode 漢"\nareas = ["sides"]\n'
        f'feel_it_in = "Sides."\ncues = ["Lean."]\nhold = 10\n'
        f'level = "{"advanced" if n % 7 else "beginner"}"\n' for n in range(MAX_PER_GROUP + 50)))
    app = StretchApp()
    async with app.run_test(size=(80, 24)):
        tree = tree_of(app)
        sides = next(group for group in tree.root.children if str(group.label).startswith("Sides"))
        assert len(sides.children) == MAX_PER_GROUP + 1  # and "… N more: type to narrow"
        assert str(sides.children[-1].label) == "… 53 more: type to narrow"
        assert tree.highlighted == app.catalog.routines[0]
        lines = [group for group in tree.root.children] + [
            leaf for group in tree.root.children for leaf in group.children]
        assert {tree.get_label_width(node) for node in lines} != {0}
        for node in lines:
            assert tree.get_label_width(node) == tree.render_label(node, Style(), Style()).cell_len
        tree.root.children[0].collapse()
        assert tree.get_label_width(tree.root.children[0]) == tree.render_label(
            tree.root.children[0], Style(), Style()).cell_len


async def test_an_arrow_key_leaves_the_footer_and_unchanged_lines_alone() -> None:
    """What an arrow key changes is the detail pane: the footer keeps its keys (a
    rebuilt footer is a full line of bytes over SSH per key) and a line that reads the
    same is not updated (each update lays the screen out again)."""
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "j")  # Cat/Cow, under Mid back
        assert tree_of(app).highlighted.name == "Cat/Cow"
        await pilot.pause()
        footer_keys = list(app.screen.query(FooterKey))
        assert footer_keys
        caution = app.screen.query_one("#caution", Static)
        shown = caution.visual
        await pilot.press("j")
        await pilot.pause()
        assert tree_of(app).highlighted.name == "Reach For The Sky"  # no caution either
        assert caution.visual is shown
        assert list(app.screen.query(FooterKey)) == footer_keys
        assert all(key.is_attached for key in footer_keys)


async def test_a_routine_of_one_hold_says_1_hold() -> None:
    from fakes import save_routine

    from stretchtui.core.model import RoutineItem
    from stretchtui.tui.widgets.routine_detail import RoutineDetail

    one = Routine("One hold", get_ready=3, rest=0, transition=0,
                  items=(RoutineItem("childs-pose", hold=30, reps=1),))
    app = StretchApp()
    save_routine(app.catalog.routines_path, app.catalog.library, one)
    app = StretchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        routine = next(r for r in app.catalog.routines if r.name == "One hold")
        app.screen.show_entry(routine)
        meta = app.screen.query_one(RoutineDetail).query_one("#meta", Static)
        assert await until(pilot, lambda: "0:33 · 1 hold · yours" in str(meta.render()))
