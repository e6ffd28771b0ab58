"""Every kind of content mistake is reported as ``file:line: message``, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_paths import Build

FIRST_SESSION = "  - id: 2021-04-12\n    date: 2021-04-12\n    weekday: 星期一\n"

# (file, text to replace, replacement, text whose line the error points at, message)
BROKEN = [
    (
        "schedule.yaml",
        "    weekday: 星期一\n    lead: {unit: rsj",
        "    weekday: 星期一\n   lead: {unit: rsj",
        "   lead: {unit: rsj",
        "YAML syntax error: expected <block end>, but found '<block mapping start>'",
    ),
    (
        "site.yaml",
        "title: 2021年宜良县根治欠薪集中联合接访\n",
        "",
        "office: ",
        "missing required field `title`",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION.replace("weekday", "weekdy"),
        "    weekdy: 星期一",
        "sessions[0].weekdy: unknown field (known fields: changes, date, end, id, lead, "
        "note, staff, start, time, time_tba, units, venue, weekday)",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION.replace("date: 2021-04-12", "date: 2021-02-30"),
        "    date: 2021-02-30",
        "sessions[0].date: 2021-02-30 is not a date",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION.replace("date: 2021-04-12", "date: 12 April"),
        "    date: 12 April",
        "sessions[0].date: expected a date as YYYY-MM-DD, found '12 April'",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION + '    start: "25:00"\n',
        '    start: "25:00"',
        "sessions[0].start: 25:00 is not a time of day",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION + '    start: "18:00"\n',
        '    start: "18:00"',
        "sessions[0]: ends at 17:00, not after it starts at 18:00",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION.replace("星期一", "星期二"),
        "    weekday: 星期二",
        "sessions[0].weekday: 2021-04-12 is a 星期一, not '星期二'",
    ),
    (
        "schedule.yaml",
        "  - id: 2021-04-26\n    date: 2021-04-26\n",
        "  - id: 2021-04-26\n    date: 2021-04-12\n",
        "  - id: 2021-04-26",
        "session '2021-04-26' overlaps session '2021-04-12' (line {first}) at venue 'county': "
        "2021年4月12日（星期一）9:00–17:00 / 2021年4月12日（星期一）9:00–17:00",
    ),
    (
        "schedule.yaml",
        "units: [rsj, zjj, jyj, swj, fgj]",
        "units: [rsj, zjj, jyj, swj, fgx]",
        "units: [rsj, zjj, jyj, swj, fgx]",
        "sessions[0].units[4]: 'fgx' is not declared (czj, fgj, gaj, gzj, jyj, rsj, swj, zgh, zjj)",
    ),
    (
        "schedule.yaml",
        FIRST_SESSION,
        FIRST_SESSION + "    venue: town\n",
        "    venue: town",
        "sessions[0].venue: 'town' is not declared (county)",
    ),
    (
        "schedule.yaml",
        "  - id: 2021-04-26\n",
        "  - id: 2021-04-12\n",
        "  - id: 2021-04-12\n    date: 2021-04-26",
        "sessions[1].id: '2021-04-12' is already used on line {first}",
    ),
    (
        "site.yaml",
        "sessions_per_month: 1",
        "sessions_per_month: many",
        "sessions_per_month: many",
        "campaign.sessions_per_month: expected a whole number >= 0, found 'many'",
    ),
    (
        "venues.yaml",
        "    room: 宜良县就业和社会保障服务中心101室\n",
        "    room: 宜良县就业和社会保障服务中心101室\n    latitude: 24.9\n",
        "  - id: county",
        "venues[0]: give both latitude and longitude, or neither",
    ),
    (
        "notices/01-notice.md",
        "---\n# 通知标题。必填。\ntitle:",
        "# 通知标题。必填。\ntitle:",
        None,
        "the first line must be `---`, starting the header (`title:` and so on)",
    ),
]


def _line_of(text: str, needle: str | None) -> int:
    return text[: text.index(needle)].count("\n") + 1 if needle else 1


@pytest.mark.parametrize(
    ("file", "old", "new", "at", "message"),
    BROKEN,
    ids=[
        "yaml-syntax",
        "missing-field",
        "unknown-field",
        "impossible-date",
        "date-format",
        "impossible-time",
        "end-before-start",
        "wrong-weekday",
        "overlap",
        "undeclared-unit",
        "undeclared-venue",
        "duplicate-id",
        "mistyped-number",
        "half-coordinates",
        "notice-header",
    ],
)
def test_each_error_names_file_and_line(
    seed_dir: Path, site_builder: Build, monkeypatch, file, old, new, at, message
) -> None:
    path = seed_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    monkeypatch.chdir(seed_dir.parent)
    result = site_builder("check", "--content", "content")
    assert result.exit_code == 1
    if "{first}" in message:
        message = message.replace("{first}", str(_line_of(edited, "  - id: 2021-04-12")))
    assert f"content/{file}:{_line_of(edited, at)}: {message}\n" in result.output


def test_all_errors_are_reported_in_one_run(seed_dir: Path, site_builder: Build) -> None:
    schedule = seed_dir / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    text = text.replace("date: 2021-05-10", "date: 2021-05-32").replace(
        "[rsj, zjj, jyj, swj, gaj]", "[rsj, nope]"
    )
    schedule.write_text(text, encoding="utf-8")
    (seed_dir / "units.yaml").write_text("units: []\nextra: 1\n", encoding="utf-8")
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ".yaml:" in line]
    assert len(errors) > 12  # every unit reference, the bad date and the unknown key
    assert any("units.yaml:2: extra: unknown field" in line for line in errors)
    assert any("2021-05-32 is not a date" in line for line in errors)
    assert result.output.rstrip().endswith("error(s) in the content")


def test_a_month_without_sessions_is_a_warning(seed_dir: Path, site_builder: Build) -> None:
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 0
    line = _line_of((seed_dir / "site.yaml").read_text(encoding="utf-8"), "campaign:")
    assert (
        f"site.yaml:{line}: warning: campaign: 2022-01 has 0 session(s); "
        "the campaign asks for at least 1 a month"
    ) in result.output


def test_file_that_is_not_utf8(seed_dir: Path, site_builder: Build) -> None:
    (seed_dir / "venues.yaml").write_bytes("venues:\n  - id: 县\n".encode("gb18030"))
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "venues.yaml:2: is not valid UTF-8 text (save the file as UTF-8)" in result.output


def test_time_to_be_announced_cannot_also_have_a_time(seed_dir: Path, site_builder: Build) -> None:
    schedule = seed_dir / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(
        text.replace(FIRST_SESSION, FIRST_SESSION + '    time_tba: true\n    start: "10:00"\n'),
        encoding="utf-8",
    )
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "time_tba: true means the time is not known yet: remove start and end" in result.output


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("venues.yaml", "    room:", "\troom:", "(indent with spaces, not tabs)"),
        ("venues.yaml", "    room:", "\u3000\u3000room:", "a full-width space"),
        ("venues.yaml", "  - id: county", "  - id： county\n    x: 1", "English colon"),
        ("schedule.yaml", "[rsj, zjj, jyj, swj, fgj]", "[rsj，zjj]", "an English comma"),
        (
            "venues.yaml",
            "    room:",
            "    latitude: 102.7\n    longitude: 24.9\n    room:",
            "-90 to 90",
        ),
    ],
    ids=["tab", "full-width-space", "full-width-colon", "chinese-comma", "swapped-coordinates"],
)
def test_typical_slips_get_a_hint(seed_dir: Path, site_builder: Build, file, old, new, message):
    path = seed_dir / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_is_reported_once_not_per_reference(
    seed_dir: Path, site_builder: Build
) -> None:
    (seed_dir / "units.yaml").unlink()
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": " in line and "Error" not in line]
    assert errors == [f"{seed_dir / 'units.yaml'}:1: file is missing"]


def test_notices_saved_by_notepad(seed_dir: Path, site_builder: Build) -> None:
    notice = seed_dir / "notices" / "01-notice.md"
    notice.write_bytes(b"\xef\xbb\xbf" + notice.read_bytes())  # a UTF-8 BOM
    assert site_builder("check", "--content", seed_dir).exit_code == 0
    notice.rename(notice.with_suffix(".txt"))
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "01-notice.txt:1: not published: notices must be Markdown files ending in .md" in (
        result.output
    )
