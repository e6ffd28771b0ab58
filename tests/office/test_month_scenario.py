"""A month of casework (May 2021) and its report, every figure checked in JSON and in xlsx.

April: three complaints; one is closed in April, one stays open (carried over), one is closed
in May (carried over, and its wages recovered count in May). May: online complaints and
walk-ins at both sessions, a correction of an amount, assignments to two units, a major case
with its 包案领导, a closure with wages recovered, an overdue case, a duplicate, a spam entry
and an unreadable queue line. The report is made on 1 June 2021.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from complaints_support import CLERK, access_records, add_staff, run
from flask import Flask
from flask.testing import FlaskCliRunner
from intake_support import VALID
from openpyxl import load_workbook

from intake_api.public.validation import validate_complaint
from intake_api.queue.receipts import display_receipt

VENUE = "宜良县人力资源和社会保障局（宜良县就业和社会保障服务中心101室）"
SESSION_1 = "现场接访：2021年5月10日（星期一）9:00–17:00 宜良县人力资源和社会保障局"
SESSION_2 = "现场接访：2021年5月24日（星期一）9:00–17:00 宜良县人力资源和社会保障局"

CASE_KEYS = (
    "received_on",
    "employer",
    "workers",
    "amount",
    "months_owed",
    "unit",
    "leader",
    "deadline",
    "status",
    "status_label",
    "closed_on",
)


def channel(value: str, label: str, complaints: int, workers: int, amount: str) -> dict:
    """One channel's figures as the JSON report gives them."""
    return {
        "channel": value,
        "label": label,
        "complaints": complaints,
        "workers": workers,
        "amount": amount,
    }


def unit(unit_id: str | None, name: str, *counts: int, recovered: str) -> dict:
    """One unit's figures as the JSON report gives them."""
    keys = ("received", "closed", "open", "overdue", "recovered_cases")
    return {
        "unit_id": unit_id,
        "name": name,
        **dict(zip(keys, counts, strict=True)),
        "recovered": recovered,
    }


def walk_in(app: Flask, clock, session_id: str, **changes: object) -> str:
    """A complaint taken at a session, appended as the console's walk-in page does."""
    raw = {**VALID, **changes, "channel": f"session:{session_id}"}
    verdict = validate_complaint(
        raw, today=clock().date(), channels=[f"session:{session_id}"], source="form"
    )
    assert verdict.ok, verdict.errors
    fields = dict(verdict.fields)
    channel = str(fields.pop("channel"))
    queue = app.extensions["intake"].queue
    return queue.append(fields, received_at=clock(), channel=channel, source="office:clerk").receipt


