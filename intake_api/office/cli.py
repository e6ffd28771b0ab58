"""``flask --app intake_api complaints ...``: the office works through the complaints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from intake_api.office.export import rows, write_csv, write_xlsx
from intake_api.office.ledger import (
    STATUS_LABELS,
    Entry,
    build_ledger,
    ledger_path,
    read_complaints,
    record_event,
)
from intake_api.office.report import monthly_report, previous_month
from intake_api.public.content import channel_names
from intake_api.public.submission import current_intake
from intake_api.queue.journal import JournalUnavailable
from intake_api.queue.receipts import display_receipt, normalize_receipt

complaints = AppGroup(
    "complaints",
    help="Work through the complaints in the queue.\n\n\b\nExample:\n"
    "    flask --app intake_api complaints list --status unassigned",
)
ledger = AppGroup(
    "ledger",
    help="The 台账: responsible unit, deadline and status of each case.\n\n\b\nExample:\n"
    "    flask --app intake_api complaints ledger show",
)
complaints.add_command(ledger)

_TODAY = click.option("--today", help="Count as of this day (YYYY-MM-DD); default: today.")


def _date(text: str, option: str) -> date:
    """A YYYY-MM-DD day; anything else (an empty value too) is a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"expected YYYY-MM-DD, found {text!r}", param_hint=f"'{option}'"
        ) from None


def _today(text: str | None) -> date:
    """``--today`` as a day; the office's today when it is not given."""
    if not text:
        return current_intake().today()
    return _date(text, "--today")


def _month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        date(year, month, 1)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM, found {text!r}") from None
    return year, month


def _entries() -> list[Entry]:
    """The ledger, with unreadable queue lines reported on stderr (never silently dropped)."""
    queue_path = Path(current_app.config["QUEUE_PATH"])
    found, problems = read_complaints(queue_path)
    entries, event_problems = build_ledger(found, ledger_path(queue_path))
    for problem in [*problems, *event_problems]:
        click.echo(f"warning: {problem}", err=True)
    return entries


def _channel_names() -> dict[str, str]:
    return channel_names(current_intake().site)


def _find(receipt_text: str) -> Entry:
    receipt = normalize_receipt(receipt_text)
    if receipt is None:
        raise click.BadParameter(f"{receipt_text!r} is not a receipt number (check each symbol)")
    for entry in _entries():
        if entry.complaint.receipt == receipt:
            return entry
    raise click.ClickException(f"no complaint with receipt {display_receipt(receipt)}")


@complaints.command("list")
@click.option("--month", help="Only complaints received in this month (YYYY-MM).")
@click.option(
    "--status", type=click.Choice(["all", *STATUS_LABELS]), default="all", show_default=True
)
@_TODAY
def list_command(month: str | None, status: str, today: str | None) -> None:
    """List complaints: receipt, date, channel, employer, workers, amount, status.

    \b
    Example:
        flask --app intake_api complaints list --month 2021-05 --status overdue
    """
    day = _today(today)
    wanted = _month(month) if month else None
    names = _channel_names()
    for entry in _entries():
        c = entry.complaint
        if wanted and (c.received_at.year, c.received_at.month) != wanted:
            continue
        if status != "all" and entry.status(day) != status:
            continue
        click.echo(
            "\t".join(
                [
                    display_receipt(c.receipt),
                    f"{c.received_at:%Y-%m-%d %H:%M}",
                    names.get(c.channel, c.channel),
                    str(c.fields.get("employer", "")),
                    f"{c.workers}人",
                    f"{c.amount:,.2f}元",
                    STATUS_LABELS[entry.status(day)],
                ]
            )
        )


