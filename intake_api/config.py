"""Settings: defaults in code, then the instance folder's ``config.py``, then the environment."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from flask import Flask

from intake_api.office.database import default_url as default_database_url
from intake_api.queue.postgres_queue import is_postgres_setting

REPO_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32
_PLACEHOLDER_SECRETS = {"dev", "development", "changeme", "change-me", "secret", "secret-key"}


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the app refuses to start."""


def _boolean(text: str) -> bool:
    if text.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if text.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, found {text!r}")


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"expected a whole number >= 0, found {text!r}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"expected a whole number >= 1, found {text!r}")
    return value


_SIZE = re.compile(r"^\s*([0-9]+)\s*(KiB|MiB|GiB|TiB)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def _size(text: str) -> int:
    """Bytes, written as a number of bytes or with KiB, MiB, GiB or TiB (``2GiB``)."""
    match = _SIZE.match(text)
    if not match or int(match[1]) == 0:
        raise ValueError(f"expected a size such as 2147483648 or 2GiB, found {text!r}")
    return int(match[1]) * _UNITS[(match[2] or "").lower()]


# environment variable -> (config key, parser)
ENVIRONMENT: dict[str, tuple[str, Callable[[str], object]]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "INTAKE_QUEUE": ("QUEUE_PATH", str),
    "INTAKE_QUEUE_MAX_BYTES": ("QUEUE_MAX_BYTES", _size),
    "INTAKE_GLOBAL_PER_MINUTE": ("GLOBAL_PER_MINUTE", _positive),
    "INTAKE_GLOBAL_PER_HOUR": ("GLOBAL_PER_HOUR", _positive),
    "INTAKE_PROXY_COUNT": ("PROXY_COUNT", _count),
    "INTAKE_CONTENT_DIR": ("CONTENT_DIR", str),
    "INTAKE_SITE_DIR": ("SITE_DIR", str),
    "INTAKE_SERVE_SITE": ("SERVE_SITE", _boolean),
    "INTAKE_SITE_ROOT": ("SITE_ROOT", str),
    "INTAKE_RATE_LIMIT": ("RATE_LIMIT", str),
    "INTAKE_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "INTAKE_SECURE_COOKIES": ("SESSION_COOKIE_SECURE", _boolean),
    "INTAKE_TIMEZONE": ("TIMEZONE", str),
    "OFFICE_DATABASE_URL": ("OFFICE_DATABASE_URL", str),
    "OFFICE_IDLE_MINUTES": ("OFFICE_IDLE_MINUTES", _count),
    "OFFICE_SESSION_HOURS": ("OFFICE_SESSION_HOURS", _count),
}

DEFAULTS: dict[str, object] = {
    "SECRET_KEY": None,
    "QUEUE_PATH": None,  # instance/complaints.jsonl
    # Decades of a county's complaints (about 1 KB each), yet a bound on any flood; see
    # docs/intake.md, "Limits".
    "QUEUE_MAX_BYTES": 2 * 2**30,
    # Complaints accepted from the public, from all addresses together: 4x the worst hour
    # of the biggest county (docs/intake.md, "Limits"), shared by every worker.
    "GLOBAL_PER_MINUTE": 120,
    "GLOBAL_PER_HOUR": 2000,
    "OFFICE_DATABASE_URL": None,  # sqlite:///instance/office.sqlite3
    "OFFICE_IDLE_MINUTES": 30,  # a staff session ends after this long without a request
    "OFFICE_SESSION_HOURS": 12,  # and this long after its sign-in, however busy
    "CONTENT_DIR": str(REPO_ROOT / "content"),
    "SITE_DIR": str(REPO_ROOT / "output"),
    "SERVE_SITE": True,
    "SITE_ROOT": "/",
    "PROXY_COUNT": 0,
    # Generous: after a news report many workers may share one carrier-grade NAT address.
    "RATE_LIMIT": "120 per minute;2000 per hour",
    "RATELIMIT_STORAGE_URI": "intake-memory://",  # rate_counters: per worker, no timer threads
    "TIMEZONE": "Asia/Shanghai",  # used only when the content cannot be loaded
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_PARTS": 100,
    "WTF_CSRF_TIME_LIMIT": 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,  # production: true (HTTPS); development: false
}


def load_config(app: Flask, test_config: Mapping[str, object] | None) -> None:
    """Fill ``app.config`` in order: defaults, instance ``config.py``, environment, test config."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for variable, (key, parse) in ENVIRONMENT.items():
        if variable in os.environ:
            try:
                app.config[key] = parse(os.environ[variable])
            except ValueError as error:
                raise ConfigError(f"{variable}: {error}") from None
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config["QUEUE_PATH"]:
        app.config["QUEUE_PATH"] = str(Path(app.instance_path) / "complaints.jsonl")
    if not app.config["OFFICE_DATABASE_URL"]:
        app.config["OFFICE_DATABASE_URL"] = default_database_url(Path(app.instance_path))
    if app.config["SESSION_COOKIE_SECURE"] is None:
        # A staff session or a receipt must never travel over plain HTTP in production;
        # an office serving over HTTP on purpose sets INTAKE_SECURE_COOKIES=false.
        app.config["SESSION_COOKIE_SECURE"] = not is_development(app)
    check_queue_setting(str(app.config["QUEUE_PATH"]))
    _check_queue_path(app)
    _ensure_secret_key(app)


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")  # two letters at least: not C:/


def check_queue_setting(setting: str) -> None:
    """Refuse a queue the intake cannot use: a URL other than a PostgreSQL database's."""
    scheme = _URL_SCHEME.match(setting)
    if scheme and not is_postgres_setting(setting):
        raise ConfigError(
            f"INTAKE_QUEUE: {scheme[1]}:// queues are not supported; give a file path or "
            "postgresql://USER@HOST/DATABASE"
        )


def _check_queue_path(app: Flask) -> None:
    """The queue holds personal data: it must never be published with the site."""
    if is_postgres_setting(str(app.config["QUEUE_PATH"])):
        return
    queue = Path(app.config["QUEUE_PATH"]).resolve()
    site = Path(app.config["SITE_DIR"]).resolve()
    if queue.is_relative_to(site):
        raise ConfigError(f"INTAKE_QUEUE ({queue}) must not be inside the site folder ({site})")


def is_development(app: Flask) -> bool:
    """Tests, debug mode and the ``flask`` command; any other server counts as production."""
    return app.testing or app.debug or os.environ.get("FLASK_RUN_FROM_CLI") == "true"


def _ensure_secret_key(app: Flask) -> None:
    """Refuse a missing or placeholder key in production; in development keep one on disk."""
    key = app.config.get("SECRET_KEY")
    strong = (
        isinstance(key, str)
        and len(key) >= MIN_SECRET_LENGTH
        and key.lower() not in _PLACEHOLDER_SECRETS
    )
    if strong or (key and is_development(app)):
        return
    if not is_development(app):
        raise ConfigError(
            "SECRET_KEY must be set to the same random value for every worker, at least "
            f"{MIN_SECRET_LENGTH} characters; make one with: "
            'python -c "import secrets; print(secrets.token_hex(32))"'
        )
    app.config["SECRET_KEY"] = development_key(Path(app.instance_path) / "secret_key")


def development_key(path: Path) -> str:
    """A key kept in the instance folder, so every local process shares it (created once)."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)  # atomic: the first process to get here wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
