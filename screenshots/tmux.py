"""The README's tmux picture: `python screenshots/tmux.py` writes screenshots/tmux.svg.

A real tmux server set up with the README's recipes (the status segment in status-right, a
session in a 12-line split) has its client attached inside a pane of a second tmux server,
so that `capture-pane -e -p` of that pane reads the whole window as drawn, status line
included; Rich turns the captured text and colours into an SVG. It runs the `stretchtui`
beside this Python, with private, empty user folders, and needs tmux.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SIZE = (100, 30)
"""The window drawn, status line included."""


def tmux(socket: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["tmux", "-f", "/dev/null", "-L", socket, *args], capture_output=True,
                          text=True, env=env, check=False)
    return done.stdout


def wait_for(socket: str, target: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = tmux(socket, "capture-pane", "-p", "-t", target)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise SystemExit(f"{text!r} did not show in {target}:\n{shown}")


def capture(home: Path) -> str:
    """The drawn window as text with escape sequences."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "TERM": "xterm-256color", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
           "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("TMUX", None)
    inner, outer = f"stretchtui-shot-{uuid.uuid4().hex[:6]}", f"stretchtui-view-{uuid.uuid4().hex[:6]}"
    width, height = SIZE
    try:
        tmux(inner, "new-session", "-d", "-s", "work", "-n", "editor", "-x", str(width),
             "-y", str(height - 1), "env PS1='~/project $ ' bash --norc --noprofile -i", env=env)
        for option, value in [("status-right", "#(stretchtui status --tmux) "),
                              ("status-interval", "1"), ("status-right-length", "60"),
                              ("automatic-rename", "off")]:
            tmux(inner, "set-option", "-g", option, value)
        tmux(inner, "split-window", "-l", "12", "-t", "work", "stretchtui run desk", env=env)
        viewer = f"env -u TMUX tmux -f /dev/null -L {shlex.quote(inner)} attach -t work"
        tmux(outer, "new-session", "-d", "-s", "view", "-x", str(width), "-y", str(height), viewer,
             env=env)
        wait_for(inner, "work.1", "Reach For The Sky")
        time.sleep(7.5)  # into the first hold; the status line has caught up
        for command in ["stretchtui status",
                        "stretchtui status --format '{routine}: {stretch}, {left} left'"]:
            tmux(inner, "send-keys", "-t", "work.0", command, "Enter")
            time.sleep(0.8)
        return tmux(outer, "capture-pane", "-e", "-p", "-t", "view")
    finally:
        tmux(outer, "kill-server")
        tmux(inner, "kill-server")


def to_svg(captured: str, path: Path) -> None:
    from rich.console import Console
    from rich.text import Text

    width, height = SIZE
    console = Console(record=True, width=width, height=height, force_terminal=True,
                      color_system="truecolor", file=open(os.devnull, "w"))  # noqa: SIM115
    lines = captured.rstrip("\n").split("\n")[:height]
    console.print(Text("\n").join(Text.from_ansi(line, no_wrap=True) for line in lines), crop=True)
    path.write_text(console.export_svg(title="tmux: stretchtui status and a session in a split"))


def main() -> int:
    if not (BIN / "stretchtui").exists():
        print(f"stretchtui is not installed beside {sys.executable}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as home:
        captured = capture(Path(home))
    target = HERE / "tmux.svg"
    to_svg(captured, target)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
