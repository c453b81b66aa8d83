"""Fuzzed inputs: whatever the bytes, storage gives a valid model or its own clear error.

Never another exception, never a message of more than one line or with raw control
characters in it. At least 2,000 examples per test (HYPOTHESIS_PROFILE=long: 20,000), but
for the round trips through files on disk and of rendered routines, which are slower per
example. Each takes seconds: these run in `pytest` and CI, not in the fast loop.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from histories import read_history
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import BUILTIN_NAMES, LIBRARY, routine_lists, routine_lists_of

from stretchtui.core.model import Routine, Stretch
from stretchtui.core.plan import plan
from stretchtui.core.rules import MAX_ITEMS, normalise_item
from stretchtui.storage.check import check_file
from stretchtui.storage.errors import Problem, StorageError
from stretchtui.storage.library import load_library
from stretchtui.storage.render import render_routines, routines_document
from stretchtui.storage.routines import builtin_routines, load_routines
from stretchtui.storage.schema import (
    ITEM_KEYS,
    ROUTINE_KEYS,
    STRETCH_KEYS,
    parse_routines,
    parse_stretches,
)
from stretchtui.storage.toml import parse_toml_bytes

EXAMPLES = max(2000, settings.default.max_examples)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
PATH = "fuzz.toml"
SMALL_ROUTINES = routine_lists_of(name=12, description=12, routines=3, items_each=4, at_least=1)
TRIED: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_examples() -> Iterator[None]:
    yield
    print("\nfuzzed examples: " + ", ".join(f"{name} {count}" for name, count in TRIED.items()))
    print("outcomes: " + ", ".join(f"{name} {count}" for name, count in OUTCOMES.items()))


def assert_clear(problems: list[Problem], raw: bytes) -> None:
    """Each problem is one printable line naming the file, at a line the file has."""
    lines = raw.count(b"\n") + 1
    for problem in problems:
        text = str(problem)
        assert text.startswith(PATH) and text.isprintable(), text
        assert problem.message.strip()
        assert problem.line is None or 1 <= problem.line <= lines


def assert_valid_routines(routines: list[Routine], library: dict[str, Stretch]) -> None:
    names = [r.name.casefold() for r in routines]
    assert len(set(names)) == len(names) and not set(names) & BUILTIN_NAMES
    for routine in routines:
        assert routine.name.strip() and len(routine.items) <= MAX_ITEMS
        result = plan(routine, library)  # never a PlanError for a loaded routine
        assert all(step.duration >= 1 for step in result.steps)
        assert result.total == sum(step.duration for step in result.steps)


def assert_valid_stretches(stretches: list[Stretch]) -> None:
    ids = [s.id for s in stretches]
    assert len(set(ids)) == len(ids) and not set(ids) & set(LIBRARY)
    for stretch in stretches:
        assert stretch.hold[0] >= 1 and stretch.reps[0] >= 1
        assert not (stretch.per_side and stretch.positions)


def load(raw: bytes) -> None:
    """Load `raw` as a routines file and as a stretches file, checking all that comes out."""
    try:
        data, locator = parse_toml_bytes(raw, PATH)
    except StorageError as error:
        assert error.problems
        assert_clear(error.problems, raw)
        OUTCOMES["not TOML"] += 1
        return
    stretches, problems = parse_stretches(data, PATH, locator, LIBRARY)
    assert_clear(problems, raw)
    assert_valid_stretches(stretches)
    library = {**LIBRARY, **{s.id: s for s in stretches}}
    routines, routine_problems = parse_routines(data, PATH, locator, library, BUILTIN_NAMES)
    assert_clear(routine_problems, raw)
    assert_valid_routines(routines, library)
    OUTCOMES["model loaded"] += bool(routines or stretches)
    OUTCOMES["problems reported"] += bool(problems or routine_problems)


# -- arbitrary bytes -----------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes(raw: bytes) -> None:
    TRIED["arbitrary bytes"] += 1
    load(raw)


TOML_ISH = st.text(alphabet=st.sampled_from(list('[]{}=.,"\'#\n \t-_:+aeinrsty01239\\\x00\x1bé')),
                   max_size=300)


@FUZZ
@given(text=TOML_ISH)
def test_arbitrary_toml_like_text(text: str) -> None:
    TRIED["TOML-like text"] += 1
    load(text.encode("utf-8"))


# -- arbitrary TOML documents ---------------------------------------------------------


KEYS = st.sampled_from(sorted({*STRETCH_KEYS, *ROUTINE_KEYS, *ITEM_KEYS, "routines", "stretches"})) | st.text(
    max_size=8)
SCALARS = (st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.integers(-5, 4000)
           | st.floats(allow_nan=False) | st.text(max_size=30) | st.sampled_from(sorted(LIBRARY))
           | st.datetimes() | st.dates() | st.times())
# Two levels of lists and tables: deep enough for every shape the files have, and much
# cheaper to draw than st.recursive.
NESTED = SCALARS | st.lists(SCALARS, max_size=3) | st.dictionaries(KEYS, SCALARS, max_size=3)
VALUES = NESTED | st.lists(NESTED, max_size=3) | st.dictionaries(KEYS, NESTED, max_size=4)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=4) | st.fixed_dictionaries({
    "routines": st.lists(st.dictionaries(KEYS, VALUES, max_size=7), max_size=3),
}) | st.fixed_dictionaries({"stretches": st.lists(st.dictionaries(KEYS, VALUES, max_size=12), max_size=3)})


@FUZZ
@given(document=DOCUMENTS)
def test_arbitrary_toml_documents(document: dict[str, Any]) -> None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        assume(False)  # e.g. a time with a timezone, which TOML cannot hold
    TRIED["TOML documents"] += 1
    load(text.encode("utf-8"))


# -- near-valid files ----------------------------------------------------------------


def mutate(draw: st.DrawFn, document: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """One small damage somewhere in the document: a key dropped, retyped, renamed or added."""
    parent: Any = document
    key: Any = draw(st.sampled_from(sorted(document))) if document else "routines"
    while True:  # walk down a random way, stopping at a random depth
        node = parent.get(key) if isinstance(parent, dict) else parent[key]
        if not (isinstance(node, dict | list) and node and draw(st.booleans())):
            break
        parent, key = node, (draw(st.sampled_from(sorted(node))) if isinstance(node, dict)
                             else draw(st.integers(0, len(node) - 1)))
    action = draw(st.sampled_from(["drop", "retype", "rename", "add", "duplicate", "bad number"]))
    if action == "drop" and key in (parent if isinstance(parent, dict) else range(len(parent))):
        del parent[key]
    elif action == "rename" and isinstance(parent, dict) and key in parent:
        parent[draw(KEYS)] = parent.pop(key)
    elif action == "add" and isinstance(node, dict):
        node[draw(st.sampled_from(keys) | KEYS)] = draw(VALUES)
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(node))
    elif action == "bad number" and isinstance(node, dict):
        node[draw(st.sampled_from(["hold", "reps", "rest", "get_ready", "transition", "progression"]))] = (
            draw(st.integers(-3, 3) | st.integers(3600, 4000) | st.sampled_from([[0, 1], [5, 2], 1.5])))
    else:  # retype
        parent[key] = draw(VALUES)
    return document


def dumps(document: dict[str, Any]) -> bytes:
    """TOML for the damaged document, or its Python text where TOML cannot hold it."""
    try:
        return tomli_w.dumps(document).encode("utf-8")
    except (TypeError, ValueError):
        return repr(document).encode("utf-8")


@st.composite
def near_valid_routines(draw: st.DrawFn) -> bytes:
    document = routines_document(draw(SMALL_ROUTINES))
    for _ in range(draw(st.integers(1, 3))):
        document = mutate(draw, document, ROUTINE_KEYS + ITEM_KEYS)
    return dumps(document)


BUILTIN_STRETCHES = tomllib.loads((resources.files("stretchtui") / "data" / "stretches.toml").read_text())
for _entry in BUILTIN_STRETCHES["stretches"]:
    _entry["id"] = "my-" + _entry["id"]


@st.composite
def near_valid_stretches(draw: st.DrawFn) -> bytes:
    entries = draw(st.lists(st.sampled_from(BUILTIN_STRETCHES["stretches"]), min_size=1, max_size=4))
    document = {"stretches": copy.deepcopy(entries)}
    for _ in range(draw(st.integers(1, 3))):
        document = mutate(draw, document, STRETCH_KEYS)
    return dumps(document)


@FUZZ
@given(raw=near_valid_routines())
def test_near_valid_routine_files(raw: bytes) -> None:
    TRIED["near-valid routine files"] += 1
    load(raw)


@FUZZ
@given(raw=near_valid_stretches())
def test_near_valid_stretch_files(raw: bytes) -> None:
    TRIED["near-valid stretch files"] += 1
    load(raw)


@st.composite
def damaged_text(draw: st.DrawFn) -> bytes:
    """A valid routines file with a few characters deleted, inserted or lines swapped."""
    text = bytearray(tomli_w.dumps(routines_document(draw(SMALL_ROUTINES))).encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "line"]))
        if kind == "delete":
            del text[at:at + draw(st.integers(1, 5))]
        elif kind == "insert":
            text[at:at] = draw(st.sampled_from([b"[", b"]", b"\"", b"=", b"\n", b".", b"0", b"\xff", b"#"]))
        else:
            lines = bytes(text).split(b"\n")
            other = draw(st.integers(0, len(lines) - 1))
            lines.insert(other, lines[at % len(lines)])
            text = bytearray(b"\n".join(lines))
    return bytes(text)


@FUZZ
@given(raw=damaged_text())
def test_damaged_routine_text(raw: bytes) -> None:
    TRIED["damaged routine text"] += 1
    load(raw)


# -- through the public loaders, on disk ----------------------------------------------


@settings(max_examples=max(300, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=near_valid_routines() | near_valid_stretches() | st.binary(max_size=500))
def test_files_on_disk_through_the_public_loaders(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    TRIED["files on disk"] += 1
    folder: Path = tmp_path_factory.getbasetemp() / "fuzz-files"
    folder.mkdir(exist_ok=True)
    path = folder / "routines.toml"
    path.write_bytes(raw)
    for problem in check_file(path, LIBRARY):
        assert "\n" not in str(problem) and str(problem).startswith(str(path))
    book = load_routines(LIBRARY, path)
    assert book.builtin and (book.writable or book.problems)
    (folder / "stretches.toml").write_bytes(raw)
    library = load_library(folder / "stretches.toml")
    assert set(LIBRARY) <= set(library.stretches)


# -- the session history ------------------------------------------------------------------------

HISTORY_PATH_NAME = "history.jsonl"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
RECORD = {"routine": "Desk break", "started": "2026-11-24T09:00:00+01:00",
          "ended": "2026-11-24T09:04:50+01:00", "planned_s": 290, "done_s": 290.0, "steps": 3,
          "skipped": 0, "completed": True, "stretches": [{"id": "cat-cow", "done_s": 80.0}],
          "step_starts": [0.0, 5.0], "step_seen": [0.0, 5.02, 290.03]}
HUGE = "9" * 5000
"""More digits than Python turns into an int (json raises ValueError, not a decode error)."""
HOSTILE_LINES = [
    HUGE, "-" + HUGE, f'{{"routine": "x", "done_s": {HUGE}}}', "[" * 100_000, '{"a": ' * 50_000,
    '{"done_s": NaN}', '{"done_s": Infinity, "planned_s": -Infinity}', "1e999", "\ufeff{}", "\x00",
    '{"started": "2026-11-24T09:00:00+25:00"}', '{"started": "0001-01-01T00:00:00+14:00"}',
    '{"started": "9999-12-31T23:59:59-14:00"}', '"\\ud800"',
]


@st.composite
def history_lines(draw: st.DrawFn) -> bytes:
    """A line of history.jsonl: a record with a field changed to any JSON value or to text
    json cannot convert, torn, arbitrary bytes, or one of the lines found by the attack."""
    kind = draw(st.sampled_from(["changed", "huge", "torn", "bytes", "hostile", "whole"]))
    record: dict[str, Any] = copy.deepcopy(RECORD)
    if kind == "changed":
        record[draw(st.sampled_from(sorted(record)) | st.text(max_size=8))] = draw(JSON_VALUES)
    if kind == "bytes":
        return draw(st.binary(max_size=200)).replace(b"\n", b" ")
    if kind == "hostile":
        return draw(st.sampled_from(HOSTILE_LINES)).encode("utf-8", "surrogatepass")
    text = json.dumps(record, ensure_ascii=draw(st.booleans()))
    if kind == "huge":
        key = draw(st.sampled_from(["done_s", "planned_s", "steps", "skipped"]))
        text = text.replace(f'"{key}": {json.dumps(record[key])}', f'"{key}": {HUGE}', 1)
    if kind == "torn":
        text = text[: draw(st.integers(0, len(text) - 1))]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=max(300, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(history_lines(), max_size=8), final_newline=st.booleans())
def test_a_damaged_history_is_read_skipping_each_bad_line(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], final_newline: bool
) -> None:
    """Whatever is on a line, reading the history never raises: each non-blank line is a
    record or one damaged line, and the summary, the status line's last record and the
    backwards reader get through it."""
    from datetime import date

    from stretchtui.storage.history import last_record, load_summary, read_backwards, read_records

    path = tmp_path_factory.mktemp("history") / HISTORY_PATH_NAME
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))
    records, damaged, problems = read_records(path)
    TRIED["history lines"] += len(lines)
    OUTCOMES["damaged lines"] += damaged
    assert problems == []
    assert len(records) + damaged == sum(1 for line in lines if line.strip())
    summary, _ = load_summary(today=date(2026, 11, 24), daily_goal_min=5, path=path)
    assert summary.sessions == len(records) and summary.damaged == damaged
    assert all(math.isfinite(value) for value in (summary.seconds, summary.this_week_s))
    assert last_record(path) == next((r for r in reversed(records) if r.ended is not None), None)
    list(read_backwards(path))


# -- moved from the storage and history tests: long property tests, out of the fast loop --


@settings(max_examples=2000, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(st.just(json.dumps(RECORD)), st.text(max_size=40),
                       st.just(json.dumps(RECORD)[:25])), max_size=8).map("\n".join)
      .map(str.encode),
))
def test_any_history_bytes_give_records_and_warnings_never_an_exception(raw: bytes) -> None:
    path = Path(tempfile.mkdtemp()) / "history.jsonl"
    path.write_bytes(raw)
    records, problems = read_history(path)
    assert all(isinstance(record, dict) for record in records)
    assert all(str(path) in str(problem) for problem in problems)
    assert len(records) + len(problems) <= raw.count(b"\n") + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines=routine_lists)
def test_render_then_parse_gives_the_same_routines(routines: list[Routine]) -> None:
    text = render_routines(routines)
    data, locator = parse_toml_bytes(text.encode("utf-8"), "routines.toml")
    parsed, problems = parse_routines(data, "routines.toml", locator, LIBRARY,
                                      {r.name.casefold() for r in builtin_routines(LIBRARY)})
    assert problems == []
    expected = [
        Routine(r.name, r.description, r.get_ready, r.rest, r.transition,
                tuple(normalise_item(item, LIBRARY[item.stretch]) for item in r.items))
        for r in routines
    ]
    assert parsed == expected
    assert render_routines(parsed) == render_routines(expected)  # rendering is stable
