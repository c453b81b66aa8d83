"""Every kind of bad input is one clear line naming file, line, subject and key.

And whatever is valid still loads: the built-ins always, the good routines and stretches
of a file with problems too, while the broken file itself is never written over.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fakes import save_routine

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.check import check_file
from stretchtui.storage.errors import Problem, StorageError
from stretchtui.storage.library import builtin_stretches, load_library
from stretchtui.storage.routines import builtin_routines, load_routines

LIBRARY = builtin_stretches()
GOOD_STRETCH = """\
[[stretches]]
id = "neck-roll"
name = "Neck Roll"
areas = ["upper back"]
feel_it_in = "Your neck."
cues = ["Roll slowly."]
hold = 20
"""


def write(tmp_path: Path, text: str, name: str = "routines.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def only_problem(path: Path) -> Problem:
    problems = check_file(path, LIBRARY)
    assert len(problems) == 1, [str(p) for p in problems]
    line = str(problems[0])
    assert "\n" not in line and line.startswith(f"{path}:")
    return problems[0]


# -- malformed TOML ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ('[[routines]]\nname = "a"\nrest = 5 6\n', 3, 10, "Expected newline or end of document"),
    ('[[routines]\nname = "a"\n', 1, 11, "Expected ']]' at the end of an array declaration"),
    ('[[routines]]\nname = "a"\nname = "b"\n', 3, 11, "Cannot overwrite a value"),
    ('[[routines]]\nname = "unfinished\n', 2, 19, "Illegal character '\\n'"),
    ('[[routines]]\nrest = ', 2, 8, "Invalid value at the end of the file"),
])
def test_malformed_toml_is_path_line_column_message(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert (problem.line, problem.column) == (line, column)
    assert str(problem).startswith(f"{path}:{line}:{column}: {message}")


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_bytes(b'[[routines]]\nname = "caf\xe9"\n')
    assert str(only_problem(path)) == f"{path}:2: is not UTF-8 text (byte 0xe9)"


def test_a_file_too_large_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_bytes(b"# " + b"x" * 6_000_000 + b"\n")
    assert "is too large (6.0 MB; at most 5 MB)" in str(only_problem(path))


# -- routines ------------------------------------------------------------------------


ITEM = '[[routines]]\nname = "Mine"\n\n[[routines.items]]\nstretch = "{stretch}"\n{extra}\n'
ONE = '\n[[routines.items]]\nstretch = "cat-cow"\n'
"""One valid item, for routines whose other problems a test is about."""


@pytest.mark.parametrize(("text", "line", "subject", "key", "message"), [
    (ITEM.format(stretch="nope", extra=""), 5, "routine 'Mine', item 1", "stretch",
     "unknown stretch 'nope'"),
    (ITEM.format(stretch="cat-cow", extra="hold = 0"), 6, "routine 'Mine', item 1", "hold",
     "must be between 1 and 3600, not 0"),
    (ITEM.format(stretch="cat-cow", extra="reps = 0"), 6, "routine 'Mine', item 1", "reps",
     "must be between 1 and 100, not 0"),
    (ITEM.format(stretch="cat-cow", extra="reps = -2"), 6, "routine 'Mine', item 1", "reps",
     "must be between 1 and 100, not -2"),
    (ITEM.format(stretch="cat-cow", extra='hold = "30"'), 6, "routine 'Mine', item 1", "hold",
     "must be a whole number, not a string"),
    (ITEM.format(stretch="cat-cow", extra="hold = 2.5"), 6, "routine 'Mine', item 1", "hold",
     "must be a whole number, not a decimal number"),
    (ITEM.format(stretch="cat-cow", extra="reps = true"), 6, "routine 'Mine', item 1", "reps",
     "must be a whole number, not true/false"),
    (ITEM.format(stretch="cat-cow", extra="speed = 2"), 6, "routine 'Mine', item 1", "speed",
     "unknown key (expected one of: stretch, hold, reps, sides, progression)"),
    (ITEM.format(stretch="cat-cow", extra='sides = "left"'), 6, "routine 'Mine', item 1", "sides",
     "Cat/Cow is not done per side"),
    (ITEM.format(stretch="lumbar-rotation", extra='sides = "up"'), 6, "routine 'Mine', item 1", "sides",
     "must be one of: both, left, right, not 'up'"),
    (ITEM.format(stretch="yoga-wheel", extra="progression = 4"), 6, "routine 'Mine', item 1",
     "progression", "Yoga Wheel has 3 progressions, not 4"),
    (ITEM.format(stretch="cat-cow", extra="progression = 2"), 6, "routine 'Mine', item 1",
     "progression", "Cat/Cow has 0 progressions, not 2"),
    ('[[routines]]\nname = "Mine"\n\n[[routines.items]]\nhold = 20\n', 4, "routine 'Mine', item 1",
     "stretch", "is missing"),
    ('[[routines]]\nname = "Mine"\nrest = "5"\n' + ONE, 3, "routine 'Mine'", "rest",
     "must be a whole number, not a string"),
    ('[[routines]]\nname = "Mine"\nget_ready = -1\n' + ONE, 3, "routine 'Mine'", "get_ready",
     "must be between 0 and 3600, not -1"),
    ('[[routines]]\nname = "Mine"\ncolour = "red"\n' + ONE, 3, "routine 'Mine'", "colour",
     "unknown key (expected one of: name, description, get_ready, rest, transition, items)"),
    ('[[routines]]\nname = 5\n' + ONE, 2, "routine 1", "name", "must be a string, not a number"),
    ('[[routines]]\nname = "  "\n' + ONE, 2, "routine '  '", "name", "must not be empty"),
    ('[[routines]]\nrest = 5\n' + ONE, 1, "routine 1", "name", "is missing"),
    ('[[routines]]\nname = "A"\n' + ONE + '\n[[routines]]\nname = "a"\n' + ONE, 8, "routine 'a'", "name",
     "duplicate routine name: another routine is already called that"),
    ('[[routines]]\nname = "desk BREAK"\n' + ONE, 2, "routine 'desk BREAK'", "name",
     "duplicate routine name: a built-in routine is already called that"),
    ('[[routines]]\nname = "Mine"\n', 1, "routine 'Mine'", "items", "a routine needs at least one stretch"),
    ('[[routines]]\nname = "Mine"\nitems = []\n', 3, "routine 'Mine'", "items",
     "a routine needs at least one stretch"),
    ('[[routines]]\nname = "Mine"\nitems = 3\n', 3, "routine 'Mine'", "items", "must be a list of tables"),
    ('[[routines]]\nname = "Mine"\nitems = ["cat-cow"]\n', 3, "routine 'Mine'", "items",
     "must be a list of tables"),
    ('[[routines]]\nname = "Mine"\nitems.stretch = "cat-cow"\n', 3, "routine 'Mine'", "items",
     "must be a list of tables"),
    ('routines = 5\n', 1, "file", "routines", "must be a list of tables"),
    ('[routines]\nname = "Mine"\n', 1, "file", "routines", "must be a list of tables"),
    ('version = 2\n[[routines]]\nname = "Mine"\n' + ONE, 1, "file", "version",
     "unknown key (expected one of: routines)"),
    ('routines = [{name = "Mine", items = [{stretch = "cat-cow", hold = 0}]}]\n', 1,
     "routine 'Mine', item 1", "hold", "must be between 1 and 3600, not 0"),
    ('[[routines]]\nname = "Mine\\u0007"\n' + ONE, 2, "routine 'Mine\\x07'", "name",
     "contains control characters"),
    ('[[routines]]\nname = "' + "n" * 81 + '"\n' + ONE, 2, f"routine '{'n' * 81}'", "name",
     "is too long (81 characters, at most 80)"),
])
def test_routine_problems_name_file_line_subject_and_key(
    tmp_path: Path, text: str, line: int, subject: str, key: str, message: str
) -> None:
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert (problem.line, problem.column, problem.subject, problem.key) == (line, None, subject, key)
    assert str(problem) == f"{path}:{line}: {subject}, key {key!r}: {message}"


def test_every_problem_of_a_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        [[routines]]
        name = "One"
        rest = -1
        colour = 1

        [[routines.items]]
        stretch = "nope"

        [[routines]]
        name = "Two"

        [[routines.items]]
        stretch = "cat-cow"
        reps = 0
    """)
    problems = check_file(path, LIBRARY)
    assert [(p.line, p.key) for p in problems] == [(4, "colour"), (3, "rest"), (7, "stretch"), (14, "reps")]


