"""Storage under attack: killed saves, two writers, hostile files, no permission, full disks.

The short variants run in CI; the long ones are marked `slow` (run with --run-slow).
Each test prints its figures (`pytest -s` shows them) for the README's Reliability section.
"""

from __future__ import annotations

import errno
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import named, save_routine
from storage_child import version

from stretchtui.core.model import Routine, RoutineItem
from stretchtui.storage.check import check_file
from stretchtui.storage.config import save_config
from stretchtui.storage.errors import StorageError
from stretchtui.storage.library import builtin_stretches, load_library
from stretchtui.storage.routines import load_routines
from stretchtui.storage.toml import read_toml

LIBRARY = builtin_stretches()
CHILD = Path(__file__).with_name("storage_child.py")


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def version_number(routines: list[Routine]) -> int:
    """Which version of storage_child.version() a loaded file is (and that it is one exactly)."""
    number = int(routines[0].name.removeprefix("Version "))
    assert routines == version(number)
    return number


# -- crash-safe saves ----------------------------------------------------------------


@pytest.mark.parametrize("kills", [100, pytest.param(1000, marks=pytest.mark.slow)])
def test_saves_killed_at_random_moments_leave_the_old_or_the_new_file(tmp_path: Path, kills: int) -> None:
    """SIGKILL a process saving in a loop, `kills` times; the file is always one whole version."""
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, version(0)[0])
    save_routine(path, LIBRARY, version(0)[1])
    on_disk, start = 0, 1
    rng = random.Random()
    mid_write = saves_begun = 0
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, str(CHILD), "loop", str(path), str(start)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.03))
        child.kill()
        child.wait(timeout=30)
        begun = [int(line) for line in child.stdout.read().split()]
        child.stdout.close()
        saves_begun += len(begun)
        mid_write += bool(temporaries(tmp_path))

        book = load_routines(LIBRARY, path)  # the next start
        assert book.problems == [], [str(p) for p in book.problems]
        number = version_number(book.user)
        if begun:
            allowed = {begun[-1], begun[-2] if len(begun) > 1 else on_disk}
            start = begun[-1] + 1
        else:
            allowed = {on_disk}
        assert number in allowed
        assert temporaries(tmp_path) == []  # leftovers removed at the next start
        assert check_file(path.with_name("routines.toml.bak"), LIBRARY) == []
        on_disk = number
    print(f"\ncrash-safe saves: {kills} kills survived, {saves_begun} saves begun, "
          f"{mid_write} kills left a half-done save behind")
    assert mid_write > 0  # the kills really did land in the middle of saves


# -- two instances -------------------------------------------------------------------


@pytest.mark.parametrize(("writers", "each"), [(2, 200), pytest.param(4, 500, marks=pytest.mark.slow)])
def test_processes_saving_to_the_same_file_lose_nothing(tmp_path: Path, writers: int, each: int) -> None:
    path = tmp_path / "routines.toml"
    prefixes = [f"Writer {chr(ord('A') + n)}" for n in range(writers)]
    children = [subprocess.Popen([sys.executable, str(CHILD), "many", str(path), prefix, str(each)],
                                 stderr=subprocess.PIPE, text=True) for prefix in prefixes]
    for child in children:
        _, error = child.communicate(timeout=600)
        assert child.returncode == 0, error
    book = load_routines(LIBRARY, path)
    names = [r.name for r in book.user]
    assert book.problems == [] and len(names) == writers * each
    for prefix in prefixes:  # every update kept, each writer's in its own order
        assert [n for n in names if n.startswith(prefix)] == [f"{prefix} {i}" for i in range(1, each + 1)]
    print(f"\ntwo instances: {writers} processes x {each} saves, {len(names)} of {writers * each} kept")


# -- hostile files -------------------------------------------------------------------


