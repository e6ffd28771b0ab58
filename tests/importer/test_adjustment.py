"""An adjustment notice imported into existing content: recorded changes, not new sessions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
from content_runs import files_of, history, published, run
from notice_files import NOTICES

from site_builder.loader import load_site

YILIANG_ADJUSTMENT = NOTICES / "yiliang-2021-adjustment.txt"

# The seed's schedule.yaml after the Yiliang adjustment notice: every other line as it was.
SCHEDULE_DIFF = (NOTICES / "yiliang-2021-adjustment.diff").read_text(encoding="utf-8")


def test_the_adjustment_becomes_recorded_changes_of_the_seed(
    seed_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    published(seed_dir, out, "2021-04-01")
    result = run("import", YILIANG_ADJUSTMENT, "--into", seed_dir)
    assert result.exit_code == 0, result.output
    folder = seed_dir.as_posix()
    assert SCHEDULE_DIFF.replace("FOLDER", folder) in result.output
    assert result.output.endswith(
        f"{seed_dir}: adjustment notice: changed 5 session(s), each with a recorded change\n"
        "2 place(s) to review (marked # 请核对):\n"
        f"  {seed_dir}/schedule.yaml:85: 新地点“县人民来访接待中心（县政府一楼）”不在 "
        "venues.yaml 中：请先在 venues.yaml 添加，再改这场接访的 venue；地点未作改动\n"
        "      notice line 11: 六、9月6日的接访地点调整为县人民来访接待中心（县政府一楼）。\n"
        f"  {seed_dir}/schedule.yaml:113: 通知提到2021年7月12日的接访，但日程中这一天没有接访；"
        "未作改动\n"
        "      notice line 8: 三、原定7月12日的接访带班领导调整为县人社局局长 王强。\n"
        f"next: review the changes, then run  site-builder check --content {seed_dir}\n"
    )
    site = load_site(seed_dir)
    sessions = {session.id: session for session in site.sessions}
    assert len(sessions) == 12
    assert {key: history(s) for key, s in sessions.items() if s.changes} == {
        "2021-05-10": [
            (
                "rescheduled",
                date(2021, 5, 6),
                ("改期",),
                "2021年5月10日（星期一）9:00–17:00",
                "2021年5月12日（星期三）9:00–17:00",
                None,
            )
        ],
        "2021-06-07": [
            (
                "cancelled",
                date(2021, 5, 6),
                ("取消",),
                "2021年6月7日（星期一）9:00–17:00",
                "2021年6月7日（星期一）9:00–17:00",
                "2021年6月7日：当天在县信访局设临时接访点，照常受理欠薪投诉",
            )
        ],
        "2021-07-05": [
            (
                "rescheduled",
                date(2021, 5, 6),
                ("更换带班领导",),
                "2021年7月5日（星期一）9:00–17:00",
                "2021年7月5日（星期一）9:00–17:00",
                None,
            )
        ],
        "2021-08-09": [
            (
                "rescheduled",
                date(2021, 5, 6),
                ("参加单位调整",),
                "2021年8月9日（星期一）9:00–17:00",
                "2021年8月9日（星期一）9:00–17:00",
                None,
            )
        ],
        "2021-10-11": [
            (
                "rescheduled",
                date(2021, 5, 6),
                ("改期",),
                "2021年10月11日（星期一）9:00–17:00",
                "2021年10月11日（星期一）14:30–17:30",
                None,
            )
        ],
    }
    assert sessions["2021-07-05"].lead is not None
    assert sessions["2021-07-05"].lead.label == "县人社局局长 王强"
    assert [unit.id for unit in sessions["2021-08-09"].units] == [
        "rsj", "zjj", "jyj", "swj", "gaj", "zgh"
    ]  # fmt: skip
    # Nothing invented: no session for the 7月12日 the notice names, the venue left as it was.
    assert date(2021, 7, 12) not in {session.slot.day for session in site.sessions}
    assert sessions["2021-09-06"].slot.venue.id == "county" and not sessions["2021-09-06"].changes
    [adjustment] = [notice for notice in site.notices if notice.kind == "adjustment"]
    assert (adjustment.slug, adjustment.title, adjustment.published, adjustment.addressees) == (
        "03-adjustment",
        "关于调整2021年根治欠薪集中联合接访安排的通知",
        date(2021, 5, 6),
        "各有关单位",
    )
    # Addressees and signature come from the header, so the text does not repeat them.
    assert adjustment.body.startswith("因部分接访日期与县里重点工作冲突")
    assert adjustment.body.rstrip().endswith("联系电话：0871-67539921")
    check = run("check", "--content", seed_dir, "--out", out)
    assert check.exit_code == 0, check.output
    published(seed_dir, out, "2021-05-07")
    moved = icalendar.Calendar.from_ical((out / "sessions" / "2021-05-10.ics").read_bytes())
    [event] = moved.walk("VEVENT")
    assert (event["SEQUENCE"], event.start.date()) == (1, date(2021, 5, 12))


def test_every_other_line_of_the_schedule_is_kept(seed_dir: Path) -> None:
    before = (seed_dir / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    assert run("import", YILIANG_ADJUSTMENT, "--into", seed_dir).exit_code == 0
    after = (seed_dir / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    replaced = {"    date: 2021-05-10", "    lead: {unit: jyj, title: 分管负责同志}"}
    replaced |= {"    units: [rsj, zjj, jyj, swj, gaj]"}
    kept = iter(after)
    for line in before:
        if line in replaced or line == "    weekday: 星期一":
            continue  # changed values; every other line must come back in the same order
        assert line in kept, line
    assert after[:23] == before[:23]  # the comments at the top, untouched


def test_a_dry_run_prints_the_diff_and_writes_nothing(seed_dir: Path, tmp_path: Path) -> None:
    before = files_of(seed_dir)
    dry = run("import", YILIANG_ADJUSTMENT, "--into", seed_dir, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert files_of(seed_dir) == before
    assert SCHEDULE_DIFF.replace("FOLDER", seed_dir.as_posix()) in dry.output
    assert f"+++ {seed_dir.as_posix()}/notices/03-adjustment.md\n" in dry.output
    assert (
        f"{seed_dir}: adjustment notice: would change 5 session(s), each with a recorded "
        "change; dry run, nothing written\n"
    ) in dry.output
    assert dry.output.endswith("next: run the same command without --dry-run to write this\n")
    written = run("import", YILIANG_ADJUSTMENT, "--into", seed_dir)
    diff = dry.output.split(f"{seed_dir}: adjustment notice:")[0]
    assert written.output.startswith(diff)


def test_the_same_adjustment_twice_is_refused(seed_dir: Path) -> None:
    assert run("import", YILIANG_ADJUSTMENT, "--into", seed_dir).exit_code == 0
    before = files_of(seed_dir)
    again = run("import", YILIANG_ADJUSTMENT, "--into", seed_dir)
    assert again.exit_code == 1
    assert again.output == (
        f"Error: {seed_dir}/notices/03-adjustment.md: this adjustment notice was imported "
        "already; nothing was written\n"
    )
    assert files_of(seed_dir) == before


def test_a_session_that_does_not_exist_is_marked_not_invented(
    seed_dir: Path, tmp_path: Path
) -> None:
    notice = tmp_path / "调整.txt"
    notice.write_text(
        "关于调整集中联合接访安排的通知\n各有关单位：\n"
        "一、原定7月12日的接访取消。\n二、11月9日上午的接访调整至11月10日。\n"
        "宜良县根治拖欠农民工工资工作领导小组办公室\n2021年6月1日\n",
        encoding="utf-8",
    )
    schedule = (seed_dir / "schedule.yaml").read_text(encoding="utf-8")
    result = run("import", notice, "--into", seed_dir)
    assert result.exit_code == 0, result.output
    assert (seed_dir / "schedule.yaml").read_text(encoding="utf-8") == schedule + (
        "# 请核对：通知提到2021年7月12日的接访，但日程中这一天没有接访；未作改动（通知第3行）\n"
        "# 请核对：通知提到2021年11月9日的接访，但日程中这一天没有接访；未作改动（通知第4行）\n"
    )
    assert "adjustment notice: changed 0 session(s)" in result.output
    assert run("check", "--content", seed_dir, "--out", tmp_path / "out").exit_code == 0


def test_content_with_errors_is_refused_before_any_change(seed_dir: Path) -> None:
    schedule = seed_dir / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").replace("venue: county", "venue: nowhere"),
        encoding="utf-8",
    )
    before = files_of(seed_dir)
    result = run("import", YILIANG_ADJUSTMENT, "--into", seed_dir)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {seed_dir}: the content has 1 error(s); run site-builder check --content "
        f"{seed_dir} and correct them first; nothing was written\n"
    )
    assert files_of(seed_dir) == before
