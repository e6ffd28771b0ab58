"""``complaints export``: from the database, masked unless --full, logged, inert, all or nothing."""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from complaints_support import ADMIN, CLERK, access_records, add_staff, run
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from openpyxl.cell import Cell

from intake_api.queue.receipts import display_receipt

ID_NUMBER = "110105198001010008"


@pytest.fixture
def staffed(app: Flask) -> Flask:
    add_staff(app)
    return app


def xlsx_rows(path: Path) -> list[dict[str, Cell]]:
    """The sheet's rows as {heading: cell}."""
    sheet = load_workbook(path).active
    headings = [cell.value for cell in sheet[1]]
    return [dict(zip(headings, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def export(runner: FlaskCliRunner, path: Path, *options: str, actor: str = CLERK) -> str:
    return run(runner, "complaints", "export", str(path), *options, "--as", actor).output


def test_exports_are_private_and_keep_formulas_and_identifiers_inert(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    queue_path: Path,
    tmp_path: Path,
    clock,
) -> None:
    receipts = [file_complaint(employer='=HYPERLINK("http://x")', id_number=ID_NUMBER)]
    clock.set("2021-05-10T10:00")
    receipts.append(file_complaint(employer="宜良某公司", phone="13900000001"))
    clock.set("2021-05-10T11:00")
    receipts.append(file_complaint(employer="+86 公司", phone="13900000002"))
    # A line edited by hand with a character XML forbids must not break the whole xlsx.
    line = json.loads(queue_path.read_text("utf-8").splitlines()[1])
    line["receipt"], line["received_at"] = "M4XB7Q2KD9HB", "2021-05-10T12:00:00+08:00"
    line["fields"]["name"] = "王\uffff"
    with queue_path.open("a", encoding="utf-8") as queue:
        queue.write(json.dumps(line, ensure_ascii=False) + "\n")
    for name in ("out.csv", "out.xlsx"):
        assert export(runner, tmp_path / name) == (
            f"4 complaints written to {tmp_path / name} (ID numbers masked)\n"
        )
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    rows = csv_rows(tmp_path / "out.csv")
    assert [row["欠薪单位或老板"] for row in rows] == [
        '\'=HYPERLINK("http://x")',
        "宜良某公司",
        "'+86 公司",
        "宜良某公司",
    ]
    assert rows[1]["手机号码"] == '="13900000001"'
    assert rows[0]["身份证号码"] == "1101**********0008"
    assert rows[0]["受理编号"] == display_receipt(receipts[0])
    assert rows[0]["受理时间"] == "2021-05-10 09:00"
    assert rows[0]["被欠工资总额（元）"] == "86000.00"
    cells = xlsx_rows(tmp_path / "out.xlsx")
    formula, plain, plus = (cells[i]["欠薪单位或老板"] for i in range(3))
    assert (formula.value, formula.data_type, formula.quotePrefix) == (
        '=HYPERLINK("http://x")',
        "s",
        True,
    )
    assert (plain.value, plain.quotePrefix) == ("宜良某公司", False)
    assert (plus.value, plus.data_type, plus.quotePrefix) == ("+86 公司", "s", True)
    phone = cells[1]["手机号码"]
    assert (phone.value, phone.data_type, phone.number_format) == ("13900000001", "s", "@")
    amount = cells[0]["被欠工资总额（元）"]
    assert (amount.value, amount.number_format) == (86000, "#,##0.00")
    received = cells[0]["受理时间"]
    assert (received.value, received.number_format) == (
        datetime(2021, 5, 10, 9, 0),
        "yyyy-mm-dd hh:mm",
    )
    assert cells[0]["被欠薪人数"].value == 12
    assert cells[3]["姓名"].value == "王\ufffd"
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:AB5")


def test_exports_carry_the_handling_and_the_amended_values(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    tmp_path: Path,
    clock,
) -> None:
    receipt = file_complaint(id_number=ID_NUMBER)

    def ledger(*args: str) -> None:
        run(runner, "complaints", "ledger", *args, "--as", CLERK)

    ledger("amend", receipt, "amount_owed", "80000", "--reason", "核实")
    ledger("amend", receipt, "id_number", "11010519800101018X", "--reason", "核实")
    ledger(
        "assign",
        receipt,
        "--unit",
        "zjj",
        "--deadline",
        "2021-05-20",
        "--person",
        "张三",
        "--leader",
        "王副县长",
    )
    clock.set("2021-05-18T10:00")
    ledger("close", receipt, "--result", "=已足额支付", "--recovered", "80000")
    export(runner, tmp_path / "out.xlsx")
    export(runner, tmp_path / "full.csv", "--full", actor=ADMIN)
    [row] = xlsx_rows(tmp_path / "out.xlsx")
    values = {heading: cell.value for heading, cell in row.items()}
    assert values["被欠工资总额（元）"] == 80000
    assert values["身份证号码"] == "1101**********018X"
    assert values["更正前的原值"] == "身份证号码：1101**********0008；被欠工资总额（元）：86000.00"
    assert (values["状态"], values["责任单位"], values["责任人"], values["包案领导"]) == (
        "已办结",
        "县住建局",
        "张三",
        "王副县长",
    )
    assert (values["办理期限"], values["分派日期"], values["办结日期"]) == (
        datetime(2021, 5, 20),
        datetime(2021, 5, 10),
        datetime(2021, 5, 18),
    )
    assert (values["办结结果"], row["办结结果"].quotePrefix) == ("=已足额支付", True)
    assert values["追回工资（元）"] == 80000
    assert values["标记"] == "农村低收入人员"
    [full] = csv_rows(tmp_path / "full.csv")
    assert full["身份证号码"] == "11010519800101018X"
    assert full["更正前的原值"] == "身份证号码：110105198001010008；被欠工资总额（元）：86000.00"
    assert full["办结结果"] == "'=已足额支付"
    exports = [r for r in access_records(staffed) if r[1].startswith("export")]
    assert exports == [
        (CLERK, "export", receipt, "out.xlsx; month=all; unit=all"),
        (ADMIN, "export-full", receipt, "full.csv; month=all; unit=all"),
    ]


def test_a_units_export_holds_only_its_cases(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], tmp_path: Path
) -> None:
    ours = file_complaint(employer="甲公司")
    theirs = file_complaint(employer="乙公司", phone="13900000001")
    file_complaint(employer="丙公司", phone="13900000002")  # not assigned
    for receipt, unit in ((ours, "zjj"), (theirs, "rsj")):
        run(
            runner,
            "complaints",
            "ledger",
            "assign",
            receipt,
            "--unit",
            unit,
            "--deadline",
            "2021-05-20",
            "--as",
            CLERK,
        )
    output = export(runner, tmp_path / "zjj.csv", "--unit", "县住建局", "--month", "2021-05")
    assert output == f"1 complaints written to {tmp_path / 'zjj.csv'} (ID numbers masked)\n"
    assert [row["受理编号"] for row in csv_rows(tmp_path / "zjj.csv")] == [display_receipt(ours)]
    export(runner, tmp_path / "april.csv", "--month", "2021-04")
    assert csv_rows(tmp_path / "april.csv") == []
    assert access_records(staffed)[-2][1:] == ("export", ours, "zjj.csv; month=2021-05; unit=zjj")


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not write in (root may write anywhere but sysfs)."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    return Path("/sys/kernel")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    tmp_path: Path,
    suffix: str,
) -> None:
    file_complaint()
    missing = tmp_path / "no such folder" / f"out{suffix}"
    output = run(runner, "complaints", "export", str(missing), "--as", CLERK, ok=False).output
    assert output == (
        f"Error: cannot write {missing}: the folder {missing.parent} does not exist\n"
    )
    assert not missing.parent.exists()
    locked = _unwritable_folder(tmp_path)
    before = sorted(os.listdir(locked))
    target = locked / f"out{suffix}"
    output = run(runner, "complaints", "export", str(target), "--as", CLERK, ok=False).output
    assert output == (
        f"Error: cannot write {target}: permission denied (choose a folder you may write to)\n"
    )
    assert sorted(os.listdir(locked)) == before
    assert [r for r in access_records(staffed) if r[1].startswith("export")] == []


def test_an_export_must_be_csv_or_xlsx(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], tmp_path: Path
) -> None:
    file_complaint()
    output = run(
        runner, "complaints", "export", str(tmp_path / "out.xls"), "--as", CLERK, ok=False
    ).output
    assert (
        output.splitlines()[-1]
        == "Error: Invalid value for OUTPUT: OUTPUT must end in .csv or .xlsx"
    )
    assert list(tmp_path.glob("out*")) == []
