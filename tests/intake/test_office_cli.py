"""The office commands, run through Flask's CLI runner on a real queue."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from intake_support import REPO, VALID
from openpyxl import load_workbook

from intake_api.office_cli import complaints

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
    typo = runner.invoke(args=["complaints", "ledger", "close", filed[0][:-1] + "Z"])
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
    assert sheet["G2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["K2"].value == 86000.0
