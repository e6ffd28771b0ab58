"""The staff console under ``/office/``: sign-in, sign-out, the access log; the routes of
the case pages (``console_cases``) and walk-in complaints (``console_walk_in``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as BaseResponse

from intake_api.config import REPO_ROOT
from intake_api.office.access_log import ACTIONS
from intake_api.office.accounts import authenticate
from intake_api.office.console import cases as console_cases
from intake_api.office.console import walk_in as console_walk_in
from intake_api.office.console.forms import LoginForm, LogoutForm
from intake_api.office.console.login_limits import login_allowed
from intake_api.office.console.staff import (
    StaffUser,
    end_session,
    no_store,
    staff_required,
    start_session,
)
from intake_api.office.extension import current_office
from intake_api.office.models import AccessRecord
from intake_api.queue.receipts import display_receipt

bp = Blueprint(
    "office",
    __name__,
    url_prefix="/office",
    static_folder=str(REPO_ROOT / "templates" / "static"),
    static_url_path="/static",
)
LOGIN_FAILED = "账号或密码不对，请重新输入。"
LOGIN_LIMITED = "登录尝试太频繁，请过几分钟再试。"
FORM_EXPIRED = "页面打开太久已经过期，为了安全请重新操作一次。"
ACCESS_PAGE_SIZE = 100


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path inside the console, else the case list."""
    default = url_for("office.cases")
    if not target or "\\" in target or not target.startswith("/office/"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target


def _login_page(form: LoginForm, status: int, message: str | None = None) -> Response:
    page = render_template("office/login.html", form=form, message=message)
    return no_store(make_response(page, status))


@bp.get("/")
def home() -> BaseResponse:
    """The console's front door is the case list."""
    return redirect(url_for("office.cases"), 303)


@bp.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse:
    """Sign in with name and password (rate-limited; the same answer for any wrong pair)."""
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(url_for("office.cases"), 303)
        form.next_page.data = request.args.get("next", "")
        return _login_page(form, 200)
    if not form.validate():
        return _login_page(form, 400, FORM_EXPIRED)
    name = form.name.data or ""
    if not login_allowed(name):
        response = _login_page(form, 429, LOGIN_LIMITED)
        response.headers["Retry-After"] = "60"
        return response
    office = current_office()
    with office.session() as db:
        user = authenticate(db, name, form.password.data or "")
        staff = None if user is None else StaffUser.of(user)
    if staff is None:
        form.password.data = ""
        return _login_page(form, 422, LOGIN_FAILED)
    target = _safe_next(form.next_page.data)
    session.clear()  # nothing from before the sign-in survives into the staff session
    login_user(staff)
    start_session()
    return no_store(redirect(target, 303))


@bp.post("/logout")
def logout() -> BaseResponse:
    """Sign out (a POST with the CSRF token) and go back to the login page."""
    if not LogoutForm().validate():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("office.cases"), 303)  # never to the Referer: any site
    end_session()
    flash("您已退出登录。", "info")
    return redirect(url_for("office.login"), 303)


@bp.get("/access-log")
@staff_required("admin")
def access_log() -> BaseResponse:
    """The latest access-log entries, newest first (receipts only, never personal data)."""
    number = request.args.get("page", "1")
    number_value = int(number) if number.isdigit() else 1
    with current_office().session() as db:
        total = int(db.execute(select(func.count(AccessRecord.id))).scalar_one())
        pages = max(1, -(-total // ACCESS_PAGE_SIZE))
        number_value = max(1, min(number_value, pages))
        records = db.execute(
            select(AccessRecord)
            .order_by(AccessRecord.id.desc())
            .limit(ACCESS_PAGE_SIZE)
            .offset((number_value - 1) * ACCESS_PAGE_SIZE)
        ).scalars()
        rows = [
            {
                "at": record.at[:19].replace("T", " "),
                "actor": record.actor,
                "action": ACTIONS.get(record.action, record.action),
                "receipts": [display_receipt(r) for r in record.receipts.split()],
                "detail": record.detail,
            }
            for record in records
        ]
    page = render_template(
        "office/access_log.html", rows=rows, number=number_value, pages=pages, total=total
    )
    return no_store(make_response(page))


bp.add_url_rule("/cases", view_func=console_cases.cases, methods=["GET"])
bp.add_url_rule(
    "/cases", view_func=console_cases.search_cases, methods=["POST"], endpoint="search_cases"
)
bp.add_url_rule("/cases/<receipt>", view_func=console_cases.case_page, methods=["GET"])
bp.add_url_rule("/cases/<receipt>/<action>", view_func=console_cases.case_action, methods=["POST"])
bp.add_url_rule(
    "/walk-in", view_func=console_walk_in.walk_in, methods=["GET", "POST"], endpoint="walk_in"
)
