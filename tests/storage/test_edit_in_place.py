"""Saves keep what the user wrote: comments, order, untouched routines byte for byte,
symbolic links (written through to their target) and file modes; a file that cannot be
read is never overwritten."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from fakes import named, save_routine
from strategies import LIBRARY

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.config import load_config, save_config
from stretchtui.storage.errors import StorageError
from stretchtui.storage.routines import delete_routine, load_routines

ANNOTATED = """\
# My routines. Mornings: the first; at my desk: the second.
# (hand-edited: keep these notes)

[[routines]]  # the long one
name = "Morning"   # before coffee
description = "Slow."
get_ready = 5
rest = 5
transition = 10

# the hard part
[[routines.items]]
stretch = "cat-cow"  # cow slowly
reps = 8

[[routines.items]]
stretch = "childs-pose"
hold = 40   # longer than the default

[[routines]]
name = "Desk"
get_ready = 3
rest = 2
transition = 4
# only one stretch: enough between calls
[[routines.items]]
stretch = "lumbar-rotation"
sides = "left"

# Evening: keep last, please.
[[routines]]
name = "Evening"
get_ready = 5
rest = 5
transition = 10

[[routines.items]]
stretch = "rock-side-to-side"
"""

MORNING, DESK_TABLES, EVENING = (ANNOTATED[: ANNOTATED.index('[[routines]]\nname = "Desk"')],
                                 ANNOTATED[ANNOTATED.index('[[routines]]\nname = "Desk"'):
                                           ANNOTATED.index("# Evening")],
                                 ANNOTATED[ANNOTATED.index("# Evening"):])


def routines_written(folder: Path, text: str) -> Path:
    """A routines file of `text` in `folder`, which loads without a problem."""
    path = folder / "routines.toml"
    path.write_text(text)
    assert load_routines(LIBRARY, path).problems == []
    return path


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    return routines_written(tmp_path, ANNOTATED)


def test_changing_one_routine_keeps_every_comment_and_the_others_byte_for_byte(annotated: Path) -> None:
    changed = Routine("Desk", get_ready=3, rest=9, transition=4,
                      items=(RoutineItem("lumbar-rotation", sides="left"), RoutineItem("cat-cow")))
    save_routine(annotated, LIBRARY, changed)
    text = annotated.read_text()
    assert text.startswith(MORNING) and text.endswith(EVENING)  # before and after: as written
    assert "rest = 9" in text and DESK_TABLES not in text
    assert [r.name for r in load_routines(LIBRARY, annotated).user] == ["Morning", "Desk", "Evening"]
    assert load_routines(LIBRARY, annotated).user[1] == changed


def test_adding_and_deleting_keep_the_comments_of_the_rest(annotated: Path) -> None:
    save_routine(annotated, LIBRARY, named("Lunch"))
    text = annotated.read_text()
    assert text.startswith(ANNOTATED) and 'name = "Lunch"' in text
    delete_routine(annotated, LIBRARY, "desk")
    text = annotated.read_text()
    assert text.startswith(MORNING) and EVENING in text and 'name = "Desk"' not in text
    assert [r.name for r in load_routines(LIBRARY, annotated).user] == ["Morning", "Evening", "Lunch"]


def test_a_save_that_changes_nothing_leaves_the_file_as_it_was(annotated: Path) -> None:
    desk = load_routines(LIBRARY, annotated).user[1]
    save_routine(annotated, LIBRARY, desk)
    assert annotated.read_text() == ANNOTATED


def test_a_hand_written_inline_array_is_still_saved(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_text('# mine\nroutines = [{name = "Inline", items = [{stretch = "cat-cow"}]}]\n')
    save_routine(path, LIBRARY, named("Next"))
    assert path.read_text().startswith("# mine\n")
    assert [r.name for r in load_routines(LIBRARY, path).user] == ["Inline", "Next"]


def test_a_symlinked_routines_file_is_written_through_to_its_target(tmp_path: Path, annotated: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "routines.toml"
    annotated.rename(target)
    link = tmp_path / "data" / "routines.toml"
    link.parent.mkdir()
    link.symlink_to(target)
    save_routine(link, LIBRARY, named("Lunch"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert 'name = "Lunch"' in target.read_text() and target.read_text().startswith(ANNOTATED)
    assert [p.name for p in dotfiles.iterdir()] == ["routines.toml"]  # no temporary left there
    assert link.with_name("routines.toml.bak").read_text() == ANNOTATED


def test_the_files_mode_is_kept_and_its_backup_gets_the_same(annotated: Path) -> None:
    annotated.chmod(0o600)
    save_routine(annotated, LIBRARY, named("Lunch"))
    assert stat.S_IMODE(annotated.stat().st_mode) == 0o600
    assert stat.S_IMODE(annotated.with_name("routines.toml.bak").stat().st_mode) == 0o600
    annotated.chmod(0o640)
    save_routine(annotated, LIBRARY, named("Tea"))
    assert stat.S_IMODE(annotated.stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["fifo", "folder", "not utf-8"])
def test_a_routines_file_that_cannot_be_read_is_never_overwritten(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "routines.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b'[[routines]]\nname = "\xff"\n')
    with pytest.raises(StorageError, match="was not saved over"):
        save_routine(path, LIBRARY, named("New"))
    assert {"fifo": stat.S_ISFIFO, "folder": stat.S_ISDIR, "not utf-8": stat.S_ISREG}[kind](
        path.lstat().st_mode)
    assert not path.with_name("routines.toml.bak").exists()


# -- config.toml ---------------------------------------------------------------------


CONFIG = """\
# my settings (from my dotfiles)
theme = "nord"   # dark, easy on the eyes

