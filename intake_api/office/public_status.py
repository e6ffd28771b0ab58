"""The public status page: a receipt and the phone's last four digits give a case's state.

It lives on the office side because it reads the casework database, but anyone may use it,
so it shows nothing personal, answers a wrong receipt and wrong digits with one identical
message (receipts cannot be probed), and is rate-limited per client address and, for wrong
tries, per receipt. Every lookup goes to the access log; the digits go nowhere.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, g, make_response, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.exceptions import TooManyRequests
from wtforms import StringField

from intake_api.office.access_log import record_access
from intake_api.office.database import DatabaseUrlError
from intake_api.office.extension import Office, OfficeUnavailable, current_office
from intake_api.office.models import Case
from intake_api.office.queue_import import QueueChanged, QueueMissing
from intake_api.queue.receipts import display_receipt, normalize_receipt
from site_builder.model import Contact, date_label

log = logging.getLogger(__name__)
bp = Blueprint("public_status", __name__)

# Per client address, every lookup: enough for the workers behind one carrier-grade NAT
# address to look up their cases, far too few to flood the database or the access log.
ADDRESS_LIMIT = "10 per minute;50 per hour"
# Per receipt, wrong tries only: a worker who mistypes the digits a few times is not locked
# out, while someone who knows a receipt guesses at most 10 of the 10,000 endings a day
# (per worker process: the counters are kept in each worker's memory).
RECEIPT_LIMIT = "5 per hour;10 per day"

NO_MATCH = "编号或手机号后四位不对，请核对后再查。"
RECEIPT_MISSING = "请填写受理编号。"
DIGITS_WRONG = "请填写手机号码的最后 4 位数字。"
TOO_MANY = "查询次数太多了，请过一个小时再查。"
UNAVAILABLE = "现在暂时查不到办理进度，请稍后再查。"
CSRF_EXPIRED = "这个页面打开太久了，为了安全，请重新填写手机号码后四位，再点一次“查询”。"
HINTS = {
    "receipt": (
        "提交投诉后得到的 12 位数字编号，例如 2611 3084 5528；中间有没有空格都可以。"
        "以前发的字母和数字混合的编号（例如 7KQ2-M9XD-3HT8）也可以查。"
    ),
    "digits": "提交投诉时填写的手机号码的最后 4 位数字。",
}
INPUT_ATTRIBUTES = {
    "receipt": {"autocomplete": "off", "autocapitalize": "characters", "maxlength": "20"},
    # value="": the digits are never sent back in a page.
    "digits": {"inputmode": "numeric", "autocomplete": "off", "maxlength": "4", "value": ""},
}
UNIT_FALLBACK = "责任单位"  # a unit id the content does not (or no longer) name
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―", "-"))  # what Chinese keyboards type for "-"
_NOT_DIGITS = re.compile(r"\D")


class StatusForm(FlaskForm):
    """The lookup form (Flask-WTF for the CSRF token); both fields are plain text."""

    receipt = StringField("受理编号")
    digits = StringField("手机号码后四位")


@dataclass(frozen=True)
class Answer:
    """What the page says about a found case: its receipt and one plain sentence."""

    receipt: str
    sentence: str
    call: bool = True  # add the office's phone below (an invalid case's sentence names it)


def state_sentence(case: Case, unit_names: dict[str, str], contact: Contact | None) -> str:
    """The case's state in plain words, with nothing personal in it."""
    if case.status == "assigned":
        unit = unit_names.get(case.unit_id or "", UNIT_FALLBACK)
        since = date_label(case.assigned_on or case.received_on)
        deadline = f"；办理期限 {date_label(case.deadline)}" if case.deadline else ""
        return f"由{unit}办理，自 {since}起{deadline}。"
    if case.status == "closed" and case.closed_on is not None:
        return f"已于 {date_label(case.closed_on)}办结。办理结果：{case.result or ''}"
    if case.status == "duplicate":
        return "已与此前反映同一件事的投诉合并办理，不再单独办理。"
    if case.status == "invalid":
        ask = f"请打电话 {contact.phone} 询问" if contact else "请向接访办公室询问"
        return f"未予受理。如有疑问，{ask}。"
    return f"已收到，正在分派给责任单位（收到日期 {date_label(case.received_on)}）。"


def phone_endings(case: Case) -> set[str]:
    """The last four digits of the phone now on the case and of the phone first given.

    Both count: a clerk's correction of the phone should not lock the worker out.
    """
    original = json.loads(case.original).get("phone") or ""
    return {_NOT_DIGITS.sub("", phone)[-4:] for phone in (case.phone, str(original))}


def typed_receipt() -> str | None:
    """The posted receipt in canonical form, or None if it cannot be one."""
    text = unicodedata.normalize("NFKC", request.form.get("receipt", "")).translate(_DASHES)
    return normalize_receipt(text)


