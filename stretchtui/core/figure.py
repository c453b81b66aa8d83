"""Stick figures of the stretches: a pose is data, and one renderer draws it in braille dots.

A pose names the joints of a stick figure as [x, y] points (y up, the floor at y = 0, a
head's radius is 0.5) and may add lines for things around it (a door frame). `draw`
scales it to any number of terminal cells, so the same data serves a 14-column panel and
a README screenshot. Braille passes through tmux, SSH, snapshots and copy-paste, where
image protocols do not. Pure: no Textual, no files.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from stretchtui.core.model import Stretch, position_name
from stretchtui.core.rules import Invalid, kind

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Point = tuple[float, float]

HEAD_RADIUS = 0.75
FLOOR_GAP = 2
"""Dots between the floor line and y = 0: a shin or an arm lying on the floor stays
visible instead of merging into the line."""
MAX_COORDINATE = 50.0
MAX_LINES = 20
MAX_LINE_POINTS = 20
REQUIRED = ("head", "neck", "hip", "hand", "foot")
JOINTS = (
    "head", "neck", "back", "hip",
    "shoulder", "elbow", "hand", "shoulder2", "elbow2", "hand2",
    "knee", "foot", "knee2", "foot2",
)
"""Every joint a pose may name. `back` bends the spine (a curve through it); the second
arm and leg (`…2`) are optional; each limb hangs from the neck (arms, through an optional
`shoulder`) or the hip (legs)."""
LIMBS = (
    ("neck", "shoulder", "elbow", "hand"),
    ("neck", "shoulder2", "elbow2", "hand2"),
    ("hip", "knee", "foot"),
    ("hip", "knee2", "foot2"),
)
POSE_KEYS = (*JOINTS, "floor", "lines")


@dataclass(frozen=True)
class Pose:
    """One position of a stick figure (hashable, so a Stretch stays a value)."""

    joints: tuple[tuple[str, Point], ...]
    floor: bool = True
    """Draw the floor line at y = 0 (false for a figure seen from above)."""
    lines: tuple[tuple[Point, ...], ...] = ()
    """Polylines of props: a door frame, a desk."""

    def at(self, name: str) -> Point | None:
        for joint, point in self.joints:
            if joint == name:
                return point
        return None


@dataclass(frozen=True)
class Figure:
    """A pose to show, with the words under it ("left side", "Cat", "level 2")."""

    pose: Pose
    caption: str
    mirrored: bool = False
    """Drawn as in a mirror: the other side of a side-to-side stretch."""


# -- reading a pose from a file ------------------------------------------------------------


class InvalidAt(Invalid):
    """An invalid value deep in a pose: `where` is the path below the key, so the
    problem names the line of the very joint."""

    def __init__(self, message: str, *where: Any) -> None:
        super().__init__(message)
        self.where = where


def _number(value: Any, what: str, *where: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidAt(f"{what} must hold numbers, not {kind(value)}", *where)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidAt(f"{what} must hold numbers, not {value}", *where)
    if abs(value) > MAX_COORDINATE:  # compared as given: a huge integer has no float
        raise InvalidAt(f"{what} must stay within ±{MAX_COORDINATE:g}", *where)
    return float(value)


def _point(value: Any, what: str, *where: Any) -> Point:
    if not isinstance(value, list) or len(value) != 2:
        shown = f"a list of {len(value)}" if isinstance(value, list) else kind(value)
        raise InvalidAt(f"{what} must be an [x, y] pair, not {shown}", *where)
    return _number(value[0], what, *where), _number(value[1], what, *where)


def check_pose(value: Any, *where: Any) -> Pose:
    """One pose table: its joints, `floor` and `lines`, every value checked."""
    if not isinstance(value, dict):
        raise InvalidAt(f"must be a table of joints, not {kind(value)}", *where)
    for key in value:
        if key not in POSE_KEYS:
            raise InvalidAt(f"unknown joint {key!r} (expected one of: {', '.join(POSE_KEYS)})",
                            *where, key)
    missing = [name for name in REQUIRED if name not in value]
    if missing:
        raise InvalidAt(f"needs the joints {', '.join(REQUIRED)} (missing: {', '.join(missing)})",
                        *where)
    if "hand2" not in value and ("elbow2" in value or "shoulder2" in value):
        raise InvalidAt("a second arm (elbow2, shoulder2) needs hand2", *where)
    if "foot2" not in value and "knee2" in value:
        raise InvalidAt("a second leg (knee2) needs foot2", *where)
    joints = tuple((name, _point(value[name], name, *where, name)) for name in JOINTS if name in value)
    floor = value.get("floor", True)
    if not isinstance(floor, bool):
        raise InvalidAt(f"floor must be true or false, not {kind(floor)}", *where, "floor")
    lines = value.get("lines", [])
    if not isinstance(lines, list) or len(lines) > MAX_LINES:
        raise InvalidAt(f"lines must be a list of at most {MAX_LINES} lines", *where, "lines")
    props = []
    for line in lines:
        if not isinstance(line, list) or not 2 <= len(line) <= MAX_LINE_POINTS:
            raise InvalidAt(f"each of lines must be a list of 2 to {MAX_LINE_POINTS} [x, y] points",
                            *where, "lines")
        props.append(tuple(_point(point, "each point of lines", *where, "lines") for point in line))
    return Pose(joints, floor, tuple(props))


def check_poses(value: Any) -> tuple[Pose, ...]:
    """`pose` of a stretch: one table, or a list of them (one per position or progression)."""
    if isinstance(value, dict):
        return (check_pose(value),)
    if isinstance(value, list) and value:
        return tuple(check_pose(table, index) for index, table in enumerate(value))
    raise Invalid(f"must be a table of joints or a list of them, not {kind(value)}")


def check_pose_count(poses: tuple[Pose, ...], positions: tuple[str, ...],
                     progressions: tuple[str, ...]) -> None:
    """One pose per position or progression, or a single one for the stretch."""
    for things, name in ((positions, "positions"), (progressions, "progressions")):
        if things and len(poses) not in (1, len(things)):
            raise Invalid(f"has {len(poses)} poses for {len(things)} {name}: give one for each")
    if not positions and not progressions and len(poses) > 1:
        raise Invalid(f"has {len(poses)} poses, but the stretch has no positions or progressions")


# -- which figure for what ------------------------------------------------------------------


def _pick(poses: tuple[Pose, ...], index: int) -> Pose:
    return poses[index] if index < len(poses) else poses[0]


def figure_for(stretch: Stretch, *, side: str | None = None, position: str | None = None,
               progression: str | None = None) -> Figure | None:
    """The figure of one hold: the side (the right side mirrors the left), the position
    or the level; None when the stretch has no pose."""
    if not stretch.poses:
        return None
    if side is not None:
        pose = stretch.poses[0]
        return Figure(pose, f"{side} side", mirrored=side == "right")
    if position is not None and position in stretch.positions:
        index = stretch.positions.index(position)
        return Figure(_pick(stretch.poses, index), position_name(position).capitalize())
    if progression is not None and progression in stretch.progressions:
        index = stretch.progressions.index(progression)
        return Figure(_pick(stretch.poses, index), f"level {index + 1}")
    return Figure(stretch.poses[0], "")


def figures_of(stretch: Stretch) -> tuple[Figure, ...]:
    """Every figure of a stretch, for its description: both sides, each position or
    each level."""
    if not stretch.poses:
        return ()
    if stretch.per_side:
        parts = [figure_for(stretch, side=side) for side in ("left", "right")]
    elif stretch.positions:
        parts = [figure_for(stretch, position=position) for position in stretch.positions]
    elif stretch.progressions:
        parts = [figure_for(stretch, progression=level) for level in stretch.progressions]
    else:
        parts = [figure_for(stretch)]
    return tuple(part for part in parts if part is not None)


# -- drawing ----------------------------------------------------------------------------

BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of each dot of a braille cell, by [row][column]."""


