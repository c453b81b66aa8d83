"""The save lock: bounded, named, and never a special file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes import LOCK_HOLDER, named, save_routine
from strategies import LIBRARY

from stretchtui.storage import write
from stretchtui.storage.errors import StorageError


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_special_file_in_place_of_the_lock_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "routines.toml"
    lock = tmp_path / "routines.toml.lock"
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "dev-zero":
        lock.symlink_to("/dev/zero")
    else:
        lock.mkdir()
    started = time.monotonic()
    with pytest.raises(StorageError) as refused:
        save_routine(path, LIBRARY, named("Mine"))
    assert time.monotonic() - started < 5
    assert "routines.toml.lock" in str(refused.value) and not path.exists()


def test_a_lock_held_too_long_names_its_holder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, named("First"))
    before = path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path / "routines.toml.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(write, "LOCK_WAIT_S", 0.3)
        started = time.monotonic()
        with pytest.raises(StorageError, match=rf"is being saved by process {holder.pid} "):
            save_routine(path, LIBRARY, named("Second"))
        assert time.monotonic() - started < 5
        assert path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    assert [r.name for r in save_routine(path, LIBRARY, named("Second"))] == ["First", "Second"]
    assert (tmp_path / "routines.toml.lock").read_text() == f"{os.getpid()}\n"
