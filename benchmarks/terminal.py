"""Running a program under a pseudo-terminal of a given size, as a user's terminal would."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class PtyRun:
    output: bytearray
    chunks: list[tuple[float, int]]
    """(seconds from exec, length of output so far) after each read."""
    marker_at: float | None
    """Seconds from exec to the first output containing the marker."""
    status: int | None
    cpu: float
    """User + system seconds of the process."""
    max_rss_kb: int


def _spawn(argv: list[str], size: tuple[int, int], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child: its terminal gets the size before the program starts
        cols, rows = size
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(argv[0], argv, env)
    return pid, fd


def _read(fd: int, sink: bytearray, timeout: float) -> bool:
    """Read what is there within `timeout`; False once the terminal is closed."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    sink += data
    return bool(data)


def _proc_cpu(pid: int) -> float:
    """CPU seconds used so far by a live process (from /proc; Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def run_pty(
    argv: list[str],
    env: dict[str, str],
    *,
    size: tuple[int, int] = (80, 24),
    marker: bytes | None = None,
    quit_keys: bytes = b"\x11",
    timeout: float = 30.0,
    window: tuple[float, float] | None = None,
) -> tuple[PtyRun, dict[str, float]]:
    """Run argv in a pty. With `marker`: quit once it shows. With `window` (start, length):
    count bytes and CPU in that window of the process's life, then SIGTERM it."""
    output = bytearray()
    chunks: list[tuple[float, int]] = []
    extra: dict[str, float] = {}
    started = time.perf_counter()
    pid, fd = _spawn(argv, size, env)
    marker_at = None
    try:
        if window is not None:
            begin, length = window
            while time.perf_counter() - started < begin and _read(fd, output, 0.05):
                pass
            bytes_before, cpu_before, t0 = len(output), _proc_cpu(pid), time.perf_counter()
            while time.perf_counter() - t0 < length and _read(fd, output, 0.05):
                pass
            elapsed = time.perf_counter() - t0
            extra = {"bytes_per_s": (len(output) - bytes_before) / elapsed,
                     "cpu_percent": 100 * (_proc_cpu(pid) - cpu_before) / elapsed}
            os.kill(pid, signal.SIGTERM)
        else:
            while time.perf_counter() - started < timeout:
                if not _read(fd, output, 0.01):
                    break
                chunks.append((time.perf_counter() - started, len(output)))
                if marker and marker_at is None and marker in output:
                    marker_at = time.perf_counter() - started
                    os.write(fd, quit_keys)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and _read(fd, output, 0.05):
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    return PtyRun(output, chunks, marker_at, os.waitstatus_to_exitcode(status),
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss), extra




def startup(env: dict[str, str], argv: list[str], marker: bytes) -> float | None:
    run, _ = run_pty(argv, env, marker=marker)
    return run.marker_at




def _until_quiet(fd: int, sink: bytearray, quiet: float, limit: float) -> float | None:
    """Read until nothing arrives for `quiet` seconds (at most `limit`); the time of the
    last byte, or None if nothing came."""
    started = time.perf_counter()
    last = None
    while time.perf_counter() - started < limit:
        before = len(sink)
        if not _read(fd, sink, quiet):
            break
        if len(sink) == before:
            break
        last = time.perf_counter()
    return last


def key_costs(argv: list[str], env: dict[str, str], marker: bytes, key: bytes, presses: int,
              *, size: tuple[int, int] = (80, 24), quiet: float = 0.3) -> list[tuple[int, float]]:
    """For each of `presses` presses of `key` once the program is quiet after `marker`
    showed: (bytes written, seconds from the key to the last byte before it was quiet)."""
    pid, fd = _spawn(argv, size, env)
    output = bytearray()
    costs: list[tuple[int, float]] = []
    try:
        deadline = time.perf_counter() + 30
        while marker not in output and time.perf_counter() < deadline:
            if not _read(fd, output, 0.05):
                return costs
        _until_quiet(fd, output, quiet, 5.0)
        for _ in range(presses):
            before = len(output)
            sent = time.perf_counter()
            os.write(fd, key)
            last = _until_quiet(fd, output, quiet, 5.0)
            if last is not None:
                costs.append((len(output) - before, last - sent))
        os.write(fd, b"\x11")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return costs
