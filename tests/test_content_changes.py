"""A change may name another lead or other units, and a cancellation an alternative."""

from __future__ import annotations

from pathlib import Path

from site_paths import Build, replace_in

FIRST = (
    "    lead: {unit: rsj, title: 分管负责同志}\n    units: [rsj, zjj, jyj, swj, fgj]\n"
    "  - id: 2021-04-26\n"
)
NEW_LEAD = (
    "    lead: {unit: zjj, title: 局长, name: 王强}\n    units: [rsj, zjj, jyj, swj, fgj]\n"
    "    changes:\n"
    "      - announced: 2021-04-08\n"
    "        kind: rescheduled\n"
    "        previous: {lead: {unit: rsj, title: 分管负责同志}, units: [rsj, zjj]}\n"
    "  - id: 2021-04-26\n"
)
CANCELLED = (
    "    lead: {unit: rsj, title: 分管负责同志}\n    units: [rsj, zjj, jyj, swj, fgj]\n"
    "    changes:\n"
    "      - announced: 2021-04-08\n"
    "        kind: cancelled\n"
    "        reason: 因场地维修取消\n"
    "        alternative: {text: 设临时接访点照常受理, venue: county, date: 2021-04-13}\n"
    "  - id: 2021-04-26\n"
)


def _build(content: Path, out: Path, site_builder: Build) -> tuple[str, str]:
    result = site_builder("build", "--content", content, "--out", out, "--today", "2021-04-09")
    assert result.exit_code == 0, result.output
    page = (out / "sessions" / "2021-04-12.html").read_text(encoding="utf-8")
    feed = (out / "sessions" / "2021-04-12.ics").read_bytes().decode().replace("\r\n ", "")
    return page, feed


def test_a_new_lead_and_new_units_are_marked_on_the_site_and_in_the_feed(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "schedule.yaml", FIRST, NEW_LEAD)
    page, feed = _build(seed_dir, tmp_path / "out", site_builder)
    assert '<span class="badge">更换带班领导</span> <span class="badge">参加单位调整</span>' in page
    assert (
        '<dd><del>县人社局分管负责同志</del> <span class="badge">更换带班领导</span> '
        "县住建局局长 王强</dd>"
    ) in page
    assert '<dd><del>县人社局、县住建局</del> <span class="badge">参加单位调整</span> ' in page
    assert "SEQUENCE:1\r\n" in feed
    assert (
        "【更换带班领导、参加单位调整】2021年4月8日公布：原定2021年4月12日（星期一）9:00–17:00，"
        "带班领导改为 县住建局局长 王强，参加单位改为 县人社局、县住建局、县交运局、县水务局、"
        "县发改局。"
    ) in feed.replace("\\,", ",")
    assert "参加接访领导：县住建局局长 王强（原定县人社局分管负责同志）" in feed.replace("\\,", ",")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<strong>带班领导改为 县住建局局长 王强，参加单位改为" in index


def test_a_cancellation_shows_its_alternative(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "schedule.yaml", FIRST, CANCELLED)
    page, feed = _build(seed_dir, tmp_path / "out", site_builder)
    alternative = (
        "2021年4月13日 宜良县人力资源和社会保障局（宜良县就业和社会保障服务中心101室）："
        "设临时接访点照常受理"
    )
    assert f"可改往 {alternative}。欠薪问题可以在线反映或打电话。</p>" in page
    assert f"<dt>取消后可改往</dt>\n  <dd>{alternative}</dd>" in page
    assert f"可改往：{alternative}" in feed.replace("\\,", ",")
    assert "STATUS:CANCELLED\r\n" in feed
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<span class="alternative">可改往 {alternative}</span>' in index


def test_an_unrecorded_edit_of_lead_or_units_is_refused(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    replace_in(
        seed_dir / "schedule.yaml",
        FIRST,
        FIRST.replace("{unit: rsj, title", "{unit: zjj, title").replace(", fgj]", "]"),
    )
    result = site_builder("check", "--content", seed_dir, "--out", out)
    assert result.exit_code == 1
    text = (seed_dir / "schedule.yaml").read_text(encoding="utf-8")
    line = text[: text.index("  - id: 2021-04-12")].count("\n") + 1
    assert (
        f"schedule.yaml:{line}: session 2021-04-12: lead changed from 县人社局分管负责同志 to "
        "县住建局分管负责同志 without a recorded change"
    ) in result.output
    assert (
        f"schedule.yaml:{line}: session 2021-04-12: units changed from "
        "[rsj, zjj, jyj, swj, fgj] to [rsj, zjj, jyj, swj] without a recorded change"
    ) in result.output


def test_a_recorded_lead_change_passes_the_check(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    replace_in(seed_dir / "schedule.yaml", "units: [rsj, zjj, jyj, swj, fgj]", "units: [rsj, zjj]")
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    replace_in(seed_dir / "schedule.yaml", FIRST.replace(", jyj, swj, fgj]", "]"), NEW_LEAD)
    result = site_builder("check", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0, result.output


def test_a_new_change_must_start_from_the_published_lead(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    replace_in(seed_dir / "schedule.yaml", FIRST, NEW_LEAD.replace("{unit: rsj, title", "{title"))
    result = site_builder("check", "--content", seed_dir, "--out", out)
    assert result.exit_code == 1
    assert (
        "session 2021-04-12: the new entry under `changes:` says it was 2021-04-12 county "
        "09:00–17:00 分管负责同志 [rsj, zjj], but the last build published 2021-04-12 county "
        "09:00–17:00 县人社局分管负责同志 [rsj, zjj, jyj, swj, fgj]"
    ) in result.output


def test_only_a_cancellation_has_an_alternative(seed_dir: Path, site_builder: Build) -> None:
    replace_in(
        seed_dir / "schedule.yaml",
        FIRST,
        NEW_LEAD.replace(
            "kind: rescheduled\n", "kind: rescheduled\n        alternative: 另行通知\n"
        ),
    )
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "sessions[0].changes[0].alternative: only a cancellation has an alternative" in (
        result.output
    )
