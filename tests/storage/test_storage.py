"""Storage: user paths, loading, atomic saves with a .bak, round trips, interrupted saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from fakes import named, save_routine
from strategies import LIBRARY

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.core.plan import plan
from stretchtui.storage import paths
from stretchtui.storage.check import check_file
from stretchtui.storage.config import Config, load_config, save_config
from stretchtui.storage.errors import StorageError
from stretchtui.storage.routines import builtin_routines, delete_routine, load_routines
from stretchtui.storage.toml import read_toml
from stretchtui.storage.write import atomic_write, remove_stale_temporaries

CHILD = Path(__file__).with_name("storage_child.py")
DESK = Routine("Desk mine", description="Mine.", get_ready=3, rest=2, transition=4,
               items=(RoutineItem("cat-cow", reps=5), RoutineItem("lumbar-rotation", sides="left", hold=40)))


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


# -- paths ---------------------------------------------------------------------------


def test_user_files_live_under_xdg_data_and_config(user_dirs: dict[str, Path]) -> None:
    assert paths.routines_file() == user_dirs["data"] / "routines.toml"
    assert paths.stretches_file() == user_dirs["data"] / "stretches.toml"
    assert paths.history_file().parent == user_dirs["data"]
    assert paths.config_file() == user_dirs["config"] / "config.toml"


def test_routines_path_option_beats_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.ROUTINES_ENV, str(tmp_path / "env.toml"))
    assert paths.routines_file() == tmp_path / "env.toml"
    assert paths.routines_file(tmp_path / "option.toml") == tmp_path / "option.toml"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.routines_file("~/mine.toml") == tmp_path / "mine.toml"


# -- loading -------------------------------------------------------------------------


def test_nothing_has_to_exist(user_dirs: dict[str, Path]) -> None:
    book = load_routines(LIBRARY)
    assert book.user == [] and book.problems == [] and book.writable
    assert [r.name for r in book.routines] == [r.name for r in builtin_routines(LIBRARY)]
    assert all(r.builtin for r in book.builtin)
    assert not user_dirs["data"].exists()  # loading creates nothing


def test_builtin_routines_are_valid_and_plan() -> None:
    routines = builtin_routines(LIBRARY)
    assert len(routines) >= 3
    assert {"Desk break", "Gentle floor"} <= {r.name for r in routines}
    for routine in routines:
        assert plan(routine, LIBRARY).total > 0
    gentle = next(r for r in routines if r.name == "Gentle floor")
    assert all(LIBRARY[item.stretch].level == "beginner" for item in gentle.items)


@pytest.mark.parametrize("path", [
    Path(__file__).parents[2] / "routines.toml",
    Path(__file__).parents[2] / "stretchtui" / "data" / "routines.toml",
    Path(__file__).parents[2] / "stretchtui" / "data" / "stretches.toml",
])
def test_check_accepts_the_shipped_files(path: Path) -> None:
    assert check_file(path, LIBRARY) == []


def test_book_finds_routines_by_name_ignoring_case(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    book = load_routines(LIBRARY, path)
    assert book.find("DESK MINE") == DESK and book.find("desk break").builtin
    assert book.find("nothing") is None


# -- saving --------------------------------------------------------------------------


def test_save_writes_a_commented_file_that_loads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "new" / "routines.toml"  # the folder is made as needed
    saved = save_routine(path, LIBRARY, DESK)
    assert saved == [DESK]
    text = path.read_text()
    assert text.startswith("# Routines written by stretchtui.")
    assert check_file(path, LIBRARY) == []
    assert load_routines(LIBRARY, path).user == [DESK]
    assert temporaries(path.parent) == []


def test_the_file_format_is_the_public_one(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    data, _ = read_toml(path)
    assert data == {"routines": [{
        "name": "Desk mine", "description": "Mine.", "get_ready": 3, "rest": 2, "transition": 4,
        "items": [{"stretch": "cat-cow", "reps": 5},
                  {"stretch": "lumbar-rotation", "hold": 40, "sides": "left"}],
    }]}


def test_overrides_equal_to_the_defaults_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    hold = LIBRARY["cat-cow"].default_hold
    reps = LIBRARY["cat-cow"].default_reps
    saved = save_routine(path, LIBRARY, Routine("Plain", items=(
        RoutineItem("cat-cow", hold=hold, reps=reps), RoutineItem("yoga-wheel", progression=1))))
    assert saved[0].items == (RoutineItem("cat-cow"), RoutineItem("yoga-wheel"))
    assert "hold" not in path.read_text() and "progression" not in path.read_text()


def test_names_and_descriptions_are_saved_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    saved = save_routine(path, LIBRARY, named("  Spaced  ", description=" so \n"))
    assert (saved[0].name, saved[0].description) == ("Spaced", "so")
    assert load_routines(LIBRARY, path).user == saved


def test_second_save_keeps_the_previous_version_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    first = path.read_bytes()
    assert not path.with_name("routines.toml.bak").exists()
    save_routine(path, LIBRARY, named("Second"))
    assert path.with_name("routines.toml.bak").read_bytes() == first
    assert [r.name for r in load_routines(LIBRARY, path).user] == ["Desk mine", "Second"]


def test_save_replaces_a_routine_by_name_and_renames(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    save_routine(path, LIBRARY, named("Other"))
    changed = Routine("Desk renamed", rest=9, items=DESK.items)
    assert [r.name for r in save_routine(path, LIBRARY, changed, replaces="desk MINE")] == [
        "Desk renamed", "Other"]
    assert save_routine(path, LIBRARY, named("other", rest=1))[1] == named("other", rest=1)


def test_delete_routine(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    save_routine(path, LIBRARY, named("Other"))
    assert delete_routine(path, LIBRARY, "DESK MINE") == [named("Other")]
    assert delete_routine(path, LIBRARY, "not there") == [named("Other")]
    assert load_routines(LIBRARY, path).user == [named("Other")]


@pytest.mark.parametrize(("routine", "message"), [
    (named("Desk Break"), "duplicate routine name: a built-in routine is already called that"),
    (Routine("Mine", items=(RoutineItem("no-such"),)), "unknown stretch 'no-such'"),
    (Routine("Mine", items=(RoutineItem("cat-cow", hold=0),)), "must be between 1 and 3600, not 0"),
    (named("Bell\x07"), "contains control characters"),
    (named("x" * 81), r"is too long \(81 characters, at most 80\)"),
])
def test_a_routine_that_would_not_load_back_is_not_saved(
    tmp_path: Path, routine: Routine, message: str
) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    before = path.read_bytes()
    with pytest.raises(StorageError, match=message) as caught:
        save_routine(path, LIBRARY, routine)
    assert all("\n" not in str(problem) for problem in caught.value.problems)
    assert path.read_bytes() == before


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    atomic_write(path, "one")
    atomic_write(path, "two")
    assert path.read_text() == "two" and path.with_name("f.txt.bak").read_text() == "one"
    atomic_write(path, "three", backup=False)
    assert path.with_name("f.txt.bak").read_text() == "one"
    assert temporaries(tmp_path) == []


# -- round trip ----------------------------------------------------------------------


def test_round_trip_through_the_files_of_every_builtin_routine(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    for number, routine in enumerate(builtin_routines(LIBRARY)):
        save_routine(path, LIBRARY, Routine(f"Copy {number}", routine.description, routine.get_ready,
                                             routine.rest, routine.transition, routine.items))
    loaded = load_routines(LIBRARY, path).user
    assert [r.items for r in loaded] == [r.items for r in builtin_routines(LIBRARY)]


# -- interrupted saves ---------------------------------------------------------------


def test_a_save_killed_before_replacing_leaves_the_old_file_and_the_leftover_is_cleaned(
    tmp_path: Path,
) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    save_routine(path, LIBRARY, named("Second"))
    before = path.read_bytes()
    child = subprocess.run([sys.executable, str(CHILD), "interrupt", str(path), "Lost"],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -9, child.stderr  # SIGKILL, between writing and replacing
    assert path.read_bytes() == before
    leftovers = temporaries(tmp_path)
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".routines.toml.")
    assert "Lost" in leftovers[0].read_text()  # it really had written the new version
    assert check_file(path.with_name("routines.toml.bak"), LIBRARY) == []
    book = load_routines(LIBRARY, path)  # the next start
    assert [r.name for r in book.user] == ["Desk mine", "Second"] and book.problems == []
    assert temporaries(tmp_path) == []


def test_only_our_own_leftovers_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    mine = [tmp_path / ".routines.toml.123.abcd.tmp", tmp_path / ".routines.toml.bak.9.ff.tmp"]
    others = [tmp_path / ".stretches.toml.1.a.tmp", tmp_path / "routines.toml.tmp", tmp_path / "notes.tmp"]
    for file in (*mine, *others):
        file.write_text("x")
    remove_stale_temporaries(path)
    assert [f.exists() for f in mine] == [False, False]
    assert all(f.exists() for f in others)


@pytest.mark.parametrize("name", ["*", "[ro]utines.toml", "r?utines.toml", "*.toml"])
def test_glob_characters_in_the_name_are_matched_literally(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "[a]*"
    folder.mkdir()
    path = folder / name
    mine = folder / f".{name}.123.abcd.tmp"
    others = [folder / ".routines.toml.1.a.tmp", folder / ".x.toml.1.a.tmp", folder / ".a.1.b.tmp"]
    for file in (mine, *others):
        file.write_text("x")
    remove_stale_temporaries(path)
    assert not mine.exists()
    assert all(f.exists() for f in others)


def test_a_failed_write_removes_its_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, DESK)
    before = path.read_bytes()

    def refuse(_: int) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patched, pytest.raises(StorageError, match="could not be saved"):
        patched.setattr("os.fsync", refuse)
        save_routine(path, LIBRARY, named("Never"))
    assert path.read_bytes() == before and temporaries(tmp_path) == []


# -- config --------------------------------------------------------------------------


def test_config_round_trip_keeps_other_settings(user_dirs: dict[str, Path]) -> None:
    assert load_config() == (Config(), [])
    save_config({"theme": "nord"})
    save_config({"bell": False})
    assert load_config() == (Config(theme="nord", bell=False), [])
    assert (user_dirs["config"] / "config.toml").exists()


def test_a_broken_config_is_ignored_and_never_overwritten(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    path = user_dirs["config"] / "config.toml"
    path.write_text("theme = \n")
    config, problems = load_config()
    assert config == Config() and [p.line for p in problems] == [1]
    save_config({"theme": "nord"})
    assert path.read_text() == "theme = \n"


def test_a_config_save_killed_midway_is_cleaned_at_the_next_load(user_dirs: dict[str, Path]) -> None:
    save_config({"theme": "nord"})
    leftover = user_dirs["config"] / ".config.toml.4242.0badf00d.tmp"
    leftover.write_text('theme = "half')
    assert load_config() == (Config(theme="nord"), [])
    assert not leftover.exists()


def test_config_written_is_toml(user_dirs: dict[str, Path]) -> None:
    save_config({"theme": "a \"quoted\" theme"})
    assert (user_dirs["config"] / "config.toml").read_text() == tomli_w.dumps({"theme": 'a "quoted" theme'})
