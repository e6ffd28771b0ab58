"""The actions on a case from the command line: each goes through ``Casework`` as the staff
account given with ``--as``, so it is an event in the case's history; a refused action prints
the reason and changes nothing. ``ledger`` puts them in its group.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import with_appcontext

from intake_api.office.amendments import AMENDABLE
from intake_api.office.casework import (
    INVALID_KINDS,
    STATUS_LABELS,
    Actor,
    Casework,
    CaseworkError,
)
from intake_api.office.commands.support import (
    ACTING,
    parse_day,
    parse_receipt,
    parse_unit,
    prepared_session,
    staff_actor,
)
from intake_api.office.extension import current_office
from intake_api.office.models import Case
from intake_api.public.validation import LABELS
from intake_api.queue.receipts import display_receipt

FIELD_WORDS = {**{f: f for f in AMENDABLE}, **{LABELS[f]: f for f in AMENDABLE}}
Action = Callable[[Casework, str, int, Actor], Case]


def _act(receipt_text: str, acting_as: str, action: Action, done: Callable[[Case], str]) -> None:
    """Run one case action as the staff account; its refusal is the command's error."""
    office = current_office()
    receipt = parse_receipt(receipt_text)
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        work = office.casework(session)
        try:
            case = action(work, receipt, work.case(receipt, actor).version, actor)
        except CaseworkError as error:
            raise click.ClickException(f"{display_receipt(receipt)}: {error}") from None
        click.echo(f"{display_receipt(receipt)}: {done(case)}")


def _unit_name(unit_id: str | None) -> str:
    names = current_office().unit_names()
    return names.get(unit_id, unit_id) if unit_id else "-"


@click.command("assign")
@with_appcontext
@click.argument("receipt")
@click.option("--unit", required=True, help="The responsible unit's id (or name) in units.yaml.")
@click.option("--deadline", required=True, help="Finish by this day (YYYY-MM-DD).")
@click.option("--person", help="The responsible person in that unit.")
@click.option("--leader", help="包案领导: required for a major case.")
@ACTING
def ledger_assign(
    receipt: str,
    unit: str,
    deadline: str,
    person: str | None,
    leader: str | None,
    acting_as: str,
) -> None:
    """Give a case its responsible unit, deadline (and person, 包案领导).

    \b
    Example:
        flask --app intake_api complaints ledger assign 2611-3084-5528 --unit zjj \\
            --deadline 2021-05-25 --person 张三 --as 李娜
    """
    due, unit_id = parse_day(deadline, "--deadline"), parse_unit(unit)
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.assign(
            r, version, actor, unit_id=unit_id, deadline=due, person=person, leader=leader
        ),
        lambda case: (
            f"assigned to {_unit_name(case.unit_id)}"
            + (f" ({case.person})" if case.person else "")
            + f", deadline {case.deadline}"
            + (f", 包案领导 {case.leader}" if case.leader else "")
        ),
    )


@click.command("leader")
@with_appcontext
@click.argument("receipt")
@click.argument("name")
@ACTING
def ledger_leader(receipt: str, name: str, acting_as: str) -> None:
    """Name the leading official in charge of a case (领导包案).

    \b
    Example:
        flask --app intake_api complaints ledger leader 2611-3084-5528 王副县长 --as 李娜
    """
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.set_leader(r, version, actor, name),
        lambda case: f"包案领导 {case.leader}",
    )


@click.command("close")
@with_appcontext
@click.argument("receipt")
@click.option("--result", required=True, help="How the case was settled (办结结果).")
@click.option("--recovered", help="Wages recovered, in yuan (e.g. 12000 or 3500.50).")
@ACTING
def ledger_close(receipt: str, result: str, recovered: str | None, acting_as: str) -> None:
    """Close a case (销号) with its result and the wages recovered.

    \b
    Example:
        flask --app intake_api complaints ledger close 2611-3084-5528 --result 已足额支付 \\
            --recovered 86000 --as 李娜
    """
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.close(
            r, version, actor, result=result, amount_recovered=recovered
        ),
        lambda case: (
            f"closed on {case.closed_on}"
            + (f", {case.amount_recovered:,.2f} yuan recovered" if case.amount_recovered else "")
        ),
    )


