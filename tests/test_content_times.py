"""Times as notices write them are read and normalised; impossible ones are refused once."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from site_paths import Build, replace_in

from site_builder.loader import load_site
from site_builder.times import TimeError, parse_range, parse_time

FIRST = "  - id: 2021-04-12\n    date: 2021-04-12\n    weekday: 星期一\n"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:00", time(9, 0)),
        ("０９：３０", time(9, 30)),
        ("下午3:00", time(15, 0)),
        ("下午３：００", time(15, 0)),
        ("15时30分", time(15, 30)),
        ("上午9时", time(9, 0)),
        ("下午2点半", time(14, 30)),
        ("中午12:30", time(12, 30)),
        ("下午15:00", time(15, 0)),
        ("21:00", time(21, 0)),
    ],
)
def test_common_spellings_of_a_time(written: str, expected: time) -> None:
    assert parse_time(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("9:00-11:30", (time(9, 0), time(11, 30))),
        ("14:30－17:30", (time(14, 30), time(17, 30))),
        ("下午3:00—5:30", (time(15, 0), time(17, 30))),
        ("上午9时至11时30分", (time(9, 0), time(11, 30))),
        ("9:00～12:00", (time(9, 0), time(12, 0))),
        ("8时到下午5时", (time(8, 0), time(17, 0))),
    ],
)
def test_common_spellings_of_a_range(written: str, expected: tuple[time, time]) -> None:
    assert parse_range(written) == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "3:00",
            "3:00 is 3 in the morning, outside office hours (07:00–21:00); "
            "did you mean 15:00 (下午3:00)?",
        ),
        (
            "06:30",
            "06:30 is 6:30 in the morning, outside office hours (07:00–21:00); "
            "did you mean 18:30 (下午6:30)?",
        ),
        (
            "22:00",
            "22:00 is 10 at night, outside office hours (07:00–21:00); "
            "did you mean 10:00 (上午10:00)?",
        ),
        ("0:30", "0:30 is 0:30 after midnight, outside office hours (07:00–21:00)"),
        ("25:00", "25:00 is not a time of day"),
        ("九点", "expected a time such as 09:00, 下午3:00 or 15时30分, found '九点'"),
    ],
)
def test_implausible_or_unreadable_times_are_refused(written: str, message: str) -> None:
    with pytest.raises(TimeError) as error:
        parse_time(written)
    assert str(error.value) == message


def test_a_session_may_give_its_time_as_a_range(seed_dir: Path) -> None:
    replace_in(seed_dir / "schedule.yaml", FIRST, FIRST + '    time: "下午3:00—5:30"\n')
    replace_in(
        seed_dir / "schedule.yaml",
        "  - id: 2021-04-26\n",
        '  - id: 2021-04-26\n    start: "上午9时"\n    end: 11时30分\n',
    )
    site = load_site(seed_dir)
    by_id = {session.id: session for session in site.sessions}
    assert by_id["2021-04-12"].slot.time_label == "15:00–17:30"
    assert by_id["2021-04-26"].slot.time_label == "9:00–11:30"


def test_a_bare_afternoon_hour_is_refused_with_the_likely_reading(
    seed_dir: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "schedule.yaml", FIRST, FIRST + '    start: "3:00"\n')
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert (
        "schedule.yaml:27: sessions[0].start: 3:00 is 3 in the morning, outside office hours "
        "(07:00–21:00); did you mean 15:00 (下午3:00)?\n"
    ) in result.output


def test_one_bad_default_gives_one_error(seed_dir: Path, site_builder: Build) -> None:
    replace_in(seed_dir / "schedule.yaml", 'start: "09:00"', 'start: "9"')
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ".yaml:" in line]
    assert errors == [
        f"{seed_dir}/schedule.yaml:8: defaults.start: expected a time such as 09:00, "
        "下午3:00 or 15时30分, found '9'"
    ]


def test_time_and_start_together_are_refused(seed_dir: Path, site_builder: Build) -> None:
    replace_in(
        seed_dir / "schedule.yaml", FIRST, FIRST + '    time: 9:00-12:00\n    start: "09:00"\n'
    )
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "schedule.yaml:27: sessions[0]: give either time (a range) or start and end" in (
        result.output
    )


def test_a_range_written_in_start_points_to_time(seed_dir: Path, site_builder: Build) -> None:
    replace_in(seed_dir / "schedule.yaml", FIRST, FIRST + '    start: "9:00-11:30"\n')
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert (
        "sessions[0].start: expected a time such as 09:00, 下午3:00 or 15时30分, found "
        "'9:00-11:30'; write a start and end together as `time: 9:00-11:30`"
    ) in result.output
