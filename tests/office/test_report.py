"""The monthly report: its refusals, what "carried over" means, the HTML file, the console page."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from complaints_support import CLERK, access_records, add_staff, run
from console_support import page_text, signed_in
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook

from intake_api.queue.receipts import display_receipt


@pytest.fixture
def staffed(app: Flask) -> Flask:
    add_staff(app)
    return app


def report(runner: FlaskCliRunner, *options: str, ok: bool = True) -> str:
    return run(runner, "complaints", "report", *options, "--as", CLERK, ok=ok).output


def ledger(runner: FlaskCliRunner, *args: str) -> None:
    run(runner, "complaints", "ledger", *args, "--as", CLERK)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--month", "2021-03"],
            "Error: 2021-03: no complaints were received, no sessions held, no cases closed and "
            "none carried over in this month: nothing to report",
        ),
        (["--month", "2021-06"], "Error: 2021-06 has not begun (today is 2021-05-10)"),
        (
            ["--month", "2021-13"],
            "Error: Invalid value for '--month': expected YYYY-MM, found '2021-13'",
        ),
        (
            ["--format", "xlsx"],
            "Error: --format xlsx writes a file: give --output FILE (e.g. --output "
            "月报-2021-04.xlsx)",
        ),
    ],
    ids=["empty-month", "future", "bad-month", "no-output"],
)
def test_a_report_that_cannot_be_made_says_why(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    options: list[str],
    message: str,
) -> None:
    file_complaint()
    assert report(runner, *options, ok=False).splitlines()[-1] == message
    assert [r for r in access_records(staffed) if r[1] == "report"] == []


def test_without_a_queue_file_the_report_says_so_instead_of_zeros(
    staffed: Flask, runner: FlaskCliRunner, queue_path: Path
) -> None:
    output = report(runner, "--month", "2021-05", ok=False)
    assert output == f"Error: no queue file at {queue_path}: check INTAKE_QUEUE\n"
    assert not queue_path.exists()


def test_a_month_with_sessions_and_no_complaints_is_reported(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], clock
) -> None:
    clock.set("2021-04-12T10:00")
    receipt = file_complaint()
    ledger(runner, "invalid", receipt, "--kind", "test", "--reason", "培训")
    clock.set("2021-07-01T09:00")
    june = json.loads(report(runner, "--month", "2021-06"))
    assert [s["id"] for s in june["sessions"]] == ["2021-06-07", "2021-06-21"]
    assert (june["received_total"], june["complaints"], june["carried_over"]) == (0, 0, [])
    april = json.loads(report(runner, "--month", "2021-04"))
    assert (april["received_total"], april["invalid"], april["complaints"]) == (1, 1, 0)
    assert april["sessions"][0]["complaints"] == 0  # an invalid entry counts nowhere


def test_carried_over_means_open_when_the_month_began(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], clock
) -> None:
    clock.set("2021-04-20T10:00")
    still_open = file_complaint(employer="甲公司")
    reopened = file_complaint(employer="乙公司", phone="13900000001")
    junk = file_complaint(employer="丙公司", phone="13900000002")
    original = file_complaint(employer="丁公司", phone="13900000003")
    repeat = file_complaint(employer="丁公司", phone="13900000003")
    ledger(runner, "assign", reopened, "--unit", "zjj", "--deadline", "2021-04-30")
    clock.set("2021-04-28T10:00")
    ledger(runner, "close", reopened, "--result", "已支付")
    ledger(runner, "invalid", junk, "--kind", "spam", "--reason", "广告")
    ledger(runner, "duplicate", repeat, "--of", original)
    clock.set("2021-05-03T10:00")
    ledger(runner, "reopen", reopened, "--reason", "工资未到账")  # open again, but not on 1 May
    ledger(runner, "reopen", repeat, "--reason", "不是重复")
    clock.set("2021-06-01T09:00")
    may = json.loads(report(runner))  # last month by default
    assert may["month"] == "2021-05"
    assert [line["receipt"] for line in may["carried_over"]] == [
        display_receipt(r) for r in sorted((still_open, original))
    ]
    assert [line["status_label"] for line in may["carried_over"]] == ["待分派", "待分派"]


def test_the_html_report_is_one_printable_file_without_personal_data(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    tmp_path: Path,
    clock,
) -> None:
    receipt = file_complaint(workers_affected=40, employer="<b>戊集团</b>")
    ledger(
        runner,
        "assign",
        receipt,
        "--unit",
        "zjj",
        "--deadline",
        "2021-05-20",
        "--leader",
        "王副县长",
    )
    clock.set("2021-06-01T09:00")
    output = tmp_path / "月报.html"
    assert report(runner, "--format", "html", "--output", str(output)) == (
        f"the report for 2021-05 is in {output}\n"
    )
    html = output.read_text("utf-8")
    assert "@page { size: A4 portrait" in html and "<script" not in html
    assert " style=" not in html
    assert "&lt;b&gt;戊集团&lt;/b&gt;" in html
    text = page_text(html)
    for figure in (
        "2021年5月欠薪投诉受理和办理情况月报",
        "应于 2021年6月2日前报送",
        "受理投诉 1 件",
        "涉及人数 40 人",
        "涉及金额 86,000.00 元",
        f"{display_receipt(receipt)} 2021-05-10 &lt;b&gt;戊集团&lt;/b&gt; 40 86,000.00 "
        "县住建局 王副县长 2021-05-20 已逾期",
        "县住建局 1 0 1 1 0 0.00",
        "合计 1 0 1 1 0 0.00",
        "无法读取的行 0",
    ):
        assert figure in text, figure
    for personal in ("王小明", "13812345678"):
        assert personal not in html
    assert access_records(staffed)[-1][1:] == ("report", receipt, "2021-05 html")


def test_the_console_shows_the_report_and_offers_the_files(
    app: Flask, file_complaint: Callable[..., str], clock
) -> None:
    receipt = file_complaint(rural_low_income=False)
    clock.set("2021-06-01T09:00")
    client = signed_in(app, "张敏", "clerk")
    page = client.get("/office/reports?month=2021-05")
    assert page.status_code == 200
    text = page_text(page.get_data(as_text=True))
    assert "受理投诉 1 件" in text and "未分派 1 0 1 0 0 0.00" in text
    html = page.get_data(as_text=True)
    assert 'href="/office/static/report-print.css"' in html
    links = re.findall(r'href="(/office/reports/[^"]+)"', html)
    assert links == [
        "/office/reports/2021-05.xlsx",
        "/office/reports/2021-05.html",
        "/office/reports/2021-05.json",
    ]
    xlsx = client.get(links[0])
    assert xlsx.status_code == 200
    assert xlsx.headers["Content-Disposition"] == (
        'attachment; filename="report-2021-05.xlsx"; '
        "filename*=UTF-8''%E6%9C%88%E6%8A%A5-2021-05.xlsx"
    )
    assert load_workbook(io.BytesIO(xlsx.data))["汇总"]["B7"].value == 1
    data = client.get(links[2]).json
    assert data["complaints"] == 1
    assert "<style>" in client.get(links[1]).get_data(as_text=True)
    reports = [r for r in access_records(app) if r[1] == "report"]
    assert [(r[0], r[2], r[3]) for r in reports] == [
        ("张敏", "", "2021-05 page"),
        ("张敏", "", "2021-05 xlsx"),
        ("张敏", "", "2021-05 json"),
        ("张敏", "", "2021-05 html"),
    ]
    assert receipt not in json.dumps(data)  # a plain case is counted, not listed


def test_the_console_says_why_there_is_no_report(
    app: Flask, file_complaint: Callable[..., str]
) -> None:
    file_complaint()
    client = signed_in(app, "张敏", "clerk")
    page = client.get("/office/reports")  # April: nothing happened but two sessions
    assert page.status_code == 200
    bad = client.get("/office/reports?month=2021-5")
    assert bad.status_code == 400
    assert "请按“年-月”填写月份，例如 2021-05。" in page_text(bad.get_data(as_text=True))
    future = page_text(client.get("/office/reports?month=2021-07").get_data(as_text=True))
    assert "2021年7月还没有开始，没有月报。" in future and "受理投诉" not in future
    empty = page_text(client.get("/office/reports?month=2021-03").get_data(as_text=True))
    assert "2021年3月没有受理投诉，没有举行接访，没有办结或结转的案件，没有可报送的数据。" in empty
    assert client.get("/office/reports/2021-03.xlsx").status_code == 404
    assert client.get("/office/reports/2021-05.pdf").status_code == 404


def test_a_units_account_gets_no_report(app: Flask, file_complaint: Callable[..., str]) -> None:
    file_complaint()
    client = signed_in(app, "住建局", "unit", "zjj")
    assert client.get("/office/reports?month=2021-05").status_code == 403
    assert client.get("/office/reports/2021-05.json").status_code == 403


def test_no_report_is_made_from_a_queue_that_was_changed(
    app: Flask, file_complaint: Callable[..., str], queue_path: Path, clock
) -> None:
    file_complaint()
    clock.set("2021-06-01T09:00")
    client = signed_in(app, "张敏", "clerk")
    assert client.get("/office/reports?month=2021-05").status_code == 200
    copy = queue_path.with_name("copy.jsonl")
    copy.write_bytes(queue_path.read_bytes())
    os.replace(copy, queue_path)  # an editor's save
    text = page_text(client.get("/office/reports?month=2021-05").get_data(as_text=True))
    assert (
        "投诉队列文件被改动，新投诉暂停导入，现在生成的月报会漏掉新投诉。"
        "请管理员先按 docs/office.md 的“队列文件被改动”处理。"
    ) in text
    assert "受理投诉" not in text
    assert client.get("/office/reports/2021-05.xlsx").status_code == 404