# nudge me hourly
remind_after_min = 60
bell = false  # the office is quiet
"""


def config_file(user_dirs: dict[str, Path]) -> Path:
    path = user_dirs["config"] / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_a_theme_change_keeps_the_configs_comments_and_order(user_dirs: dict[str, Path]) -> None:
    path = config_file(user_dirs)
    path.write_text(CONFIG)
    save_config({"theme": "gruvbox"})
    assert path.read_text() == CONFIG.replace('"nord"', '"gruvbox"')
    save_config({"snooze_min": 5})
    assert path.read_text().startswith(CONFIG.replace('"nord"', '"gruvbox"'))
    config, problems = load_config()
    assert (config.theme, config.snooze_min, config.bell, problems) == ("gruvbox", 5, False, [])


def test_a_symlinked_config_with_mode_0600_stays_so(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "config.toml"
    target.parent.mkdir()
    target.write_text(CONFIG)
    target.chmod(0o600)
    path = config_file(user_dirs)
    path.symlink_to(target)
    save_config({"theme": "gruvbox"})
    assert path.is_symlink() and 'theme = "gruvbox"   # dark' in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_config_that_cannot_be_read_is_never_overwritten(user_dirs: dict[str, Path]) -> None:
    path = config_file(user_dirs)
    os.mkfifo(path)
    save_config({"theme": "gruvbox"})  # returns: no hang on the FIFO, no file put in its place
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_the_comment_above_a_routine_moves_with_it_when_it_becomes_first(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_text(ANNOTATED)
    delete_routine(path, LIBRARY, "Morning")
    delete_routine(path, LIBRARY, "Desk")
    text = path.read_text()
    assert text.startswith(ANNOTATED[: ANNOTATED.index("[[routines]]")]) and text.endswith(EVENING)
    assert [r.name for r in load_routines(LIBRARY, path).user] == ["Evening"]


def test_a_new_key_goes_above_the_configs_tables_never_into_them(user_dirs: dict[str, Path]) -> None:
    path = config_file(user_dirs)
    path.write_text('# mine\nbell = false\n\n[hooks]\non_due = ["notify-send", "stretch"]  # desktop\n')
    save_config({"theme": "nord"})
    text = path.read_text()
    assert text.index('theme = "nord"') < text.index("[hooks]")
    assert '[hooks]\non_due = ["notify-send", "stretch"]  # desktop\n' in text
    config, problems = load_config()
    assert (config.theme, config.bell, problems) == ("nord", False, [])


QUICK = """\
# my routines, by hand
[[routines]]
name = "Quick"  # the short one
get_ready = 1  # one second

# about the first item
[[routines.items]]
stretch = "childs-pose"  # my favourite
reps = 1
# inside the first item

# about the second item
[[routines.items]]
stretch = "reach-for-the-sky"
hold = 2  # short
"""


@pytest.fixture
def quick(tmp_path: Path) -> Path:
    return routines_written(tmp_path, QUICK)


def comment_lines(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if "#" in line]


def test_a_renamed_routine_keeps_all_its_comments_and_gains_no_defaults(quick: Path) -> None:
    routine = load_routines(LIBRARY, quick).user[0]
    save_routine(quick, LIBRARY, replace(routine, name="Quicker"), replaces="Quick")
    assert quick.read_text() == QUICK.replace('"Quick"', '"Quicker"')


def test_a_changed_value_keeps_the_comment_after_it(quick: Path) -> None:
    routine = load_routines(LIBRARY, quick).user[0]
    items = (routine.items[0], replace(routine.items[1], hold=3))
    save_routine(quick, LIBRARY, replace(routine, items=items, rest=4))
    text = quick.read_text()
    assert "hold = 3  # short\n" in text and "rest = 4\n" in text
    assert comment_lines(text) == comment_lines(QUICK)
    assert load_routines(LIBRARY, quick).user[0] == replace(routine, items=items, rest=4)


def test_moved_items_take_their_comments_along_and_a_new_one_comes_bare(quick: Path) -> None:
    routine = load_routines(LIBRARY, quick).user[0]
    moved = replace(routine, items=(routine.items[1], RoutineItem("cat-cow"), routine.items[0]))
    save_routine(quick, LIBRARY, moved)
    text = quick.read_text()
    assert text.index("# about the second item\n[[routines.items]]\nstretch = \"reach-for-the-sky\"") \
        < text.index('stretch = "cat-cow"') \
        < text.index("# about the first item\n[[routines.items]]\nstretch = \"childs-pose\"  # my favourite")
    assert sorted(comment_lines(text)) == sorted(comment_lines(QUICK))
    assert load_routines(LIBRARY, quick).user[0] == moved
