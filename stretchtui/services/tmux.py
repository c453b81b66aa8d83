"""What tmux knows about the user: when each client last pressed a key, and which client
that was (where the popup shows). Only inside tmux ($TMUX), through the `tmux` command."""

from __future__ import annotations

from collections.abc import Mapping

from stretchtui.services import programs

QUERY_TIMEOUT_S = 2.0


def inside(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


def clients(env: Mapping[str, str]) -> list[tuple[float, str]] | None:
    """(last key press, epoch seconds; client name) of every client attached to this tmux
    server, newest first; None outside tmux or when tmux does not answer."""
    if not inside(env):
        return None
    finished = programs.run(["tmux", "list-clients", "-F", "#{client_activity} #{client_name}"],
                            timeout=QUERY_TIMEOUT_S, env=env)
    if not finished.ok:
        return None
    found = []
    for line in finished.output.splitlines():
        activity, _, name = line.partition(" ")
        if activity.isdigit() and name:
            found.append((float(activity), name))
    return sorted(found, reverse=True)


def popup(client: str, command: list[str], env: Mapping[str, str], *, width: int = 70,
          height: int = 22) -> bool:
    """Open `command` in a popup on `client` (in its current window), closed when it exits."""
    import shlex

    return programs.start(["tmux", "display-popup", "-c", client, "-E", "-w", str(width), "-h",
                           str(height), shlex.join(command)], env)
