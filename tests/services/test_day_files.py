"""What reminders share between processes: small files in the runtime folder that a broken,
stale or missing copy never turns into a crash; and the tmux question, bounded in time."""

from __future__ import annotations

import os
import time
from pathlib import Path

from stretchtui.core.day import Presence
from stretchtui.services.tmux import ask, clients
from stretchtui.storage import reminding


def test_files_round_trip_and_broken_ones_read_as_nothing(tmp_path: Path) -> None:
    folder = str(tmp_path / "runtime")
    assert reminding.read_pause(folder) == 0.0 and reminding.read_presence(folder) is None
    assert reminding.write_pause(folder, 1234.5) and reminding.read_pause(folder) == 1234.5
    assert reminding.write_presence(folder, Presence(1.0, 2.0, 3.0))
    assert reminding.read_presence(folder) == Presence(1.0, 2.0, 3.0)
    assert os.stat(folder).st_mode & 0o777 == 0o700 and os.listdir(folder) == ["pause", "presence"]
    header = b"stretchtui-pause 1\n"
    for garbage in (b"", header + b"until=soon\nend\n", b"\xff\xfe", header + b"until=nan\nend\n",
                    header + b"until=1e999\nend\n", header + b"until=5\n"):
        (tmp_path / "runtime" / "pause").write_bytes(garbage)
        assert reminding.read_pause(folder) == 0.0, garbage
    assert reminding.clear_pause(folder) and not reminding.clear_pause(folder)
    (tmp_path / "file").write_text("")
    assert not reminding.write_pause(str(tmp_path / "file"), 1.0)  # not a folder: False, no raise


def test_a_due_time_is_claimed_once(tmp_path: Path) -> None:
    folder = str(tmp_path / "runtime")
    assert reminding.claim(folder, 1000.0)
    assert not reminding.claim(folder, 1000.0)  # another client's status: no second popup
    assert reminding.claim(folder, 5000.0)
    assert sorted(os.listdir(folder)) == ["announced-5000"]


def test_asking_tmux_is_bounded_and_never_raises(tmp_path: Path) -> None:
    env = dict(os.environ)
    assert ask(["sh", "-c", "echo 12 /dev/pts/1"], env) == "12 /dev/pts/1\n"
    assert ask([str(tmp_path / "no-such-program")], env) is None
    assert ask(["sh", "-c", "exit 1"], env) is None
    started = time.monotonic()
    assert ask(["sleep", "30"], env, timeout=0.3) is None  # killed at its deadline
    assert time.monotonic() - started < 10
    assert clients({}) is None  # outside tmux nobody is asked
