"""The monthly report in the console: ``/office/reports?month=YYYY-MM`` and its downloads."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, g, make_response, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from intake_api.office.access_log import record_access
from intake_api.office.console.staff import current_actor, staff_required
from intake_api.office.extension import current_office
from intake_api.office.months import Month
from intake_api.office.report.as_html import formatting
from intake_api.office.report.data import compute_report
from intake_api.office.report.formats import FORMATS, file_name
from intake_api.office.report.model import MonthlyReport, ReportUnavailable

bp = Blueprint("office_reports", __name__, url_prefix="/office")
BAD_MONTH = "请按“年-月”填写月份，例如 2021-05。"
QUEUE_REFUSED = (
    "投诉队列文件被改动，新投诉暂停导入，现在生成的月报会漏掉新投诉。"
    "请管理员先按 docs/office.md 的“队列文件被改动”处理。"
)


def _no_store(response: BaseResponse) -> BaseResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _report(month: Month, how: str) -> MonthlyReport:
    """The report, logged as viewed or downloaded by the signed-in account."""
    office = current_office()
    if g.get("queue_warning"):
        raise ReportUnavailable(str(g.queue_warning), QUEUE_REFUSED)
    with office.session() as db:
        report = compute_report(db, office, month)
        actor = current_actor()
        record_access(db, actor.name, "report", report.receipts, office.now(), how)
        db.commit()
    return report


@bp.get("/reports")
@staff_required("admin", "clerk")
def reports() -> BaseResponse:
    """The month's report on the page, with links to the xlsx, HTML and JSON files."""
    text = request.args.get("month", "").strip()
    default = Month.before(current_office().today())
    report, message, status = None, None, 200
    try:
        month = Month.parse(text) if text else default
    except ValueError:
        month, message, status = default, BAD_MONTH, 400
    if message is None:
        try:
            report = _report(month, f"{month.key} page")
        except ReportUnavailable as error:
            message = error.console
    page = render_template(
        "office/reports.html",
        report=report,
        message=message,
        month_text=text or month.key,
        month=month,
        formats=FORMATS,
        **formatting(),
    )
    return _no_store(make_response(page, status))


@bp.get("/reports/<month>.<form>")
@staff_required("admin", "clerk")
def report_file(month: str, form: str) -> BaseResponse:
    """The report as a file to save (an attachment, never shown as a page)."""
    if form not in FORMATS:
        abort(404)
    try:
        chosen = Month.parse(month)
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
