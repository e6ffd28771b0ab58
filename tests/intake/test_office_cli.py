"""The office commands, run through Flask's CLI runner on a real queue."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from intake_support import REPO, VALID
from openpyxl import load_workbook

from intake_api.office.cli import complaints
from intake_api.office.ledger import build_ledger, ledger_path, read_complaints

COMMANDS = [
    ("complaints",),
    ("complaints", "list"),
    ("complaints", "export"),
    ("complaints", "report"),
    ("complaints", "ledger"),
    ("complaints", "ledger", "show"),
    ("complaints", "ledger", "assign"),
    ("complaints", "ledger", "close"),
]


@pytest.fixture
def filed(app: Flask) -> list[str]:
    """Three complaints, one with a formula in the employer's name."""
    client = app.test_client()
    employers = ['=HYPERLINK("http://x")', "宜良某公司", "+86 公司"]
    return [
        client.post("/api/complaints", json={**VALID, "employer": e}).json["receipt"]
        for e in employers
    ]


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_with_an_example_and_is_documented(
    runner: FlaskCliRunner, path: tuple[str, ...]
) -> None:
    result = runner.invoke(args=[*path, "--help"])
    assert result.exit_code == 0
    help_text = result.output.split("Options:")[0].rstrip()
    example = help_text.split("Example:")[-1]
    assert "Example:" in help_text and "flask --app intake_api" in example
    assert " ".join(path) in (REPO / "docs" / "intake.md").read_text("utf-8")


