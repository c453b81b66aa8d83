"""`[hooks]`: the user's commands run on events (a session starts or ends, a stretch is due,
a reminder is snoozed or skipped), each given the event as one JSON object on stdin.

A hook runs in a thread of its own, so a slow one never stalls the app; it is stopped after
`programs.TIMEOUT_S`; its failure is reported once per event kind (`report`) and never
stops anything.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from stretchtui.services import programs


def iso(epoch: float | None) -> str | None:
    """Local time with its offset, as the history writes it."""
    if epoch is None:
        return None
    from stretchtui.core.records import local_time

    return local_time(epoch).isoformat(timespec="seconds")


def event_json(event: str, now: float, data: Mapping[str, object]) -> bytes:
    """The hook's stdin: `{"event": "end", "time": "...", ...}` and a newline."""
    return (json.dumps({"event": event.removeprefix("on_"), "time": iso(now), **data},
                       ensure_ascii=False) + "\n").encode()


class Hooks:
    """The `[hooks]` of the config, ready to fire."""

    def __init__(self, commands: Mapping[str, Sequence[str]], *,
                 report: Callable[[str], None] = lambda line: None,
                 wall_clock: Callable[[], float] = time.time,
                 timeout: float = programs.TIMEOUT_S) -> None:
        self.commands = {event: tuple(command) for event, command in commands.items() if command}
        self.report = report
        """Called once per event kind whose hook failed, with one line (from the hook's thread)."""
        self.wall_clock = wall_clock
        self.timeout = timeout
        self._reported: set[str] = set()
        self._failures: dict[str, str] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def fire(self, event: str, **data: object) -> threading.Thread | None:
        """Run the hook of `event` in the background; None when there is none."""
        command = self.commands.get(event)
        if not command:
            return None
        payload = event_json(event, self.wall_clock(), data)

        def work() -> None:
            finished = programs.run(command, stdin=payload, timeout=self.timeout)
            if not finished.ok:
                self._failed(event, finished.failure)

        thread = threading.Thread(target=work, name=f"hook {event}", daemon=True)
        with self._lock:
            self._threads = [alive for alive in self._threads if alive.is_alive()]
            self._threads.append(thread)
        thread.start()
        return thread

    def run(self, event: str, **data: object) -> str | None:
        """Run the hook of `event` and wait for it (bounded): its failure line, else None."""
        thread = self.fire(event, **data)
        if thread is not None:
            thread.join()
        with self._lock:
            return self._failures.pop(event, None)

    def settle(self, timeout: float = 2.0) -> None:
        """Give running hooks up to `timeout` seconds to finish (the app is exiting)."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))

    def _failed(self, event: str, reason: str) -> None:
        with self._lock:
            self._failures[event] = reason
            if event in self._reported:
                return
            self._reported.add(event)
        self.report(f"Hook {event} failed ({reason}); stretchtui carries on without it.")