def timed_problem(path: Path, limit: float = 30.0) -> str:
    """The one problem `check` finds in `path`, found within `limit` seconds: a guard
    against a hang (a device read for ever, a quadratic pass), not a speed figure, so
    the bound is wide enough for a machine whose cores are busy."""
    begin = time.perf_counter()
    problems = check_file(path, LIBRARY)
    assert time.perf_counter() - begin < limit
    assert len(problems) == 1, [str(p) for p in problems[:3]]
    line = str(problems[0])
    assert "\n" not in line and line.startswith(f"{path}")
    return line.removeprefix(str(path))


ONE_ITEM = '\n[[routines.items]]\nstretch = "cat-cow"\n'
"""One valid item, for routines whose other problems a test is about."""


@pytest.mark.parametrize(("content", "expected"), [
    (lambda: os.urandom(1_000_000), r":\d+: is not UTF-8 text \(byte 0x[89a-f][0-9a-f]\)$"),
    (lambda: b"\xff\xfe[\x00[\x00", r":1: is not UTF-8 text \(byte 0xff\)$"),
    (lambda: b"# " + b"x" * 10_000_000, r": is too large \(10.0 MB; at most 5 MB\)$"),
    (lambda: b"a = " + b"[" * 400_000 + b"]" * 400_000, ": is nested too deeply"),
    (lambda: b"a = " + b"{b = " * 150_000 + b"1" + b"}" * 150_000, ": is nested too deeply"),
    (lambda: b"[" + b"a." * 400_000 + b"a]\n", ":1: is nested too deeply"),
    (lambda: b"x = 1\n" + b"a" + b".a" * 400_000 + b" = 1\n", ":2: is nested too deeply"),
    # a megabyte line that looks like a table header to the line finder
    (lambda: b'x = """\n[' + b" " * 900_000 + b"x\n" + b'"""\n', ": has neither"),
    (lambda: b"x = [\n[1," + b" " * 900_000 + b"\n2]]\n", ": has neither"),
    (lambda: b'[[routines]]\nname = "' + b"n" * 900_000 + b'"\n' + ONE_ITEM.encode(), ":2: routine 'nnnn"),
    (lambda: b"a" * 999_000, ":1:999001: Expected '=' after a key"),
])
def test_hostile_files_give_one_clear_line_quickly(tmp_path: Path, content, expected: str) -> None:
    path = tmp_path / "routines.toml"
    path.write_bytes(content())
    assert re.match(expected, timed_problem(path))


def test_a_device_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.symlink_to("/dev/zero")
    assert timed_problem(path) == ": is a device, not a file; it was not read"


def test_a_routine_with_ten_thousand_items_is_refused_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    items = "".join('\n[[routines.items]]\nstretch = "cat-cow"\n' for _ in range(10_000))
    path.write_text(f'[[routines]]\nname = "Huge"\n{items}\n[[routines]]\nname = "Small"\n{ONE_ITEM}')
    assert timed_problem(path) == ":4: routine 'Huge', key 'items': has 10000 items, at most 500"
    book = load_routines(LIBRARY, path)
    assert [r.name for r in book.user] == ["Small"]


def test_thousands_of_problems_are_reported_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_text("".join(f'[[routines]]\nname = "R{n}"\nrest = -1\n{ONE_ITEM}' for n in range(20_000)))
    begin = time.perf_counter()
    problems = check_file(path, LIBRARY)
    assert time.perf_counter() - begin < 60  # a hang guard (quadratic would take hours)
    assert len(problems) == 20_000 and str(problems[-1]).startswith(f"{path}:119997: routine 'R19999'")


@pytest.mark.parametrize(("name", "shown"), [
    ("Clear\\u001b[2J", "'Clear\\x1b[2J'"),
    ("Bell\\u0007", "'Bell\\x07'"),
    ("Two\\nlines", "'Two\\nlines'"),
    ("Csi\\u009b31m", "'Csi\\x9b31m'"),
    ("Line\\u2028break", "'Line\\u2028break'"),
    ("Flip\\u202eesrever", "'Flip\\u202eesrever'"),
])
def test_names_with_control_characters_are_refused_and_shown_escaped(
    tmp_path: Path, name: str, shown: str
) -> None:
    path = tmp_path / "routines.toml"
    path.write_text(f'[[routines]]\nname = "{name}"\n{ONE_ITEM}')
    line = timed_problem(path)
    assert line == f":2: routine {shown}, key 'name': contains control characters"
    assert line.isprintable()


