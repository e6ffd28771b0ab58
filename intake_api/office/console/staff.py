"""Staff sign-in for the console: accounts in the session, idle expiry, roles per page.

Other console pages use :func:`staff_required` and :func:`current_actor`::

    @bp.get("/reports")
    @staff_required("admin", "clerk")
    def reports() -> Response: ...

The decorator sends a visitor who is not signed in to the login page, ends a session that
was idle longer than ``OFFICE_IDLE_MINUTES`` or began more than ``OFFICE_SESSION_HOURS``
ago, refuses other roles with a 403 page, and
imports new queue lines (showing a banner on every page when the queue file was changed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, logout_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response as BaseResponse

from intake_api.office.accounts import ROLES
from intake_api.office.casework import Actor
from intake_api.office.console.queue_banner import check_queue
from intake_api.office.extension import current_office
from intake_api.office.models import User

ROLE_LABELS = {"admin": "管理员", "clerk": "办公室工作人员", "unit": "责任单位"}
_SEEN = "office_seen"  # when this session last made a request, by the office's clock
_STARTED = "office_started"  # when this session signed in
P = ParamSpec("P")
R = TypeVar("R", bound=BaseResponse)


@dataclass(frozen=True, eq=False)
class StaffUser(UserMixin):
    """A signed-in staff account, as loaded for one request."""

    id: int
    name: str
    role: str
    unit_id: str | None
    password_mark: str

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and a mark of the password."""
        return f"{self.id}:{self.password_mark}"

    @classmethod
    def of(cls, user: User) -> StaffUser:
        """The signed-in form of an account."""
        return cls(user.id, user.name, user.role, user.unit_id, password_mark(user.password_hash))


def password_mark(password_hash: str) -> str:
    """A short digest of the password's hash: a new password ends every older session."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def _load_user(session_id: str) -> StaffUser | None:
    """The account behind the session; none when it was removed, deactivated, or its
    password changed since this session signed in."""
    user_id, _, mark = session_id.partition(":")
    if not user_id.isdigit() or len(user_id) > 9:
        return None
    with current_office().session() as db:
        user = db.get(User, int(user_id))
        if user is None or not user.active or password_mark(user.password_hash) != mark:
            return None
        return StaffUser.of(user)


def _to_login() -> BaseResponse:
    """Send the visitor to the login page, to come back to this page (path only, no query:
    a search may hold a name or a phone number); after a refused POST, to the case list."""
    if request.method != "GET":
        return redirect(url_for("office.login"), 303)
    return redirect(url_for("office.login", next=request.path), 303)


def init_app(app: Flask) -> None:
    """Set up Flask-Login for the console; remember-me cookies are never issued."""
    manager = LoginManager(app)
    manager.user_loader(_load_user)
    manager.unauthorized_handler(_to_login)
    # "strong": a session cookie taken to another address or browser is dropped.
    manager.session_protection = "strong"
    # For the sign-out button on every console page (CSRFProtect, which adds it, is not used).
    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")


def current_actor() -> Actor:
    """The signed-in account as the casework's actor (call only inside staff_required)."""
    return Actor(name=current_user.name, role=current_user.role, unit_id=current_user.unit_id)


def start_session() -> None:
    """Start the clocks of a session that has just signed in."""
    session[_STARTED] = current_office().now().timestamp()
    mark_seen()


def mark_seen() -> None:
    """Restart the idle clock of this session."""
    session[_SEEN] = current_office().now().timestamp()


def end_session() -> None:
    """Sign out and forget everything the session held."""
    logout_user()
    session.clear()


def _expired() -> str | None:
    """Why this session must sign in again, or None."""
    now = current_office().now().timestamp()
    seen, started = session.get(_SEEN), session.get(_STARTED)
    hours = current_app.config["OFFICE_SESSION_HOURS"]
    if not isinstance(started, int | float) or now - started > hours * 3600:
        return f"您已登录超过 {hours} 小时，为了安全已退出登录，请重新登录。"
    minutes = current_app.config["OFFICE_IDLE_MINUTES"]
    if not isinstance(seen, int | float) or now - seen > minutes * 60:
        return f"您已超过 {minutes} 分钟没有操作，为了安全已退出登录，请重新登录。"
    return None


def staff_required(
    *roles: str,
) -> Callable[[Callable[P, BaseResponse | str]], Callable[P, BaseResponse | str]]:
    """Let only signed-in staff (of ``roles``, any role when none is given) see the page."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorate(view: Callable[P, BaseResponse | str]) -> Callable[P, BaseResponse | str]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> BaseResponse | str:
            if not current_user.is_authenticated:
                return _to_login()
            expired = _expired()
            if expired is not None:
                end_session()
                flash(expired, "info")
                return _to_login()
            mark_seen()
            if roles and current_user.role not in roles:
                return refusal_page("您的账号没有权限打开这个页面。", 403)
            unavailable = check_queue()
            if unavailable is not None:
                return unavailable
            return view(*args, **kwargs)

        return guarded

    return decorate


def no_store(response: R) -> R:
    """Console pages show personal data and carry CSRF tokens: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def refusal_page(message: str, status: int) -> Response:
    """A console page that only says ``message``."""
    return no_store(make_response(render_template("office/message.html", message=message), status))