def test_every_command_is_in_the_table() -> None:
    def walk(group: click.Group, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [prefix]
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += walk(command, (*prefix, name))
            else:
                found.append((*prefix, name))
        return found

    assert sorted(walk(complaints, ("complaints",))) == sorted(COMMANDS)


def test_ledger_assign_close_and_report(runner: FlaskCliRunner, filed: list[str]) -> None:
    first, second, _ = filed
    spoken = f"{first[:4]}-{first[4:8]}-{first[8:]}".lower()
    result = runner.invoke(
        args=[
            "complaints",
            "ledger",
            "assign",
            spoken,
            "--unit",
            "县住建局",
            "--deadline",
            "2021-05-20",
        ]
    )
    assert result.exit_code == 0, result.output
    closing = ["complaints", "ledger", "close", second, "--note", "已支付", "--today", "2099-01-02"]
    assert runner.invoke(args=closing).exit_code == 0
    show = runner.invoke(args=["complaints", "ledger", "show", "--today", "2099-01-02"]).output
    assert "县住建局\t-\t2021-05-20\t已逾期" in show
    assert "已办结" in show and "待分派" in show
    month = runner.invoke(args=["complaints", "list", "--status", "overdue"]).output
    assert month.count("\n") == 1
    report = runner.invoke(args=["complaints", "report", "--today", "2099-01-02"]).output
    assert "受理投诉：0 件" in report  # last month (December 2098) had none
    current = runner.invoke(args=["complaints", "list"]).output.split("\t")[1][:7]
    report = runner.invoke(args=["complaints", "report", "--month", current]).output
    assert "受理投诉：3 件" in report and "涉及人数：36 人" in report
    assert "涉及金额：258,000.00 元" in report and "逾期 1 件" in report


def test_unknown_receipt_is_an_error(runner: FlaskCliRunner, filed: list[str]) -> None:
    result = runner.invoke(args=["complaints", "ledger", "close", "0000-0000-0000"])
    assert result.exit_code != 0
    assert "no complaint with receipt 0000-0000-0000" in result.output
    wrong_check = "Z" if filed[0][-1] != "Z" else "Y"  # a typo, never the real check symbol
    typo = runner.invoke(args=["complaints", "ledger", "close", filed[0][:-1] + wrong_check])
    assert "is not a receipt number" in typo.output


def test_exports_neutralise_formulas_and_are_private(
    runner: FlaskCliRunner, filed: list[str], tmp_path: Path
) -> None:
    for name in ("out.csv", "out.xlsx"):
        result = runner.invoke(args=["complaints", "export", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["欠薪单位或老板"] for row in rows] == [
        '\'=HYPERLINK("http://x")',
        "宜良某公司",
        "'+86 公司",
    ]
    sheet = load_workbook(tmp_path / "out.xlsx").active
    # In xlsx an apostrophe would show as a character: text cells with a quote prefix instead.
    formula, plain, plus = sheet["G2"], sheet["G3"], sheet["G4"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (
        '=HYPERLINK("http://x")',
        "s",
        True,
    )
    assert (plain.value, plain.quotePrefix) == ("宜良某公司", False)
    assert (plus.value, plus.data_type, plus.quotePrefix) == ("+86 公司", "s", True)
    assert sheet["K2"].value == 86000.0


def test_identifiers_stay_text_in_exports(
    client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """Excel would show an 18-digit ID number as 1.10105E+17 and drop its last digits."""
    id_number = "110105198001010008"
    assert client.post("/api/complaints", json={**VALID, "id_number": id_number}).status_code == 201
    for name in ("out.csv", "out.xlsx"):
        assert runner.invoke(args=["complaints", "export", str(tmp_path / name)]).exit_code == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["身份证号码"] == f'="{id_number}"'
    assert row["手机号码"] == '="13812345678"'
    cell = load_workbook(tmp_path / "out.xlsx").active["F2"]
    assert (cell.value, cell.data_type, cell.number_format) == (id_number, "s", "@")


DAMAGED_LINES = [
    b"not json\n",
    b"[1, 2]\n",
    b'{"receipt": "X"}\n',
    *(
        (json.dumps(record) + "\n").encode()
        for record in (
            {"receipt": "A", "received_at": "yesterday", "channel": "online", "fields": {}},
            {
                "receipt": "B",
                "received_at": "2021-05-01T09:00:00",
                "channel": "online",
                "fields": {},
            },
            {"receipt": "C", "received_at": 5, "channel": "online", "fields": {}},
            {
                "receipt": "D",
                "received_at": "2021-05-01T09:00:00+08:00",
                "channel": None,
                "fields": {},
            },
        )
    ),
]
DAMAGED_FIELDS = [
    {"amount_owed": "NaN"},
    {"amount_owed": "1e999999999"},
    {"amount_owed": 86000},
    {"workers_affected": "12"},
    {"workers_affected": True},
    {"employer": ["x"]},
    {"rural_low_income": "no"},
]


def test_damaged_queue_lines_are_reported_not_a_traceback(
    client: FlaskClient, runner: FlaskCliRunner, queue_path: Path, tmp_path: Path
) -> None:
    """Lines edited by hand or damaged on disk: one warning each, the rest still works."""
    assert client.post("/api/complaints", json=VALID).status_code == 201
    good = json.loads(queue_path.read_text("utf-8"))
    with queue_path.open("ab") as queue:
        queue.writelines(DAMAGED_LINES)
        for fields in DAMAGED_FIELDS:
            record = {**good, "fields": {**good["fields"], **fields}}
            queue.write((json.dumps(record) + "\n").encode())
        # A character XML forbids (intake refuses it; here the file was edited) must not
        # make the whole xlsx unreadable.
        record = {**good, "receipt": "EDITED", "fields": {**good["fields"], "name": "王\uffff"}}
        queue.write((json.dumps(record) + "\n").encode())
    ledger = queue_path.with_name("complaints.ledger.jsonl")
    ledger.write_text(
        f'{{"event": "assign", "receipt": "{good["receipt"]}"}}\n'
        f'{{"event": "close", "receipt": "{good["receipt"]}", "on": "soon"}}\n',
        "utf-8",
    )
    bad = len(DAMAGED_LINES) + len(DAMAGED_FIELDS) + 2
    for args in (
        ["list"],
        ["report", "--month", good["received_at"][:7]],
        ["ledger", "show"],
        ["export", str(tmp_path / "out.csv")],
        ["export", str(tmp_path / "out.xlsx")],
    ):
        result = runner.invoke(args=["complaints", *args])
        assert result.exit_code == 0, result.output
        assert result.exception is None
        assert result.output.count("warning: ") == bad, result.output
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet.max_row == 3 and sheet["D3"].value == "王\ufffd"


def test_assign_after_close_keeps_the_case_closed(
    runner: FlaskCliRunner, filed: list[str], queue_path: Path
) -> None:
    """The latest event of each kind wins: a later assign changes the unit, not the closing."""
    first = filed[0]
    close = [
        "complaints",
        "ledger",
        "close",
        first,
        "--note",
        "已足额支付",
        "--today",
        "2099-01-02",
    ]
    assert runner.invoke(args=close).exit_code == 0
    assign = [
        "complaints",
        "ledger",
        "assign",
        first,
        "--unit",
        "县人社局",
        "--deadline",
        "2099-02-01",
    ]
    assert runner.invoke(args=assign).exit_code == 0
    found, _ = read_complaints(queue_path)
    entries, problems = build_ledger(found, ledger_path(queue_path))
    [entry] = [e for e in entries if e.complaint.receipt == first]
    assert problems == []
    assert (entry.unit, entry.deadline, entry.closed_on, entry.note) == (
        "县人社局",
        date(2099, 2, 1),
        date(2099, 1, 2),
        "已足额支付",
    )
    assert entry.status(date(2099, 3, 1)) == "closed"


def test_closing_note_is_shown_and_exported(
    runner: FlaskCliRunner, filed: list[str], tmp_path: Path
) -> None:
    close = [
        "complaints",
        "ledger",
        "close",
        filed[1],
        "--note",
        "=已足额支付",
        "--today",
        "2099-01-02",
    ]
    assert runner.invoke(args=close).exit_code == 0
    show = runner.invoke(args=["complaints", "ledger", "show", "--today", "2099-01-02"]).output
    assert "\t已办结\t=已足额支付\n" in show
    assert show.count("\t待分派\t-\n") == 2
    assert runner.invoke(args=["complaints", "export", str(tmp_path / "out.csv")]).exit_code == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["办结说明"] for row in rows] == ["", "'=已足额支付", ""]


@pytest.mark.parametrize("deadline", ["", "tomorrow", "2021-02-30"], ids=["empty", "word", "day"])
def test_assign_refuses_a_deadline_that_is_not_a_date(
    runner: FlaskCliRunner, filed: list[str], queue_path: Path, deadline: str
) -> None:
    """An empty --deadline used to become today, silently."""
    args = [
        "complaints",
        "ledger",
        "assign",
        filed[0],
        "--unit",
        "县住建局",
        "--deadline",
        deadline,
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert f"Invalid value for '--deadline': expected YYYY-MM-DD, found {deadline!r}" in (
        result.output
    )
    assert not ledger_path(queue_path).exists()


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"phone": 13812345678}, "phone is int, not str"),
        ({"name": ["王小明"]}, "name is list, not str"),
        ({"amount_owed": "王小明"}, "amount_owed is not yuan like 3500.50"),
        ({"workers_affected": "13812345678"}, "workers_affected is str, not int"),
        ({"received_at": "13812345678"}, "received_at is not a time like"),
    ],
    ids=["phone", "name", "amount", "workers", "received_at"],
)
def test_damaged_line_warnings_name_the_field_not_its_value(
    client: FlaskClient,
    runner: FlaskCliRunner,
    queue_path: Path,
    fields: dict[str, object],
    warning: str,
) -> None:
    """The warning goes to a terminal or a mail: a damaged value may be a name or a phone."""
    assert client.post("/api/complaints", json=VALID).status_code == 201
    good = json.loads(queue_path.read_text("utf-8"))
    record = {**good, "fields": {**good["fields"], **fields}}
    if "received_at" in fields:
        record = {**good, "received_at": fields["received_at"]}
    with queue_path.open("ab") as queue:
        queue.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
    result = runner.invoke(args=["complaints", "ledger", "show"])
    assert result.exit_code == 0
    assert f"complaints.jsonl:2: {warning}" in result.stderr
    for personal in ("王小明", "13812345678"):
        assert personal not in result.stderr
