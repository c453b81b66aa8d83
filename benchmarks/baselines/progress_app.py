"""Baseline: Textual's default ProgressBar advanced at 10 Hz, as a naive hold screen would."""

from textual.app import App, ComposeResult
from textual.widgets import ProgressBar


class Progress(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressBar(total=400)

    def on_mount(self) -> None:
        self.set_interval(0.1, self.query_one(ProgressBar).advance)


if __name__ == "__main__":
    Progress().run()