def test_a_month_of_casework_and_its_report(
    app: Flask,
    runner: FlaskCliRunner,
    clock,
    file_complaint: Callable[..., str],
    queue_path: Path,
    tmp_path: Path,
) -> None:
    add_staff(app)

    def ledger(*args: str) -> None:
        run(runner, "complaints", "ledger", *args, "--as", CLERK)

    # April.
    clock.set("2021-04-20T10:00")
    april_open = file_complaint(
        employer="甲建筑公司", workers_affected=5, amount_owed="30000", rural_low_income=False
    )
    clock.set("2021-04-21T10:00")
    april_closed = file_complaint(
        employer="乙劳务公司", workers_affected=4, amount_owed="20000", phone="13900000001"
    )
    ledger("assign", april_open, "--unit", "rsj", "--deadline", "2021-06-15")
    clock.set("2021-04-22T10:00")
    april_late = file_complaint(
        employer="丙装饰公司", workers_affected=6, amount_owed="45000", phone="13900000002"
    )
    ledger("assign", april_closed, "--unit", "zjj", "--deadline", "2021-04-30")
    clock.set("2021-04-23T10:00")
    ledger("assign", april_late, "--unit", "zjj", "--deadline", "2021-05-15")
    clock.set("2021-04-28T16:00")
    ledger("close", april_closed, "--result", "已足额支付", "--recovered", "20000")

    # May: online complaints, walk-ins, corrections and decisions.
    clock.set("2021-05-06T09:30")
    paid = file_complaint(employer="丁建设公司", phone="13800000003")  # 12 workers, rural
    clock.set("2021-05-07T09:00")
    ledger("amend", paid, "amount_owed", "80000", "--reason", "与工人电话核实")
    ledger("assign", paid, "--unit", "zjj", "--deadline", "2021-05-20", "--person", "张三")
    clock.set("2021-05-08T11:00")
    major = file_complaint(
        employer="戊集团",
        phone="13800000004",
        workers_affected=35,
        amount_owed="420000",
        owed_since="2021-03",
        rural_low_income=False,
        reported_elsewhere=True,
    )
    ledger("assign", major, "--unit", "zjj", "--deadline", "2021-06-10", "--leader", "王副县长")
    clock.set("2021-05-10T10:15")
    overdue = walk_in(
        app,
        clock,
        "2021-05-10",
        employer="己公司",
        phone="13800000005",
        workers_affected=3,
        amount_owed="15000",
    )
    ledger("assign", overdue, "--unit", "县人社局", "--deadline", "2021-05-25")
    clock.set("2021-05-12T14:00")
    duplicate = file_complaint(employer="丁建设公司", phone="13800000003")
    clock.set("2021-05-13T23:59")
    spam = file_complaint(employer="广告", phone="13800000006", description="加微信领补贴")
    with queue_path.open("a", encoding="utf-8") as queue:
        queue.write('{"receipt": "damaged"\n')  # half a line, then a newline
    clock.set("2021-05-14T10:00")
    ledger("close", april_late, "--result", "部分支付", "--recovered", "40000")
    ledger("duplicate", duplicate, "--of", paid)
    ledger("invalid", spam, "--kind", "spam", "--reason", "广告")
    clock.set("2021-05-18T17:00")
    ledger("close", paid, "--result", "已足额支付", "--recovered", "80000")
    clock.set("2021-05-24T15:30")
    unassigned = walk_in(
        app,
        clock,
        "2021-05-24",
        employer="庚餐饮店",
        phone="13800000007",
        workers_affected=2,
        amount_owed="6000.50",
        rural_low_income=False,
    )
    run(runner, "complaints", "sync")

    # The report, made on 1 June.
    clock.set("2021-06-01T09:00")
    report = json.loads(run(runner, "complaints", "report", "--as", CLERK).stdout)
    shown = {r: display_receipt(r) for r in (april_open, april_late, paid, major, overdue)}

    def case(receipt: str, *values: object) -> dict[str, object]:
        padded = (*values, None) if len(values) == len(CASE_KEYS) - 1 else values
        return {"receipt": shown[receipt], **dict(zip(CASE_KEYS, padded, strict=True))}

    assert report == {
        "month": "2021-05",
        "due": "2021-06-02",
        "as_of": "2021-06-01",
        "generated_at": "2021-06-01T09:00:00+08:00",
        "sessions": [
            {
                "id": "2021-05-10",
                "day": "2021-05-10",
                "time": "9:00–17:00",
                "lead": "县交运局分管负责同志",
                "units": ["县人社局", "县住建局", "县交运局", "县水务局", "县公安局"],
                "venue": VENUE,
                "complaints": 1,
            },
            {
                "id": "2021-05-24",
                "day": "2021-05-24",
                "time": "9:00–17:00",
                "lead": "县水务局分管负责同志",
                "units": ["县人社局", "县住建局", "县交运局", "县水务局", "县总工会"],
                "venue": VENUE,
                "complaints": 1,
            },
        ],
        "received_total": 6,
        "duplicates": 1,
        "invalid": 1,
        "complaints": 4,
        "workers": 52,
        "amount": "521000.50",
        "rural_low_income": 2,
        "reported_elsewhere": 1,
        "channels": [
            channel("online", "网上提交", 2, 47, "500000.00"),
            channel("session:2021-05-10", SESSION_1, 1, 3, "15000.00"),
            channel("session:2021-05-24", SESSION_2, 1, 2, "6000.50"),
        ],
        "units": [
            unit("rsj", "县人社局", 1, 0, 1, 1, 0, recovered="0.00"),
            unit("zjj", "县住建局", 2, 1, 1, 0, 2, recovered="120000.00"),
            unit(None, "未分派", 1, 0, 1, 0, 0, recovered="0.00"),
        ],
        "closed": 1,
        "open": 3,
        "overdue": 1,
        "recovered_cases": 2,
        "recovered": "120000.00",
        "major_cases": [
            case(
                major,
                "2021-05-08",
                "戊集团",
                35,
                "420000.00",
                3,
                "县住建局",
                "王副县长",
                "2021-06-10",
                "assigned",
                "办理中",
            ),
        ],
        "rural_cases": [
            case(
                paid,
                "2021-05-06",
                "丁建设公司",
                12,
                "80000.00",
                5,
                "县住建局",
                None,
                "2021-05-20",
                "closed",
                "已办结",
                "2021-05-18",
            ),
            case(
                overdue,
                "2021-05-10",
                "己公司",
                3,
                "15000.00",
                5,
                "县人社局",
                None,
                "2021-05-25",
                "overdue",
                "已逾期",
            ),
        ],
        "carried_over": [
            case(
                april_open,
                "2021-04-20",
                "甲建筑公司",
                5,
                "30000.00",
                4,
                "县人社局",
                None,
                "2021-06-15",
                "assigned",
                "办理中",
            ),
            case(
                april_late,
                "2021-04-22",
                "丙装饰公司",
                6,
                "45000.00",
                4,
                "县住建局",
                None,
                "2021-05-15",
                "closed",
                "已办结",
                "2021-05-14",
            ),
        ],
        "source": {
            "queue_path": str(queue_path),
            "lines_read": 10,
            "unreadable": [{"line": 9, "reason": "not JSON"}],
            "last_sync": "2021-05-24T15:30:00+08:00",  # the last import that found lines
        },
    }
    assert unassigned not in json.dumps(report)  # the lists name no unassigned plain case
    logged = access_records(app)[-1]
    assert logged[:2] == (CLERK, "report") and logged[3] == "2021-05 json"
    assert logged[2].split() == sorted({april_open, april_late, paid, major, overdue})

    # The same figures in the xlsx, typed.
    output = tmp_path / "月报-2021-05.xlsx"
    run(
        runner,
        "complaints",
        "report",
        "--month",
        "2021-05",
        "--format",
        "xlsx",
        "--output",
        str(output),
        "--as",
        CLERK,
    )
    book = load_workbook(output)
    assert book.sheetnames == [
        "汇总",
        "接访场次",
        "受理渠道",
        "责任单位",
        "重大案件",
        "农村低收入人员",
        "结转案件",
        "无法读取的行",
    ]
    summary = {row[0].value: row[1] for row in book["汇总"].iter_rows(min_row=2)}
    expected = {
        "月份": ("2021年5月", "s", "General"),
        "应报送日期": (datetime(2021, 6, 2), "d", "yyyy-mm-dd"),
        "统计截至": (datetime(2021, 6, 1), "d", "yyyy-mm-dd"),
        "生成时间": (datetime(2021, 6, 1, 9, 0), "d", "yyyy-mm-dd hh:mm"),
        "举行接访（场）": (2, "n", "0"),
        "受理投诉（件，不含重复和无效）": (4, "n", "0"),
        "重复投诉（件，未计入）": (1, "n", "0"),
        "无效投诉（件，未计入）": (1, "n", "0"),
        "涉及人数（人）": (52, "n", "0"),
        "涉及金额（元）": (521000.5, "n", "#,##0.00"),
        "农村低收入人员（件）": (2, "n", "0"),
        "已向其他平台反映（件）": (1, "n", "0"),
        "重大案件（件）": (1, "n", "0"),
        "已办结（件）": (1, "n", "0"),
        "未办结（件）": (3, "n", "0"),
        "其中逾期（件）": (1, "n", "0"),
        "本月办结的案件（件）": (2, "n", "0"),
        "追回工资（元）": (120000, "n", "#,##0.00"),
        "上月结转案件（件）": (2, "n", "0"),
        "投诉队列文件": (str(queue_path), "s", "General"),
        "已读取行数": (10, "n", "0"),
        "无法读取的行": (1, "n", "0"),
        "最近导入时间": (datetime(2021, 5, 24, 15, 30), "d", "yyyy-mm-dd hh:mm"),
    }
    assert {k: (c.value, c.data_type, c.number_format) for k, c in summary.items()} == expected
    assert all(isinstance(c.value, int) for k, c in summary.items() if expected[k][2] == "0")

    def table(name: str) -> list[list[object]]:
        return [[cell.value for cell in row] for row in book[name].iter_rows()]

    assert table("接访场次")[1:] == [
        [
            datetime(2021, 5, 10),
            "9:00–17:00",
            "县交运局分管负责同志",
            "县人社局、县住建局、县交运局、县水务局、县公安局",
            VENUE,
            1,
        ],
        [
            datetime(2021, 5, 24),
            "9:00–17:00",
            "县水务局分管负责同志",
            "县人社局、县住建局、县交运局、县水务局、县总工会",
            VENUE,
            1,
        ],
    ]
    assert table("受理渠道") == [
        ["受理渠道", "件数", "涉及人数", "涉及金额（元）"],
        ["网上提交", 2, 47, 500000],
        [SESSION_1, 1, 3, 15000],
        [SESSION_2, 1, 2, 6000.5],
    ]
    assert table("责任单位") == [
        ["责任单位", "受理", "已办结", "未办结", "逾期", "本月办结（件）", "追回工资（元）"],
        ["县人社局", 1, 0, 1, 1, 0, 0],
        ["县住建局", 2, 1, 1, 0, 2, 120000],
        ["未分派", 1, 0, 1, 0, 0, 0],
    ]
    assert table("重大案件")[1:] == [
        [
            shown[major],
            datetime(2021, 5, 8),
            "戊集团",
            35,
            420000,
            3,
            "县住建局",
            "王副县长",
            datetime(2021, 6, 10),
            "办理中",
            None,
        ],
    ]
    assert table("农村低收入人员")[1:] == [
        [
            shown[paid],
            datetime(2021, 5, 6),
            "丁建设公司",
            12,
            80000,
            5,
            "县住建局",
            None,
            datetime(2021, 5, 20),
            "已办结",
            datetime(2021, 5, 18),
        ],
        [
            shown[overdue],
            datetime(2021, 5, 10),
            "己公司",
            3,
            15000,
            5,
            "县人社局",
            None,
            datetime(2021, 5, 25),
            "已逾期",
            None,
        ],
    ]
    assert table("结转案件")[1:] == [
        [
            shown[april_open],
            datetime(2021, 4, 20),
            "甲建筑公司",
            5,
            30000,
            4,
            "县人社局",
            None,
            datetime(2021, 6, 15),
            "办理中",
            None,
        ],
        [
            shown[april_late],
            datetime(2021, 4, 22),
            "丙装饰公司",
            6,
            45000,
            4,
            "县住建局",
            None,
            datetime(2021, 5, 15),
            "已办结",
            datetime(2021, 5, 14),
        ],
    ]
    assert table("无法读取的行") == [["行号", "原因"], [9, "not JSON"]]
    units = book["责任单位"]
    assert [units.cell(3, column).number_format for column in range(2, 8)] == [
        "0",
        "0",
        "0",
        "0",
        "0",
        "#,##0.00",
    ]
    majors = book["重大案件"]
    assert (majors["B2"].number_format, majors["E2"].number_format) == ("yyyy-mm-dd", "#,##0.00")
    summary_sheet = book["汇总"]
    assert [summary_sheet.column_dimensions[c].width for c in "AB"] == [34, 40]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.column_dimensions["A"].customWidth, sheet.title