def _typed_digits() -> str | None:
    text = unicodedata.normalize("NFKC", request.form.get("digits", "")).replace(" ", "")
    return text if len(text) == 4 and text.isascii() and text.isdigit() else None


def _missed(_response: Response) -> bool:
    """Charge the receipt's budget only for an answer that matched no case."""
    return bool(g.get("status_lookup_missed"))


def _page(
    status: int,
    *,
    answer: Answer | None = None,
    notice: str | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Response:
    office = current_office()
    page = render_template(
        "complaints/status.html",
        form=StatusForm(),
        answer=answer,
        notice=notice,
        errors=errors or {},
        hints=HINTS,
        field_attributes=_field_attributes,
        contact=office.site.main_contact if office.site else None,
    )
    return make_response(page, status)


def _field_attributes(name: str, errors: dict[str, list[str]]) -> dict[str, str]:
    """HTML attributes for one input: its id, browser hints, links to hint and error."""
    attributes = {"id": f"field-{name}", **INPUT_ATTRIBUTES[name]}
    attributes["aria-describedby"] = " ".join(
        [f"hint-{name}", *([f"error-{name}"] if name in errors else [])]
    )
    if name in errors:
        attributes["aria-invalid"] = "true"
    return attributes


@bp.get("/complaints/status")
def form() -> Response:
    """The empty lookup form."""
    return _page(200)


@bp.post("/complaints/status")
def lookup() -> Response:
    """Look the case up: its state in plain words, or one answer for every kind of miss."""
    if not StatusForm().validate():  # only the CSRF token: the fields are checked below
        return _page(400, notice=CSRF_EXPIRED)
    digits = _typed_digits()
    errors = {} if request.form.get("receipt", "").strip() else {"receipt": [RECEIPT_MISSING]}
    if digits is None:
        errors["digits"] = [DIGITS_WRONG]
    if errors or digits is None:
        return _page(422, errors=errors)
    office = current_office()
    receipt = typed_receipt()
    try:
        with office.session() as db:
            answer = _answer(office, db, receipt, digits)
    except (SQLAlchemyError, DatabaseUrlError, OfficeUnavailable, QueueChanged, OSError) as error:
        # The driver's or the importer's own words: never the digits, never a traceback.
        reason = getattr(error, "orig", None) or error
        log.error("status lookup: cannot show a status: %s: %s", type(error).__name__, reason)
        return _page(503, notice=UNAVAILABLE)
    if answer is None:
        g.status_lookup_missed = receipt is not None
        return _page(200, notice=NO_MATCH)
    return _page(200, answer=answer)


def _answer(office: Office, db: Session, receipt: str | None, digits: str) -> Answer | None:
    """The case's answer if the digits match, else None; the lookup goes to the access log."""
    now, receipts = office.now(), [receipt] if receipt else []
    try:
        case = _find(office, db, receipt) if receipt else None
    except QueueChanged:
        record_access(db, "public", "status-lookup", receipts, now, detail="queue refused")
        db.commit()
        raise
    if case is None or digits not in phone_endings(case):
        detail = "unknown" if case is None else "wrong digits"
        record_access(db, "public", "status-lookup", receipts, now, detail=detail)
        db.commit()
        log.info("status lookup: no match")
        return None
    contact = office.site.main_contact if office.site else None
    sentence = state_sentence(case, office.unit_names(), contact)
    record_access(db, "public", "status-lookup", [case.receipt], now, detail="found")
    db.commit()
    log.info("status lookup: %s found", case.receipt)
    return Answer(display_receipt(case.receipt), sentence, call=case.status != "invalid")


def _find(office: Office, db: Session, receipt: str) -> Case | None:
    """The case, importing new queue lines first if it is not in the database yet."""
    case = db.get(Case, receipt)
    if case is not None:
        return case
    try:
        office.sync(db)
    except QueueMissing:
        return None  # nothing was ever queued
    return db.get(Case, receipt)


def _too_many(_error: TooManyRequests) -> Response:
    return _page(429, notice=TOO_MANY)


def _no_store(response: Response) -> Response:
    """The form carries a CSRF token and the answer is private: never cache either."""
    response.headers["Cache-Control"] = "no-store"
    return response


bp.register_error_handler(429, _too_many)
bp.after_request(_no_store)


def init_app(app: Flask) -> None:
    """Register the page, limited per address and (misses only) per receipt."""
    app.register_blueprint(bp)
    (limiter,) = app.extensions["limiter"]  # the one security.init_app made
    limiter.limit(ADDRESS_LIMIT, methods=["POST"], scope="address")(bp)
    limiter.limit(
        RECEIPT_LIMIT,
        methods=["POST"],
        scope="receipt",
        key_func=lambda: typed_receipt() or "",
        exempt_when=lambda: typed_receipt() is None,
        deduct_when=_missed,
    )(bp)
