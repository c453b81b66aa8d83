"""The command line: list, check, --version, --help and the app refusing a non-terminal.

`list` and `check` are run as real processes in pipes, and must never import Textual.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fakes import named, save_routine

from stretchtui import __version__
from stretchtui.cli import main
from stretchtui.cli.run import find_routine
from stretchtui.core.model import Routine, RoutineItem, format_duration
from stretchtui.core.plan import plan
from stretchtui.storage.library import builtin_stretches
from stretchtui.storage.routines import builtin_routines

LIBRARY = builtin_stretches()


def run(
    *args: str, env: dict[str, str] | None = None, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`python -m stretchtui ARGS` with stdout and stderr as pipes (never a terminal)."""
    return subprocess.run(
        [sys.executable, *python, "-m", "stretchtui", *args], capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=60, env={**os.environ, **(env or {})},
    )


def user_routines(user_dirs: dict[str, Path], *routines: Routine) -> Path:
    path = user_dirs["data"] / "routines.toml"
    for routine in routines:
        save_routine(path, LIBRARY, routine)
    return path


# -- --version and --help ------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"stretchtui {__version__}\n", "")


def test_help_lists_the_commands_and_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("list", "check", "--routines PATH", "--version", "opens the"):
        assert word in result.stdout


def test_an_unknown_command_is_a_usage_error() -> None:
    result = run("dance")
    assert result.returncode == 2 and "invalid choice: 'dance'" in result.stderr
    assert "Traceback" not in result.stderr


# -- never Textual without a UI ------------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["check"], ["--version"], []])
def test_commands_without_a_ui_never_import_textual(args: list[str]) -> None:
    result = run(*args, python=("-X", "importtime"))
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "stretchtui.cli" in imported or args == ["--version"]
    assert not [name for name in imported if name.split(".")[0] in ("textual", "rich")]


# -- list ----------------------------------------------------------------------------


def test_list_prints_routines_with_durations_and_stretches(user_dirs: dict[str, Path]) -> None:
    mine = Routine("My morning", items=(RoutineItem("cat-cow", reps=5), RoutineItem("childs-pose")))
    user_routines(user_dirs, mine)
    result = run("list")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Routines"
    for routine in [*builtin_routines(LIBRARY), mine]:
        line = next(line for line in lines if line.strip().startswith(routine.name))
        assert format_duration(plan(routine, LIBRARY).total) in line
        assert f"{len(routine.items)} stretches" in line
        assert ("(yours)" if routine is mine else "(built-in)") in line
    assert "Stretches" in lines
    body = "\n".join(lines[lines.index("Stretches"):])
    for stretch in LIBRARY.values():
        assert stretch.id in body and stretch.name in body
    assert "hold 30 s, 2-3 times, each side" in body


