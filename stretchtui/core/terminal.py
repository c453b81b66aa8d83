"""The bytes stretchtui sends to the terminal around it: notifications and the window title.

Pure functions: each takes what it needs (the environment as a mapping, never `os.environ`
itself) and returns the text to write, so the exact sequences are testable. Every piece of
text is stripped of control characters first, so a routine name can never end a sequence
early or smuggle in one of its own.

Notifications (config `notify`):

=========  ===========================================  =====================================
mode       sequence                                      read by
=========  ===========================================  =====================================
`osc9`     ESC ] 9 ; title: body BEL                    iTerm2 (its "post a notification"),
                                                        Ghostty, WezTerm, kitty
`osc777`   ESC ] 777 ; notify ; title ; body BEL        WezTerm, foot, Ghostty, rxvt-unicode
                                                        with a notify extension, Fedora's VTE
`osc99`    ESC ] 99 ; i=ID:d=0 ; title ESC \\            kitty (its own protocol, title and
           ESC ] 99 ; i=ID:d=1:p=body ; body ESC \\      body sent as two chunks of one id)
`bell`     BEL                                           every terminal
`off`      nothing
`auto`     the row of KNOWN_TERMINALS that matches, else the bell
=========  ===========================================  =====================================

Inside tmux (`$TMUX` set) the notification sequences are wrapped in tmux's passthrough,
ESC P tmux; <sequence with every ESC doubled> ESC \\, which tmux forwards to the outer
terminal only with `set -g allow-passthrough on` (tmux 3.3 and later). Three kinds of sequence
are deliberately NOT wrapped, because tmux understands them itself:

- the bell: tmux marks the window and passes the bell on according to `bell-action`;
- OSC 2 (the title): tmux makes it the pane's title, `#{pane_title}` (and with
  `set-titles on` the outer window's title);
- CSI 22;0t / CSI 23;0t (push and pop the title): tmux keeps a title stack per pane
  (checked with tmux 3.3a).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stretchtui.core.rules import strip_controls

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
"""String terminator, ESC backslash."""

NOTIFY_MODES = ("auto", "osc9", "osc777", "osc99", "bell", "off")
MAX_TITLE = 120
"""Characters kept of a notification or window title."""
MAX_BODY = 400
"""Characters kept of a notification body: kitty takes at most 2048 bytes a chunk."""
OSC99_ID = "stretchtui"
"""kitty's notification id: a new notification replaces an older one still showing."""


@dataclass(frozen=True)
class KnownTerminal:
    """A terminal whose notification support is documented, and how to recognise it."""

    name: str
    mode: str
    """The notify mode `auto` picks for it."""
    tokens: tuple[str, ...]
    """Lower-case words found in its TERM_PROGRAM, LC_TERMINAL or TERM value."""
    markers: tuple[str, ...] = ()
    """Environment variables only it sets (these survive into a tmux started inside it)."""
    source: str = ""
    """Where its support is documented."""


KNOWN_TERMINALS: tuple[KnownTerminal, ...] = (
    KnownTerminal("kitty", "osc99", ("kitty",), ("KITTY_WINDOW_ID",),
                  "sw.kovidgoyal.net/kitty/desktop-notifications (OSC 99; OSC 9 also read)"),
    KnownTerminal("iTerm2", "osc9", ("iterm",), ("ITERM_SESSION_ID",),
                  "iTerm2's proprietary sequences page (OSC 9 posts a notification); "
                  "LC_TERMINAL=iTerm2 also crosses SSH"),
    KnownTerminal("WezTerm", "osc777", ("wezterm",), ("WEZTERM_PANE",),
                  "wezterm.org notification_handling (OSC 777 and OSC 9)"),
    KnownTerminal("Ghostty", "osc9", ("ghostty",), ("GHOSTTY_RESOURCES_DIR",),
                  "ghostty.org/docs/vt/osc/9 (OSC 9; reports on OSC 777 disagree)"),
    KnownTerminal("foot", "osc777", ("foot",), (),
                  "foot's README, OSC 777;notify"),
    KnownTerminal("Windows Terminal", "bell", (), ("WT_SESSION",),
                  "OSC 777 only in releases from 2026 (microsoft/terminal#20012); "
                  "set notify = \"osc777\" if yours has it"),
    KnownTerminal("VTE (GNOME Terminal, Tilix, Ptyxis)", "bell", (), ("VTE_VERSION",),
                  "upstream VTE ignores OSC 777; only Fedora's patched VTE shows it"),
    KnownTerminal("Konsole", "bell", ("konsole",), ("KONSOLE_VERSION",),
                  "no documented notification sequence"),
    KnownTerminal("rxvt-unicode", "bell", ("rxvt",), (),
                  "OSC 777 needs a third-party notify extension; set notify = \"osc777\" with it"),
    KnownTerminal("Terminal.app", "bell", ("apple_terminal",), (),
                  "no documented notification sequence"),
)
"""What `auto` knows, in the order tried; anything else gets the bell."""

