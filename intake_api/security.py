"""Client address behind proxies, per-address rate limits, and security headers."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from intake_api import rate_counters  # noqa: F401  (registers intake-memory:// with limits)

# No inline styles or scripts anywhere, so the policy needs no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: Flask-WTF checks the Referer of HTTPS form posts.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _refuse_long_chunked_body() -> None:
    """413 for a body sent without Content-Length (chunked) that reaches the limit.

    Werkzeug stops reading such a body at ``MAX_CONTENT_LENGTH`` without a word, so the
    form or the JSON would be judged on its first 64 KB. Read it (cached for the form and
    JSON parsers) and refuse it whole instead.
    """
    limit = request.max_content_length
    if request.method != "POST" or request.content_length is not None or limit is None:
        return
    if len(request.get_data(cache=True)) >= limit:
        raise RequestEntityTooLarge()


def init_app(app: Flask, submissions: list[Blueprint]) -> None:
    """Trust ``PROXY_COUNT`` proxies, limit posts per client address, add the headers."""
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        retry_after="delta-seconds",
    )
    # One budget per address shared by the form and the API; viewing pages is never limited.
    shared = limiter.shared_limit(app.config["RATE_LIMIT"], scope="submissions", methods=["POST"])
    for blueprint in submissions:
        shared(blueprint)
    app.before_request(_refuse_long_chunked_body)
    app.after_request(_add_headers)
