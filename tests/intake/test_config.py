"""Configuration: production refuses a missing secret key; development keeps one on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from intake_support import SECRET

from intake_api import create_app
from intake_api.config import ConfigError


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An environment like gunicorn's: no flask command, no debug, a private queue."""
    for name in ("FLASK_RUN_FROM_CLI", "FLASK_DEBUG", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    queue = tmp_path / "q.jsonl"
    monkeypatch.setenv("INTAKE_QUEUE", str(queue))
    return queue


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short-but-random-3f9a"])
def test_production_refuses_a_weak_or_missing_key(
    production: Path, tmp_path: Path, key: str | None
) -> None:
    config = {"INSTANCE_PATH": str(tmp_path / "instance")}
    if key is not None:
        config["SECRET_KEY"] = key
    with pytest.raises(ConfigError, match="SECRET_KEY must be set to the same random value"):
        create_app(config)


def test_production_starts_with_a_key_from_the_environment(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("INTAKE_PROXY_COUNT", "1")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    assert app.config["SECRET_KEY"] == SECRET
    assert app.config["PROXY_COUNT"] == 1
    assert app.config["QUEUE_PATH"] == str(production)
    assert app.config["SESSION_COOKIE_SECURE"] is True  # HTTPS only, unless said otherwise
    app.extensions["intake"].queue.close()


def test_production_over_plain_http_on_purpose(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("INTAKE_SECURE_COOKIES", "false")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app.extensions["intake"].queue.close()


def test_bad_environment_value_is_refused(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("INTAKE_PROXY_COUNT", "two")
    with pytest.raises(ConfigError, match="INTAKE_PROXY_COUNT: invalid literal"):
        create_app({"INSTANCE_PATH": str(tmp_path / "instance")})


def test_queue_inside_the_published_site_is_refused(production: Path, tmp_path: Path) -> None:
    config = {"SECRET_KEY": SECRET, "SITE_DIR": str(tmp_path), "QUEUE_PATH": str(tmp_path / "q")}
    config["INSTANCE_PATH"] = str(tmp_path / "instance")
    with pytest.raises(ConfigError, match="must not be inside the site folder"):
        create_app(config)


def test_development_key_is_generated_once_and_shared(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.delenv("INTAKE_QUEUE")
    config = {"QUEUE_PATH": str(production), "INSTANCE_PATH": str(tmp_path / "instance")}
    first = create_app(config)
    second = create_app(config)
    key_file = tmp_path / "instance" / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert key_file.stat().st_mode & 0o077 == 0
    for app in (first, second):
        app.extensions["intake"].queue.close()


def test_receipts_reach_the_log_at_the_default_level(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Python passes on only warnings unless told otherwise: the receipt line would vanish."""
    monkeypatch.setenv("SECRET_KEY", SECRET)
    logger = logging.getLogger("intake_api")
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    try:
        assert logging.getLogger("intake_api.public.submission").isEnabledFor(logging.INFO)
    finally:
        app.extensions["intake"].queue.close()


def test_tests_keep_out_of_the_repository_instance_folder(app, tmp_path: Path) -> None:
    """The repository's instance/ may hold a real queue and key: tests use their own."""
    assert app.instance_path == str(tmp_path / "instance")
    assert (tmp_path / "instance").is_dir()


def test_instance_folder_from_the_environment(
    production: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """How the real servers started by the tests keep out of the repository's instance/."""
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "config.py").write_text("PROXY_COUNT = 3\n")
    app = create_app()
    try:
        assert app.instance_path == str(tmp_path / "elsewhere")
        assert app.config["PROXY_COUNT"] == 3
    finally:
        app.extensions["intake"].queue.close()
