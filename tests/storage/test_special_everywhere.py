"""A FIFO or a link to /dev/zero in place of any file stretchtui reads or appends to: one
answer at once (nothing, or one line), never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stretchtui.storage import reminding, status_cache
from stretchtui.storage.errors import StorageError
from stretchtui.storage.history import append_record


def special(path: Path, kind: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_history_is_not_appended_to_a_special_file(tmp_path: Path, kind: str) -> None:
    path = special(tmp_path / "history.jsonl", kind)
    with pytest.raises(StorageError, match="could not record the session"):
        append_record({"routine": "Desk"}, path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_reminders_runtime_files_read_as_nothing(tmp_path: Path, kind: str) -> None:
    special(tmp_path / reminding.PAUSE, kind)
    assert reminding.read_pause(str(tmp_path)) == 0.0


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_status_with_special_files_for_its_kept_answer_and_state(
    user_dirs: dict[str, Path], kind: str
) -> None:
    kept = status_cache.guess_file(os.environ)
    assert kept is not None
    special(Path(kept), kind)
    special(user_dirs["runtime"] / reminding.PAUSE, kind)
    special(user_dirs["runtime"] / f"{os.getpid()}.session", kind)
    done = subprocess.run([sys.executable, "-m", "stretchtui", "status"], capture_output=True, text=True,
                          timeout=30, env=dict(os.environ), stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and done.stdout.count("\n") == 1


def test_a_file_of_the_programs_own_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    """A state or cache file that is a link to another file: the save replaces the link;
    the file it pointed to is never written (nor, as root, a device: not tried here)."""
    from stretchtui.storage.write import atomic_write

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    linked = tmp_path / "linked"
    linked.symlink_to(victim)
    atomic_write(linked, "state", backup=False)
    assert victim.read_text() == "keep me" and not linked.is_symlink() and linked.read_text() == "state"


def test_a_users_file_linked_to_a_special_file_is_never_written(tmp_path: Path) -> None:
    from stretchtui.storage.write import atomic_write

    fifo = special(tmp_path / "dotfiles" / "routines.toml", "fifo")
    linked = tmp_path / "routines.toml"
    linked.symlink_to(fifo)
    with pytest.raises(StorageError, match="not a regular file"):
        atomic_write(linked, "[[routines]]\n", through_links=True)
    assert fifo.is_fifo()
