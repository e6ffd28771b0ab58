"""Walk-in complaints: staff enter what a worker tells them at a reception session.

The same rules as the public form (``validate_complaint``), but the channel is one of the
sessions held so far, and the complaint goes into the same queue, then into the database.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, flash, g, make_response, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake_api.office.console.forms import WalkInForm
from intake_api.office.console.forms import choices as select_choices
from intake_api.office.console.queue_banner import check_queue
from intake_api.office.console.staff import current_actor, no_store, staff_required
from intake_api.office.extension import current_office
from intake_api.public.content import session_channel_choices
from intake_api.public.forms import HINTS as PUBLIC_HINTS
from intake_api.public.forms import field_attributes, is_submission_token, new_submission_token
from intake_api.public.submission import submission_content
from intake_api.public.validation import validate_complaint
from intake_api.queue import Queue
from intake_api.queue.complaint_queue import Acknowledgement, QueueUnavailable
from intake_api.queue.journal import JournalUnavailable
from intake_api.queue.receipts import display_receipt
from intake_api.queue.submission_tokens import TokenReused

log = logging.getLogger(__name__)
# The public form's hints speak to the worker; staff get the same keys (field_attributes
# links every one of them), reworded where they say "you".
HINTS = {
    **PUBLIC_HINTS,
    "name": "当事人的姓名。",
    "phone": "11 位手机号码，工作人员会打这个电话联系当事人。",
    "id_number": "选填。18 位，最后一位可能是 X。",
    "employer": "欠工资的公司、包工头或老板的名字。",
    "workers_affected": "包括当事人自己，一共几个人被欠工资。",
    "amount_owed": "所有被欠薪的人加起来一共被欠多少钱，单位是元，例如 12000 或 1.2万。",
}
FORM_EXPIRED = "页面打开太久已经过期，为了安全请核对下面的内容后再点一次“登记”。填写的内容都还在。"
UNAVAILABLE = "投诉队列暂时无法写入，这件投诉没有登记成功。请稍后再试，并告诉管理员。"
REUSED = (
    "这张表已经登记过一次，受理编号 {receipt}。如果这是另一件投诉，请核对下面的内容后再点一次"
    "“登记”。"
)


def _page(
    form: WalkInForm,
    choices: list[tuple[str, str]],
    status: int,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
) -> BaseResponse:
    errors = errors or {}
    in_form_order = {name: errors[name] for name in form._fields if name in errors}
    html = render_template(
        "office/walk_in.html",
        form=form,
        sessions=choices,
        errors=in_form_order,
        notice=notice,
        hints=HINTS,
        field_attributes=field_attributes,
    )
    return no_store(make_response(html, status))


@staff_required("admin", "clerk")
def walk_in() -> BaseResponse:
    """The form (GET), or check, queue and import one walk-in complaint (POST)."""
    office = current_office()
    now = office.now()  # read once: the rules and received_at agree
    choices = session_channel_choices(office.site, now.date())
    form = WalkInForm()
    form.channel.choices = select_choices(dict(choices), blank="请选择")
    if not form.is_submitted():
        return _page(form, choices, 200)
    if not choices:
        return _page(form, choices, 422)
    if not form.validate():  # only the CSRF token: the rules are the public form's
        return _page(form, choices, 400, notice=FORM_EXPIRED)
    verdict = validate_complaint(
        form.submitted_values(),
        today=now.date(),
        channels=[value for value, _ in choices],
        source="form",
    )
    if not verdict.ok:
        return _page(form, choices, 422, errors=verdict.errors)
    token = form.submission.data or ""
    try:
        receipt, repeated = _queue_once(dict(verdict.fields), token, now)
    except TokenReused as reused:
        form.submission.data = new_submission_token()
        notice = REUSED.format(receipt=display_receipt(reused.receipt.receipt))
        return _page(form, choices, 409, notice=notice)
    except (QueueUnavailable, JournalUnavailable) as error:
        log.error("walk-in complaint not queued: %s", error)
        return _page(form, choices, 503, notice=UNAVAILABLE)
    check_queue()  # import it now, so its page exists
    number = display_receipt(receipt.receipt)
    if g.queue_warning:
        flash(f"已登记到队列，受理编号 {number}；队列文件被改动，暂时不能导入数据库。", "error")
        return redirect(url_for("office.cases"), 303)
    if repeated:
        flash(f"这件投诉刚才已经登记过，受理编号 {number}，没有重复登记。", "success")
    else:
        flash(f"已登记，受理编号 {number}。请把编号告诉当事人。", "success")
    return redirect(url_for("office.case_page", receipt=receipt.receipt), 303)


def _queue_once(
    fields: dict[str, object], token: str, now: datetime
) -> tuple[Acknowledgement, bool]:
    """Queue the complaint unless this form's token already did: its receipt, and whether
    it came from the earlier post (a double click, a resubmission)."""
    intake = current_app.extensions["intake"]
    actor = current_actor()
    if not is_submission_token(token):  # a page from before the token, or a forged post
        return _append(intake.queue, fields, actor.name, now), False
    with intake.tokens.claim(
        f"walk-in:{token}", submission_content(fields), now.timestamp()
    ) as claim:
        if claim.earlier is not None:
            log.info("walk-in complaint repeated: receipt=%s", claim.earlier.receipt)
            return claim.earlier, True
        receipt = _append(intake.queue, fields, actor.name, now)
        claim.record(receipt)
        return receipt, False


def _append(
    queue: Queue, fields: dict[str, object], actor_name: str, now: datetime
) -> Acknowledgement:
    channel = str(fields.pop("channel"))
    receipt = queue.append(fields, received_at=now, channel=channel, source=f"office:{actor_name}")
    log.info("walk-in complaint queued receipt=%s channel=%s", receipt.receipt, channel)
    return receipt