def test_a_file_with_neither_table_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n")
    assert str(only_problem(path)) == f"{path}: has neither [[routines]] nor [[stretches]] tables"


def test_check_of_a_missing_file(tmp_path: Path) -> None:
    assert str(only_problem(tmp_path / "routines.toml")).endswith(": does not exist")


# -- stretches -----------------------------------------------------------------------


@pytest.mark.parametrize(("change", "line", "key", "message"), [
    (('id = "neck-roll"', 'id = "cat-cow"'), 2, "id", "id 'cat-cow' is built in"),
    (('id = "neck-roll"', 'id = "Neck Roll"'), 2, "id",
     "'Neck Roll' must be lower-case letters, digits and dashes"),
    (("hold = 20", "hold = 0"), 7, "hold", "must be between 1 and 3600, not 0"),
    (("hold = 20", "hold = [30, 20]"), 7, "hold", "range [30, 20] has its minimum above its maximum"),
    (("hold = 20", "hold = [10, 20, 30]"), 7, "hold",
     "must be a number or a [min, max] pair, not a list of 3"),
    (("hold = 20", "hold = 20\nreps = 0"), 8, "reps", "must be between 1 and 100, not 0"),
    (("hold = 20", "hold = 20\nreps = [0, 2]"), 8, "reps", "must be between 1 and 100, not 0"),
    (('areas = ["upper back"]', 'areas = ["legs"]'), 4, "areas",
     "'legs' is not one of: upper back, mid back, low back, sides, whole back"),
    (('areas = ["upper back"]', 'areas = "upper back"'), 4, "areas",
     "must be a list of strings, not a string"),
    (('areas = ["upper back"]', "areas = []"), 4, "areas", "must not be an empty list"),
    (("hold = 20", 'hold = 20\nlevel = "expert"'), 8, "level",
     "must be one of: beginner, advanced, not 'expert'"),
    (("hold = 20", 'hold = 20\nper_side = "yes"'), 8, "per_side", "must be true or false, not a string"),
    (("hold = 20", 'hold = 20\nper_side = true\npositions = ["a", "b"]'), 9, "positions",
     "a stretch has either per_side or positions, not both"),
    (("hold = 20", "hold = 20\ncolour = 1"), 8, "colour",
     "unknown key (expected one of: id, name, areas, feel_it_in, cues, hold, reps, per_side, "
     "positions, level, caution, progressions, pose)"),
    (('cues = ["Roll slowly."]\n', ""), 1, "cues", "is missing"),
])
def test_stretch_problems_name_file_line_subject_and_key(
    tmp_path: Path, change: tuple[str, str], line: int, key: str, message: str
) -> None:
    path = write(tmp_path, GOOD_STRETCH.replace(*change), "stretches.toml")
    problem = only_problem(path)
    subject = "stretch 'cat-cow'" if "cat-cow" in change[1] else (
        "stretch 'Neck Roll'" if "Neck Roll" in change[1] else "stretch 'neck-roll'")
    assert str(problem) == f"{path}:{line}: {subject}, key {key!r}: {message}"


