"""``flask --app intake_api complaints report``: the monthly report as JSON, xlsx or HTML."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from intake_api.office.access_log import record_access
from intake_api.office.commands.support import (
    ACTING,
    parse_month,
    prepared_session,
    staff_actor,
)
from intake_api.office.extension import current_office
from intake_api.office.months import Month
from intake_api.office.private_output import OutputError, write_private
from intake_api.office.report.data import compute_report
from intake_api.office.report.formats import FORMATS
from intake_api.office.report.model import ReportUnavailable


@click.command("report")
@with_appcontext
@click.option("--month", help="The month to report (YYYY-MM); default: last month.")
@click.option(
    "--format",
    "form",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help="xlsx and html need --output; json goes to stdout without it.",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@ACTING
def report_command(month: str | None, form: str, output: Path | None, acting_as: str) -> None:
    """The monthly report (due on the 2nd of the next month) for the leading group.

    Sessions held; complaints by channel (duplicates and invalid entries counted apart);
    workers and amounts; per responsible unit: received, closed, open, overdue; wages
    recovered; major cases with their 包案领导; rural low-income workers' cases; cases
    carried over; the data source. A month with nothing to report is an error.

    \b
    Example:
        flask --app intake_api complaints report --month 2021-05 --format xlsx \\
            --output 月报-2021-05.xlsx --as 李娜
    """
    office = current_office()
    chosen = parse_month(month) if month else Month.before(office.today())
    if output is None and form != "json":
        raise click.UsageError(
            f"--format {form} writes a file: give --output FILE (e.g. --output "
            f"月报-{chosen.key}.{form})"
        )
    with prepared_session() as session:
        actor = staff_actor(session, acting_as)
        try:
            report = compute_report(session, office, chosen)
        except ReportUnavailable as error:
            raise click.ClickException(str(error)) from None
        data = FORMATS[form].render(report)
        if output is None:
            click.echo(data.decode("utf-8"), nl=False)
        else:
            try:
                write_private(output, data)
            except OutputError as error:
                raise click.ClickException(str(error)) from None
        record_access(
            session, actor.name, "report", report.receipts, office.now(), f"{chosen.key} {form}"
        )
        session.commit()
    if output is not None:
        click.echo(f"the report for {chosen.key} is in {output}")