_MULTIPLEXERS = ("tmux", "screen")


def detect_terminal(env: Mapping[str, str]) -> KnownTerminal | None:
    """The known terminal this environment belongs to, if any.

    The names the terminal gives itself (TERM_PROGRAM, LC_TERMINAL, TERM) win over variables
    inherited from a parent terminal; inside tmux TERM_PROGRAM and TERM name tmux, so only
    the markers a tmux server inherited from its terminal (and LC_TERMINAL) are left.
    """
    names = [env.get("TERM_PROGRAM", ""), env.get("LC_TERMINAL", ""), env.get("TERM", "")]
    said = " ".join(name.lower() for name in names if name.lower() not in _MULTIPLEXERS)
    for known in KNOWN_TERMINALS:
        if any(token in said for token in known.tokens):
            return known
    for known in KNOWN_TERMINALS:
        if any(env.get(marker) for marker in known.markers):
            return known
    return None


def notify_mode(mode: str, env: Mapping[str, str]) -> str:
    """The concrete mode for a configured one: `auto` (or anything unknown) is resolved."""
    if mode in NOTIFY_MODES and mode != "auto":
        return mode
    known = detect_terminal(env)
    return known.mode if known else "bell"


def in_tmux(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


def tmux_passthrough(sequence: str) -> str:
    """`sequence` wrapped so tmux hands it to the outer terminal (needs allow-passthrough)."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def clean(text: str, limit: int) -> str:
    """Text fit to go inside a sequence: no control characters, at most `limit` characters."""
    text = strip_controls(" ".join(text.split()))  # line breaks and tabs become spaces first
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def notify(title: str, body: str, mode: str, env: Mapping[str, str]) -> str:
    """What to write for a desktop notification in `mode` (see the module's table)."""
    mode = notify_mode(mode, env)
    if mode == "off":
        return ""
    if mode == "bell":
        return BEL
    title, body = clean(title, MAX_TITLE), clean(body, MAX_BODY)
    if mode == "osc9":
        sequences = [_osc9(title, body)]
    elif mode == "osc777":
        # Fields are separated by ';': one inside a field would move the body into the title.
        sequences = [f"{ESC}]777;notify;{title.replace(';', ',')};{body.replace(';', ',')}{BEL}"]
    else:
        sequences = _osc99(title, body)
    if in_tmux(env):
        sequences = [tmux_passthrough(sequence) for sequence in sequences]
    return "".join(sequences)


def _osc9(title: str, body: str) -> str:
    text = f"{title}: {body}" if title and body else title or body
    number, semicolon, _ = text.partition(";")
    if semicolon and number.isascii() and number.isdigit():
        # "4;..." would be a ConEmu command (progress, in Windows Terminal and Konsole).
        text = " " + text
    return f"{ESC}]9;{text}{BEL}"


def _osc99(title: str, body: str) -> list[str]:
    """kitty's protocol: metadata, then the payload (which may hold ';') after the 2nd ';'."""
    if not body:
        return [f"{ESC}]99;i={OSC99_ID};{title}{ST}"]
    return [f"{ESC}]99;i={OSC99_ID}:d=0;{title}{ST}",
            f"{ESC}]99;i={OSC99_ID}:d=1:p=body;{body}{ST}"]


# -- the window title ----------------------------------------------------------------


def save_title() -> str:
    """Push the window and icon title on the terminal's (or tmux pane's) title stack."""
    return f"{ESC}[22;0t"


def set_title(text: str) -> str:
    """OSC 2. Never wrapped for tmux: tmux makes it the pane title itself."""
    return f"{ESC}]2;{clean(text, MAX_TITLE)}{ST}"


def restore_title(fallback: str | None = None) -> str:
    """Pop the title saved by `save_title`.

    A terminal without a title stack ignores the pop, so `fallback` (when given) is set
    first: it stays where there is no stack, and the pop replaces it where there is one.
    """
    fallback_title = "" if fallback is None else set_title(fallback)
    return f"{fallback_title}{ESC}[23;0t"