def test_list_uses_the_routines_option_and_environment(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.toml"
    save_routine(chosen, LIBRARY, named("From option"))
    other = tmp_path / "env.toml"
    save_routine(other, LIBRARY, named("From env"))
    assert "From option" in run("--routines", str(chosen), "list").stdout
    by_env = run("list", env={"STRETCHTUI_ROUTINES": str(other)}).stdout
    assert "From env" in by_env and "From option" not in by_env
    both = run("--routines", str(chosen), "list", env={"STRETCHTUI_ROUTINES": str(other)}).stdout
    assert "From option" in both and "From env" not in both


def test_list_warns_on_stderr_and_still_lists_what_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "routines.toml"
    path.write_text(textwrap.dedent("""\
        [[routines]]
        name = "[bold]Mine[/bold]"
        [[routines.items]]
        stretch = "cat-cow"

        [[routines]]
        name = "Clear\\u001b[2J"
        [[routines.items]]
        stretch = "cat-cow"
    """))
    result = run("--routines", str(path), "list")
    assert result.returncode == 0
    assert "  [bold]Mine[/bold] " in result.stdout  # printed as typed: no markup in plain text
    assert "Desk break" in result.stdout and "Clear" not in result.stdout
    assert result.stderr == (
        f"warning: {path}:7: routine 'Clear\\x1b[2J', key 'name': contains control characters\n")
    assert "\x1b" not in result.stdout + result.stderr


def test_list_into_a_closed_pipe_is_quiet() -> None:
    child = subprocess.Popen([sys.executable, "-m", "stretchtui", "list"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # like `stretchtui list | head -0`
    error = child.stderr.read()
    assert child.wait(timeout=60) == 0
    assert b"Traceback" not in error


def test_list_through_a_shell_pipe() -> None:
    result = subprocess.run(f"{sys.executable} -m stretchtui list | grep -c stretches",
                            shell=True, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str(len(builtin_routines(LIBRARY)))


# -- check ---------------------------------------------------------------------------


def test_check_with_no_files_checks_the_builtins() -> None:
    result = run("check")
    assert (result.returncode, result.stdout) == (
        0, "ok: the built-in library (you have no files yet)\n")


def test_check_defaults_to_the_users_files(user_dirs: dict[str, Path]) -> None:
    path = user_routines(user_dirs, named("Mine"))
    result = run("check")
    assert (result.returncode, result.stdout) == (0, f"ok: {path}\n")
    (user_dirs["data"] / "stretches.toml").write_text("[[stretches]]\nid = 1\n")
    result = run("check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    where = user_dirs["data"] / "stretches.toml"
    assert all(line.startswith(f"{where}:") for line in lines)
    assert f"{where}:2: stretch 1, key 'id': must be a string, not a number" in lines


def test_check_reports_one_error_a_line_over_several_files(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    save_routine(good, LIBRARY, named("Fine"))
    syntax = tmp_path / "syntax.toml"
    syntax.write_text("[[routines]\nname = 1\n")
    shape = tmp_path / "shape.toml"
    shape.write_text('[[routines]]\nname = "A"\nrest = -1\n\n[[routines.items]]\nstretch = "nope"\n')
    result = run("check", str(good), str(syntax), str(shape), str(tmp_path / "missing.toml"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{syntax}:1:11: Expected ']]' at the end of an array declaration",
        f"{shape}:3: routine 'A', key 'rest': must be between 0 and 3600, not -1",
        f"{shape}:6: routine 'A', item 1, key 'stretch': unknown stretch 'nope'",
        f"{tmp_path / 'missing.toml'}: does not exist",
    ]
    assert "Traceback" not in result.stderr


def test_check_accepts_good_files_and_names_them(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    save_routine(good, LIBRARY, named("Fine"))
    stretches = Path(__file__).parents[2] / "stretchtui" / "data" / "stretches.toml"
    result = run("check", str(good), str(stretches))
    assert (result.returncode, result.stdout) == (0, f"ok: {good}, {stretches}\n")


def test_check_in_process_matches(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[[routines]]\nname = "\xff"\n')
    assert main(["check", str(bad)]) == 1
    assert capsys.readouterr().out == f"{bad}:2: is not UTF-8 text (byte 0xff)\n"


# -- the app needs a terminal --------------------------------------------------------


def test_the_app_outside_a_terminal_says_so_in_one_line_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "stretchtui: the app needs a terminal; try `stretchtui list` in pipes\n"


def test_the_app_with_only_stdout_redirected_refuses_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--routines", "whatever.toml"]) == 2  # pytest's captured stdout is no terminal
    assert capsys.readouterr().err.count("\n") == 1


# -- run NAME: which routine a name means ----------------------------------------------


def names(*routine_names: str) -> list[Routine]:
    return [named(name) for name in routine_names]


@pytest.mark.parametrize(("wanted", "means"), [
    ("desk break", "Desk break"),  # a whole name, in any case
    ("desk", "Desk break"),  # every match begins with the shortest: that one
    ("DESK B", "Desk break"),
    ("desk break (", "Desk break (copy)"),
    ("gen", "Gentle floor"),  # the only match
])
def test_run_finds_the_routine_a_name_means(wanted: str, means: str) -> None:
    routines = names("Desk break", "Desk break (copy)", "Desk break (copy) (copy)", "Gentle floor")
    found = find_routine(routines, wanted)
    assert isinstance(found, Routine) and found.name == means


def test_run_keeps_a_truly_ambiguous_name_a_question() -> None:
    routines = names("Desk break", "Desk stretch", "Desk break (copy)")
    assert find_routine(routines, "desk") == (
        "'desk' could be any of: 'Desk break', 'Desk stretch', 'Desk break (copy)'")
    assert find_routine(routines, "floor") == (
        "no routine is called 'floor'; the routines are: 'Desk break', 'Desk stretch', 'Desk break (copy)'")


def test_run_desk_after_the_builders_copy_runs_desk_break(user_dirs: dict[str, Path]) -> None:
    """The builder invites a "Desk break (copy)"; the README's tmux recipes then said "could
    be any of" and exited 2. In a pipe the app then refuses for want of a terminal: the name
    was found."""
    desk = next(r for r in builtin_routines(LIBRARY) if r.name == "Desk break")
    user_routines(user_dirs, Routine("Desk break (copy)", items=desk.items))
    result = run("run", "desk")
    assert result.returncode == 2
    assert result.stderr == "stretchtui: the app needs a terminal; try `stretchtui list` in pipes\n"
