"""The full-screen guided session: what to do now, how long is left, what comes next."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from stretchtui.keys import key_for
from stretchtui.model import format_duration, position_name
from stretchtui.plan import Step, StepKind
from stretchtui.timeline import ADJUST_STEP, Session, whole_seconds
from stretchtui.widgets.countdown import Countdown
from stretchtui.widgets.hold_bar import HoldBar

REFRESH_SECONDS = 0.1
"""How often the view checks the clock; it redraws only what changed."""


class SessionScreen(Screen[bool]):
    """Shows one Session; dismisses with True when completed, False when stopped.

    The Session is deadline-based and owned by the caller, so a modal on top or a late
    refresh never loses time: each tick reads the clock and redraws only what changed.
    """

    CSS_PATH = ["../widgets/hold_bar.tcss", "../widgets/countdown.tcss", "session.tcss"]
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("q", "stop", "Stop"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Prev"),
        Binding("r", "restart", "Restart"),
        Binding("plus,equals_sign", "adjust(1)", "+5s", key_display="+"),
        Binding("minus", "adjust(-1)", "-5s", key_display="-"),
        Binding("m", "toggle_bell", "Bell"),
        Binding("ctrl+z", "app.suspend_process", "Suspend", show=False),
    ]

    def __init__(self, session: Session, *, bell: bool = True) -> None:
        super().__init__()
        self.session = session
        self.bell = bell
        self._shown: dict[str, object] = {}
        self._ended = False

    def compose(self) -> ComposeResult:
        with Vertical(id="body"):
            yield Static(id="overall", markup=False)
            yield Static(id="title", markup=False)
            yield Static(id="detail", markup=False)
            yield Countdown(id="digits")
            yield Static(id="time", markup=False)
            yield HoldBar(id="bar")
            yield Static(id="status", markup=False)
            yield Static(id="next", markup=False)
            yield Static(id="cues", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._timer = self.app.set_interval(REFRESH_SECONDS, self.tick)
        self.app.app_suspend_signal.subscribe(self, self._on_suspend, immediate=True)
        self.app.app_resume_signal.subscribe(self, self._on_resume, immediate=True)
        self.tick()

    def on_unmount(self) -> None:
        self._timer.stop()
        self.app.app_suspend_signal.unsubscribe(self)
        self.app.app_resume_signal.unsubscribe(self)

    def _on_suspend(self, _: object) -> None:
        """Freeze the moment ctrl+z is pressed, so no seconds pass while stopped."""
        self.session.pause()

    def _on_resume(self, _: object) -> None:
        """Back from `fg`: stay paused (the user presses space) and repaint everything."""
        self.app.refresh(repaint=True, layout=True)
        self.tick()

    # -- the clock -----------------------------------------------------------------------

    def tick(self) -> None:
        """Advance the session to the clock, announce new steps and redraw what changed."""
        if self._ended:
            return  # dismissed; the timer stops when the screen unmounts
        entered = self.session.update()
        if entered and self.bell:
            self.app.bell()
        self._draw()
        if self.session.finished and not self._ended:
            stack = self.app.screen_stack
            above = stack[stack.index(self) + 1 :] if self in stack else []
            if not all(isinstance(screen, ModalScreen) for screen in above):
                return  # e.g. the builder is open on top: finish when we are shown again
            self._ended = True
            if above:
                # A question, help or the palette is moot now the session is over, and
                # dismiss() pops the top screen, so close those first.
                self.pop_until_active()
            self.dismiss(self.session.completed)

    def on_screen_resume(self) -> None:
        self.tick()

    def _set(self, key: str, value: object) -> bool:
        """Remember what is shown; True when it changed and needs drawing."""
        if self._shown.get(key) == value:
            return False
        self._shown[key] = value
        return True

    def _draw(self) -> None:
        """Redraw only what changed: over SSH every repainted cell costs bytes.

        The countdown, the bar and the overall line all move on the whole second, so a
        hold costs one small frame a second.
        """
        session = self.session
        step = session.step
        left = session.remaining_whole
        step_changed = self._set("step", (session.index, session.paused))
        if step_changed:
            self._draw_step()
        if self._set("left", (session.index, left)):
            clock = format_duration(left)
            self.query_one(Countdown).update(clock)
            self.query_one("#time", Static).update(f"{clock}  {step.title}")
            self.query_one(HoldBar).fraction = session.fraction
        overall = f"step {session.index + 1} of {len(session.plan.steps)} · {_time_left(session)}"
        if self._set("overall", overall):
            self.query_one("#overall", Static).update(overall)

    def _draw_step(self) -> None:
        session = self.session
        step = session.step
        title = self.query_one("#title", Static)
        title.update(step.title)
        for kind in StepKind:
            title.set_class(step.kind is kind, f"-{kind.name.lower()}")
        detail = step.detail
        if step.progression:
            detail = f"{detail} · {step.progression.split(':', 1)[0]}"
        self.query_one("#detail", Static).update(detail)
        following = session.next_step
        self.query_one("#next", Static).update(
            f"Next: {_describe(following)} ({following.duration} s)" if following else "Next: done"
        )
        self.query_one("#status", Static).update(
            f"Paused: {key_for(self, 'pause')} resumes" if session.paused else ""
        )
        self.set_class(session.paused, "-paused")
        stretch = step.stretch
        lines: list[str] = []
        if stretch is not None:
            if step.position:
                lines.append(f"Now: {step.position}")
            if step.progression:
                lines.append(f"Level: {step.progression}")
            lines += [f"• {cue}" for cue in stretch.cues]
            lines.append(f"Feel it in: {stretch.feel_it_in}")
            if stretch.caution:
                lines.append(f"Caution: {stretch.caution}")
        self.query_one("#cues", Static).update("\n".join(lines))

    # -- keys --------------------------------------------------------------------------

    def _control(self) -> None:
        """After a key: redraw the step (its length or state may have changed)."""
        self._shown.pop("step", None)
        self.tick()

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self._control()

    def action_next(self) -> None:
        self.session.next()
        self._control()

    def action_previous(self) -> None:
        self.session.previous()
        self._control()

    def action_restart(self) -> None:
        self.session.restart()
        self._control()

    def action_adjust(self, sign: int) -> None:
        self.session.adjust(sign * ADJUST_STEP)
        self._control()

    def action_toggle_bell(self) -> None:
        self.bell = not self.bell
        self.notify("Bell on" if self.bell else "Bell off", timeout=2)

    def action_stop(self) -> None:
        from stretchtui.screens.confirm import ConfirmScreen

        def answered(stop: bool | None) -> None:
            if stop:
                self.session.stop()
                self.tick()

        self.app.push_screen(ConfirmScreen("Stop this session?", "Stop", "Keep going"), answered)


def _time_left(session: Session) -> str:
    """The session's time left to the minute: the countdown above has the seconds, and a
    line that changes once a minute costs nothing over SSH."""
    left = whole_seconds(session.session_left)
    return f"{math.ceil(left / 60)} min left" if left > 60 else "under a minute left"


def _describe(step: Step) -> str:
    """A step in a few words, for the "Next:" line."""
    if step.kind is StepKind.TRANSITION and step.stretch is not None:
        return f"get into {step.stretch.name}"
    if step.kind is StepKind.HOLD:
        part = (step.side and f"{step.side} side") or (step.position and position_name(step.position))
        return f"{step.title}, {part}" if part else step.title
    return step.title
