"""The reporting cadence from office.yaml: weekly, monthly and quarterly offices' reports, their
due days, zero reports, the files they are exported to and the console's report page."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from complaints_support import CLERK, access_records, add_staff, run
from console_support import page_text, signed_in
from flask import Flask
from intake_support import REPO, VALID
from openpyxl import load_workbook

from intake_api.office.periods import ReportPeriod
from intake_api.office.settings import OfficeSettings, load_office_settings
from intake_api.queue.receipts import display_receipt

WEEKLY = "report_cadence: weekly\nreport_due_weekday: 星期一\nzero_reports: true\n"


@pytest.fixture
def office_app(make_app: Callable[..., Flask], tmp_path: Path) -> Callable[[str], Flask]:
    """``office_app(office_yaml)``: an app on a copy of the content with that office.yaml."""

    def make(office_yaml: str) -> Flask:
        content = tmp_path / "content"
        shutil.copytree(REPO / "content", content)
        (content / "office.yaml").write_text(office_yaml, encoding="utf-8")
        app = make_app(CONTENT_DIR=str(content))
        add_staff(app)
        return app

    return make


def file(app: Flask, **changes: object) -> str:
    """A complaint through the public API; its receipt."""
    response = app.test_client().post("/api/complaints", json={**VALID, **changes})
    assert response.status_code == 201, response.json
    return response.json["receipt"]


def report(app: Flask, *options: str, ok: bool = True) -> str:
    result = run(app.test_cli_runner(), "complaints", "report", *options, "--as", CLERK, ok=ok)
    return result.output


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "key", "label"),
    [
        ("2021-05", "month", date(2021, 5, 1), date(2021, 5, 31), "2021-05", "2021年5月"),
        (
            "2021-W19",
            "week",
            date(2021, 5, 10),
            date(2021, 5, 16),
            "2021-W19",
            "2021年第19周（5月10日至5月16日）",
        ),
        (
            "2020-w53",
            "week",
            date(2020, 12, 28),
            date(2021, 1, 3),
            "2020-W53",
            "2020年第53周（2020年12月28日至2021年1月3日）",
        ),
        ("2021-Q2", "quarter", date(2021, 4, 1), date(2021, 6, 30), "2021-Q2", "2021年第二季度"),
        ("2021-Q4", "quarter", date(2021, 10, 1), date(2021, 12, 31), "2021-Q4", "2021年第四季度"),
    ],
    ids=["month", "week", "week-across-years", "quarter", "last-quarter"],
)
def test_a_period_is_read_and_named(
    text: str, kind: str, first: date, last: date, key: str, label: str
) -> None:
    period = ReportPeriod.parse(text)
    assert (period.kind, period.first, period.last, period.key, period.label) == (
        kind,
        first,
        last,
        key,
        label,
    )
    assert ReportPeriod.parse(period.key) == period
    assert period.previous.following == period.first


@pytest.mark.parametrize("text", ["2021-W54", "2021-W53", "2021-Q5", "2021-13", "2021-5", "W19"])
def test_what_is_not_a_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError) as error:
        ReportPeriod.parse(text)
    assert str(error.value) == f"expected YYYY-MM, YYYY-Www or YYYY-Qn, found {text!r}"


@pytest.mark.parametrize(
    ("kind", "today", "key"),
    [
        ("week", date(2021, 5, 17), "2021-W19"),  # a Monday: last week
        ("week", date(2021, 5, 23), "2021-W19"),  # a Sunday: this week has not ended
        ("week", date(2021, 1, 6), "2020-W53"),
        ("month", date(2021, 1, 1), "2020-12"),
        ("quarter", date(2021, 7, 1), "2021-Q2"),
        ("quarter", date(2021, 3, 31), "2020-Q4"),
    ],
)
def test_the_default_period_is_the_last_finished_one(kind: str, today: date, key: str) -> None:
    assert ReportPeriod.before(kind, today).key == key


def test_the_seed_reports_monthly_and_the_township_example_weekly() -> None:
    assert load_office_settings(REPO / "content") == OfficeSettings()
    township = load_office_settings(REPO / "docs" / "examples" / "township-circuit")
    assert (township.report_cadence, township.report_due_weekday, township.zero_reports) == (
        "weekly",
        1,
        True,
    )
    assert township.report_due(ReportPeriod.parse("2025-W23")) == date(2025, 6, 9)
    assert township.report_due(ReportPeriod.parse("2025-06")) is None  # not its cadence


@pytest.mark.parametrize(
    ("office_yaml", "message"),
    [
        (
            "report_cadence: daily\n",
            "office.yaml:1: report_cadence: expected one of monthly, weekly, quarterly, "
            "found 'daily'",
        ),
        (
            "report_cadence: weekly\nreport_due_day: 5\n",
            "office.yaml:2: report_due_day: a weekly report is due on a weekday: write "
            "report_due_weekday (1 = 星期一 … 7 = 星期日) instead",
        ),
        (
            "report_due_weekday: 1\n",
            "office.yaml:1: report_due_weekday: only for report_cadence: weekly (a monthly "
            "report is due on report_due_day, a day of the month)",
        ),
        (
            "report_cadence: weekly\nreport_due_weekday: 周八\n",
            "office.yaml:2: report_due_weekday: expected 1 to 7 or 星期一 to 星期日, found '周八'",
        ),
        (
            "report_cadence: quarterly\nreport_due_day: 31\n",
            "office.yaml:2: report_due_day: expected 1 to 28",
        ),
        (
            "zero_reports: 是\n",
            "office.yaml:1: zero_reports: expected true or false, found '是'",
        ),
    ],
    ids=["cadence", "day-for-weekly", "weekday-for-monthly", "weekday", "day", "zero"],
)
def test_a_wrong_cadence_is_refused_with_its_line(
    office_app: Callable[[str], Flask], office_yaml: str, message: str
) -> None:
    app = office_app(office_yaml)
    output = report(app, ok=False)
    assert output.splitlines()[0] == "Error: content/office.yaml is invalid:"
    assert output.splitlines()[1].endswith(message), output


def test_a_weekly_office_reports_last_week_by_default_due_on_monday(
    office_app: Callable[[str], Flask], clock, tmp_path: Path
) -> None:
    app = office_app(WEEKLY)
    clock.set("2021-05-11T10:00")
    receipt = file(app, workers_affected=40)
    clock.set("2021-05-17T09:00")  # Monday of week 20
    week = json.loads(report(app))
    assert (week["week"], week["due"], week["as_of"]) == ("2021-W19", "2021-05-17", "2021-05-17")
    assert "month" not in week
    assert [s["id"] for s in week["sessions"]] == ["2021-05-10"]
    assert (week["complaints"], week["workers"]) == (1, 40)
    assert [line["receipt"] for line in week["major_cases"]] == [display_receipt(receipt)]

    output = tmp_path / "周报.xlsx"
    assert report(app, "--period", "2021-W19", "--format", "xlsx", "--output", str(output)) == (
        f"the report for 2021-W19 is in {output}\n"
    )
    book = load_workbook(output)
    summary = {row[0].value: row[1].value for row in book["汇总"].iter_rows(min_row=2)}
    assert summary["周次"] == "2021年第19周（5月10日至5月16日）"
    assert summary["应报送日期"] == datetime(2021, 5, 17)
    assert summary["本周办结的案件（件）"] == 0
    assert summary["上周结转案件（件）"] == 0
    assert "零报告" not in summary
    assert book["责任单位"]["F1"].value == "本周办结（件）"
    assert book.properties.title == "2021年第19周（5月10日至5月16日）欠薪投诉办理情况周报"
    assert access_records(app)[-1][1:] == ("report", receipt, "2021-W19 xlsx")


def test_a_week_in_which_nothing_came_in_is_a_zero_report(
    office_app: Callable[[str], Flask], clock, tmp_path: Path
) -> None:
    app = office_app(WEEKLY)
    clock.set("2021-05-11T10:00")
    junk = file(app)
    run(
        app.test_cli_runner(),
        *("complaints", "ledger", "invalid", junk, "--kind", "test", "--reason", "培训"),
        *("--as", CLERK),
    )
    clock.set("2021-05-24T08:00")  # week 20: no complaint, no session, nothing carried over
    week = json.loads(report(app))
    assert (week["week"], week["due"]) == ("2021-W20", "2021-05-24")
    assert (week["received_total"], week["sessions"], week["carried_over"]) == (0, [], [])

    output = tmp_path / "周报.html"
    report(app, "--format", "html", "--output", str(output))
    text = page_text(output.read_text("utf-8"))
    assert "2021年第20周（5月17日至5月23日）欠薪投诉受理和办理情况周报" in text
    assert "应于 2021年5月24日前报送" in text
    assert "零报告：本周无新受理投诉。" in text
    assert "本周无新受理投诉（没有网上提交，也没有现场登记的投诉）。" in text
    assert "受理投诉 0 件" not in text  # said in words, not as a table of zeros
    assert "本周没有举行接访。" in text
    assert "没有从以前各周结转的案件。" in text

    book_path = tmp_path / "周报.xlsx"
    report(app, "--format", "xlsx", "--output", str(book_path))
    rows = load_workbook(book_path)["汇总"].iter_rows(min_row=2, max_row=3, values_only=True)
    assert list(rows) == [
        ("周次", "2021年第20周（5月17日至5月23日）"),
        ("零报告", "本周无新受理投诉"),
    ]


def test_without_zero_reports_an_empty_week_is_refused(
    office_app: Callable[[str], Flask], clock
) -> None:
    app = office_app("report_cadence: weekly\nreport_due_weekday: 3\n")
    clock.set("2021-05-11T10:00")
    file(app)
    assert report(app, "--period", "2021-W18", ok=False).splitlines()[-1] == (
        "Error: 2021-W18: no complaints were received, no sessions held, no cases closed and "
        "none carried over in this week: nothing to report"
    )
    clock.set("2021-05-17T09:00")
    assert json.loads(report(app))["due"] == "2021-05-19"  # the Wednesday after


def test_a_weekly_office_can_still_report_a_month(
    office_app: Callable[[str], Flask], clock, tmp_path: Path
) -> None:
    app = office_app(WEEKLY)
    file(app)
    clock.set("2021-06-01T09:00")
    month = json.loads(report(app, "--month", "2021-05"))
    assert (month["month"], month["due"], month["complaints"]) == ("2021-05", None, 1)
    output = tmp_path / "月报.html"
    report(app, "--month", "2021-05", "--format", "html", "--output", str(output))
    assert "不定期报表" in page_text(output.read_text("utf-8"))
    both = report(app, "--month", "2021-05", "--period", "2021-W19", ok=False)
    assert both.splitlines()[-1] == "Error: give --month or --period, not both"
    bad = report(app, "--period", "2021-W54", ok=False)
    assert bad.splitlines()[-1] == (
        "Error: Invalid value for '--period': expected YYYY-MM, YYYY-Www or YYYY-Qn, "
        "found '2021-W54'"
    )


def test_the_console_shows_last_week_with_the_due_days(
    office_app: Callable[[str], Flask], clock
) -> None:
    app = office_app(WEEKLY)
    clock.set("2021-05-11T10:00")
    file(app)
    clock.set("2021-05-17T09:00")
    client = signed_in(app, "王芳", "clerk")
    html = client.get("/office/reports").get_data(as_text=True)
    assert '<input type="week" id="period" name="period" value="2021-W19"' in html
    assert '<a href="/office/reports">周报</a>' in html  # the menu names the cadence's report
    text = page_text(html)
    assert "2021年第19周（5月10日至5月16日）欠薪投诉受理和办理情况周报" in text
    assert "受理投诉 1 件" in text
    assert "最近各期的周报（5 期已过报送日期）" in text
    assert (
        "2021年第19周（5月10日至5月16日） 2021年5月17日 待报送 "
        "2021年第18周（5月3日至5月9日） 2021年5月10日 已过报送日期，尚未导出报表"
    ) in text
    assert 'href="/office/reports?period=2021-W14"' in html  # six weeks back

    xlsx = client.get("/office/reports/2021-W19.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Disposition"] == (
        'attachment; filename="report-2021-W19.xlsx"; '
        "filename*=UTF-8''%E5%91%A8%E6%8A%A5-2021-W19.xlsx"
    )
    assert load_workbook(io.BytesIO(xlsx.data))["汇总"]["B2"].value == (
        "2021年第19周（5月10日至5月16日）"
    )
    text = page_text(client.get("/office/reports?period=2021-W19").get_data(as_text=True))
    assert "2021年5月17日 已导出报表（2021-05-17 09:00 王芳）" in text
    assert "最近各期的周报（5 期已过报送日期）" in text  # the 19th week was not late

    bad = client.get("/office/reports?period=2021-W60")
    assert bad.status_code == 400
    assert (
        "请按“年-月”（例如 2021-05）、“年-W周次”（例如 2021-W19）或“年-Q季度”（例如 2021-Q2）"
        "填写报告期。"
    ) in page_text(bad.get_data(as_text=True))
    assert client.get("/office/reports/2021-W60.json").status_code == 404


def test_a_monthly_office_keeps_its_defaults(office_app: Callable[[str], Flask], clock) -> None:
    app = office_app("report_cadence: monthly\nreport_due_day: 5\nzero_reports: true\n")
    file(app)
    clock.set("2021-06-01T09:00")
    may = json.loads(report(app))
    assert (may["month"], may["due"], may["complaints"]) == ("2021-05", "2021-06-05", 1)
    march = json.loads(report(app, "--period", "2021-03"))  # nothing at all: a zero report
    assert (march["month"], march["received_total"], march["sessions"]) == ("2021-03", 0, [])
    client = signed_in(app, "王芳", "clerk")
    html = client.get("/office/reports").get_data(as_text=True)
    assert '<input type="month" id="month" name="month" value="2021-05"' in html
    text = page_text(html)
    assert "2021年5月欠薪投诉受理和办理情况月报" in text
    assert "2021年5月 2021年6月5日 已导出报表（2021-06-01 09:00 李娜）" in text  # the command
    assert "2021年4月 2021年5月5日 已过报送日期，尚未导出报表" in text
    zero = page_text(client.get("/office/reports?month=2021-03").get_data(as_text=True))
    assert "零报告：本月无新受理投诉。" in zero and "受理投诉 0 件" not in zero


def test_a_quarterly_office_reports_last_quarter(office_app: Callable[[str], Flask], clock) -> None:
    app = office_app("report_cadence: quarterly\nreport_due_day: 10\n")
    file(app)
    clock.set("2021-07-01T09:00")
    quarter = json.loads(report(app))
    assert (quarter["quarter"], quarter["due"], quarter["complaints"]) == (
        "2021-Q2",
        "2021-07-10",
        1,
    )
    assert [s["id"] for s in quarter["sessions"]][:2] == ["2021-04-12", "2021-04-26"]
    client = signed_in(app, "王芳", "clerk")
    html = client.get("/office/reports").get_data(as_text=True)
    assert 'name="period" value="2021-Q2"' in html
    assert "2021年第二季度欠薪投诉受理和办理情况季报" in page_text(html)
