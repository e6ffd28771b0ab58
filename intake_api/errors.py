"""Error answers: JSON under ``/api/``, a friendly page elsewhere, details only in the log."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from intake_api.public.submission import current_intake

log = logging.getLogger(__name__)

MESSAGES = {
    400: "请求有误，无法处理。",
    404: "找不到这个页面。",
    405: "不支持这种请求方式。",
    413: "提交的内容太长了，请删减后再提交。",
    415: "请以 Content-Type: application/json（UTF-8）发送。",
    429: "提交太频繁了，请过几分钟再试。",
    500: "系统出了问题，您的请求没有处理成功。",
    503: "系统暂时无法处理，请稍后再试。",
}


class PublicError(HTTPException):
    """An HTTP error whose description is written for the public and may be shown as is."""


def _message(error: HTTPException) -> str:
    """The public description we raised with, or our wording for the status."""
    code = error.code or 500
    if isinstance(error, PublicError) and error.description:
        return error.description
    return MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])


def _answer(error: HTTPException) -> Response:
    code = error.code or 500
    if request.path.startswith("/api/"):
        response = jsonify(errors={"body": [_message(error)]})
    else:
        intake = current_intake()
        page = render_template(
            "complaints/error.html", status=code, message=_message(error), contact=intake.contact
        )
        response = make_response(page)
    response.status_code = code
    for header in ("Retry-After", "Allow"):
        if header in error.get_headers():
            response.headers[header] = dict(error.get_headers())[header]
    return response


def init_app(app: Flask) -> None:
    """Register the handlers: every HTTP error, and anything unexpected as a logged 500."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return _answer(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # %r: a path may hold control characters (an escape sequence would reach a terminal).
        log.exception("unexpected error on %r %r", request.method, request.path)
        return _answer(InternalServerError())
