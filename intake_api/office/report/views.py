"""The report in the console: ``/office/reports?period=2021-W19`` (or ``?month=2021-05``) and
its downloads. Without either, the last finished period of the office's cadence."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, g, make_response, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from intake_api.office.access_log import record_access
from intake_api.office.console.staff import current_actor, staff_required
from intake_api.office.extension import OfficeUnavailable, current_office
from intake_api.office.months import Month
from intake_api.office.periods import WORDS, ReportPeriod
from intake_api.office.report.as_html import formatting
from intake_api.office.report.data import compute_report
from intake_api.office.report.due import due_periods
from intake_api.office.report.formats import FORMATS, file_name
from intake_api.office.report.model import PeriodReport, ReportUnavailable

bp = Blueprint("office_reports", __name__, url_prefix="/office")
BAD_MONTH = "请按“年-月”填写月份，例如 2021-05。"
BAD_PERIOD = (
    "请按“年-月”（例如 2021-05）、“年-W周次”（例如 2021-W19）或“年-Q季度”（例如 2021-Q2）"
    "填写报告期。"
)
QUEUE_REFUSED = (
    "投诉队列文件被改动，新投诉暂停导入，现在生成的{report}会漏掉新投诉。"
    "请管理员先按 docs/office.md 的“队列文件被改动”处理。"
)


@bp.app_context_processor
def report_name() -> dict[str, str]:
    """The console's menu names the report by the office's cadence: 月报, 周报 or 季报."""
    try:
        kind = current_office().settings.report_kind
    except OfficeUnavailable:  # the console shows what is wrong with office.yaml instead
        kind = "month"
    return {"report_name": WORDS[kind].report}


def _no_store(response: BaseResponse) -> BaseResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _report(period: ReportPeriod, how: str) -> PeriodReport:
    """The report, logged as viewed or downloaded by the signed-in account."""
    office = current_office()
    if g.get("queue_warning"):
        raise ReportUnavailable(
            str(g.queue_warning), QUEUE_REFUSED.format(report=period.words.report)
        )
    with office.session() as db:
        report = compute_report(db, office, period)
        actor = current_actor()
        record_access(db, actor.name, "report", report.receipts, office.now(), how)
        db.commit()
    return report


def _chosen(default: ReportPeriod) -> tuple[ReportPeriod, str, str | None]:
    """The period the query asks for, the text typed, and a message if it is not one."""
    if text := request.args.get("period", "").strip():
        try:
            return ReportPeriod.parse(text), text, None
        except ValueError:
            return default, text, BAD_PERIOD
    if text := request.args.get("month", "").strip():
        try:
            return ReportPeriod.of_month(Month.parse(text)), text, None
        except ValueError:
            return default, text, BAD_MONTH
    return default, default.key, None


@bp.get("/reports")
@staff_required("admin", "clerk")
def reports() -> BaseResponse:
    """The period's report on the page, with links to its files and the recent due days."""
    office = current_office()
    settings, today = office.settings, office.today()
    period, text, message = _chosen(ReportPeriod.before(settings.report_kind, today))
    report, status = None, 200 if message is None else 400
    if message is None:
        try:
            report = _report(period, f"{period.key} page")
        except ReportUnavailable as error:
            message = error.console
    with office.session() as db:
        recent = due_periods(db, settings, today)
    page = render_template(
        "office/reports.html",
        report=report,
        message=message,
        period_text=text,
        period=period,
        cadence=WORDS[settings.report_kind],
        recent=recent,
        formats=FORMATS,
        **formatting(),
    )
    return _no_store(make_response(page, status))


@bp.get("/reports/<period>.<form>")
@staff_required("admin", "clerk")
def report_file(period: str, form: str) -> BaseResponse:
    """The report as a file to save (an attachment, never shown as a page)."""
    if form not in FORMATS:
        abort(404)
    try:
        chosen = ReportPeriod.parse(period)
    except ValueError:
        abort(404)
    try:
        report = _report(chosen, f"{chosen.key} {form}")
    except ReportUnavailable as error:
        page = render_template("office/message.html", message=error.console)
        return _no_store(make_response(page, 404))
    response = Response(FORMATS[form].render(report), mimetype=FORMATS[form].mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="report-{chosen.key}.{form}"; '
        f"filename*=UTF-8''{quote(file_name(report, form))}"
    )
    return _no_store(response)
