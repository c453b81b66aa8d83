"""The parsed-file cache: used while a file is unchanged, refreshed the moment it changes in
any way (size, times, inode), ignored whenever it is damaged or not ours, and never the
reason for a wrong answer or an exception."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtui.storage import paths, sealed, toml_cache
from stretchtui.storage.library import load_library, packaged_file
from stretchtui.storage.routines import load_routines
from stretchtui.storage.toml import read_toml

STRETCH = """[[stretches]]
id = "{id}"
name = "{name}"
areas = ["sides"]
feel_it_in = "Your sides."
cues = ["Lean over."]
hold = {hold}
"""


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once: tests cannot wait for their change times to age."""
    monkeypatch.setattr(sealed, "SETTLED_S", 0.0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts tomllib parsed, in order."""
    import tomllib

    seen: list[str] = []
    real = tomllib.loads

    def loads(text: str, **kwargs: object) -> dict[str, object]:
        seen.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tomllib, "loads", loads)
    return seen


def next_run() -> None:
    """Keep what this run parsed, and start the next run from the file alone."""
    toml_cache.save()
    toml_cache._loaded = None


def user_stretches(user_dirs: dict[str, Path], text: str) -> Path:
    user_dirs["data"].mkdir(parents=True, exist_ok=True)
    path = user_dirs["data"] / "stretches.toml"
    path.write_text(text)
    return path


def test_an_unchanged_file_is_not_parsed_again(
    user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    first = load_library()
    next_run()
    parses.clear()
    second = load_library()
    assert parses == [] and second.stretches == first.stretches
    assert second.stretches["side"].hold == (30, 30)


def test_a_change_of_the_same_size_is_seen(
    user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    path = user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    load_library()
    next_run()
    before = path.stat()
    path.write_text(STRETCH.format(id="side", name="Side", hold=45))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert path.stat().st_size == before.st_size
    assert load_library().stretches["side"].hold == (45, 45)
    assert any("hold = 45" in text for text in parses)


def test_a_change_that_keeps_the_modification_time_is_seen(
    user_dirs: dict[str, Path], settled: None
) -> None:
    path = user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    load_library()
    next_run()
    before = path.stat()
    path.write_text(STRETCH.format(id="side", name="Side bend", hold=30))  # a new size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time, put back
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert load_library().stretches["side"].name == "Side bend"
    next_run()
    path.write_text(STRETCH.format(id="side", name="Side bond", hold=30))  # same size and time
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only its change time differs
    assert load_library().stretches["side"].name == "Side bond"


def test_a_file_replaced_by_another_is_seen(user_dirs: dict[str, Path], settled: None) -> None:
    path = user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    load_library()
    next_run()
    other = path.with_name("new.toml")
    other.write_text(STRETCH.format(id="side", name="Edis", hold=30))
    os.utime(other, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    other.replace(path)  # as an editor saving by rename does
    assert load_library().stretches["side"].name == "Edis"


def test_a_file_changed_just_now_is_never_kept(user_dirs: dict[str, Path], parses: list[str]) -> None:
    """Timestamps are coarse: a second edit in the same tick would keep size and times."""
    user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    load_library()
    next_run()
    parses.clear()
    load_library()
    assert len(parses) == 1  # parsed again: it was too new to keep


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bit flipped", "other version", "empty",
                                    "wrong shape"])
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(
    damage: str, user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    load_library()
    next_run()
    cache = user_dirs["cache"] / toml_cache.FILE_NAME
    raw = cache.read_bytes()
    damaged = {
        "garbage": os.urandom(len(raw)),
        "truncated": raw[: len(raw) // 2],
        "bit flipped": raw[:-10] + bytes([raw[-10] ^ 0x04]) + raw[-9:],
        "other version": raw.replace(b"stretchtui-parsed 1", b"stretchtui-parsed 0", 1),
        "empty": b"",
        "wrong shape": toml_cache.HEADER + _framed(b"\xe9" + (7).to_bytes(4, "little")),
    }[damage]
    cache.write_bytes(damaged)
    parses.clear()
    library = load_library()
    assert library.stretches["side"].name == "Side" and library.problems == []
    assert any("Side" in text for text in parses)  # parsed again, not taken from the damage
    next_run()
    assert toml_cache.parse(cache.read_bytes()) is not None  # whole again


def _framed(body: bytes) -> bytes:
    import zlib

    return zlib.crc32(body).to_bytes(4, "big") + body


def test_a_kept_document_with_problems_still_names_their_lines(
    user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    text = STRETCH.format(id="side", name="Side", hold=30) + "\n" + STRETCH.format(
        id="bad", name="Bad", hold=0)
    path = user_stretches(user_dirs, text)
    first = [str(p) for p in load_library().problems]
    next_run()
    parses.clear()
    again = [str(p) for p in load_library().problems]
    assert parses == [] and again == first
    assert again == [f"{path}:15: stretch 'bad', key 'hold': must be between 1 and 3600, not 0"]


def test_what_a_caller_changes_is_not_kept(user_dirs: dict[str, Path], settled: None) -> None:
    path = user_stretches(user_dirs, STRETCH.format(id="side", name="Side", hold=30))
    data, _ = read_toml(path)
    data["stretches"].clear()
    assert read_toml(path)[0]["stretches"][0]["id"] == "side"
    next_run()
    read_toml(path)[0]["stretches"].clear()
    assert read_toml(path)[0]["stretches"][0]["id"] == "side"


def test_dates_which_marshal_cannot_keep_are_parsed_each_time(
    user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    path = user_stretches(user_dirs, "when = 2026-01-01\n")
    assert read_toml(path)[0]["when"].year == 2026
    next_run()
    parses.clear()
    assert read_toml(path)[0]["when"].year == 2026 and len(parses) == 1


def test_the_builtins_and_routines_come_from_the_cache_too(
    user_dirs: dict[str, Path], settled: None, parses: list[str]
) -> None:
    user_dirs["data"].mkdir(parents=True)
    (user_dirs["data"] / "routines.toml").write_text(
        '[[routines]]\nname = "Mine"\n[[routines.items]]\nstretch = "childs-pose"\n')
    library = load_library()
    load_routines(library.stretches)
    read_toml(packaged_file("stretches.toml"))
    next_run()
    parses.clear()
    book = load_routines(load_library().stretches)
    read_toml(packaged_file("stretches.toml"))
    assert parses == [] and [r.name for r in book.user] == ["Mine"]


def test_the_folders_are_kept_for_the_same_environment_only(
    user_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    load_library()
    next_run()
    assert toml_cache.folder("data") == str(user_dirs["data"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert toml_cache.folder("data") is None  # another environment: platformdirs is asked
    assert paths.data_dir() == tmp_path / "elsewhere" / "stretchtui"


def test_nothing_is_kept_where_platformdirs_would_not_look(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    monkeypatch.setattr(toml_cache, "guess_file", lambda env, name: "/nowhere/parsed")
    toml_cache._loaded = None
    load_library()
    toml_cache.save()
    assert not (user_dirs["cache"] / toml_cache.FILE_NAME).exists()


# -- the real program --------------------------------------------------------------------------

SLOW = {"textual", "rich", "argparse", "tomli_w", "tomllib", "platformdirs", "typing", "fcntl",
        "json", "importlib.resources"}


def run(*args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *python, "-m", "stretchtui", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("command", [["list"], ["check"]])
def test_a_second_list_or_check_imports_nothing_it_does_not_print(
    command: list[str], user_dirs: dict[str, Path]
) -> None:
    first = run(*command)
    result = run(*command, python=("-X", "importtime"))
    assert result.returncode == first.returncode == 0 and result.stdout == first.stdout
    assert "stretchtui.cli" in imported(result)
    assert not {name for name in imported(result)
                if name in SLOW or name.split(".")[0] in SLOW}

