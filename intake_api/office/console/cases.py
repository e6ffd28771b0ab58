"""The case list and the case page with its actions (routes registered in ``console``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import flash, make_response, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from intake_api.office.access_log import record_access
from intake_api.office.amendments import AmendmentError
from intake_api.office.case_query import FLAG_LABELS, page_of, select_cases
from intake_api.office.casework import (
    ACTION_LABELS,
    ALLOWED_FROM,
    STATUS_LABELS,
    UNIT_ACTIONS,
    Actor,
    CaseNotFound,
    Casework,
    CaseworkError,
    Conflict,
    may_see,
    status_of,
)
from intake_api.office.console.case_filter_form import filter_choices, read_filter
from intake_api.office.console.case_search import (
    FILTER_FIELDS,
    recall_search,
    remember_search,
)
from intake_api.office.console.case_view import (
    amount_text,
    case_row,
    complaint_fields,
    history,
)
from intake_api.office.console.forms import (
    ACTION_FORMS,
    ActionForm,
    AssignForm,
    FormProblem,
    SearchForm,
    choices,
)
from intake_api.office.console.staff import current_actor, no_store, refusal_page, staff_required
from intake_api.office.event_text import describe_event
from intake_api.office.extension import current_office
from intake_api.office.models import Case
from intake_api.public.content import channel_names
from intake_api.queue.receipts import display_receipt, normalize_receipt

NOT_FOUND = "没有这个编号的投诉。"
FORM_EXPIRED = "页面打开太久已经过期，您的操作没有保存。请核对后再提交一次。"
SEARCH_EXPIRED = "查找的内容已经过期（重新登录后不再保留），请重新输入后再点“筛选”。"


@staff_required()
def cases() -> BaseResponse:
    """The cases this account may see, filtered and searched, in priority order, 50 a page."""
    office = current_office()
    actor = current_actor()
    units, channels = office.unit_names(), channel_names(office.site)
    search_key = request.args.get("search", "")
    search = recall_search(search_key) if search_key else ""
    wanted, problems = read_filter(request.args, units, channels, search or "")
    if search is None:
        problems.append(SEARCH_EXPIRED)
    if actor.role == "unit":
        wanted = replace(wanted, unit_id=None)  # scope() already limits it
    number = request.args.get("page", "1")
    rules = office.rules()
    with office.session() as db:
        page = page_of(
            db, select_cases(wanted, actor, rules), int(number) if number.isdigit() else 1
        )
        rows = [case_row(case, rules, units, channels) for case in page.cases]
        if rows:
            record_access(db, actor.name, "list", [row.receipt for row in rows], office.now())
            db.commit()
    query = {key: values for key, values in request.args.lists() if key != "page"}
    page_links = {
        "previous": url_for("office.cases", **query, page=page.number - 1)
        if page.number > 1
        else None,
        "next": url_for("office.cases", **query, page=page.number + 1)
        if page.number < page.pages
        else None,
    }
    html = render_template(
        "office/cases.html",
        rows=rows,
        page=page,
        page_links=page_links,
        problems=problems,
        args=request.args,
        search=search or "",
        choices=filter_choices(units if actor.role != "unit" else {}, channels),
    )
    return no_store(make_response(html))


@staff_required()
def search_cases() -> BaseResponse:
    """The posted filter form: 303 to the list, its search text kept out of the address."""
    query: dict[str, str | list[str]] = {
        name: value for name in FILTER_FIELDS if (value := request.form.get(name, "").strip())
    }
    query["flag"] = request.form.getlist("flag")
    form = SearchForm()
    if not form.validate():  # the CSRF token only
        flash(SEARCH_EXPIRED, "error")  # the filters still apply; the text was not kept
        return redirect(url_for("office.cases", **query), 303)
    text = (form.q.data or "").strip()
    if text:
        query["search"] = remember_search(text)
    return redirect(url_for("office.cases", **query), 303)


@staff_required()
def case_page(receipt: str) -> BaseResponse:
    """One case: the complaint, its amendments, handling, flags, history and actions."""
    return _render_case(receipt)


@staff_required()
def case_action(receipt: str, action: str) -> BaseResponse:
    """Do one action on a case; 409 with the changes on a conflict, 422 on a refusal."""
    canonical = normalize_receipt(receipt)
    if action not in ACTION_FORMS or canonical is None:
        return refusal_page(NOT_FOUND, 404)
    form = ACTION_FORMS[action](prefix=action)
    if not form.validate():  # only the CSRF token; the casework checks the values
        return _render_case(canonical, posted=(action, form), message=FORM_EXPIRED, status=400)
    office = current_office()
    actor = current_actor()
    with office.session() as db:
        work = office.casework(db)
        try:
            work.case(canonical, actor)
            _perform(work, action, form, canonical, actor, office.unit_names())
        except Conflict as conflict:
            db.rollback()
            changes = [describe_event(e, office.unit_names()) for e in conflict.events]
            return _render_case(
                canonical, (action, form), str(conflict), status=409, changes=changes
            )
        except CaseNotFound:
            return refusal_page(NOT_FOUND, 404)
        except (CaseworkError, AmendmentError, FormProblem) as error:
            db.rollback()
            return _render_case(canonical, (action, form), str(error), status=422)
    flash(f"已{ACTION_LABELS[action]}。", "success")
    return redirect(url_for("office.case_page", receipt=canonical), 303)


def _perform(
    work: Casework, action: str, form: ActionForm, receipt: str, actor: Actor, units: dict[str, str]
) -> None:
    """Call the casework for ``action`` with the form's values."""
    version = form.loaded_version()
    data = {name: (f.data or "") for name, f in form._fields.items()}
    if action == "assign":
        assert isinstance(form, AssignForm)
        if data["unit_id"] not in units:
            raise FormProblem("请选择责任单位。")
        work.assign(
            receipt,
            version,
            actor,
            unit_id=data["unit_id"],
            deadline=form.deadline_date(),
            person=data["person"],
            leader=data["leader"],
        )
    elif action == "lead":
        work.set_leader(receipt, version, actor, data["leader"])
    elif action == "note":
        work.note(receipt, version, actor, data["text"])
    elif action == "close":
        work.close(
            receipt,
            version,
            actor,
            result=data["result"],
            amount_recovered=data["amount_recovered"],
        )
    elif action == "reopen":
        work.reopen(receipt, version, actor, data["reason"])
    elif action == "duplicate":
        other = normalize_receipt(data["of"])
        if other is None:
            raise FormProblem("请填写另一件投诉的受理编号，例如 2611 3084 5528。")
        work.mark_duplicate(receipt, version, actor, other)
    elif action == "invalid":
        work.mark_invalid(receipt, version, actor, data["kind"], data["reason"])
    else:
        work.amend(receipt, version, actor, data["field"], data["value"], data["reason"])


