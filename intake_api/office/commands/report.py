"""``flask --app intake_api complaints report``: a period's report as JSON, xlsx or HTML."""

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
from intake_api.office.extension import OfficeUnavailable, current_office
from intake_api.office.periods import ReportPeriod
from intake_api.office.private_output import OutputError, write_private
from intake_api.office.report.data import compute_report
from intake_api.office.report.formats import FORMATS
from intake_api.office.report.model import ReportUnavailable


def _period(month: str | None, period: str | None) -> ReportPeriod:
    """The period the options name; by default the last finished one of the office's cadence."""
    if month and period:
        raise click.UsageError("give --month or --period, not both")
    if month:
        return ReportPeriod.of_month(parse_month(month))
    if period:
        try:
            return ReportPeriod.parse(period)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--period'") from None
    office = current_office()
    try:
        kind = office.settings.report_kind
    except OfficeUnavailable as error:
        raise click.ClickException(f"content/office.yaml is invalid:\n{error}") from None
    return ReportPeriod.before(kind, office.today())


@click.command("report")
@with_appcontext
@click.option("--month", help="A month to report (YYYY-MM).")
@click.option(
    "--period",
    help="A period to report: a month (2021-05), an ISO week (2021-W19) or a quarter "
    "(2021-Q2). Default: the last finished period of report_cadence in office.yaml.",
)
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
def report_command(
    month: str | None, period: str | None, form: str, output: Path | None, acting_as: str
) -> None:
    """The month's report for the leading group (or the week's, or the quarter's).

    Monthly by default, due on the 2nd of the next month; report_cadence in office.yaml
    makes it weekly or quarterly, with its own due day.

    Sessions held; complaints by channel (duplicates and invalid entries counted apart);
    workers and amounts; per responsible unit: received, closed, open, overdue; wages
    recovered; major cases with their 包案领导; rural low-income workers' cases; cases
    carried over; the data source. A period with nothing to report is an error, unless
    office.yaml asks for zero reports (zero_reports: true).

    \b
    Example:
        flask --app intake_api complaints report --month 2021-05 --format xlsx \\
            --output 月报-2021-05.xlsx --as 李娜
        flask --app intake_api complaints report --period 2021-W19 --format html \\
            --output 周报-2021-W19.html --as 李娜
    """
    chosen = _period(month, period)
    if output is None and form != "json":
        raise click.UsageError(
            f"--format {form} writes a file: give --output FILE (e.g. --output "
            f"{chosen.words.report}-{chosen.key}.{form})"
        )
    office = current_office()
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
