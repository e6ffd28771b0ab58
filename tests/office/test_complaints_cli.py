"""The ``complaints`` commands on the casework database: help, sync, list, the ledger's actions."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from complaints_support import ADMIN, CLERK, INACTIVE, UNIT_ACCOUNT, access_records, add_staff, run
from flask import Flask
from flask.testing import FlaskCliRunner
from intake_support import REPO

from intake_api.office.casework import Actor
from intake_api.office.commands.complaints import complaints
from intake_api.office.models import Case
from intake_api.queue.receipts import display_receipt, normalize_receipt

COMMANDS = [
    ("complaints",),
    ("complaints", "sync"),
    ("complaints", "list"),
    ("complaints", "export"),
    ("complaints", "report"),
    ("complaints", "queue-to-postgres"),
    ("complaints", "ledger"),
    ("complaints", "ledger", "show"),
    ("complaints", "ledger", "assign"),
    ("complaints", "ledger", "leader"),
    ("complaints", "ledger", "close"),
    ("complaints", "ledger", "reopen"),
    ("complaints", "ledger", "note"),
    ("complaints", "ledger", "duplicate"),
    ("complaints", "ledger", "invalid"),
    ("complaints", "ledger", "amend"),
    ("complaints", "ledger", "history"),
]
DOCS = (REPO / "docs" / "intake.md").read_text("utf-8") + (REPO / "docs" / "office.md").read_text(
    "utf-8"
)
README = (REPO / "README.md").read_text("utf-8")
RECEIPT_LIKE = re.compile(r"\b\d{4} \d{4} \d{4}\b|\b[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\b")
UNITS = (
    "rsj (县人社局), zjj (县住建局), jyj (县交运局), swj (县水务局), fgj (县发改局), "
    "czj (县财政局), gaj (县公安局), zgh (县总工会), gzj (县国资局)"
)


@pytest.fixture
def staffed(app: Flask) -> Flask:
    add_staff(app)
    return app


def _help(path: tuple[str, ...]) -> str:
    """``--help`` of a command (help needs no app, so no database either)."""
    result = CliRunner().invoke(complaints, [*path[1:], "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_with_an_example_and_is_documented(path: tuple[str, ...]) -> None:
    help_text = _help(path).split("Options:")[0].rstrip()
    example = help_text.split("Example:")[-1]
    assert "Example:" in help_text and "flask --app intake_api" in example
    assert " ".join(path) in DOCS


def test_every_command_is_listed_here_and_in_the_readme_table() -> None:
    def walk(group: click.Group, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [prefix]
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += walk(command, (*prefix, name))
            else:
                found.append((*prefix, name))
        return found

    assert sorted(walk(complaints, ("complaints",))) == sorted(COMMANDS)
    rows = re.findall(r"^\| `flask --app intake_api (complaints(?: ledger)?) (\S+)`", README, re.M)
    listed = {(*group.split(), name) for group, names in rows for name in names.split("\\|")}
    assert listed == {path for path in COMMANDS if path[-1] not in ("complaints", "ledger")}


def test_every_receipt_in_the_help_and_the_docs_is_a_valid_receipt() -> None:
    texts = [DOCS, README, *(_help(path) for path in COMMANDS)]
    examples = {found for text in texts for found in RECEIPT_LIKE.findall(text)}
    assert examples, "the docs show no receipt"
    assert {e for e in examples if normalize_receipt(e) is None} == set()


def test_sync_reports_what_it_imported(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    file_complaint()
    with queue_path.open("a", encoding="utf-8") as queue:
        queue.write("not json\n")
    file_complaint(employer="乙公司")
    assert run(runner, "complaints", "sync").output == (
        f"queue: {queue_path}\nimported: 2\nalready there: 0\nunreadable lines: 1\n"
        "  line 2: not JSON\ntotal lines: 3\n"
    )
    file_complaint(employer="丙公司")
    assert run(runner, "complaints", "sync").output == (
        f"queue: {queue_path}\nimported: 1\nalready there: 0\nunreadable lines: 1\n"
        "  line 2: not JSON\ntotal lines: 4\n"
    )


def test_a_replaced_queue_file_stops_every_command_until_it_is_adopted(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    first = file_complaint()
    run(runner, "complaints", "sync")
    # An editor's save: a copy with the first line changed, renamed over the queue.
    copy = queue_path.with_name("copy.jsonl")
    line = json.loads(queue_path.read_text("utf-8"))
    line["fields"]["employer"] = "改过的公司"
    copy.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    os.replace(copy, queue_path)
    refusal = (
        f"Error: the queue file was changed: {queue_path} was replaced by another file (an "
        "editor's save, a copy?). Nothing new was imported, and every complaint imported before "
        'is safe in the database. See "队列文件被改动" in docs/office.md to recover (then: '
        "complaints sync --adopt-replaced-file).\n"
    )
    for args in (
        ["sync"],
        ["list", "--as", CLERK],
        ["ledger", "show", "--as", CLERK],
        ["ledger", "note", first, "记录", "--as", CLERK],
        ["report", "--month", "2021-05", "--as", CLERK],
        ["export", str(queue_path.with_name("out.csv")), "--as", CLERK],
    ):
        assert run(runner, "complaints", *args, ok=False).output == refusal
    assert not queue_path.with_name("out.csv").exists()
    adopted = run(runner, "complaints", "sync", "--adopt-replaced-file").output
    assert adopted == (
        f"adopted {queue_path}: read again from its first line\nqueue: {queue_path}\n"
        "imported: 0\nalready there: 0\nunreadable lines: 1\n"
        "  line 1: receipt already imported with other content\ntotal lines: 1\n"
    )
    with staffed.extensions["office"].session() as db:
        assert db.get(Case, first).employer == "宜良某建筑劳务有限公司"  # kept as imported
    assert "王小明" in run(runner, "complaints", "list", "--as", CLERK).output


def test_a_missing_queue_file_is_an_error_and_is_not_created(
    staffed: Flask, runner: FlaskCliRunner, queue_path: Path
) -> None:
    missing = f"Error: no queue file at {queue_path}: check INTAKE_QUEUE\n"
    assert run(runner, "complaints", "sync", ok=False).output == missing
    assert run(runner, "complaints", "list", "--as", CLERK, ok=False).output == missing
    assert not queue_path.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "王五",
            "Error: no staff account named '王五': --as takes the name of an admin or clerk "
            "account (flask --app intake_api office create-user)\n",
        ),
        (
            UNIT_ACCOUNT,
            f"Error: the account '{UNIT_ACCOUNT}' is a unit's account: these commands are for "
            "admin and clerk accounts\n",
        ),
        (INACTIVE, f"Error: the account '{INACTIVE}' is deactivated\n"),
    ],
    ids=["unknown", "unit", "inactive"],
)
def test_only_an_active_admin_or_clerk_may_act(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    name: str,
    message: str,
) -> None:
    receipt = file_complaint()
    for args in (
        ["list"],
        ["ledger", "show"],
        ["ledger", "assign", receipt, "--unit", "zjj", "--deadline", "2021-05-20"],
        ["ledger", "history", receipt],
        ["export", "out.csv"],
        ["report", "--month", "2021-05"],
    ):
        assert run(runner, "complaints", *args, "--as", name, ok=False).output == message
    with staffed.extensions["office"].session() as db:
        assert db.get(Case, receipt).version == 1
    assert access_records(staffed) == []


def test_the_actor_is_required(runner: FlaskCliRunner) -> None:
    output = run(runner, "complaints", "list", ok=False).output
    assert "Error: Missing option '--as'." in output


def _listed(runner: FlaskCliRunner, *options: str) -> list[list[str]]:
    lines = run(runner, "complaints", "list", *options, "--as", CLERK).stdout.splitlines()
    assert lines[0] == (
        "受理编号\t受理时间\t受理渠道\t姓名\t欠薪单位或老板\t人数\t金额（元）\t责任单位\t"
        "办理期限\t状态\t标记"
    )
    return [line.split("\t") for line in lines[1:]]


def test_list_shows_who_and_filters_by_status_in_either_language(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], clock
) -> None:
    plain = file_complaint(rural_low_income=False, employer="甲公司", name="李四")
    rural = file_complaint(employer="乙公司", phone="13912345678")
    clock.set("2021-05-11T10:00")
    major = file_complaint(rural_low_income=False, employer="丙公司", workers_affected=40)
    run(
        runner,
        "complaints",
        "ledger",
        "assign",
        plain,
        "--unit",
        "县住建局",
        "--deadline",
        "2021-05-12",
        "--as",
        CLERK,
    )
    clock.set("2021-05-20")
    rows = _listed(runner)
    assert [row[0] for row in rows] == [display_receipt(r) for r in (rural, major, plain)]
    assert rows[2] == [
        display_receipt(plain),
        "2021-05-10 09:00",
        "网上提交",
        "李四",
        "甲公司",
        "12",
        "86,000.00",
        "县住建局",
        "2021-05-12",
        "已逾期",
        "已逾期",
    ]
    assert rows[0][-1] == "农村低收入人员、久未分派"
    assert rows[1][-1] == "重大案件、久未分派"
    for word in ("已逾期", "overdue", "OVERDUE"):
        assert [row[0] for row in _listed(runner, "--status", word)] == [display_receipt(plain)]
    assert len(_listed(runner, "--status", "待分派")) == 2
    assert len(_listed(runner, "--status", "open")) == 3
    assert _listed(runner, "--status", "closed") == []
    assert [row[0] for row in _listed(runner, "--flag", "重大案件")] == [display_receipt(major)]
    assert [
        row[0] for row in _listed(runner, "--flag", "major", "--flag", "rural_low_income")
    ] == []
    assert [row[0] for row in _listed(runner, "--unit", "zjj")] == [display_receipt(plain)]
    assert [row[0] for row in _listed(runner, "--search", "13912345678")] == [
        display_receipt(rural)
    ]
    assert [row[0] for row in _listed(runner, "--search", "丙公")] == [display_receipt(major)]
    assert len(_listed(runner, "--channel", "online", "--month", "2021-05")) == 3
    assert _listed(runner, "--month", "2021-04") == []
    logged = access_records(staffed)[-1]
    assert logged[:2] == (CLERK, "list")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--status", "late"],
            "Invalid value for '--status': unknown status 'late'; use one of: open, received, "
            "assigned, overdue, closed, duplicate, invalid, 待分派, 办理中, 已逾期, 已办结, "
            "重复投诉, 无效投诉, 未办结",
        ),
        (
            ["--flag", "big"],
            "Invalid value for '--flag': unknown flag 'big'; use one of: major, rural_low_income, "
            "reported_elsewhere, overdue, unassigned_long, possible_duplicate, 重大案件, "
            "农村低收入人员, 已向其他平台反映, 已逾期, 久未分派, 疑似重复",
        ),
        (["--month", "2021-5"], "Invalid value for '--month': expected YYYY-MM, found '2021-5'"),
        (
            ["--channel", "phone"],
            "Invalid value for '--channel': unknown channel 'phone': use online or "
            "session:SESSION_ID (a session's id in content/schedule.yaml)",
        ),
        (
            ["--unit", "住建"],
            f"Invalid value for '--unit': no unit '住建' in units.yaml; known units: {UNITS}",
        ),
    ],
    ids=["status", "flag", "month", "channel", "unit"],
)
def test_list_refuses_a_filter_it_does_not_know(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    options: list[str],
    message: str,
) -> None:
    file_complaint()
    output = run(runner, "complaints", "list", *options, "--as", CLERK, ok=False).output
    assert output.strip().splitlines()[-1] == f"Error: {message}"


def test_the_ledger_actions_go_through_the_casework_with_the_actor(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], clock
) -> None:
    receipt = file_complaint()
    other = file_complaint(employer="乙公司")
    typed = display_receipt(receipt).replace(" ", "-")  # "2611-3084-5528"
    shown = display_receipt(receipt)

    def ledger(*args: str, ok: bool = True) -> str:
        return run(runner, "complaints", "ledger", *args, "--as", CLERK, ok=ok).output

    assert ledger("amend", typed, "amount_owed", "80000", "--reason", "与工人核实") == (
        f"{shown}: 被欠工资总额（元） corrected to 80000\n"
    )
    assigned = ledger(
        "assign", typed, "--unit", "县住建局", "--deadline", "2021-05-25", "--person", "张三"
    )
    assert assigned == f"{shown}: assigned to 县住建局 (张三), deadline 2021-05-25\n"
    assert ledger("leader", receipt, "王副县长") == f"{shown}: 包案领导 王副县长\n"
    assert ledger("note", receipt, "已约谈老板") == f"{shown}: note recorded\n"
    clock.set("2021-05-18T15:00")
    assert ledger("close", receipt, "--result", "已足额支付", "--recovered", "80000") == (
        f"{shown}: closed on 2021-05-18, 80,000.00 yuan recovered\n"
    )
    assert ledger("close", receipt, "--result", "再次", ok=False) == (
        f"Error: {shown}: 这件投诉已于 2021-05-18 办结，不能重复办结。\n"
    )
    assert ledger("reopen", receipt, "--reason", "工资未到账") == f"{shown}: reopened, now 办理中\n"
    assert ledger("duplicate", other, "--of", shown) == (
        f"{display_receipt(other)}: marked as a duplicate of {shown}\n"
    )
    assert ledger("invalid", other, "--kind", "spam", "--reason", "x", ok=False) == (
        f"Error: {display_receipt(other)}: “重复投诉”的投诉不能标记为无效投诉；如需继续办理，"
        "请先“重新办理”。\n"
    )
    history = ledger("history", receipt).splitlines()
    assert history == [
        f"{shown}\t王小明\t宜良某建筑劳务有限公司\t办理中",
        "v1\t2021-05-10 09:00\t-\t受理",
        f"v2\t2021-05-10 09:00\t{CLERK}\t更正被欠工资总额（元）："
        "由“86,000.00 元”改为“80,000.00 元”。"
        "原因：与工人核实",
        f"v3\t2021-05-10 09:00\t{CLERK}\t分派给县住建局（责任人：张三），办理期限 2021-05-25。",
        f"v4\t2021-05-10 09:00\t{CLERK}\t指定包案领导：王副县长。",
        f"v5\t2021-05-10 09:00\t{CLERK}\t记录办理情况：已约谈老板",
        f"v6\t2021-05-18 15:00\t{CLERK}\t办结，追回工资 80,000.00 元。结果：已足额支付",
        f"v7\t2021-05-18 15:00\t{CLERK}\t重新办理（原为“已办结”）。原因：工资未到账",
    ]
    assert ("李娜", "view", receipt, "history") in access_records(staffed)
    run(runner, "complaints", "ledger", "note", receipt, "单位账号", "--as", ADMIN)


REFUSALS = {
    "past-deadline": (
        ["assign", "{receipt}", "--unit", "zjj", "--deadline", "2021-05-01"],
        "{shown}: 办理期限不能早于今天（2021-05-10）。",
    ),
    "bad-day": (
        ["assign", "{receipt}", "--unit", "zjj", "--deadline", "2021-02-30"],
        "Invalid value for '--deadline': expected YYYY-MM-DD, found '2021-02-30'",
    ),
    "unknown-unit": (
        ["assign", "{receipt}", "--unit", "县城管局", "--deadline", "2021-05-20"],
        f"Invalid value for '--unit': no unit '县城管局' in units.yaml; known units: {UNITS}",
    ),
    "close-unassigned": (
        ["close", "{receipt}", "--result", "已支付"],
        "{shown}: 这件投诉还没有分派责任单位，不能办结；请先分派。",
    ),
    "typo": (
        ["close", "{typo}", "--result", "x"],
        "Invalid value for RECEIPT: '{typo}' is not a receipt number (check each symbol)",
    ),
    "unknown": (
        ["close", "M4XB-7Q2K-D9HB", "--result", "x"],
        "M4XB-7Q2K-D9HB: 没有这个编号的投诉。",
    ),
    "reopen-open": (
        ["reopen", "{receipt}", "--reason", "x"],
        "{shown}: 这件投诉现在是“待分派”，不需要重新办理。",
    ),
    "duplicate-itself": (
        ["duplicate", "{receipt}", "--of", "{receipt}"],
        "{shown}: 请填写另一件投诉的受理编号。",
    ),
    "unknown-field": (
        ["amend", "{receipt}", "salary", "1", "--reason", "x"],
        "Invalid value for FIELD: 'salary' cannot be corrected; fields: name, phone, "
        "id_number, employer, project, work_location, workers_affected, amount_owed, "
        "owed_since, description, reported_elsewhere, rural_low_income",
    ),
    "bad-phone": (
        ["amend", "{receipt}", "手机号码", "12345", "--reason", "x"],
        "{shown}: 请填写 11 位中国大陆手机号码，例如 13812345678。",
    ),
    "same-value": (
        ["amend", "{receipt}", "name", "王小明", "--reason", "x"],
        "{shown}: 新值与现在的值相同，没有更正。",
    ),
    "empty-note": (["note", "{receipt}", " "], "{shown}: 请填写办理情况。"),
}


@pytest.mark.parametrize(("args", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_action_says_why_and_changes_nothing(
    staffed: Flask,
    runner: FlaskCliRunner,
    file_complaint: Callable[..., str],
    args: list[str],
    message: str,
) -> None:
    receipt = file_complaint()
    run(runner, "complaints", "sync")
    wrong = str((int(receipt[-1]) + 1) % 10)
    values = {"receipt": receipt, "shown": display_receipt(receipt), "typo": receipt[:-1] + wrong}
    filled = [arg.format(**values) for arg in args]
    output = run(runner, "complaints", "ledger", *filled, "--as", CLERK, ok=False).output
    assert output.strip().splitlines()[-1] == f"Error: {message.format(**values)}"
    with staffed.extensions["office"].session() as db:
        assert db.get(Case, receipt).version == 1


def test_ledger_show_names_the_worker_and_the_employer(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str]
) -> None:
    receipt = file_complaint(name="李四", employer="=甲公司")
    run(
        runner,
        "complaints",
        "ledger",
        "assign",
        receipt,
        "--unit",
        "zjj",
        "--deadline",
        "2021-05-25",
        "--leader",
        "王副县长",
        "--as",
        CLERK,
    )
    lines = run(runner, "complaints", "ledger", "show", "--as", CLERK).stdout.splitlines()
    assert lines == [
        "受理编号\t受理日期\t姓名\t欠薪单位或老板\t责任单位\t责任人\t办理期限\t包案领导\t状态\t"
        "办结日期\t办结结果",
        f"{display_receipt(receipt)}\t2021-05-10\t李四\t=甲公司\t县住建局\t-\t2021-05-25\t"
        "王副县长\t办理中\t-\t-",
    ]
    assert run(runner, "complaints", "ledger", "show", "--status", "已办结", "--as", CLERK).stdout
    assert access_records(staffed)[-1][:3] == (CLERK, "list", "")


def test_the_old_ledger_file_is_imported_once_as_case_events(
    staffed: Flask, runner: FlaskCliRunner, file_complaint: Callable[..., str], queue_path: Path
) -> None:
    settled = file_complaint(employer="甲公司")
    unknown_unit = file_complaint(employer="乙公司", phone="13900000001")
    changed = file_complaint(employer="丙公司", phone="13900000002")
    office = staffed.extensions["office"]
    with office.session() as db:  # worked on in the console before the first command
        office.sync(db)
        office.casework(db).note(changed, 1, Actor(ADMIN, "admin"), "已电话联系")
    at = '"at": "2021-05-10T09:{:02d}:00+08:00"'
    lines = [
        f'{{"event": "assign", "receipt": "{settled}", "unit": "县住建局", "person": "张三", '
        f'"deadline": "2021-05-20", {at.format(10)}}}',
        f'{{"event": "close", "receipt": "{settled}", "on": "2021-05-12", "note": "已足额支付", '
        f"{at.format(11)}}}",
        f'{{"event": "assign", "receipt": "{settled.lower()}", '
        '"unit": "宜良县人力资源和社会保障局", "person": null, "deadline": "2021-06-01", '
        f"{at.format(12)}}}",
        f'{{"event": "close", "receipt": "{settled}", "on": "2021-05-13", "note": null, '
        f"{at.format(13)}}}",
        f'{{"event": "assign", "receipt": "{unknown_unit}", "unit": "县城管局", '
        f'"deadline": "2021-05-30", {at.format(14)}}}',
        '{"event": "assign", "receipt": "M4XB-7Q2K-D9HB", "unit": "zjj", "deadline": '
        f'"2021-05-30", {at.format(15)}}}',
        "not json",
        f'{{"event": "close", "receipt": "{unknown_unit}", "on": "soon", {at.format(16)}}}',
        f'{{"event": "assign", "receipt": "{changed}", "unit": "zjj", "deadline": "2021-05-30", '
        f"{at.format(17)}}}",
    ]
    ledger_file = queue_path.with_name("complaints.ledger.jsonl")
    ledger_file.write_text("\n".join(lines) + "\n", "utf-8")
    output = run(runner, "complaints", "sync").output
    assert output.splitlines()[-6:] == [
        f"old ledger {ledger_file}: 5 events imported (once; file kept)",
        "  not imported: line 7: not JSON",
        "  not imported: line 8: on is not a date like 2021-05-20",
        "  not imported: line 6: no complaint M4XB-7Q2K-D9HB",
        f"  not imported: line 9: {display_receipt(changed)} was already changed in the "
        "database; its old ledger lines were not applied",
        "  warning: line 5: unit '县城管局' is not in units.yaml; kept as its id",
    ]
    with office.session() as db:
        case = db.get(Case, settled)
        assert (case.status, case.unit_id, case.person, str(case.deadline)) == (
            "closed",
            "rsj",
            None,
            "2021-06-01",
        )
        assert (str(case.closed_on), case.result, case.version) == ("2021-05-13", "已足额支付", 5)
        events = office.casework(db).events(settled)
        assert [(e.version, e.kind, e.actor, e.at) for e in events] == [
            (n, kind, "台账文件（旧）", f"2021-05-10T09:{8 + n:02d}:00+08:00")
            for n, kind in ((2, "assign"), (3, "close"), (4, "assign"), (5, "close"))
        ]
        assert json.loads(events[0].details) == {
            "deadline": "2021-05-20",
            "legacy_line": 1,
            "person": "张三",
            "unit_id": "zjj",
            "unit_text": "县住建局",
        }
        assert db.get(Case, unknown_unit).unit_id == "县城管局"
        assert db.get(Case, changed).version == 2
    again = run(runner, "complaints", "sync").output
    assert "old ledger" not in again
    rows = _listed(runner, "--unit", "县城管局")
    assert [row[0] for row in rows] == [display_receipt(unknown_unit)]
    assert ledger_file.read_text("utf-8") == "\n".join(lines) + "\n"