def test_a_stretch_id_used_twice_in_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_STRETCH + "\n" + GOOD_STRETCH, "stretches.toml")
    assert str(only_problem(path)) == (
        f"{path}:10: stretch 'neck-roll', key 'id': id 'neck-roll' is used twice in this file")


def test_stretches_shape_problem(tmp_path: Path) -> None:
    path = write(tmp_path, 'stretches = "all of them"\n', "stretches.toml")
    assert str(only_problem(path)) == f"{path}:1: file, key 'stretches': must be a list of tables"


# -- what is valid still loads; the broken file is never written over ------------------


BROKEN_AND_GOOD = """\
[[routines]]
name = "Good one"

[[routines.items]]
stretch = "cat-cow"

[[routines]]
name = "Bad one"

[[routines.items]]
stretch = "no-such-stretch"
"""


def test_loader_keeps_the_valid_routines_and_reports_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN_AND_GOOD)
    book = load_routines(LIBRARY, path)
    assert [r.name for r in book.user] == ["Good one"]
    assert [r.name for r in book.builtin] == [r.name for r in builtin_routines(LIBRARY)]
    assert [str(p) for p in book.problems] == [
        f"{path}:11: routine 'Bad one', item 1, key 'stretch': unknown stretch 'no-such-stretch'"]
    assert not book.writable