def allowed_actions(actor: Actor, case: Case) -> list[str]:
    """The actions this account may do to the case in its status, in ACTION_LABELS order."""
    return [
        action
        for action in ACTION_LABELS
        if case.status in ALLOWED_FROM[action]
        and (actor.role in ("admin", "clerk") or action in UNIT_ACTIONS)
    ]


def _forms(
    case: Case, actor: Actor, posted: tuple[str, ActionForm] | None
) -> dict[str, ActionForm]:
    """A form per allowed action; the posted one keeps what was typed, at the current version."""
    office = current_office()
    units = office.unit_names()
    forms: dict[str, ActionForm] = {}
    for action in allowed_actions(actor, case):
        if posted and posted[0] == action:
            form = posted[1]
        else:
            form = ACTION_FORMS[action](prefix=action, formdata=None)
            if isinstance(form, AssignForm):
                deadline = case.deadline or office.today() + timedelta(
                    days=office.settings.deadline_days
                )
                form.unit_id.data = case.unit_id or ""
                form.person.data = case.person or ""
                form.deadline.data = deadline.isoformat()
                form.leader.data = case.leader or ""
            elif action == "lead":
                form.leader.data = case.leader or ""  # type: ignore[attr-defined]
        form.version.data = str(case.version)
        if isinstance(form, AssignForm):
            form.unit_id.choices = choices(units, blank="请选择")
        forms[action] = form
    return forms


def _render_case(
    receipt_text: str,
    posted: tuple[str, ActionForm] | None = None,
    message: str | None = None,
    status: int = 200,
    changes: list[str] | None = None,
) -> BaseResponse:
    """The case page (an access-log "view"); 404 for a case missing or out of scope."""
    receipt = normalize_receipt(receipt_text)
    if receipt is None:
        return refusal_page(NOT_FOUND, 404)
    office = current_office()
    actor = current_actor()
    units, channels = office.unit_names(), channel_names(office.site)
    with office.session() as db:
        work = office.casework(db)
        try:
            case = work.case(receipt, actor)
        except CaseNotFound:
            return refusal_page(NOT_FOUND, 404)
        events = work.events(receipt)
        rules = office.rules()
        context = {
            "case": case,
            "display": display_receipt(case.receipt),
            "status": status_of(case, rules.today),
            "status_labels": STATUS_LABELS,
            "flags": [FLAG_LABELS[key] for key in rules.flags_of(case)],
            "major": work.is_major(case),
            "unit": units.get(case.unit_id, case.unit_id) if case.unit_id else None,
            "channel": channels.get(case.channel, case.channel),
            "fields": complaint_fields(case, events, actor),
            "history": history(case, events, units, channels),
            "forms": _forms(case, actor, posted),
            "action_labels": ACTION_LABELS,
            "links": _related(db, actor, case),
            "amount_recovered": amount_text(case.amount_recovered),
            "message": message,
            "changes": changes or [],
            "failed_action": posted[0] if posted and message else None,
        }
        html = render_template("office/case.html", **context)
        record_access(db, actor.name, "view", [case.receipt], office.now())
        db.commit()
    return no_store(make_response(html, status))


def _related(db: Session, actor: Actor, case: Case) -> dict[str, tuple[str, str | None]]:
    """Receipts this case points to, as (shown receipt, link), only those the account may
    see: another unit's receipt would let a unit follow that case on the status page."""
    related = {}
    for key in ("possible_duplicate_of", "duplicate_of"):
        receipt = getattr(case, key)
        other = db.get(Case, receipt) if receipt else None
        if other is not None and may_see(actor, other):
            related[key] = (display_receipt(receipt), url_for("office.case_page", receipt=receipt))
        elif receipt:
            related[key] = ("另一件投诉", None)
    return related