def _strokes(pose: Pose) -> list[list[Point]]:
    """The figure as polylines in pose units: spine, limbs, neck, props."""
    neck, hip = pose.at("neck"), pose.at("hip")
    assert neck is not None and hip is not None
    back = pose.at("back")
    if back is None:
        spine = [neck, hip]
    else:  # a quadratic curve through `back`: a round or a sagging back
        control = (2 * back[0] - (neck[0] + hip[0]) / 2, 2 * back[1] - (neck[1] + hip[1]) / 2)
        spine = [_bezier(neck, control, hip, t / 16) for t in range(17)]
    strokes = [spine]
    for chain in LIMBS:
        points = [point for point in map(pose.at, chain) if point is not None]
        if len(points) > 1:
            strokes.append(points)
    head = pose.at("head")
    assert head is not None
    distance = math.dist(head, neck)
    if distance > HEAD_RADIUS:  # the neck: from the shoulders to the rim of the head
        share = HEAD_RADIUS / distance
        strokes.append([neck, (head[0] + (neck[0] - head[0]) * share, head[1] + (neck[1] - head[1]) * share)])
    strokes.extend(list(line) for line in pose.lines)
    return strokes


def _bezier(start: Point, control: Point, end: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
            u * u * start[1] + 2 * u * t * control[1] + t * t * end[1])