def test_a_file_that_does_not_parse_still_leaves_the_builtins(tmp_path: Path) -> None:
    path = write(tmp_path, "[[routines]\n")
    book = load_routines(LIBRARY, path)
    assert book.user == [] and len(book.builtin) >= 3 and len(book.problems) == 1


@pytest.mark.parametrize("text", [BROKEN_AND_GOOD, "[[routines]\n", "routines = 1\n"])
def test_a_file_that_failed_to_load_is_never_written_over(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        save_routine(path, LIBRARY, Routine("New", items=(RoutineItem("cat-cow"),)))
    assert str(caught.value).splitlines()[-1] == f"{path}: was not saved over: fix the problems above first"
    assert path.read_bytes() == before
    assert not path.with_name("routines.toml.bak").exists()


def test_library_keeps_builtins_and_valid_user_stretches(user_dirs: dict[str, Path]) -> None:
    bad = GOOD_STRETCH.replace('"neck-roll"', '"cat-cow"')
    other = GOOD_STRETCH.replace('"neck-roll"', '"side-reach"').replace("hold = 20", "hold = 0")
    user_dirs["data"].mkdir(parents=True)
    path = write(user_dirs["data"], GOOD_STRETCH + "\n" + bad + "\n" + other, "stretches.toml")
    library = load_library()
    assert set(library.stretches) == {*LIBRARY, "neck-roll"}
    assert library.stretches["cat-cow"] == LIBRARY["cat-cow"]  # the built-in wins
    assert [str(p) for p in library.problems] == [
        f"{path}:10: stretch 'cat-cow', key 'id': id 'cat-cow' is built in",
        f"{path}:23: stretch 'side-reach', key 'hold': must be between 1 and 3600, not 0",
    ]


def test_library_with_unparsable_user_file_is_the_builtins(user_dirs: dict[str, Path]) -> None:
    user_dirs["data"].mkdir(parents=True)
    write(user_dirs["data"], "[[stretches]\n", "stretches.toml")
    library = load_library()
    assert library.stretches == dict(LIBRARY) and len(library.problems) == 1


def test_a_routine_can_use_a_users_own_stretch(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    user_dirs["data"].mkdir(parents=True)
    write(user_dirs["data"], GOOD_STRETCH, "stretches.toml")
    library = load_library().stretches
    path = write(tmp_path, ITEM.format(stretch="neck-roll", extra=""))
    assert check_file(path, library) == []
    assert load_routines(library, path).user[0].items == (RoutineItem("neck-roll"),)


async def test_the_app_starts_with_what_is_valid_and_shows_the_problems(
    user_dirs: dict[str, Path], tmp_path: Path
) -> None:
    from stretchtui.tui.app import StretchApp

    path = write(tmp_path, BROKEN_AND_GOOD)
    user_dirs["data"].mkdir(parents=True)
    write(user_dirs["data"], "[[stretches]\n", "stretches.toml")
    app = StretchApp(routines_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Good one" in [r.name for r in app.catalog.routines]
        assert set(app.catalog.library) == set(LIBRARY)
        notes = list(app._notifications)
        assert len(notes) == 1 and notes[0].severity == "warning"
        assert "unknown stretch 'no-such-stretch'" in notes[0].message
        assert "stretches.toml:1:" in notes[0].message
    assert path.read_text() == BROKEN_AND_GOOD
