"""Client address behind proxies, per-address rate limits, and security headers."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter
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


def address_key(address: str) -> str:
    """Whom a rate limit counts: an IPv4 address as is, an IPv6 address by its /64.

    One IPv6 subscriber (a phone, a home) gets a whole /64 and may use any address in it,
    so counting single IPv6 addresses would limit nothing. An IPv4-mapped IPv6 address
    (``::ffff:203.0.113.7``, from a dual-stack socket) counts as the IPv4 address it is.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP address (a Unix socket's peer): counted as it is
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        prefix = int(parsed) >> 64 << 64  # also drops a zone (fe80::1%eth0)
        return str(ipaddress.IPv6Network((prefix, 64)))
    return str(parsed)


def client_key() -> str:
    """The current request's client, as rate limits count it (see ``address_key``)."""
    return address_key(request.remote_addr or "")


def _retry_after_only_when_refused(response: Response) -> Response:
    """Flask-Limiter sends ``Retry-After`` on every limited answer, even a 201: drop it there.

    It makes sense only with 429 (this address must wait) and 503 (come back later).
    """
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


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
    """Trust ``PROXY_COUNT`` proxies, limit posts per client network, add the headers."""
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    # Registered before the limiter: Flask runs the last registered after_request function
    # first, so this one sees the headers the limiter adds.
    app.after_request(_retry_after_only_when_refused)
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        retry_after="delta-seconds",
    )
    # One budget per address (IPv6: per /64) shared by the form and the API; viewing pages
    # is never limited. The global cap on every address together is in queue/intake_cap.py.
    shared = limiter.shared_limit(app.config["RATE_LIMIT"], scope="submissions", methods=["POST"])
    for blueprint in submissions:
        shared(blueprint)
    app.before_request(_refuse_long_chunked_body)
    app.after_request(_add_headers)
