"""The full-screen guided session: what to do now, how long is left, what comes next."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from stretchtui.core.cues import CueScheduler
from stretchtui.core.figure import Figure, figure_for
from stretchtui.core.model import format_duration, position_name
from stretchtui.core.plan import Step, StepKind
from stretchtui.core.session import ADJUST_STEP, Session, whole_seconds
from stretchtui.services.keeper import SessionKeeper
from stretchtui.storage.config import Config
from stretchtui.tui import messages
from stretchtui.tui.keys import HELP, QUIT, key_for
from stretchtui.tui.screens.confirm import ConfirmScreen
from stretchtui.tui.terminal_out import TerminalOut
from stretchtui.tui.widgets.countdown import Countdown
from stretchtui.tui.widgets.figures import Figures
from stretchtui.tui.widgets.hold_bar import HoldBar
from stretchtui.tui.widgets.key_footer import KeyFooter

REFRESH_SECONDS = 0.1
"""How often the view reads a clock it cannot sleep on (one the tests move by hand)."""
LONGEST_SLEEP = 1.0
"""The longest the view sleeps on the real clock, whatever it expects: a cheap guard."""
LATE = 0.005
"""Wake this long after a deadline, so the clock has surely passed it."""


class SessionScreen(Screen[bool]):
    """Shows one Session; dismisses with True when completed, False when stopped.

    The Session is deadline-based and owned by the caller, so a modal on top or a late
    refresh never loses time: each tick reads the clock and redraws only what changed. On
    the real clock the view sleeps until the next thing that changes (a whole second of the
    countdown, a step's end, a bell) rather than polling: a hold wakes it once a second.
    """

    CSS_PATH = "session.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (10, "-short"), (16, "-tall")]
    """The App's, and -tiny below 10 rows: only what a glance needs, the time first."""
    AUTO_FOCUS = None
    BINDINGS = [
        HELP,  # first: a narrow pane cuts the footer from the right
        Binding("space", "pause", "Pause"),
        Binding("q", "stop", "Stop"),
        QUIT,  # after q: in a session, stopping is what a small pane needs to show
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Prev"),
        Binding("r", "restart", "Restart"),
        Binding("plus,equals_sign", "adjust(1)", "+5s", key_display="+"),
        Binding("minus", "adjust(-1)", "-5s", key_display="-"),
        Binding("m", "toggle_bell", "Bell"),
        Binding("v", "toggle_voice", "Voice"),
        Binding("exclamation_mark", "hurt", "This hurts", key_display="!"),
        Binding("ctrl+z", "app.suspend_process", "Suspend", show=False),
    ]

    def __init__(self, keeper: SessionKeeper, config: Config, terminal: TerminalOut | None = None) -> None:
        super().__init__()
        assert keeper.session is not None, "start the session before showing it"
        self.keeper = keeper
        self.terminal = terminal
        """The window title follows the step (None: leave the title alone)."""
        self.session = keeper.session
        self.bell = config.bell
        """Ring bells in this session (`m`); `bell = false` in the config starts it off."""
        self.cues = CueScheduler(self.session, countdown_bells=config.countdown_bells)
        self._ending_from = min(config.countdown_bells, 3) or 3
        """The last seconds of a hold that are drawn distinctly."""
        self._shown: dict[str, object] = {}
        self._ended = False
        self._unmounted = False
        self.checkin_after = config.checkin in ("after", "both")
        """Ask how the back feels before the record is written."""

    def compose(self) -> ComposeResult:
        with Vertical(id="body"):
            yield Static(id="overall", markup=False)
            with Horizontal(id="top"):
                with Vertical(id="heading"):
                    yield Static(id="title", markup=False)
                    yield Static(id="detail", markup=False)
                    yield Countdown(id="digits")
                    yield Static(id="time", markup=False)
                yield Figures(id="figure")
            yield HoldBar(id="bar")
            yield Static(id="status", markup=False)
            yield Static(id="next", markup=False)
            yield Static(id="cues", markup=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        if self.keeper.voice_on:
            self._say_once(self.keeper.speaker()[1])
        self._poll = None if self.keeper.real_time else REFRESH_SECONDS
        """Poll an injected clock, which may jump at any moment; sleep on the real one."""
        self._timer = self.app.set_interval(self._poll or LONGEST_SLEEP, self.tick)
        self.app.app_suspend_signal.subscribe(self, self._on_suspend, immediate=True)
        self.app.app_resume_signal.subscribe(self, self._on_resume, immediate=True)
        self.tick()

    def on_unmount(self) -> None:
        self._unmounted = True
        self._timer.stop()
        self.app.app_suspend_signal.unsubscribe(self)
        self.app.app_resume_signal.unsubscribe(self)

    def _on_suspend(self, _: object) -> None:
        """Freeze the moment ctrl+z is pressed, so no seconds pass while stopped (and
        `status` says paused); the shell gets its title back meanwhile."""
        self.session.pause()
        self.keeper.publish()
        if self.terminal is not None:
            self.terminal.restore_title()

    def _on_resume(self, _: object) -> None:
        """Back from `fg`: stay paused (the user presses space) and repaint everything; the
        paused step is a change, so the title comes back with it."""
        self.app.refresh(repaint=True, layout=True)
        self.tick()

    # -- the clock -----------------------------------------------------------------------

    def tick(self) -> None:
        """Advance the session to the clock, announce new steps and redraw what changed."""
        if self._ended or not self._alive:
            return  # dismissed (the timer stops when the screen unmounts), or going
        self.session.update()
        due = self.cues.poll()  # polled muted or not, so unmuting never replays old bells
        if due.bell is not None and self.bell:
            self.app.bell()
        if due.say is not None and self.keeper.voice_on:
            self._say_once(self.keeper.speaker()[0].say(due.say))
        self._draw()
        self._sleep()
        if self.session.finished and not self._ended:
            if self.bell and not self.cues.idle:
                return  # let the three bells of the end ring (half a second) first
            stack = self.app.screen_stack
            above = stack[stack.index(self) + 1 :] if self in stack else []
            if not all(isinstance(screen, ModalScreen) for screen in above):
                return  # e.g. the builder is open on top: finish when we are shown again
            self._ended = True
            if above:
                # A question, help or the palette is moot now the session is over: close
                # them first, then end (the summary goes on top of this screen).
                self.pop_until_active()
                self.app.call_later(self._end)
            else:
                self._end()

    def _sleep(self) -> None:
        """On the real clock, wake next when something is due (nothing while paused: a key
        or the screen coming back wakes it). The wake-up is set after the frame this tick
        drew: a Textual timer counts from when its task first runs, so one set before a
        big frame (the first one) would wake late by as long as the frame took."""
        if self._poll is None:
            self._timer.stop()
            self.call_after_refresh(self._set_alarm)

    @property
    def _alive(self) -> bool:
        """Mounted and not being taken down: Textual removes a closing screen's widgets
        before its unmount, and a wake-up may fall in between (`display` is False from the
        moment the removal begins)."""
        return self.is_attached and self.display and not self._unmounted

    def _set_alarm(self) -> None:
        if self._ended or not self._alive:
            return  # a wake-up asked for just before the screen went: never set
        self._timer.stop()  # a key's tick may have set one meanwhile
        due = [t for t in (self.session.next_change(), self.cues.next_due()) if t is not None]
        if not due:
            return
        wait = min(due) - self.session.clock() + LATE
        self._timer = self.app.set_timer(min(max(wait, LATE), LONGEST_SLEEP), self.tick)

    def _end(self) -> None:
        """Write the history record and close with whether the routine was completed; the
        caller shows the summary. Nothing here waits on another screen: a result callback
        that dismissed this screen from inside the summary's would await a dismissal from
        this screen's own handler (the timer runs in its context), which Textual forbids."""
        if self.checkin_after:
            self.checkin_after = False

            def rated(rating: int | None) -> None:
                self.session.pain_after = rating
                self._end()

            from stretchtui.tui.screens import rating_screen, show

            if show(self.app, "rating", partial(rating_screen, "How does your back feel now?"), rated):
                return
        error = self.keeper.record()
        if error is not None:
            self.notify(str(error), title="History", severity="error", markup=False)
        if self.terminal is not None:
            self.terminal.session_ended(self.session)  # the title back; notified, with the time done
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
        left = session.remaining_whole
        step_changed = self._set("step", (session.index, session.paused))
        if step_changed:
            self._draw_step()
            self._announce_step()
        ending = session.step.kind is StepKind.HOLD and not session.finished and left <= self._ending_from
        if self._set("ending", ending):
            self.set_class(ending, "-ending")  # one repaint as the last seconds begin
            self.query_one(HoldBar).ending = ending
        if self._set("left", (session.index, left)):
            clock = format_duration(left)
            self.query_one(Countdown).update(clock)
            _readout(self.query_one("#time", Static), clock)  # the title is on the line above
            self.query_one(HoldBar).fraction = session.fraction
        overall = f"step {session.index + 1} of {len(session.plan.steps)} · {_time_left(session)}"
        if self._set("overall", overall):
            _readout(self.query_one("#overall", Static), overall)

    def _announce_step(self) -> None:
        """Outside the app, on a change only: the state file `stretchtui status` reads (the
        keeper writes it when the step, a pause or the timing changed) and the title."""
        self.keeper.publish()
        if self.terminal is not None and not self.session.finished:
            self.terminal.show_step(self.session)

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
        figure = _figure(session)
        self.query_one(Figures).figures = (figure,) if figure is not None else ()
        self.set_class(figure is None, "-no-figure")
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
        self.notify("Bell on" if self.bell else "Bell off", timeout=2, markup=False)

    def action_toggle_voice(self) -> None:
        """Speak the steps or stop (for the rest of this run of the app)."""
        self.keeper.voice_on = not self.keeper.voice_on
        if not self.keeper.voice_on:
            self.keeper.quiet()
            self.notify("Voice off", timeout=2, markup=False)
            return
        speaker, message = self.keeper.speaker()
        if message is None and not speaker.on:
            message = "Voice: no speech program is set up; see voice in the README."
        self._say_once(message)
        if speaker.on:
            self.notify("Voice on", timeout=2, markup=False)

    def _say_once(self, message: str | None) -> None:
        """A line about the voice (none found, off over SSH, failed to start)."""
        if message is not None:
            self.notify(message, title="Voice", severity="warning", timeout=8, markup=False)

    def help_notes(self) -> list[str]:
        """Shown in help: what each sound means."""
        return [
            "One bell: a hold starts. Two: switch side or position. Three: the routine is "
            "done. A short bell in each of a hold's last seconds (countdown_bells).",
        ]

    def action_hurt(self) -> None:
        """Stop the hold at once, note the stretch in the record, and let the app offer
        what can be done (easier next time, leave it out, the warning signs)."""
        index = self.session.mark_hurt()
        self._control()
        if index is not None:
            self.post_message(messages.ThisHurts(self.session.plan.routine, index))

    def action_stop(self) -> None:
        self.ask_to_stop()

    def ask_to_stop(self, then: Callable[[], object] | None = None) -> None:
        """Ask first; the hold waits while the question is open and goes on after a no.
        `then` runs after a yes (ctrl+q: the app quits, and keeps the stopped record)."""
        was_paused = self.session.paused
        self.session.pause()
        self._control()

        def answered(stop: bool | None) -> None:
            if stop:
                self.session.stop()
                self.keeper.quiet()
                if then is not None:
                    self._ended = True  # no summary: the app records it on its way out
                    then()
                    return
            elif not was_paused:
                self.session.resume()
            self._control()

        question = "Stop this session?" if then is None else "Stop this session and quit?"
        self.app.push_screen(ConfirmScreen(question, "Stop", "Keep going"), answered)


def _readout(line: Static, text: str) -> None:
    """Show `text` in a line that changes every second. Text as wide as before cannot change
    the line's size, so it repaints without a layout pass: a layout a second was most of
    what a hold cost in CPU."""
    before = cell_len(str(line.content))
    line.update(text, layout=cell_len(text) != before)


def _time_left(session: Session) -> str:
    """The session's time left to the nearest minute (6:20 reads "6 min left"): the
    countdown above has the seconds, and a line that changes once a minute costs nothing
    over SSH."""
    left = whole_seconds(session.session_left)
    return f"{math.floor(left / 60 + 0.5)} min left" if left >= 60 else "under a minute left"


def _figure(session: Session) -> Figure | None:
    """The figure of the current hold, or of the hold coming next (a rest, a switch of
    sides or a transition shows what to get into)."""
    steps = session.plan.steps
    step = next((later for later in steps[session.index:] if later.kind is StepKind.HOLD), None)
    if step is None or step.stretch is None:
        return None
    return figure_for(step.stretch, side=step.side, position=step.position,
                      progression=step.progression)


def _describe(step: Step) -> str:
    """A step in a few words, for the "Next:" line."""
    if step.kind is StepKind.TRANSITION and step.stretch is not None:
        return f"get into {step.stretch.name}"
    if step.kind is StepKind.HOLD:
        part = (step.side and f"{step.side} side") or (step.position and position_name(step.position))
        return f"{step.title}, {part}" if part else step.title
    return step.title