MARKUP = "[bold red]Loud[/] [link=https://example.com]x[/link] \\[escaped] [/]"
MARKUP_TOML = MARKUP.replace("\\", "\\\\")


def hostile_user_files(data: Path, routines: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "stretches.toml").write_text(
        f'[[stretches]]\nid = "markup"\nname = "{MARKUP_TOML}"\nareas = ["sides"]\n'
        f'feel_it_in = "[b]x[/b]"\ncues = ["[i]cue[/i]"]\nhold = 20\n')
    routines.write_text(f'[[routines]]\nname = "{MARKUP_TOML}"\n\n[[routines.items]]\nstretch = "markup"\n')


def test_markup_in_names_loads_literally(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    routines = tmp_path / "routines.toml"
    hostile_user_files(user_dirs["data"], routines)
    library = load_library()
    assert library.problems == [] and library.stretches["markup"].name == MARKUP
    assert load_routines(library.stretches, routines).user[0].name == MARKUP
    result = subprocess.run([sys.executable, "-m", "stretchtui", "--routines", str(routines), "list"],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.count(MARKUP) == 2 and result.stderr == ""


async def test_markup_in_names_is_displayed_as_typed(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    from textual.widgets import Static

    from stretchtui.tui.app import StretchApp
    from stretchtui.tui.widgets.library_tree import LibraryTree

    routines = tmp_path / "routines.toml"
    hostile_user_files(user_dirs["data"], routines)
    app = StretchApp(routines_path=routines)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(LibraryTree)
        labels = [leaf.label.plain for group in tree.root.children for leaf in group.children]
        assert labels.count(MARKUP) == 2  # the routine and the stretch
        tree.select_entry(app.catalog.library["markup"])
        await pilot.pause()
        shown = [str(static.render()) for static in app.screen.query(Static)]
        assert MARKUP in shown and "[b]x[/b]" in "\n".join(shown)


# -- no permission, full disk --------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[Path]:
    """A routines file with two saves behind it (so a .bak exists)."""
    path = tmp_path / "data" / "routines.toml"
    save_routine(path, LIBRARY, Routine("First", items=(RoutineItem("cat-cow"),)))
    save_routine(path, LIBRARY, named("Second"))
    yield path


def assert_refused_and_intact(path: Path, message: str) -> None:
    before = path.read_bytes(), path.with_name("routines.toml.bak").read_bytes()
    with pytest.raises(StorageError) as caught:
        save_routine(path, LIBRARY, named("Third"))
    assert str(caught.value) == f"{path}: could not be saved ({message}); the file on disk is unchanged"
    assert (path.read_bytes(), path.with_name("routines.toml.bak").read_bytes()) == before
    assert temporaries(path.parent) == []
    assert [r.name for r in load_routines(LIBRARY, path).user] == ["First", "Second"]


def refuse_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make creating or opening files for writing in `folder` fail with `code`.

    The only way to take write permission from root (who runs CI here); for anyone else
    the folder is made read-only for real as well.
    """
    real_os_open, real_open = os.open, open

    def inside(file: object) -> bool:
        return isinstance(file, str | os.PathLike) and Path(file).parent == folder

    def os_open(file: str, flags: int, *args: int, **kwargs: object) -> int:
        if inside(file) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(file))
        return real_os_open(file, flags, *args, **kwargs)

    def builtin_open(file: object, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if inside(file) and any(flag in mode for flag in "wax+"):
            raise OSError(code, os.strerror(code), str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr("builtins.open", builtin_open)


def test_an_unwritable_data_folder(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved.with_name("routines.toml.lock").unlink()  # as if made by someone else, before us
    saved.parent.chmod(0o555)
    try:
        refuse_writes_in(monkeypatch, saved.parent, errno.EACCES)
        assert_refused_and_intact(saved, "Permission denied")
    finally:
        saved.parent.chmod(0o755)


def test_an_unwritable_routines_file_in_a_writable_folder_is_replaced_whole(saved: Path) -> None:
    saved.chmod(0o444)  # a rename needs the folder's permission, not the file's
    assert [r.name for r in save_routine(saved, LIBRARY, named("Third"))] == ["First", "Second", "Third"]


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    path = tmp_path / "data" / "routines.toml"
    with pytest.raises(StorageError, match=r"could not be saved .*; the file on disk is unchanged"):
        save_routine(path, LIBRARY, named("Mine"))
    book = load_routines(LIBRARY, path)
    assert [str(p) for p in book.problems] == [f"{path}: cannot be read: Not a directory"]
    assert (tmp_path / "data").read_text() == "not a folder"


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_the_old_file(saved: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    """ENOSPC from the write (simulated through os.fdopen's file), the fsync or the rename."""
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real_fdopen = os.fdopen

    class FullFile:
        """The temporary file of a save, on a disk with no room left."""

        def __init__(self, descriptor: int, *args: object, **kwargs: object) -> None:
            self.handle = real_fdopen(descriptor, *args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> FullFile:
            return self

        def __exit__(self, *_: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise full

    def refuse(*_: object) -> None:
        raise full

    with monkeypatch.context() as patched:  # undoes only this, never the isolation
        patched.setattr(os, "fdopen" if failing == "write" else failing,
                        FullFile if failing == "write" else refuse)
        assert_refused_and_intact(saved, "No space left on device")
    assert [r.name for r in save_routine(saved, LIBRARY, named("Third"))][-1] == "Third"


@pytest.fixture
def tiny_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs, where the disk really fills (needs root and mount rights)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (the simulated full-disk tests still run)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_leaves_the_old_file(tiny_filesystem: Path) -> None:
    path = tiny_filesystem / "routines.toml"
    save_routine(path, LIBRARY, Routine("First", items=(RoutineItem("cat-cow"),)))
    save_routine(path, LIBRARY, named("Second"))
    with open(tiny_filesystem / "filler", "wb", buffering=0) as filler:  # fill the disk up
        try:
            while True:
                filler.write(b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    assert_refused_and_intact(path, "No space left on device")


def test_a_remounted_read_only_filesystem(tiny_filesystem: Path) -> None:
    path = tiny_filesystem / "routines.toml"
    save_routine(path, LIBRARY, Routine("First", items=(RoutineItem("cat-cow"),)))
    save_routine(path, LIBRARY, named("Second"))
    done = subprocess.run(["mount", "-o", "remount,ro", str(tiny_filesystem)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot remount read-only here")
    assert_refused_and_intact(path, "Read-only file system")


def test_config_in_an_unwritable_folder_is_a_storage_error(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    user_dirs["config"].mkdir(parents=True)
    refuse_writes_in(monkeypatch, user_dirs["config"], errno.EACCES)
    with pytest.raises(StorageError, match="could not be saved \\(Permission denied\\)"):
        save_config({"theme": "nord"})


def test_config_nested_deeper_than_can_be_written_back_never_crashes(user_dirs: dict[str, Path]) -> None:
    """tomllib reads arrays nested a little deeper than tomli_w can write: no RecursionError."""
    user_dirs["config"].mkdir(parents=True)
    path = user_dirs["config"] / "config.toml"

    def nested(depth: int) -> str:
        return "deep = " + "[" * depth + "]" * depth + "\n"

    depth = 10
    while depth < 2000:  # the deepest file this interpreter's stack can read
        path.write_text(nested(depth + 10))
        try:
            read_toml(path)
        except StorageError:
            break
        depth += 10
    path.write_text(nested(depth))
    try:
        save_config({"theme": "nord"})
    except StorageError as error:
        assert str(error) == f"{path}: holds values too deeply nested to write back; not changed"
        assert path.read_text() == nested(depth)
    else:
        assert read_toml(path)[0]["theme"] == "nord"
