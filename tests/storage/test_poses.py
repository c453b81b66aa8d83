"""A user's own stretch can carry a pose: a good one loads and draws, a bad one is one line
naming file, line and key, and the rest of the file still loads."""

from __future__ import annotations

from pathlib import Path

from stretchtui.core.figure import draw, figures_of
from stretchtui.storage.library import builtin_stretches, load_library

STRETCH = """\
[[stretches]]
id = "{id}"
name = "Neck Roll"
areas = ["upper back"]
feel_it_in = "Your neck."
cues = ["Roll slowly."]
hold = 20
{extra}
[stretches.pose]
head = [0, 7]
neck = [0, 6.2]
hip = {hip}
hand = [0.8, 4]
foot = [0, 0]
"""


def _library(user_dirs: dict[str, Path], text: str) -> tuple[Path, object]:
    user_dirs["data"].mkdir(parents=True, exist_ok=True)
    path = user_dirs["data"] / "stretches.toml"
    path.write_text(text, encoding="utf-8")
    return path, load_library()


def test_a_users_stretch_with_a_pose_loads_and_draws(user_dirs: dict[str, Path]) -> None:
    _, library = _library(user_dirs, STRETCH.format(id="neck-roll", extra="", hip="[0, 4]"))
    assert library.problems == []
    stretch = library.stretches["neck-roll"]
    assert stretch.poses[0].at("hip") == (0.0, 4.0)
    (figure,) = figures_of(stretch)
    assert any(line.strip() for line in draw(figure.pose, 20, 6)[:-1])


def test_a_bad_joint_is_one_line_naming_file_line_and_key(user_dirs: dict[str, Path]) -> None:
    text = (STRETCH.format(id="neck-roll", extra="", hip='[0, "four"]') + "\n"
            + STRETCH.format(id="side-reach", extra="", hip="[0, 4]"))
    path, library = _library(user_dirs, text)
    assert [str(problem) for problem in library.problems] == [
        f"{path}:12: stretch 'neck-roll', key 'pose': hip must hold numbers, not a string",
    ]
    assert "side-reach" in library.stretches and "neck-roll" not in library.stretches
    assert set(builtin_stretches()) < set(library.stretches)  # the rest keeps working


def test_a_huge_number_is_a_problem_not_a_crash(user_dirs: dict[str, Path]) -> None:
    path, library = _library(user_dirs, STRETCH.format(id="neck-roll", extra="", hip=f"[0, 1{'0' * 400}]"))
    assert [str(problem) for problem in library.problems] == [
        f"{path}:12: stretch 'neck-roll', key 'pose': hip must stay within ±50",
    ]


def test_an_unknown_joint_and_a_wrong_count_name_their_lines(user_dirs: dict[str, Path]) -> None:
    unknown = STRETCH.format(id="neck-roll", extra="", hip="[0, 4]") + "tail = [1, 1]\n"
    counted = STRETCH.format(id="side-reach", hip="[0, 4]",
                             extra='progressions = ["one", "two", "three"]\n').replace(
        "[stretches.pose]", "[[stretches.pose]]") + "\n[[stretches.pose]]\n" + "\n".join(
        STRETCH.split("[stretches.pose]\n")[1:]).format(hip="[0, 4]")
    path, library = _library(user_dirs, unknown + "\n" + counted)
    problems = [str(problem) for problem in library.problems]
    assert problems[0].startswith(f"{path}:15: stretch 'neck-roll', key 'pose': unknown joint 'tail'")
    assert problems[1] == (f"{path}:26: stretch 'side-reach', key 'pose': "
                           "has 2 poses for 3 progressions: give one for each")
    assert len(problems) == 2
