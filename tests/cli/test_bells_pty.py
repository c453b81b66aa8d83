"""The bells of the installed stretchtui as a terminal receives them: the raw BEL bytes of a
short routine, read from a pseudo-terminal with the time each arrived, against the pattern
(one bell as a hold starts, two to switch sides or positions, three at the end, and one in
each of a hold's last three seconds), at the times the Pilot test
(tests/ui/test_session_sound.py) hears them, within 0.15 s."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from fakes import EARS, EARS_RINGS, write_routines
from tmuxdriver import SIZED_BY_ENV, STRETCHTUI

OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
"""An operating system command (the window title): its BEL ends it, it is not a bell."""


def run_in_pty(
    command: list[str], env: dict[str, str], timeout: float
) -> tuple[bytes, list[tuple[int, float]]]:
    """Everything `command` writes to an 80x24 pseudo-terminal, and when each piece arrived
    (its offset in the output, monotonic seconds)."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env,
                               start_new_session=True)
    os.close(follower)
    output, arrivals = b"", []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the program ended and closed its side
                break
            if not chunk:
                break
            arrivals.append((len(output), time.monotonic()))
            output += chunk
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(leader)
    return output, arrivals


def bell_times(output: bytes, arrivals: list[tuple[int, float]]) -> list[float]:
    """When each BEL that is a bell (not the end of a title) arrived."""
    inside_osc = [range(*match.span()) for match in OSC.finditer(output)]
    times = []
    for offset in (match.start() for match in re.finditer(rb"\x07", output)):
        if any(offset in span for span in inside_osc):
            continue
        times.append(next(when for start, when in reversed(arrivals) if start <= offset))
    return times


@pytest.mark.skipif(STRETCHTUI is None, reason="stretchtui is not installed")
def test_the_terminal_receives_the_bell_pattern_of_a_routine(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    routines = write_routines(tmp_path / "routines.toml", EARS)
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    # No notification at the end: with `auto` and a plain xterm it would be one more bell.
    (user_dirs["config"] / "config.toml").write_text('notify = "off"\n')
    env = {key: value for key, value in os.environ.items()
           if key not in (*SIZED_BY_ENV, "TMUX", "SSH_CONNECTION", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    output, arrivals = run_in_pty([str(STRETCHTUI), "--routines", str(routines), "run", "Ears",
                                   "--no-summary"], env, timeout=60)
    assert b"Standing Side Bend" in output
    rings = bell_times(output, arrivals)
    assert len(rings) == len(EARS_RINGS), f"{len(rings)} bells: {[round(t - rings[0], 2) for t in rings]}"
    # The program's clock starts when its first screen is up: measure from the first bell.
    heard = [round(t - rings[0], 2) for t in rings]
    planned = [t - EARS_RINGS[0] for t in EARS_RINGS]
    late = [round(h - p, 2) for h, p in zip(heard, planned, strict=True)]
    assert all(-0.15 <= gap <= 0.15 for gap in late), f"heard {heard}, planned {planned}"
