"""Baseline: the smallest Textual app, one Static. Startup and memory are measured against it."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("baseline-ready")


if __name__ == "__main__":
    Minimal().run()
