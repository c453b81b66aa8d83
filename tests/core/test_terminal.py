"""Terminal sequences: the exact bytes of every notify mode, what `auto` picks, tmux wrapping,
the window title, and that no text can break out of a sequence."""

from __future__ import annotations

import pytest

from stretchtui.core.terminal import (
    BEL,
    ESC,
    KNOWN_TERMINALS,
    MAX_TITLE,
    clean,
    detect_terminal,
    notify,
    notify_mode,
    restore_title,
    save_title,
    set_title,
    tmux_passthrough,
)

PLAIN = {"TERM": "xterm-256color"}
TMUX = {"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/tmux-1000/default,42,0"}


# -- every mode, exact bytes -----------------------------------------------------------


def test_osc9_is_title_colon_body_ended_by_bel() -> None:
    assert notify("Stretch", "Desk break done", "osc9", PLAIN) == "\x1b]9;Stretch: Desk break done\x07"


def test_osc777_has_notify_title_and_body_fields() -> None:
    assert notify("Stretch", "Desk break done", "osc777", PLAIN) == (
        "\x1b]777;notify;Stretch;Desk break done\x07"
    )


def test_osc99_sends_title_then_body_as_two_chunks_of_one_notification() -> None:
    assert notify("Stretch", "Desk break done", "osc99", PLAIN) == (
        "\x1b]99;i=stretchtui:d=0;Stretch\x1b\\"
        "\x1b]99;i=stretchtui:d=1:p=body;Desk break done\x1b\\"
    )


def test_osc99_without_a_body_is_one_complete_chunk() -> None:
    assert notify("Stretch due", "", "osc99", PLAIN) == "\x1b]99;i=stretchtui;Stretch due\x1b\\"


def test_osc9_with_only_one_part_has_no_colon() -> None:
    assert notify("", "Desk break", "osc9", PLAIN) == "\x1b]9;Desk break\x07"
    assert notify("Stretch due", "", "osc9", PLAIN) == "\x1b]9;Stretch due\x07"


def test_bell_and_off() -> None:
    assert notify("Stretch", "body", "bell", PLAIN) == "\x07"
    assert notify("Stretch", "body", "off", PLAIN) == ""
    assert notify("Stretch", "body", "bell", TMUX) == "\x07"  # tmux handles bells itself
    assert notify("Stretch", "body", "off", TMUX) == ""


# -- auto ------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "mode"), [
    ({"TERM": "xterm-kitty"}, "osc99"),
    ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, "osc99"),
    ({"TERM_PROGRAM": "iTerm.app", "TERM": "xterm-256color"}, "osc9"),
    ({"LC_TERMINAL": "iTerm2", "TERM": "xterm-256color"}, "osc9"),  # crossed SSH
    ({"TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"}, "osc777"),
    ({"TERM_PROGRAM": "ghostty", "TERM": "xterm-ghostty"}, "osc9"),
    ({"TERM": "xterm-ghostty"}, "osc9"),
    ({"TERM": "foot"}, "osc777"),
    ({"TERM": "foot-extra"}, "osc777"),
    ({"TERM": "xterm-256color", "WT_SESSION": "abc"}, "bell"),
    ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, "bell"),
    ({"TERM": "xterm-256color", "KONSOLE_VERSION": "240202"}, "bell"),
    ({"TERM": "rxvt-unicode-256color"}, "bell"),
    ({"TERM_PROGRAM": "Apple_Terminal", "TERM": "xterm-256color"}, "bell"),
    ({"TERM": "xterm-256color"}, "bell"),
    ({}, "bell"),
])
def test_auto_picks_what_the_terminal_documents_else_the_bell(env: dict[str, str], mode: str) -> None:
    assert notify_mode("auto", env) == mode


def test_the_terminals_own_name_wins_over_a_variable_inherited_from_its_parent() -> None:
    # kitty started from a GNOME Terminal still has VTE_VERSION in its environment.
    env = {"TERM": "xterm-kitty", "VTE_VERSION": "7600", "WEZTERM_PANE": "1"}
    assert notify_mode("auto", env) == "osc99"


def test_inside_tmux_the_markers_inherited_from_the_outer_terminal_decide() -> None:
    assert notify_mode("auto", {**TMUX, "WEZTERM_PANE": "0"}) == "osc777"
    assert notify_mode("auto", {**TMUX, "KITTY_WINDOW_ID": "1"}) == "osc99"
    assert notify_mode("auto", TMUX) == "bell"  # TERM_PROGRAM=tmux and TERM=tmux-* say nothing


def test_a_configured_mode_is_used_as_it_is_and_an_unknown_one_is_auto() -> None:
    assert notify_mode("osc777", {"TERM": "xterm-kitty"}) == "osc777"
    assert notify_mode("loud", {"TERM": "xterm-kitty"}) == "osc99"


