"""``flask --app intake_api complaints ledger ...``: the 台账 and a case's history; the
actions on a case (``ledger_actions``) are commands of this group too.
"""

from __future__ import annotations

from dataclasses import replace

import click
from flask.cli import AppGroup

from intake_api.office.access_log import record_access
from intake_api.office.case_query import CaseFilter, select_cases
from intake_api.office.casework import (
    STATUS_LABELS,
    CaseworkError,
    status_of,
)
from intake_api.office.commands import ledger_actions
from intake_api.office.commands.support import (
    ACTING,
    parse_receipt,
    parse_status,
    parse_unit,
    prepared_session,
    staff_actor,
)
from intake_api.office.event_text import describe_event
from intake_api.office.extension import current_office
from intake_api.queue.receipts import display_receipt

ledger = AppGroup(
    "ledger",
    help="The 台账: each case's unit, person, deadline, 包案领导 and status, and the actions "
    "on a case.\n\n\b\nExample:\n    flask --app intake_api complaints ledger show --as 李娜",
)


@ledger.command("show")
@click.option("--status", help="A status, in Chinese or English (see complaints list).")
@click.option("--unit", help="Only this unit's cases (its id or name).")
@ACTING
def ledger_show(status: str | None, unit: str | None, acting_as: str) -> None:
    """Show the 台账 in priority order, with a header row.

    Columns: receipt, received, name, employer, unit, person, deadline, 包案领导, status,
    closing date, result.

    \b
    Example:
        flask --app intake_api complaints ledger show --status 办理中 --unit zjj --as 李娜
    """
    office = current_office()
    wanted = CaseFilter(status=parse_status(status))
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        if unit:
            wanted = replace(wanted, unit_id=parse_unit(unit, session))
        rules, units = office.rules(), office.unit_names()
        cases = list(session.execute(select_cases(wanted, actor, rules)).scalars())
        click.echo(
            "受理编号\t受理日期\t姓名\t欠薪单位或老板\t责任单位\t责任人\t办理期限\t包案领导\t"
            "状态\t办结日期\t办结结果"
        )
        for case in cases:
            cells = [
                display_receipt(case.receipt),
                case.received_on.isoformat(),
                case.name,
                case.employer,
                units.get(case.unit_id, case.unit_id) if case.unit_id else "-",
                case.person or "-",
                case.deadline.isoformat() if case.deadline else "-",
                case.leader or "-",
                STATUS_LABELS[status_of(case, rules.today)],
                case.closed_on.isoformat() if case.closed_on else "-",
                case.result or "-",
            ]
            click.echo("\t".join(cells))
        record_access(session, actor.name, "list", [c.receipt for c in cases], office.now())
        session.commit()


@ledger.command("history")
@click.argument("receipt")
@ACTING
def ledger_history(receipt: str, acting_as: str) -> None:
    """Show a case's events: who did what, when.

    \b
    Example:
        flask --app intake_api complaints ledger history 2611-3084-5528 --as 李娜
    """
    office = current_office()
    canonical = parse_receipt(receipt)
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        work = office.casework(session)
        try:
            case = work.case(canonical, actor)
        except CaseworkError as error:
            raise click.ClickException(f"{display_receipt(canonical)}: {error}") from None
        status = STATUS_LABELS[status_of(case, office.today())]
        click.echo(f"{display_receipt(case.receipt)}\t{case.name}\t{case.employer}\t{status}")
        click.echo(f"v1\t{case.received_at[:16].replace('T', ' ')}\t-\t受理")
        units = office.unit_names()
        for event in work.events(case.receipt):
            at = event.at[:16].replace("T", " ")
            click.echo(f"v{event.version}\t{at}\t{event.actor}\t{describe_event(event, units)}")
        record_access(session, actor.name, "view", [case.receipt], office.now(), "history")
        session.commit()


for command in ledger_actions.COMMANDS:
    ledger.add_command(command)
