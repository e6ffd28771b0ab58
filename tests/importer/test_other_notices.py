"""Notices of other shapes: lists in the text, lunch breaks, ranges, monthly rules."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from click.testing import CliRunner, Result
from notice_files import NOTICES

from site_builder.cli import main
from site_builder.importer import when
from site_builder.importer.run import find_notice
from site_builder.loader import load_site


def _sessions(notice: Path) -> list[tuple[str, str, str | None, str | None, str | None]]:
    found, _, _ = find_notice(notice)
    return [
        (
            session.id,
            session.day.isoformat(),
            session.weekday,
            session.start and f"{session.start:%H:%M}",
            session.end and f"{session.end:%H:%M}",
        )
        for session in found.sessions
    ]


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_lunch_breaks_ranges_and_short_dates() -> None:
    assert _sessions(NOTICES / "fumin-2022.txt") == [
        ("2022-01-10-am", "2022-01-10", "星期一", "09:00", "12:00"),
        ("2022-01-10-pm", "2022-01-10", "星期一", "14:30", "17:30"),
        ("2022-02-01", "2022-02-01", None, "09:00", "17:00"),
        ("2022-02-02", "2022-02-02", None, "09:00", "17:00"),
        ("2022-02-03", "2022-02-03", None, "09:00", "17:00"),
        ("2022-03-15", "2022-03-15", "星期三", "15:00", "17:30"),
    ]


def test_a_wrong_weekday_is_kept_marked_and_the_only_thing_check_refuses(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    result = _run("import", NOTICES / "fumin-2022.txt", "--into", draft)
    assert result.exit_code == 0, result.output
    assert (
        f"  {draft}/schedule.yaml:23: 通知写的是星期三，但 2022-03-15 是星期二；请核对日期和星期\n"
        "      notice line 12: 3.15（星期三）下午3:00—5:30。\n"
    ) in result.output
    schedule = (draft / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    assert schedule[23:26] == ["  - id: 2022-03-15", "    date: 2022-03-15", "    weekday: 星期三"]
    check = _run("check", "--content", draft, "--out", tmp_path / "out")
    assert check.output.splitlines()[0] == (
        f"{draft}/schedule.yaml:26: sessions[5].weekday: 2022-03-15 is a 星期二, not '星期三'"
    )
    assert check.output.splitlines()[1:] == ["Error: 1 error(s) in the content"]


def test_facts_of_a_notice_without_a_table() -> None:
    found, files, _ = find_notice(NOTICES / "fumin-2022.txt")
    assert (found.office, found.published) == (
        "富民县根治拖欠农民工工资工作领导小组办公室",
        date(2021, 12, 28),
    )
    assert [(v.name, v.room, v.address) for v in found.venues] == [
        ("富民县人力资源和社会保障局", None, "富民县永定街道环城路20号")
    ]
    assert [(c.label, c.title, c.name, c.phone) for c in found.contacts] == [
        ("联系人", "县劳动保障监察大队", "李明", "0871-88881234")
    ]
    assert found.instructions == [
        "请来访农民工携带身份证、劳动合同或考勤记录等材料。",
        "集体欠薪请推选3至5名代表来访。",
    ]
    # Nothing the notice does not give: no leads, no units, no staff.
    assert "lead" not in files["schedule.yaml"] and "staff" not in files["schedule.yaml"]
    assert files["units.yaml"].endswith("units: []\n")


def test_a_monthly_rule_is_expanded_over_the_campaign(tmp_path: Path) -> None:
    notice = NOTICES / "xundian-2023.txt"
    assert _sessions(notice) == [
        ("2023-04-20", "2023-04-20", None, "09:00", "12:00"),
        ("2023-05-18", "2023-05-18", None, "09:00", "12:00"),
        ("2023-06-15", "2023-06-15", None, "09:00", "12:00"),
    ]
    draft = tmp_path / "draft"
    assert _run("import", notice, "--into", draft).exit_code == 0
    site = load_site(draft)
    assert [(c.label, c.phone) for c in site.contacts] == [("联系电话", "0871-62620000")]
    assert site.title == "2023年第二季度根治欠薪集中接访安排"


def test_times_as_notices_write_them() -> None:
    spans = [span for span, _ in when.time_spans("上午9时至12时，下午2:30—5:30；晚上7点半-9点")]
    assert spans == [
        when.Span(time(9), time(12)),
        when.Span(time(14, 30), time(17, 30)),
        when.Span(time(19, 30), time(21)),
    ]


def test_dates_as_notices_write_them() -> None:
    found = when.dates_at(
        "2021年12月30日、1月4日、4.12、4/26、2月1日至3日、2月30日", lambda m: 2022
    )
    assert [day.isoformat() for day, _, _ in found] == [
        "2021-12-30",
        "2022-01-04",
        "2022-04-12",
        "2022-04-26",
        "2022-02-01",
        "2022-02-02",
        "2022-02-03",
    ]


def test_one_day_at_two_venues_is_two_sessions(tmp_path: Path) -> None:
    notice = tmp_path / "两地接访.txt"
    notice.write_text(
        "\n".join(
            [
                "关于开展根治欠薪集中接访的通知",
                "各乡镇：",
                "一、接访地点",
                "县级接访地点：县人力资源和社会保障局（就业服务中心一楼大厅）",
                "乡镇接访地点：东坪镇便民服务中心",
                "二、日程安排",
                "日期\t时间\t地点\t接访领导",
                "5月6日（星期五）\t9:00-12:00\t县人力资源和社会保障局\t县人社局局长",
                "5月6日（星期五）\t14:00-17:00\t东坪镇便民服务中心\t镇长",
                "三、联系电话：0871-22223333",
                "县人力资源和社会保障局",
                "2022年4月20日",
            ]
        ),
        encoding="utf-8",
    )
    draft = tmp_path / "draft"
    result = _run("import", notice, "--into", draft)
    assert result.exit_code == 0, result.output
    assert _run("check", "--content", draft, "--out", tmp_path / "out").exit_code == 0
    sessions = load_site(draft).sessions
    assert [(s.id, s.slot.venue.name, s.lead.label if s.lead else None) for s in sessions] == [
        ("2022-05-06", "县人力资源和社会保障局", "县人社局局长"),
        ("2022-05-06-venue2", "东坪镇便民服务中心", "镇长"),
    ]
    assert "同一天有多场接访，请核对 id 和地点" in result.output