def test_every_known_terminal_is_recognised_by_its_own_row() -> None:
    for known in KNOWN_TERMINALS:
        env = {"TERM_PROGRAM": known.tokens[0]} if known.tokens else {known.markers[0]: "1"}
        assert detect_terminal(env) is known
        assert known.source


# -- tmux ------------------------------------------------------------------------------


def test_tmux_passthrough_doubles_every_inner_escape() -> None:
    assert tmux_passthrough("\x1b]9;hi\x07") == "\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\"
    assert tmux_passthrough("\x1b]99;;x\x1b\\") == "\x1bPtmux;\x1b\x1b]99;;x\x1b\x1b\\\x1b\\"


@pytest.mark.parametrize("mode", ["osc9", "osc777"])
def test_notifications_inside_tmux_are_wrapped(mode: str) -> None:
    bare = notify("Stretch", "done", mode, PLAIN)
    assert notify("Stretch", "done", mode, TMUX) == tmux_passthrough(bare)


def test_osc99_chunks_are_each_wrapped_inside_tmux() -> None:
    wrapped = notify("Stretch", "done", "osc99", TMUX)
    assert wrapped == (
        "\x1bPtmux;\x1b\x1b]99;i=stretchtui:d=0;Stretch\x1b\x1b\\\x1b\\"
        "\x1bPtmux;\x1b\x1b]99;i=stretchtui:d=1:p=body;done\x1b\x1b\\\x1b\\"
    )


def test_auto_inside_tmux_resolves_and_wraps() -> None:
    assert notify("A", "b", "auto", {**TMUX, "WEZTERM_PANE": "0"}) == (
        "\x1bPtmux;\x1b\x1b]777;notify;A;b\x07\x1b\\"
    )


# -- the title -------------------------------------------------------------------------


def test_title_sequences() -> None:
    assert save_title() == "\x1b[22;0t"
    assert set_title("Cat/Cow (left)") == "\x1b]2;Cat/Cow (left)\x1b\\"
    assert restore_title() == "\x1b[23;0t"


def test_restore_sets_the_fallback_before_popping() -> None:
    # Without a title stack the pop is ignored and the fallback stays; with one, the pop wins.
    assert restore_title("~/work") == "\x1b]2;~/work\x1b\\\x1b[23;0t"
    assert restore_title("") == "\x1b]2;\x1b\\\x1b[23;0t"


def test_title_functions_take_no_environment_so_cannot_wrap_for_tmux() -> None:
    # tmux turns OSC 2 into #{pane_title} and keeps its own title stack: wrapping would hide
    # the title from tmux.
    assert ESC + "P" not in save_title() + set_title("x") + restore_title("y")


# -- no text can break a sequence ------------------------------------------------------

HOSTILE = "Desk\x07 break\x1b]2;pwned\x1b\\\x9c\u202e!\nnext"


@pytest.mark.parametrize("mode", ["osc9", "osc777", "osc99"])
def test_control_characters_never_reach_the_terminal(mode: str) -> None:
    sent = notify(HOSTILE, HOSTILE, mode, PLAIN)
    terminator = BEL if mode != "osc99" else "\x1b\\"
    chunks = 2 if mode == "osc99" else 1
    assert sent.count(ESC) == chunks * terminator.count(ESC) + chunks
    assert sent.count(BEL) == (chunks if terminator == BEL else 0)
    assert "\x9c" not in sent and "\u202e" not in sent and "\n" not in sent
    assert "Desk break]2" in sent and "pwned\\! next" in sent  # the printable text stays


def test_title_text_is_cleaned_and_shortened() -> None:
    assert set_title("a\x1b]0;b\x07c") == "\x1b]2;a]0;bc\x1b\\"
    long = set_title("x" * 500)
    assert len(long) == len("\x1b]2;\x1b\\") + MAX_TITLE and long.endswith("…\x1b\\")


def test_a_semicolon_cannot_move_text_between_osc777_fields() -> None:
    sent = notify("Desk; evening", "done; 5 min", "osc777", PLAIN)
    assert sent == "\x1b]777;notify;Desk, evening;done, 5 min\x07"
    assert sent.count(";") == 3


def test_semicolons_are_kept_where_they_cannot_split_anything() -> None:
    assert notify("A;B", "c;d", "osc9", PLAIN) == "\x1b]9;A;B: c;d\x07"
    assert notify("A;B", "c;d", "osc99", PLAIN).endswith("p=body;c;d\x1b\\")


def test_osc9_text_never_starts_like_a_conemu_command() -> None:
    # "4;..." is a progress bar to Windows Terminal and Konsole, not a notification.
    assert notify("", "4;2 stretches left", "osc9", PLAIN) == "\x1b]9; 4;2 stretches left\x07"


def test_clean_joins_lines_and_spaces() -> None:
    assert clean("  Cat\n\tCow  ", 20) == "Cat Cow"
    assert clean("abcdef", 4) == "abc…"
