"""How often anyone may try to sign in: per client address, and per account name.

The counters are the app's Flask-Limiter's (same storage and strategy as the public form's
limits). The per-name limit stops guessing one account's password from many addresses; the
name is kept only as a digest, never as typed.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_limiter import Limiter
from limits import RateLimitItem, parse_many

from intake_api.security import client_key

PER_ADDRESS = parse_many("10 per minute;60 per hour")
PER_NAME = parse_many("5 per minute;30 per hour")


def _limiter() -> Limiter:
    """The app's limiter (security.init_app makes exactly one)."""
    (limiter,) = current_app.extensions["limiter"]
    return limiter


def login_allowed(name: str) -> bool:
    """Count one attempt for this address and this name; False when either is over its limit."""
    limiter = _limiter()
    if not limiter.enabled:
        return True
    address = client_key()
    digest = hashlib.sha256(name.strip().casefold().encode("utf-8")).hexdigest()[:32]
    checks: list[tuple[RateLimitItem, str, str]] = [
        *((limit, "address", address) for limit in PER_ADDRESS),
        *((limit, "name", digest) for limit in PER_NAME),
    ]
    allowed = True
    for limit, kind, key in checks:
        allowed = limiter.limiter.hit(limit, "office-login", kind, key) and allowed
    return allowed
