"""The complaint form, its receipt page and the health check."""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import unquote_to_bytes

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from intake_api.public.forms import (
    HINTS,
    ComplaintForm,
    OnlineComplaintForm,
    field_attributes,
    is_submission_token,
    new_submission_token,
)
from intake_api.public.submission import current_intake, submit
from intake_api.queue.complaint_queue import QueueUnavailable
from intake_api.queue.receipts import display_receipt
from site_builder.model import FollowUp, Privacy

bp = Blueprint("complaints", __name__)

CSRF_MESSAGE = (
    "这个页面打开太久或者已经过期了，为了安全，请核对下面的内容后再点一次“提交”。"
    "您填写的内容都还在。"
)

REUSED_MESSAGE = (
    "这张表已经提交过一次，受理编号是 {receipt}，不用再提交。"
    "如果您要反映的是另一件事，请核对下面的内容后再点一次“提交”。"
)
ENCODING_MESSAGE = (
    "提交的文字编码不对，系统读不出来（可能是浏览器或输入法的问题）。请重新填写后再提交，"
    "或者换一个浏览器试试。"
)


def _no_store(response: Response) -> Response:
    """Forms carry a CSRF token and receipts are private: never cache either."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _form_page(
    form: ComplaintForm,
    status: int,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
) -> Response:
    intake = current_intake()
    errors = errors or {}
    in_form_order = {name: errors[name] for name in form._fields if name in errors}
    page = render_template(
        "complaints/form.html",
        form=form,
        errors=in_form_order,
        notice=notice,
        hints=HINTS,
        field_attributes=field_attributes,
        contact=intake.contact,
        privacy=intake.site.privacy if intake.site else Privacy(),
    )
    return _no_store(make_response(page, status))


@bp.get("/complaints/new")
def new() -> Response:
    """The empty form."""
    return _form_page(OnlineComplaintForm(), 200)


@bp.get("/complaints")
def back_to_form() -> Response:
    """The form again: a reload of the page a failed post left in the address bar."""
    return redirect(url_for(".new"), 303)


@bp.get("/complaints/form.js")
def form_script() -> Response:
    """The form's small script (focus, draft), served with the form, not by the site build."""
    static = Path(current_app.root_path, str(current_app.template_folder), "static")
    script = Response((static / "form.js").read_bytes(), mimetype="text/javascript")
    script.headers["Cache-Control"] = "max-age=300"  # a new version is seen within minutes
    return script


@bp.post("/complaints")
def create() -> Response:
    """Check and queue a complaint, then 303 to the receipt (nothing personal in the URL)."""
    now = current_intake().now()  # read once: the rules and received_at agree
    if not _decodes_as_utf8():
        return _form_page(OnlineComplaintForm(formdata=None), 400, notice=ENCODING_MESSAGE)
    form = OnlineComplaintForm()
    token = form.submission.data or ""
    if not is_submission_token(token):  # an old page, or a forged post: no double-post guard
        form.submission.data = new_submission_token()
        token = ""
    if not form.validate():  # only the CSRF token: the field rules are shared with the API
        return _form_page(form, 400, notice=CSRF_MESSAGE)
    outcome = submit(form.submitted_values(), "form", now, f"form:{token}" if token else None)
    if outcome.reused is not None:
        form.submission.data = new_submission_token()
        notice = REUSED_MESSAGE.format(receipt=display_receipt(outcome.reused.receipt))
        return _form_page(form, 409, notice=notice)
    if outcome.busy_for is not None:
        page = _form_page(form, 503, notice=busy_message(outcome.busy_for))
        page.headers["Retry-After"] = str(outcome.busy_for)
        return page
    if outcome.unavailable:
        return _form_page(form, 503, notice=unavailable_message())
    if outcome.receipt is None:
        return _form_page(form, 422, errors=outcome.errors)
    session["receipt"] = outcome.receipt.receipt
    return _no_store(redirect(url_for(".receipt"), 303))


def _decodes_as_utf8() -> bool:
    """False for a url-encoded body whose escapes are not UTF-8 (say, a GBK page's post).

    Werkzeug keeps such bytes as the literal text "%C0%EE", so the complaint would be
    queued with a name nobody can read. (Multipart fields become U+FFFD, which the field
    rules refuse.) The body is at most ``MAX_CONTENT_LENGTH`` and cached for the form.
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        return True
    try:
        unquote_to_bytes(request.get_data(cache=True)).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@bp.get("/complaints/received")
def receipt() -> Response:
    """The receipt number, what happens next and whom to call."""
    receipt = session.get("receipt")
    if not receipt:
        return redirect(url_for(".new"), 303)
    intake = current_intake()
    page = render_template(
        "complaints/receipt.html",
        receipt=display_receipt(receipt),
        contact=intake.contact,
        follow_up=intake.site.follow_up if intake.site else FollowUp(),
        next_session=intake.site.next_session(intake.today()) if intake.site else None,
    )
    return _no_store(make_response(page))


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when a complaint could be queued now, 503 otherwise (read-only, without the lock)."""
    try:
        current_intake().queue.check_writable()
    except QueueUnavailable:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200


def unavailable_message() -> str:
    """What to tell a worker when nothing could be saved."""
    contact = current_intake().contact
    call = f"请稍后再试，或直接拨打 {contact.phone} 反映。" if contact else "请稍后再试。"
    return "系统暂时无法保存投诉，您的投诉没有提交成功。" + call


def busy_message(retry_after: int) -> str:
    """What to tell a worker when the global cap refused their complaint for now."""
    contact = current_intake().contact
    wait = f"请 {math.ceil(retry_after / 60)} 分钟后再试"
    call = f"{wait}，或直接拨打 {contact.phone} 反映。" if contact else f"{wait}。"
    return "现在网上提交的投诉太多，系统暂时不能受理，您的投诉没有提交成功。" + call
