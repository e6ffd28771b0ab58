"""Fixtures for the office side: an app on a private queue and database, on SQLite and
(where a PostgreSQL server can be started) on PostgreSQL, with a clock the test sets."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from database_server import fresh_database
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))
from intake_support import SECRET, VALID

from intake_api import create_app

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The office's clock in a test: starts on 2021-05-10 09:00 in Shanghai; tests move it."""

    def __init__(self) -> None:
        self.now = datetime(2021, 5, 10, 9, 0, tzinfo=SHANGHAI)

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> None:
        """``2021-05-20`` or ``2021-05-20T15:30``, in Shanghai."""
        moment = datetime.fromisoformat(text)
        self.now = moment.replace(tzinfo=SHANGHAI) if moment.tzinfo is None else moment


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty casework database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'office.sqlite3'}"
        return
    with fresh_database(request.getfixturevalue("postgres_url"), "office") as url:
        yield url


@pytest.fixture
def queue_path(tmp_path: Path) -> Path:
    return tmp_path / "queue" / "complaints.jsonl"


@pytest.fixture
def make_app(
    queue_path: Path, tmp_path: Path, database_url: str, clock: Clock
) -> Iterator[Callable[..., Flask]]:
    """Build apps on the private queue and database, with the test's clock; CSRF off."""
    made: list[Flask] = []

    def make(**overrides: object) -> Flask:
        config = {
            "TESTING": True,
            "SECRET_KEY": SECRET,
            "QUEUE_PATH": str(queue_path),
            "OFFICE_DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "SITE_DIR": str(tmp_path / "output"),
            "CLOCK": clock,
            **overrides,
        }
        made.append(create_app(config))
        return made[-1]

    yield make
    for app in made:
        app.extensions["intake"].queue.close()
        app.extensions["office"].database.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def file_complaint(app: Flask) -> Callable[..., str]:
    """``file_complaint(**changes)`` posts a valid complaint to the public API; its receipt."""
    public = app.test_client()

    def file(**changes: object) -> str:
        response = public.post("/api/complaints", json={**VALID, **changes})
        assert response.status_code == 201, response.json
        return response.json["receipt"]

    return file
