"""What tmux knows about the user: when each client last pressed a key, and which client
that was (where the popup shows). Only inside tmux ($TMUX), through the `tmux` command.

`status` asks every SAMPLE_S seconds, so the question is asked without `subprocess` (an
import that alone costs a third of Python's start-up): posix_spawn, a pipe and a deadline.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

QUERY_TIMEOUT_S = 2.0


def inside(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


def clients(env: Mapping[str, str]) -> list[tuple[float, str]] | None:
    """(last key press, epoch seconds; client name) of every client attached to this tmux
    server, newest first; None outside tmux or when tmux does not answer."""
    if not inside(env):
        return None
    output = ask(["tmux", "list-clients", "-F", "#{client_activity} #{client_name}"], env)
    if output is None:
        return None
    found = []
    for line in output.splitlines():
        activity, _, name = line.partition(" ")
        if activity.isdigit() and name:
            found.append((float(activity), name))
    return sorted(found, reverse=True)


def ask(argv: list[str], env: Mapping[str, str], timeout: float = QUERY_TIMEOUT_S) -> str | None:
    """The output of `argv` (no shell), or None when it fails, cannot start or takes longer
    than `timeout` (then it is killed)."""
    import select
    import signal
    import time

    read_end, write_end = os.pipe()
    try:
        pid = os.posix_spawnp(argv[0], argv, dict(env), file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, write_end, 1),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_CLOSE, read_end),
            (os.POSIX_SPAWN_CLOSE, write_end),
        ])
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    os.close(write_end)
    chunks, deadline, finished = [], time.monotonic() + timeout, True
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                finished = False
                break
            if select.select([read_end], [], [], left)[0]:
                data = os.read(read_end, 65_536)
                if not data:
                    break
                chunks.append(data)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if not finished or os.waitstatus_to_exitcode(status) != 0:
        return None
    return b"".join(chunks).decode("utf-8", "replace")


def popup(client: str, command: list[str], env: Mapping[str, str], *, width: int = 70,
          height: int = 22) -> bool:
    """Open `command` in a popup on `client` (in its current window), closed when it exits."""
    import shlex

    from stretchtui.services import programs

    return programs.start(["tmux", "display-popup", "-c", client, "-E", "-w", str(width), "-h",
                           str(height), shlex.join(command)], env)
