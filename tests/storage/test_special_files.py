"""Files that are not what they seem: a FIFO, a symlink loop, a device, a byte-order mark.

Only regular files are read (links followed), never blocking, with one clear line for
anything else; `check` never says "ok" about a file it could not read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtui.storage.check import check_file
from stretchtui.storage.config import load_config
from stretchtui.storage.library import builtin_stretches, load_library, packaged_file
from stretchtui.storage.routines import load_routines

LIBRARY = builtin_stretches()
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretchtui", *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ.copy())


@pytest.fixture
def data(user_dirs: dict[str, Path]) -> Path:
    user_dirs["data"].mkdir(parents=True)
    user_dirs["config"].mkdir(parents=True)
    return user_dirs["data"]


@pytest.mark.parametrize("name", ["routines.toml", "stretches.toml", "config.toml"])
def test_a_fifo_in_place_of_a_file_never_blocks(user_dirs: dict[str, Path], data: Path, name: str) -> None:
    folder = user_dirs["config"] if name == "config.toml" else data
    fifo = folder / name
    os.mkfifo(fifo)
    checked = run("check")  # would hang for ever reading a FIFO
    assert checked.returncode == 1
    assert f"{fifo}: is a named pipe (FIFO), not a file; it was not read" in checked.stdout
    listed = run("list")
    assert listed.returncode == 0 and "Desk break" in listed.stdout
    if name != "config.toml":
        assert f"warning: {fifo}: is a named pipe (FIFO)" in listed.stderr


def test_the_app_loads_around_a_fifo(data: Path) -> None:
    os.mkfifo(data / "routines.toml")
    book = load_routines(LIBRARY, data / "routines.toml")
    assert [str(p) for p in book.problems] == [
        f"{data / 'routines.toml'}: is a named pipe (FIFO), not a file; it was not read"]
    assert not book.writable and book.builtin


def test_a_symlink_loop_is_a_problem_not_ok(data: Path) -> None:
    loop = data / "routines.toml"
    loop.symlink_to(loop)
    checked = run("check")
    assert checked.returncode == 1
    assert checked.stdout.strip() == f"{loop}: is a symbolic link that loops; it was not read"


def test_a_folder_in_place_of_the_config_is_one_line(user_dirs: dict[str, Path], data: Path) -> None:
    (user_dirs["config"] / "config.toml").mkdir()
    _, problems = load_config()
    assert [p.message for p in problems] == ["is a folder, not a file; it was not read"]


def test_a_byte_order_mark_is_accepted(data: Path) -> None:
    path = data / "stretches.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[[stretches]]\nid = "neck"\nname = "Neck"\nareas = ["upper back"]\n'
                     b'feel_it_in = "Neck."\ncues = ["Tilt."]\nhold = 20\n')
    library = load_library()
    assert library.problems == [] and library.stretches["neck"].name == "Neck"
    routines = data / "routines.toml"
    routines.write_bytes(b'\xef\xbb\xbf[[routines]]\nname = "Mine"\n[[routines.items]]\nstretch = "neck"\n')
    assert check_file(routines, library.stretches) == []


def test_the_shipped_starter_file_checks_ok_wherever_it_is(tmp_path: Path) -> None:
    copy = tmp_path / "routines.toml"
    shutil.copyfile(ROOT / "routines.toml", copy)  # not the packaged file itself: a copy
    assert check_file(copy, LIBRARY) == []
    assert run("check", str(copy)).stdout == f"ok: {copy}\n"
    changed = tmp_path / "mine.toml"
    changed.write_text(packaged_file("routines.toml").read_text().replace("Desk break", "desk BREAK!"))
    assert any("already called that" in str(p) for p in check_file(changed, LIBRARY))


def test_every_problem_of_an_item_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_text('[[routines]]\nname = "Mine"\n\n[[routines.items]]\nstretch = "nope"\nhold = 0\n'
                    'sides = "up"\n')
    assert sorted(p.key for p in check_file(path, LIBRARY)) == ["hold", "sides", "stretch"]


def test_a_missing_routines_option_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "routines.toml"
    listed = run("--routines", str(missing), "list")
    assert listed.returncode == 0 and "Desk break" in listed.stdout
    assert listed.stderr == (f"stretchtui: --routines {missing}: no such file (it will be created when "
                             "you save a routine)\n")
    checked = run("--routines", str(missing), "check")
    assert checked.returncode == 1 and f"{missing}: does not exist" in checked.stdout
