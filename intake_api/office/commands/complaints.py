"""``flask --app intake_api complaints ...``: the office works through the complaints.

Every command works on the casework database, after importing new lines of the queue file
(``sync``); the ledger's commands are in ``ledger``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from intake_api.office.access_log import record_access
from intake_api.office.case_query import FLAG_LABELS, CaseFilter, select_cases
from intake_api.office.casework import STATUS_LABELS, status_of
from intake_api.office.commands.ledger import ledger
from intake_api.office.commands.queue_move import queue_to_postgres_command
from intake_api.office.commands.report import report_command
from intake_api.office.commands.support import (
    ACTING,
    import_queue,
    legacy_summary,
    parse_channel,
    parse_flags,
    parse_month,
    parse_status,
    parse_unit,
    prepared_session,
    staff_actor,
)
from intake_api.office.export import csv_bytes, rows, xlsx_bytes
from intake_api.office.extension import current_office
from intake_api.office.models import QueueProblem
from intake_api.office.private_output import OutputError, write_private
from intake_api.public.content import channel_names
from intake_api.queue.receipts import display_receipt

complaints = AppGroup(
    "complaints",
    help="Work through the complaints: import the queue, list, export, ledger, report.\n\n"
    "\b\nExample:\n    flask --app intake_api complaints list --status 待分派 --as 李娜",
)
complaints.add_command(ledger)
complaints.add_command(report_command)
complaints.add_command(queue_to_postgres_command)


@complaints.command("sync")
@click.option(
    "--adopt-replaced-file",
    "adopt",
    is_flag=True,
    help="The queue file was replaced and an administrator checked it: read it again from "
    "its first line (complaints already imported are kept as they are).",
)
def sync_command(adopt: bool) -> None:
    """Import new complaints from the queue file into the casework database.

    Every byte imported before is checked again; a queue file that was replaced, shrunk or
    edited is refused (see "队列文件被改动" in docs/office.md). The old ledger file
    (complaints.ledger.jsonl) is imported once, the first time.

    \b
    Example:
        flask --app intake_api complaints sync
    """
    office = current_office()
    with office.session() as session:
        result, legacy = import_queue(session, verify_all=True, adopt=adopt)
        problems = session.execute(
            select(QueueProblem.line, QueueProblem.reason).order_by(QueueProblem.line)
        ).all()
    if adopt:
        click.echo(f"adopted {office.queue_name}: read again from its first line")
    click.echo(f"queue: {office.queue_name}")
    click.echo(f"imported: {result.imported}")
    click.echo(f"already there: {result.already_imported}")
    click.echo(f"unreadable lines: {len(problems)}")
    for line, reason in problems:
        click.echo(f"  line {line}: {reason}")
    click.echo(f"total lines: {result.lines}")
    for text in legacy_summary(legacy) if legacy else ():
        click.echo(text)


@complaints.command("list")
@click.option(
    "--status",
    help="待分派/received, 办理中/assigned, 已逾期/overdue, 已办结/closed, "
    "重复投诉/duplicate, 无效投诉/invalid, or open (待分派 and 办理中).",
)
@click.option("--unit", help="Assigned to this unit (its id or name in units.yaml).")
@click.option("--channel", help="online, or session:SESSION_ID.")
@click.option("--month", help="Received in this month (YYYY-MM).")
@click.option("--flag", "flags", multiple=True, help="A flag, e.g. major or 重大案件 (repeatable).")
@click.option("--search", default="", help="A receipt, phone, ID number, name or employer.")
@ACTING
def list_command(
    status: str | None,
    unit: str | None,
    channel: str | None,
    month: str | None,
    flags: tuple[str, ...],
    search: str,
    acting_as: str,
) -> None:
    """List complaints in priority order (rural low-income and major cases first).

    Columns: receipt, received, channel, name, employer, workers, amount, unit, deadline,
    status, flags. Tab-separated, with a header row.

    \b
    Example:
        flask --app intake_api complaints list --status 已逾期 --flag major --as 李娜
    """
    office = current_office()
    wanted = CaseFilter(
        status=parse_status(status),
        channel=parse_channel(channel) if channel else None,
        month=parse_month(month) if month else None,
        flags=parse_flags(flags),
        search=search,
    )
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        if unit:
            wanted = replace(wanted, unit_id=parse_unit(unit, session))
        rules = office.rules()
        cases = list(session.execute(select_cases(wanted, actor, rules)).scalars())
        names, units = channel_names(office.site), office.unit_names()
        click.echo(
            "受理编号\t受理时间\t受理渠道\t姓名\t欠薪单位或老板\t人数\t金额（元）\t"
            "责任单位\t办理期限\t状态\t标记"
        )
        for case in cases:
            cells = [
                display_receipt(case.receipt),
                case.received_at[:16].replace("T", " "),
                names.get(case.channel, case.channel),
                case.name,
                case.employer,
                str(case.workers_affected),
                f"{case.amount_owed:,.2f}",
                units.get(case.unit_id, case.unit_id) if case.unit_id else "-",
                case.deadline.isoformat() if case.deadline else "-",
                STATUS_LABELS[status_of(case, rules.today)],
                "、".join(FLAG_LABELS[flag] for flag in rules.flags_of(case)) or "-",
            ]
            click.echo("\t".join(cells))
        record_access(session, actor.name, "list", [c.receipt for c in cases], office.now())
        session.commit()
    click.echo(f"{len(cases)} complaints", err=True)


@complaints.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", help="Only complaints received in this month (YYYY-MM).")
@click.option("--unit", help="Only the complaints assigned to this unit (id or name).")
@click.option(
    "--full", is_flag=True, help="Full ID numbers (masked otherwise); recorded as export-full."
)
@ACTING
def export_command(
    output: Path, month: str | None, unit: str | None, full: bool, acting_as: str
) -> None:
    """Write the complaints with their handling to OUTPUT (.xlsx or .csv, mode 0600).

    Current (amended) values, with the original value of each amended field; status, unit,
    person, deadline, 包案领导, closing date and result, wages recovered, flags. ID numbers
    are masked (5301**********1234) unless --full. Text that a spreadsheet would run as a
    formula stays text. Every export is in the access log.

    \b
    Example:
        flask --app intake_api complaints export 住建局-2021-05.xlsx --month 2021-05 \\
            --unit zjj --as 李娜
    """
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise click.BadParameter("OUTPUT must end in .csv or .xlsx", param_hint="OUTPUT")
    office = current_office()
    wanted = CaseFilter(month=parse_month(month) if month else None)
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        if unit:
            wanted = replace(wanted, unit_id=parse_unit(unit, session))
        rules = office.rules()
        query = select_cases(wanted, actor, rules).order_by(None)
        cases = list(session.execute(query.order_by("received_at", "receipt")).scalars())
        table = rows(
            cases,
            rules,
            channel_names(office.site),
            office.unit_names(),
            office.timezone,
            full=full,
        )
        try:
            write_private(output, xlsx_bytes(table) if suffix == ".xlsx" else csv_bytes(table))
        except OutputError as error:
            raise click.ClickException(str(error)) from None
        detail = f"{output.name}; month={month or 'all'}; unit={wanted.unit_id or 'all'}"
        action = "export-full" if full else "export"
        record_access(session, actor.name, action, [c.receipt for c in cases], office.now(), detail)
        session.commit()
    masked = "full ID numbers" if full else "ID numbers masked"
    click.echo(f"{len(cases)} complaints written to {output} ({masked})")