def _bounds(pose: Pose) -> tuple[float, float, float, float]:
    """Left, bottom, right and top of everything drawn (the floor at 0 included)."""
    points = [point for _, point in pose.joints] + [point for line in pose.lines for point in line]
    head = pose.at("head")
    assert head is not None
    xs = [x for x, _ in points] + [head[0] - HEAD_RADIUS, head[0] + HEAD_RADIUS]
    ys = [y for _, y in points] + [head[1] - HEAD_RADIUS, head[1] + HEAD_RADIUS]
    if pose.floor:
        ys.append(0.0)
    return min(xs), min(ys), max(xs), max(ys)


def draw(pose: Pose, width: int, height: int, *, mirrored: bool = False) -> list[str]:
    """The pose in `height` lines of `width` cells of braille (2x4 dots a cell, about
    square), as large as fits, centred, standing on the bottom line, and flipped left to
    right when `mirrored` (the dots themselves, so the two sides match exactly); [] when
    the space is too small to draw anything a person could read."""
    if width < 4 or height < 2:
        return []
    columns, rows = width * 2, height * 4
    left, bottom, right, top = _bounds(pose)
    span_x, span_y = max(right - left, 1.0), max(top - bottom, 1.0)
    scale = min((columns - 1) / span_x, (rows - 1) / span_y)
    offset_x = (columns - 1 - span_x * scale) / 2 - left * scale
    if pose.floor:  # the floor is the bottom row of dots, FLOOR_GAP below y = 0
        scale = min((columns - 1) / span_x, (rows - 1 - FLOOR_GAP) / span_y)
        offset_x = (columns - 1 - span_x * scale) / 2 - left * scale
        offset_y = FLOOR_GAP - bottom * scale
    else:
        offset_y = (rows - 1 - span_y * scale) / 2 - bottom * scale
    dots: set[tuple[int, int]] = set()

    def plot(x: float, y: float) -> None:
        column, row = round(x * scale + offset_x), rows - 1 - round(y * scale + offset_y)
        if 0 <= column < columns and 0 <= row < rows:
            dots.add((column, row))

    for stroke in _strokes(pose):
        for start, end in itertools.pairwise(stroke):
            steps = max(1, math.ceil(math.dist(start, end) * scale * 2))
            for step in range(steps + 1):
                t = step / steps
                plot(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)
    head = pose.at("head")
    assert head is not None
    around = max(8, math.ceil(2 * math.pi * HEAD_RADIUS * scale * 2))
    for step in range(around):
        angle = 2 * math.pi * step / around
        plot(head[0] + HEAD_RADIUS * math.cos(angle), head[1] + HEAD_RADIUS * math.sin(angle))
    if pose.floor:
        for column in range(columns):
            dots.add((column, rows - 1))
    cells = [[0] * width for _ in range(height)]
    for column, row in dots:
        if mirrored:
            column = columns - 1 - column
        cells[row // 4][column // 2] |= DOT_BITS[row % 4][column % 2]
    return ["".join(chr(BRAILLE + bits) if bits else " " for bits in line) for line in cells]