@complaints.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", help="Only complaints received in this month (YYYY-MM).")
@_TODAY
def export_command(output: Path, month: str | None, today: str | None) -> None:
    """Write every complaint with its ledger columns to OUTPUT (.csv or .xlsx, mode 0600).

    Text that a spreadsheet would treat as a formula (=, +, -, @) gets a leading apostrophe
    in a .csv and is stored as a text cell in an .xlsx.

    \b
    Example:
        flask --app intake_api complaints export 2021-05.xlsx --month 2021-05
    """
    if output.suffix.lower() not in (".csv", ".xlsx"):
        raise click.BadParameter("OUTPUT must end in .csv or .xlsx")
    wanted = _month(month) if month else None
    chosen = [
        e
        for e in _entries()
        if not wanted or (e.complaint.received_at.year, e.complaint.received_at.month) == wanted
    ]
    table = rows(chosen, _today(today), _channel_names())
    (write_xlsx if output.suffix.lower() == ".xlsx" else write_csv)(output, table)
    click.echo(f"{len(table)} complaints written to {output}")


@complaints.command("report")
@click.option("--month", help="The month to report (YYYY-MM); default: last month.")
@_TODAY
def report_command(month: str | None, today: str | None) -> None:
    """The monthly report (due on the 2nd): counts, workers, amounts, channels, open, overdue.

    \b
    Example:
        flask --app intake_api complaints report --month 2021-05
    """
    day = _today(today)
    year, number = _month(month) if month else previous_month(day)
    report = monthly_report(_entries(), year, number, day)
    for line in report.lines(_channel_names()):
        click.echo(line)


@ledger.command("show")
@click.option(
    "--status", type=click.Choice(["all", *STATUS_LABELS]), default="all", show_default=True
)
@_TODAY
def ledger_show(status: str, today: str | None) -> None:
    """Show the 台账: receipt, received, unit and person, deadline, status, closing note.

    \b
    Example:
        flask --app intake_api complaints ledger show --status unassigned
    """
    day = _today(today)
    for entry in _entries():
        if status != "all" and entry.status(day) != status:
            continue
        click.echo(
            "\t".join(
                [
                    display_receipt(entry.complaint.receipt),
                    f"{entry.complaint.received_at:%Y-%m-%d}",
                    entry.unit or "-",
                    entry.person or "-",
                    entry.deadline.isoformat() if entry.deadline else "-",
                    STATUS_LABELS[entry.status(day)],
                    entry.note or "-",
                ]
            )
        )


@ledger.command("assign")
@click.argument("receipt")
@click.option("--unit", required=True, help="Responsible unit, e.g. 县住建局.")
@click.option("--person", help="Responsible person.")
@click.option("--deadline", required=True, help="Finish by this day (YYYY-MM-DD).")
def ledger_assign(receipt: str, unit: str, person: str | None, deadline: str) -> None:
    """Give a complaint a responsible unit (and person) and a deadline.

    \b
    Example:
        flask --app intake_api complaints ledger assign 7KQ2-M9XD-3HTC \\
            --unit 县住建局 --person 张三 --deadline 2021-05-20
    """
    entry = _find(receipt)
    due = _date(deadline, "--deadline")
    event = {"event": "assign", "receipt": entry.complaint.receipt, "unit": unit.strip()}
    event.update({"person": person.strip() if person else None, "deadline": due.isoformat()})
    _record(event)
    click.echo(f"{display_receipt(entry.complaint.receipt)}: {unit} by {due}")


@ledger.command("close")
@click.argument("receipt")
@click.option("--note", help="How the case was resolved.")
@_TODAY
def ledger_close(receipt: str, note: str | None, today: str | None) -> None:
    """Close a case (销号), with a note on how it was resolved.

    \b
    Example:
        flask --app intake_api complaints ledger close 7KQ2-M9XD-3HTC --note 已足额支付
    """
    entry = _find(receipt)
    day = _today(today)
    event = {"event": "close", "receipt": entry.complaint.receipt, "on": day.isoformat()}
    _record({**event, "note": note})
    click.echo(f"{display_receipt(entry.complaint.receipt)}: closed on {day}")


def _record(event: dict[str, object]) -> None:
    at = current_intake().now().isoformat(timespec="seconds")
    try:
        record_event(ledger_path(Path(current_app.config["QUEUE_PATH"])), {**event, "at": at})
    except JournalUnavailable as error:
        raise click.ClickException(str(error)) from None
