"""The save lock: bounded, named, and never a special file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes import lock_held, named, save_routine
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
    with lock_held(tmp_path / "routines.toml.lock") as holder:
        monkeypatch.setattr(write, "LOCK_WAIT_S", 0.3)
        started = time.monotonic()
        with pytest.raises(StorageError, match=rf"is being saved by process {holder.pid} "):
            save_routine(path, LIBRARY, named("Second"))
        assert time.monotonic() - started < 5
        assert path.read_bytes() == before
    assert [r.name for r in save_routine(path, LIBRARY, named("Second"))] == ["First", "Second"]
    assert (tmp_path / "routines.toml.lock").read_text() == f"{os.getpid()}\n"


BUSY_SAVER = """
import fcntl, os, sys, time
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
print("saving", flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:  # saves back to back, as a loop of saves would
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\\n".encode(), 0)
    time.sleep(0.05)
    fcntl.flock(descriptor, fcntl.LOCK_UN)
"""


def test_a_lock_that_keeps_changing_hands_is_waited_for(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process saving back to back for 1.5 s holds the lock nearly all the time, but
    # never for long: the wait (0.3 s here) is for one holder, so this save waits its turn.
    path = tmp_path / "routines.toml"
    save_routine(path, LIBRARY, named("First"))
    saver = subprocess.Popen([sys.executable, "-c", BUSY_SAVER, str(tmp_path / "routines.toml.lock"), "1.5"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert saver.stdout is not None and saver.stdout.readline() == "saving\n"
        monkeypatch.setattr(write, "LOCK_WAIT_S", 0.3)
        assert [r.name for r in save_routine(path, LIBRARY, named("Second"))] == ["First", "Second"]
    finally:
        saver.kill()
        saver.wait()
