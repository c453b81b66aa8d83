"""The safety screen's acknowledgement file and the `checkin` setting."""

from __future__ import annotations

from pathlib import Path

from stretchtui.storage.config import check_config, load_config
from stretchtui.storage.safety import (
    checkin_asked,
    mark_checkin_asked,
    mark_safety_seen,
    safety_seen,
    seen_file,
)


def test_tests_start_with_the_safety_screen_seen_and_unseen_undoes_it(unseen: Path) -> None:
    assert seen_file() == unseen
    assert not safety_seen()
    mark_safety_seen()
    assert unseen.is_file() and safety_seen()
    mark_safety_seen()  # twice is harmless
    assert safety_seen()


def test_a_seen_file_a_dotfiles_setup_links_counts_as_seen(unseen: Path, tmp_path: Path) -> None:
    unseen.symlink_to(tmp_path / "nowhere")
    assert safety_seen()


def test_checkin_takes_its_three_words_and_a_bad_one_is_one_line(user_dirs: dict[str, Path]) -> None:
    config = user_dirs["config"] / "config.toml"
    config.parent.mkdir(parents=True)
    assert load_config()[0].checkin == "off"
    config.write_text('checkin = "both"\n')
    assert load_config()[0].checkin == "both"
    config.write_text('bell = false\ncheckin = "sometimes"\n')
    settings, problems = load_config()
    assert settings.checkin == "off" and settings.bell is False
    assert len(problems) == 1 and "config.toml:2:" in str(problems[0]) and "checkin" in str(problems[0])
    assert check_config(config) == problems


def test_the_check_in_offer_is_remembered_in_the_state_folder(unasked: Path) -> None:
    assert not checkin_asked()
    mark_checkin_asked()
    assert unasked.is_file() and checkin_asked()


def test_history_records_keep_ratings_and_hurt_through_the_file_and_old_ones_read_as_before() -> None:
    from stretchtui.storage.history import append_record, last_record, read_records

    base = {"routine": "R", "started": "2026-11-23T09:00:00+00:00", "ended": "2026-11-23T09:01:00+00:00",
            "planned_s": 60, "done_s": 60.0, "steps": 3, "skipped": 0, "completed": True}
    append_record(base)
    append_record({**base, "pain_before": 6, "pain_after": 4, "hurt": ["cat-cow"],
                   "stretches": [{"id": "yoga-wheel", "done_s": 20.0, "progression": 2}]})
    records, damaged, problems = read_records()
    assert (damaged, problems) == (0, [])
    old, new = records
    assert (old.pain_before, old.pain_after, old.hurt, old.stretches) == (None, None, (), None)
    assert (new.pain_before, new.pain_after, new.hurt) == (6, 4, ("cat-cow",))
    assert new.stretches is not None and new.stretches[0].progression == 2
    assert last_record() == new  # what `status` reads
