"""Shapes the blind rounds found the importer could not read, each in a small notice."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from notice_files import NOTICES, found_in_body

from site_builder.importer import when
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.parts import read_people
from site_builder.importer.run import find_notice
from site_builder.importer.shared import year_by_weekdays
from site_builder.importer.text import Flat, Line, notice_lines

_found = found_in_body


def _sessions(found: FoundNotice) -> list[tuple[str, str, str, str | None, list[str]]]:
    units = {unit.id: unit.name for unit in found.units}
    return [
        (
            session.day.isoformat(),
            f"{session.start:%H:%M}-{session.end:%H:%M}",
            (session.lead_title or "") + " " + (session.lead_name or ""),
            session.venue,
            [units[unit] for unit in session.units],
        )
        for session in found.sessions
    ]


def test_hours_written_in_characters() -> None:
    spans = [
        (span.start, span.end)
        for text in ("下午两点半至五点", "上午九时至十二时", "上午八点三十分至十一点三十分")
        for span, _ in when.time_spans(text)
    ]
    assert spans == [
        (time(14, 30), time(17)),
        (time(9), time(12)),
        (time(8, 30), time(11, 30)),
    ]
    assert when.time_spans("第一时间处置，十二月底前办结") == []


def test_a_weekly_rule_inside_a_range_keeps_only_its_weekdays(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "决定于2023年3月1日至3月20日，每周二14:00至17:00在县人社局一楼大厅开展集中接访，"
        "由县人社局局长 张明带班，县住建局、县交通运输局派员参加。",
    )
    assert [session[0] for session in _sessions(found)] == [
        "2023-03-07",
        "2023-03-14",
    ]


def test_units_under_a_table_without_their_column_go_to_every_row(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "日期\t时间\t地点\t带班领导\n"
        "3月1日\t9:00-12:00\t县人社局一楼大厅\t县人社局局长 张明\n"
        "3月8日\t9:00-12:00\t县人社局一楼大厅\t县住建局副局长 李强\n"
        "参加单位：县住建局、县交通运输局（每次各派1人）。",
    )
    assert [(day, lead, units) for day, _, lead, _, units in _sessions(found)] == [
        ("2023-03-01", "局长 张明", ["县住建局", "县交通运输局"]),
        ("2023-03-08", "副局长 李强", ["县住建局", "县交通运输局"]),
    ]
    assert [doubt for session in found.sessions for doubt in session.doubts] == []


def test_leads_taking_turns_by_month(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "一、接访时间：3.8、4.12（均为星期三）上午9时—12时。\n"
        "二、接访地点：县人社局三楼调解室。\n"
        "三、带班领导：3月由县人社局局长张明带班，4月由县住建局副局长李强带班。\n"
        "四、参加单位：县住建局、县水利局。\n",
    )
    assert [(day, lead) for day, _, lead, _, _ in _sessions(found)] == [
        ("2023-03-08", "局长 张明"),
        ("2023-04-12", "副局长 李强"),
    ]


def test_units_a_sentence_gives_but_not_read_are_marked(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "3月1日上午9:00-12:00，在县人社局一楼大厅开展接访，由县人社局局长 张明带班，"
        "县住建局、县工业园区管理处派员参加。\n",
    )
    assert [[d.message for d in session.doubts] for session in found.sessions] == [
        ["通知写有参加单位（units），这场接访没有读出，请核对"]
    ]


def test_a_morning_and_an_afternoon_row_are_am_and_pm(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "日期  时段  时间  地点  带班领导\n"
        "3月1日  上午  9:00-12:00  县人社局一楼大厅  县人社局局长 张明\n"
        "3月1日  下午  3:00-5:30  县人社局一楼大厅  县人社局副局长 王静\n",
    )
    assert [(s.id, f"{s.start:%H:%M}", s.doubts) for s in found.sessions] == [
        ("2023-03-01-am", "09:00", []),
        ("2023-03-01-pm", "15:00", []),
    ]


def test_a_portal_page_around_the_notice_stays_out_of_its_title(tmp_path: Path) -> None:
    notice = tmp_path / "page.txt"
    notice.write_text(
        "首页 > 政务公开 > 通知公告\n"
        "某县人社局关于开展根治欠薪集中联合接访的通知\n"
        "发布时间：2023-03-01 10:25   浏览次数：\n"
        "【字体：大 中 小】\n"
        "各有关单位：\n"
        "3月8日上午9:00-12:00在县人社局一楼大厅开展接访。\n"
        "【打印本页】【关闭窗口】\n",
        encoding="utf-8",
    )
    found, _, _ = find_notice(notice)
    assert found.notice_title == "某县人社局关于开展根治欠薪集中联合接访的通知"


def test_the_last_weekday_of_each_month(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "自2024年4月至6月，在县人社局设立集中联合接访日。\n"
        "一、接访日：每月最后一个星期五上午9:00—11:30，每月25日前报送接访情况。\n"
        "二、接访地点：县人社局二楼接访室。\n",
    )
    assert [session[0] for session in _sessions(found)] == [
        "2024-04-26",
        "2024-05-31",
        "2024-06-28",
    ]


def test_a_session_at_the_same_time_and_place_as_the_one_before(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "定于2023年3月7日（星期二）上午9:30至11:30在县信访局接待大厅开展集中联合接访，"
        "由县委常委、常务副县长王立军带班，县人社局、县住建局主要负责同志参加。\n"
        "3月14日（星期二）同一时间、同一地点再次开展接访，由县人社局局长朱红带班，参加单位同上。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [
        (day, times, lead, venues[venue], units)
        for day, times, lead, venue, units in _sessions(found)
    ] == [
        (
            "2023-03-07",
            "09:30-11:30",
            "县委常委、常务副县长 王立军",
            "县信访局接待大厅",
            ["县人社局", "县住建局"],
        ),
        ("2023-03-14", "09:30-11:30", "局长 朱红", "县信访局接待大厅", ["县人社局", "县住建局"]),
    ]


def test_a_table_broken_cell_by_cell_with_row_numbers(tmp_path: Path) -> None:
    cells = [
        "序号 接访时间 接访地点 带班领导 参加单位",
        *("1", "3月1日", "（星期三）", "9:00-12:00", "县人社局一楼大厅", "县人社局局长"),
        *("张明", "县住建局、县交通运输局"),
        *("2", "3月8日", "（星期三）", "9:00-12:00", "县人社局一楼大厅", "县住建局副局长"),
        *("李强", "县人社局、县水务局"),
        "请各参加单位安排业务骨干准时参加。",
    ]
    found = _found(tmp_path, "\n".join(cells))
    venues = {venue.id: venue.name for venue in found.venues}
    assert [
        (day, lead, venues[venue], units) for day, _, lead, venue, units in _sessions(found)
    ] == [
        ("2023-03-01", "局长 张明", "县人社局一楼大厅", ["县住建局", "县交通运输局"]),
        ("2023-03-08", "副局长 李强", "县人社局一楼大厅", ["县人社局", "县水务局"]),
    ]


def test_an_article_without_a_signature_date_takes_its_year_marked(tmp_path: Path) -> None:
    notice = tmp_path / "article.md"
    notice.write_text(
        "# 5月接访日安排\n\n某区人社 2024-05-06\n\n"
        "| 时间 | 地点 | 接访领导 |\n|---|---|---|\n"
        "| 5月8日（周三）上午 | 区人社局一楼大厅 | 区人社局副局长 孙伟 |\n"
        "| 5月15日（周三）下午 | 区人社局一楼大厅 | 区人社局局长 胡建国 |\n\n"
        "上午场时间为9:00-11:30，下午场时间为14:00-16:30。\n",
        encoding="utf-8",
    )
    found, _, _ = find_notice(notice)
    assert [
        (s.day.isoformat(), f"{s.start:%H:%M}", [d.message for d in s.doubts])
        for s in found.sessions
    ] == [
        ("2024-05-08", "09:00", ["接访时间取自通知正文，请核对", _YEAR_MARK]),
        ("2024-05-15", "14:00", ["接访时间取自通知正文，请核对", _YEAR_MARK]),
    ]


_YEAR_MARK = "通知没有落款日期，年份按文中的日期 2024-05-06 推出，请核对日期"


def test_dates_without_any_year_ask_for_one(tmp_path: Path) -> None:
    notice = tmp_path / "article.md"
    notice.write_text(
        "## 7月接访日\n\n**接访时间：** 7月4日、7月11日（每周二），上午9:30-12:00\n\n"
        "**接访地点：** 区人社局一楼接访大厅\n",
        encoding="utf-8",
    )
    found, _, _ = find_notice(notice)
    assert [(d.message, d.source.number) for d in found.doubts["sessions"]] == [
        ("通知中的日期没有写年份：请用 --year 指定年份后重新导入", 3),
        ("未找到接访日程，请补上 sessions", 1),
    ]
    found, _, _ = find_notice(notice, year=2023)
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(s.day.isoformat(), venues[s.venue or ""]) for s in found.sessions] == [
        ("2023-07-04", "区人社局一楼接访大厅"),
        ("2023-07-11", "区人社局一楼接访大厅"),
    ]


def test_words_before_dai_ban_are_no_name(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "3月1日上午9:00-12:00在县人社局一楼大厅集中接访，由县人社局领导班子成员轮值带班，"
        "县住建局派员参加。\n"
        "3月8日上午9:00-12:00在县人社局一楼大厅集中接访，由县人社局局长亲自带班，"
        "县住建局派员参加。\n",
    )
    assert [lead for _, _, lead, _, _ in _sessions(found)] == ["领导班子成员 ", "局长 "]


def test_a_place_under_its_heading_and_a_cell_left_as_a_slash(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "一、接访地点。县人社局 一楼接访室。\n"
        "日期\t时间\t带班领导\t参加单位\n"
        "3月1日\t9:00-12:00\t县人社局局长 张明\t/\n",
    )
    assert [(venue.name, venue.room) for venue in found.venues] == [("县人社局一楼接访室", None)]
    assert [(s.units, [d.message for d in s.doubts]) for s in found.sessions] == [
        ([], ["参加单位写作“/”，按没有参加单位处理，请核对"])
    ]


def test_two_weeks_of_each_month(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "决定于2023年9月至10月开展集中联合接访活动。\n"
        "一、接访时间：每月第二、第四个星期四下午2:30—5:00。\n"
        "二、接访地点：区人社局一楼窗口。\n",
    )
    assert [day for day, _, _, _, _ in _sessions(found)] == [
        "2023-09-14",
        "2023-09-28",
        "2023-10-12",
        "2023-10-26",
    ]


def test_list_items_labels_and_places_each_date_gives(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "- 9月6日（周三）15:00-17:30，县人社局三楼会议室，带班：县人社局副局长 梁峰\n"
        "- 9月13日（周三）15:00-17:30，拱北街道综治中心，带班：县人社局四级调研员 钱伟明\n"
        "1. 时间：9月20日（周三）9:00-11:30；地点：县人社局三楼会议室；参加：县住建局、县水务局。\n"
        "二、接访日期及地点：10月10日（县人社局一楼大厅）、10月17日（胜利路街道便民服务中心）。\n"
        "三、接访时间：均为上午9:00—12:00。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    shared = "参加单位取自通知的另一处，请核对"
    assert [
        (s.day.isoformat(), s.lead_title, venues[s.venue or ""], [d.message for d in s.doubts])
        for s in found.sessions
    ] == [
        ("2023-09-06", "副局长", "县人社局三楼会议室", [shared]),
        ("2023-09-13", "四级调研员", "拱北街道综治中心", [shared]),
        (
            "2023-09-20",
            None,
            "县人社局三楼会议室",
            ["通知写有带班领导（lead），这场接访没有读出，请核对"],
        ),
        ("2023-10-10", None, "县人社局一楼大厅", [shared]),
        ("2023-10-17", None, "胜利路街道便民服务中心", [shared]),
    ]


def test_a_table_with_full_width_pipes(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "接访日期｜接访时段｜接访地点｜接访领导\n"
        "3月7日（星期二）｜9:00-11:30｜县人社局一楼大厅｜县人社局副局长 俞国强\n"
        "县住建局、县交通运输局每次派员参加。\n",
    )
    assert [(day, times, lead, units) for day, times, lead, _, units in _sessions(found)] == [
        ("2023-03-07", "09:00-11:30", "副局长 俞国强", ["县住建局", "县交通运输局"])
    ]


def test_a_lead_read_from_the_end_of_a_longer_title_is_marked(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "3月1日上午9:00-12:00在县信访局接待大厅开展接访，由县人大常委会副主任李明带班，"
        "县人社局、县住建局派员参加。\n",
    )
    assert [(s.lead_title, s.lead_name, [d.message for d in s.doubts]) for s in found.sessions] == [
        ("副主任", "李明", ["带班领导原文为“…县人大常委会副主任”，只读出了“副主任”，请核对"])
    ]


def test_several_leads_in_one_sentence_of_several_dates_are_marked(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "3月1日、3月8日上午9:00-12:00在县人社局一楼大厅开展接访，分别由县人社局局长张明带班"
        "和县住建局副局长李强带班，县交通运输局派员参加。\n",
    )
    assert [[d.message for d in s.doubts] for s in found.sessions] == [
        ["此句写有几位带班领导，这场的 lead 请核对"]
    ] * 2


def test_more_days_of_the_month_without_it_and_units_with_deng(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "一、接访时间：定于2月14日、21日、28日（每周二）上午9:00—12:00，请于2月10日前报名。\n"
        "二、接访地点：接访地点设在县人社局一楼（县城人民路18号）。\n"
        "三、由县人社局副局长覃勇带班，县住建局、县交通局等部门派员参加。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(day, venues[venue or ""], units) for day, _, _, venue, units in _sessions(found)] == [
        ("2023-02-14", "县人社局一楼", ["县住建局", "县交通局"]),
        ("2023-02-21", "县人社局一楼", ["县住建局", "县交通局"]),
        ("2023-02-28", "县人社局一楼", ["县住建局", "县交通局"]),
    ]


def test_two_days_of_each_month_with_a_weekend_moved(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "决定于2023年5月至6月开展根治欠薪集中联合接访活动。\n"
        "一、接访时间：每月5日和20日上午9:00-12:00，遇周末顺延至下周一。\n"
        "二、接访地点：县人社局一楼接待室。\n",
    )
    assert [day for day, _, _, _, _ in _sessions(found)] == [
        "2023-05-05",
        "2023-05-22",
        "2023-06-05",
        "2023-06-20",
    ]


def test_a_table_typed_with_spaces_read_by_where_its_columns_stand(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "日期          时段    地点                带班领导\n"
        "3.7（周二）   上午    县人社局一楼大厅    县人社局副局长 唐勇\n"
        "3.14（周二） 下午    县信访局接待大厅    县人社局局长 何平\n"
        "上午时段为9:00—12:00，下午时段为14:30—17:30。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [
        (day, times, lead, venues[venue or ""]) for day, times, lead, venue, _ in _sessions(found)
    ] == [
        ("2023-03-07", "09:00-12:00", "副局长 唐勇", "县人社局一楼大厅"),
        ("2023-03-14", "14:30-17:30", "局长 何平", "县信访局接待大厅"),
    ]


def test_people_for_the_morning_and_for_the_afternoon(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "定于3月7日（星期二）在县人社局一楼大厅开展全天接访，上午9:00-12:00，下午15:00-18:00，"
        "安排如下：\n"
        "时段\t带班领导\t参加单位\n"
        "上午\t县人社局局长 赵志刚\t县住建局、县交通运输局\n"
        "下午\t县人社局副局长 刘慧\t县住建局、县水务局\n",
    )
    assert [(times, lead, units) for _, times, lead, _, units in _sessions(found)] == [
        ("09:00-12:00", "局长 赵志刚", ["县住建局", "县交通运输局"]),
        ("15:00-18:00", "副局长 刘慧", ["县住建局", "县水务局"]),
    ]


def test_days_a_rule_or_a_range_says_are_paused(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "决定于2023年1月开展集中联合接访活动。\n"
        "一、接访时间：每周三上午9:00-12:00（春节假期1月21日至27日暂停）。\n"
        "二、接访地点：县人社局一楼大厅。\n",
    )
    assert [day for day, _, _, _, _ in _sessions(found)] == [
        "2023-01-04",
        "2023-01-11",
        "2023-01-18",
    ]


def test_each_weekly_rule_with_its_own_time(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "决定于2024年1月开展集中联合接访活动。\n"
        "一、接访时间：每周二上午9:00-12:00、每周四下午14:30-17:30。\n"
        "二、接访地点：县人社局一楼大厅。\n",
    )
    sessions = _sessions(found)
    assert {(day, times) for day, times, _, _, _ in sessions[:4]} == {
        ("2024-01-02", "09:00-12:00"),
        ("2024-01-04", "14:30-17:30"),
        ("2024-01-09", "09:00-12:00"),
        ("2024-01-11", "14:30-17:30"),
    }
    assert len(sessions) == 9


def test_a_place_said_the_same_as_before(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "3月7日上午9:00-11:30在县社保局一楼大厅，由局长蒋华带班，县住建局派员参加；"
        "3月14日上午9:00-11:30，地点同上，由副局长苟明带班，县住建局派员参加。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(day, venues[venue or ""]) for day, _, _, venue, _ in _sessions(found)] == [
        ("2023-03-07", "县社保局一楼大厅"),
        ("2023-03-14", "县社保局一楼大厅"),
    ]


def test_a_table_header_repeated_after_a_page_break(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "日期 时间 地点 带班领导 参加单位\n"
        "3月7日（周二） 9:30-12:00 县人社局一楼大厅 县人社局副局长 冯强 县住建局、县交通运输局\n"
        "第 1 页 共 2 页\n"
        "日期 时间 地点 带班领导 参加单位\n"
        "3月14日（周二） 9:30-12:00 县人社局一楼大厅 县人社局局长 潘志明 县住建局、县水务局\n"
        "联系电话：020-86881234\n",
    )
    assert [(day, lead, units) for day, _, lead, _, units in _sessions(found)] == [
        ("2023-03-07", "副局长 冯强", ["县住建局", "县交通运输局"]),
        ("2023-03-14", "局长 潘志明", ["县住建局", "县水务局"]),
    ]


def test_a_block_whose_heading_gives_the_date_and_a_line_the_rest(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "第一场：3月7日（周二）\n时间：上午9:30—12:00\n地点：县人社局一楼大厅\n"
        "带班领导：县人社局副局长 陈东\n"
        "第二场：3月14日（周二）\n时间：下午14:30—17:00\n地点：沙面街道综治中心\n"
        "带班领导：沙面街道办事处副主任 霍敏\n"
        "第三场：3月21日（周二）上午8:30～11:30，县人社局一楼大厅，带班领导：县人社局局长 唐军；"
        "参加单位：县住建局 县水利局。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(d, t, lead, venues[v or ""], units) for d, t, lead, v, units in _sessions(found)] == [
        ("2023-03-07", "09:30-12:00", "副局长 陈东", "县人社局一楼大厅", []),
        ("2023-03-14", "14:30-17:00", "副主任 霍敏", "沙面街道综治中心", []),
        ("2023-03-21", "08:30-11:30", "局长 唐军", "县人社局一楼大厅", ["县住建局", "县水利局"]),
    ]


def test_places_in_turn_for_dates_written_one_by_one(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "区人社局分别于3月7日、3月14日上午9:00—12:00，分别在县人社局一楼大厅、犀浦镇综治中心"
        "开展集中联合接访，由县人社局班子成员轮流带班，县住建局派员参加。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(day, lead, venues[v or ""]) for day, _, lead, v, _ in _sessions(found)] == [
        ("2023-03-07", "班子成员 ", "县人社局一楼大厅"),
        ("2023-03-14", "班子成员 ", "犀浦镇综治中心"),
    ]


def test_a_rule_a_notice_sets_up_as_a_system(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "区人社局决定于2022年7月至9月实行集中联合接访日制度，每月第一个星期一上午9:00至12:00"
        "为集中接访时间，接访地点为县人社局一楼服务大厅。\n",
    )
    assert [day for day, _, _, _, _ in _sessions(found)] == [
        "2022-07-04",
        "2022-08-01",
        "2022-09-05",
    ]


def test_a_date_with_each_half_of_the_day_on_a_line_of_its_own(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "一、接访时间：3月7日（星期二）\n"
        "上午：县人社局一层接待大厅，9:00-11:30，由县人社局局长张宏带班；\n"
        "下午：卢沟桥街道办事处一层大厅，14:00-16:30，由县人社局副局长李敏带班。\n",
    )
    venues = {venue.id: venue.name for venue in found.venues}
    assert [(d, t, lead, venues[v or ""]) for d, t, lead, v, _ in _sessions(found)] == [
        ("2023-03-07", "09:00-11:30", "局长 张宏", "县人社局一层接待大厅"),
        ("2023-03-07", "14:00-16:30", "副局长 李敏", "卢沟桥街道办事处一层大厅"),
    ]


def test_a_start_without_an_end_and_a_list_read_in_part_are_marked(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "（一）时间：2023年3月15日（星期三）9：00开始；地点：县人社局一楼大厅；"
        "带班领导：县人社局副局长 冯涛；参加单位：县住建局、县交通运输局。\n"
        "（二）3月22日上午9:00-11:30，在县人社局一楼大厅，由县人社局局长王斌带班，"
        "县住建局、县交通运输局及所在乡镇劳动保障所派员参加。\n",
    )
    assert [(s.start, [d.message for d in s.doubts]) for s in found.sessions] == [
        (time(9), ["通知只写了开始时间“9:00开始”，请核对 start 并补上 end"]),
        (
            time(9),
            [
                "参加单位原文为“…交通运输局及所在乡镇劳动保障所”，可能没有读全，请核对",
                "通知此行还有“县住建局…县交通运输局”未能读出，请对照原文核对这一场",
            ],
        ),
    ]


def test_people_by_month_in_a_table_under_a_rule(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "区人社局决定于2024年7月至8月，每月第一个星期一上午9:00-12:00在县人社局一楼大厅开展"
        "集中联合接访。各月带班领导及参加单位如下：\n"
        "月份\t带班领导\t参加单位\n"
        "7月\t县人社局局长 王刚\t县住建局、县建设与交通局\n"
        "8月\t县人社局副局长 李娜\t县住建局、县水务局\n",
    )
    assert [(day, lead, units) for day, _, lead, _, units in _sessions(found)] == [
        ("2024-07-01", "局长 王刚", ["县住建局", "县建设与交通局"]),
        ("2024-08-05", "副局长 李娜", ["县住建局", "县水务局"]),
    ]


def test_a_notice_without_a_year_takes_the_year_its_weekdays_fit_nearest_today() -> None:
    lines = notice_lines(["🗓 6月10日（周二）上午9:00-12:00", "🗓 6月24日（周二）下午2:30-5:30"])
    assert year_by_weekdays(Flat(lines), date(2026, 11, 30)) == 2025
    assert year_by_weekdays(Flat(lines), date(2030, 6, 1)) == 2031  # the nearest, not the first
    wrong = notice_lines(["6月10日（周二）、6月11日（周二）"])
    assert year_by_weekdays(Flat(wrong), date(2026, 11, 30)) is None


def test_a_chat_group_message_without_a_year_is_drafted_and_its_dates_marked() -> None:
    # Pasted from a WeChat group: no year anywhere, a place on the line under its date, and
    # "时间地点同上" for the second session.
    found, _, _ = find_notice(NOTICES / "yearless-pengxi.txt", today=date(2026, 11, 30))
    assert [(day, span, venue) for day, span, _, venue, _ in _sessions(found)] == [
        ("2025-06-10", "09:00-12:00", "venue1"),
        ("2025-06-17", "09:00-12:00", "venue1"),
        ("2025-06-24", "14:30-17:30", "venue2"),
    ]
    assert all(
        any("按所写的星期推为 2025 年" in doubt.message for doubt in session.doubts)
        for session in found.sessions
    )


def test_an_afternoon_lead_is_the_mornings_in_full_only_when_it_names_the_same_person(
    tmp_path: Path,
) -> None:
    def afternoon_lead(lead: str) -> str:
        found = _found(
            tmp_path,
            "5月17日上午9:00-11:30，在甲村部会议室接访，由镇党委委员、副镇长张卫东带班；"
            f"当天下午14:00-16:00，转到乙村部会议室接访，{lead}带班。\n",
        )
        return next(who for _, span, who, _, _ in _sessions(found) if span.startswith("14"))

    assert afternoon_lead("仍由张卫东副镇长") == "镇党委委员、副镇长 张卫东"
    assert afternoon_lead("由副镇长") == "副镇长 "  # a title alone is its own lead


def test_a_word_where_a_name_would_stand_is_no_name() -> None:
    session = FoundSession(id="", day=date.min, source=Line(1, "", ""))
    read_people("分管领导（副局长）", session)
    assert session.lead_name is None


def test_a_session_with_only_a_start_takes_no_end_from_the_drafts_defaults() -> None:
    _, files, _ = find_notice(NOTICES / "blind-datong-2024.md", today=date(2026, 11, 30))
    defaults = files["schedule.yaml"].split("sessions:")[0]
    assert 'start: "09:30"' in defaults and "end:" not in defaults