@click.command("reopen")
@with_appcontext
@click.argument("receipt")
@click.option("--reason", required=True, help="Why the case is taken up again.")
@ACTING
def ledger_reopen(receipt: str, reason: str, acting_as: str) -> None:
    """Take a closed, duplicate or invalid case up again.

    \b
    Example:
        flask --app intake_api complaints ledger reopen 2611-3084-5528 --reason 工资未到账 \\
            --as 李娜
    """
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.reopen(r, version, actor, reason),
        lambda case: f"reopened, now {STATUS_LABELS[case.status]}",
    )


@click.command("note")
@with_appcontext
@click.argument("receipt")
@click.argument("text")
@ACTING
def ledger_note(receipt: str, text: str, acting_as: str) -> None:
    """Record progress on a case (办理情况).

    \b
    Example:
        flask --app intake_api complaints ledger note 2611-3084-5528 已约谈项目负责人 --as 李娜
    """
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.note(r, version, actor, text),
        lambda case: "note recorded",
    )


@click.command("duplicate")
@with_appcontext
@click.argument("receipt")
@click.option("--of", "other", required=True, help="The receipt of the case it repeats.")
@ACTING
def ledger_duplicate(receipt: str, other: str, acting_as: str) -> None:
    """Mark a case as a duplicate of another one, which is handled instead.

    \b
    Example:
        flask --app intake_api complaints ledger duplicate 2611-3084-5528 \\
            --of 4083-1127-6696 --as 李娜
    """
    of = parse_receipt(other, "'--of'")
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.mark_duplicate(r, version, actor, of),
        lambda case: f"marked as a duplicate of {display_receipt(of)}",
    )


@click.command("invalid")
@with_appcontext
@click.argument("receipt")
@click.option("--kind", type=click.Choice(list(INVALID_KINDS)), required=True)
@click.option("--reason", required=True, help="Why it is not a complaint.")
@ACTING
def ledger_invalid(receipt: str, kind: str, reason: str, acting_as: str) -> None:
    """Mark an entry as invalid (spam, a test, other): kept, but counted apart.

    \b
    Example:
        flask --app intake_api complaints ledger invalid 2611-3084-5528 --kind test \\
            --reason 培训时的测试数据 --as 李娜
    """
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.mark_invalid(r, version, actor, kind, reason),
        lambda case: f"marked invalid ({INVALID_KINDS[kind]})",
    )


@click.command("amend")
@with_appcontext
@click.argument("receipt")
@click.argument("field")
@click.argument("value")
@click.option("--reason", required=True, help="Why the value is corrected.")
@ACTING
def ledger_amend(receipt: str, field: str, value: str, reason: str, acting_as: str) -> None:
    """Correct one field of a complaint (the original stays in its history).

    FIELD is one of: name, phone, id_number, employer, project, work_location,
    workers_affected, amount_owed, owed_since, description, reported_elsewhere,
    rural_low_income (or its Chinese label).

    \b
    Example:
        flask --app intake_api complaints ledger amend 2611-3084-5528 amount_owed 80000 \\
            --reason 工人电话核实 --as 李娜
    """
    key = FIELD_WORDS.get(field.strip())
    if key is None:
        raise click.BadParameter(
            f"{field!r} cannot be corrected; fields: {', '.join(AMENDABLE)}", param_hint="FIELD"
        )
    _act(
        receipt,
        acting_as,
        lambda work, r, version, actor: work.amend(r, version, actor, key, value, reason),
        lambda case: f"{LABELS[key]} corrected to {value.strip()}",
    )


COMMANDS = (
    ledger_assign,
    ledger_leader,
    ledger_close,
    ledger_reopen,
    ledger_note,
    ledger_duplicate,
    ledger_invalid,
    ledger_amend,
)
