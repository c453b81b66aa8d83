"""The stick figures: every built-in pose draws at any size, sides mirror, positions and
levels differ, and a pose read from a file is checked joint by joint."""

from __future__ import annotations

import pytest

from stretchtui.core.figure import (
    BRAILLE,
    DOT_BITS,
    Invalid,
    InvalidAt,
    Pose,
    check_pose,
    check_pose_count,
    check_poses,
    draw,
    figure_for,
    figures_of,
)
from stretchtui.storage.library import builtin_stretches

LIBRARY = builtin_stretches()
SIZES = [(8, 2), (14, 5), (20, 6), (36, 7), (60, 20), (120, 40)]
PARTS = {
    "lumbar-rotation": ["left side", "right side"],
    "cat-cow": ["Cat", "Cow"],
    "standing-side-bend": ["left side", "right side"],
    "reach-for-the-sky": [""],
    "latissimus-dorsi-stretch": ["left side", "right side"],
    "childs-pose": [""],
    "rock-side-to-side": [""],
    "yoga-wheel": ["level 1", "level 2", "level 3"],
}


def test_every_built_in_stretch_has_a_figure_for_each_part() -> None:
    assert set(PARTS) == set(LIBRARY)
    for stretch_id, captions in PARTS.items():
        assert [figure.caption for figure in figures_of(LIBRARY[stretch_id])] == captions


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_pose_draws_at_every_size(size: tuple[int, int]) -> None:
    width, height = size
    for stretch in LIBRARY.values():
        for figure in figures_of(stretch):
            lines = draw(figure.pose, width, height, mirrored=figure.mirrored)
            assert len(lines) == height and all(len(line) == width for line in lines)
            dots = sum(bin(ord(char) - BRAILLE).count("1") for line in lines for char in line if char != " ")
            assert dots > width, (stretch.id, figure.caption)  # more than the floor: a figure
            cells = "".join(lines)
            assert all(char == " " or BRAILLE <= ord(char) <= BRAILLE + 0xFF for char in cells)


def test_too_small_a_space_draws_nothing() -> None:
    pose = LIBRARY["cat-cow"].poses[0]
    assert draw(pose, 3, 5) == [] and draw(pose, 20, 1) == []


def _mirror_cell(char: str) -> str:
    """A braille cell seen in a mirror: its two columns of dots swap."""
    if char == " ":
        return char
    bits = ord(char) - BRAILLE
    swapped = 0
    for row in DOT_BITS:
        if bits & row[0]:
            swapped |= row[1]
        if bits & row[1]:
            swapped |= row[0]
    return chr(BRAILLE + swapped)


@pytest.mark.parametrize("stretch_id", ["lumbar-rotation", "standing-side-bend", "latissimus-dorsi-stretch"])
@pytest.mark.parametrize("size", [(20, 6), (36, 7), (80, 24)])
def test_the_right_side_is_the_left_side_in_a_mirror(stretch_id: str, size: tuple[int, int]) -> None:
    stretch = LIBRARY[stretch_id]
    left, right = figure_for(stretch, side="left"), figure_for(stretch, side="right")
    assert left is not None and right is not None
    assert (left.caption, right.caption) == ("left side", "right side")
    assert right.pose == left.pose and right.mirrored and not left.mirrored
    drawn_left, drawn_right = draw(left.pose, *size), draw(right.pose, *size, mirrored=True)
    assert drawn_left != drawn_right
    assert drawn_right == ["".join(map(_mirror_cell, reversed(line))) for line in drawn_left]


def test_cat_and_cow_differ() -> None:
    stretch = LIBRARY["cat-cow"]
    cat, cow = (figure_for(stretch, position=position) for position in stretch.positions)
    assert cat is not None and cow is not None
    assert (cat.caption, cow.caption) == ("Cat", "Cow")
    assert draw(cat.pose, 30, 7) != draw(cow.pose, 30, 7)
    # the cat's back rounds up above the shoulders; the cow's sags below them
    assert cat.pose.at("back")[1] > cat.pose.at("neck")[1] > cow.pose.at("back")[1]


def test_the_yoga_wheels_levels_differ() -> None:
    stretch = LIBRARY["yoga-wheel"]
    drawings = [draw(figure.pose, 30, 7) for figure in figures_of(stretch)]
    assert len(drawings) == 3 and len({tuple(d) for d in drawings}) == 3
    hips = [pose.at("hip")[1] for pose in stretch.poses]
    assert hips == sorted(hips)  # each level lifts the hips higher


POSE = {"head": [0, 7], "neck": [0, 6.3], "hip": [0, 4], "hand": [1, 4], "foot": [0, 0]}


def test_a_pose_from_a_file() -> None:
    pose = check_pose({**POSE, "floor": False, "lines": [[[2, 0], [2, 5]]]})
    assert pose.at("hip") == (0.0, 4.0) and pose.at("knee") is None
    assert not pose.floor and pose.lines == (((2.0, 0.0), (2.0, 5.0)),)
    assert len(draw(pose, 10, 4)) == 4


@pytest.mark.parametrize(("change", "message", "where"), [
    ({"tail": [0, 1]}, "unknown joint 'tail'", ("tail",)),
    ({"hip": None}, "needs the joints head, neck, hip, hand, foot (missing: hip)", ()),
    ({"hip": [0]}, "hip must be an [x, y] pair, not a list of 1", ("hip",)),
    ({"hip": ["a", 1]}, "hip must hold numbers, not a string", ("hip",)),
    ({"hip": [0, 1e9]}, "hip must stay within ±50", ("hip",)),
    ({"hip": [0, float("nan")]}, "hip must hold numbers", ("hip",)),
    ({"hip": [0, 10**400]}, "hip must stay within ±50", ("hip",)),  # TOML's big integers
    ({"knee2": [0, 1]}, "a second leg (knee2) needs foot2", ()),
    ({"floor": "yes"}, "floor must be true or false, not a string", ("floor",)),
    ({"lines": [[[0, 0]]]}, "each of lines must be a list of 2 to 20", ("lines",)),
])
def test_a_bad_pose_names_the_joint(change: dict, message: str, where: tuple[str, ...]) -> None:
    table = {key: value for key, value in {**POSE, **change}.items() if value is not None}
    with pytest.raises(InvalidAt) as caught:
        check_pose(table)
    assert message in str(caught.value) and caught.value.where == where


def test_poses_are_one_table_or_a_list() -> None:
    assert len(check_poses(POSE)) == 1 and len(check_poses([POSE, POSE])) == 2
    with pytest.raises(InvalidAt) as caught:
        check_poses([POSE, {**POSE, "tail": [0, 0]}])
    assert caught.value.where == (1, "tail")
    for bad in ([], "stick", 3):
        with pytest.raises(Invalid):
            check_poses(bad)


def test_one_pose_for_each_position_or_level() -> None:
    one, two = (Pose((("head", (0, 1)),)),), (Pose(()), Pose(()))
    check_pose_count(one, ("a: x", "b: y"), ())
    check_pose_count(two, ("a: x", "b: y"), ())
    with pytest.raises(Invalid, match="has 2 poses for 3 progressions"):
        check_pose_count(two, (), ("1", "2", "3"))
    with pytest.raises(Invalid, match="no positions or progressions"):
        check_pose_count(two, (), ())
