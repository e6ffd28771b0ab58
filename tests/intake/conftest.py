"""Fixtures for the intake: an app on a private queue, its clients, and real servers.

The queue is a file unless a test is marked ``both_backends`` (intake_support): then it runs
once on a file and once on an empty PostgreSQL queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from database_server import fresh_database
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from intake_support import SECRET, Server, empty_postgres_queue, start_gunicorn, start_waitress

from intake_api import create_app


@pytest.fixture
def queue_path(tmp_path: Path) -> Path:
    return tmp_path / "queue" / "complaints.jsonl"


@pytest.fixture(scope="session")
def queue_database(postgres_url: str) -> Iterator[str]:
    """One database for the PostgreSQL queues of every test (emptied before each one).

    A new database per test would cost about half a second; dropping the table, milliseconds.
    """
    with fresh_database(postgres_url, "intake_queue") as url:
        yield url


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The queue's backend: "file", or what ``both_backends`` gives the test."""
    return getattr(request, "param", "file")


@pytest.fixture
def queue(backend: str, queue_path: Path, request: pytest.FixtureRequest) -> str:
    """The test's ``INTAKE_QUEUE``: the private file, or an empty PostgreSQL queue."""
    if backend == "file":
        return str(queue_path)
    url = request.getfixturevalue("queue_database")
    empty_postgres_queue(url)
    return url


@pytest.fixture
def make_app(queue: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps on the private queue with the repository's content; CSRF off by default."""
    made: list[Flask] = []

    def make(**overrides: object) -> Flask:
        config = {
            "TESTING": True,
            "SECRET_KEY": SECRET,
            "QUEUE_PATH": queue,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "SITE_DIR": str(tmp_path / "output"),
            **overrides,
        }
        made.append(create_app(config))
        return made[-1]

    yield make
    for app in made:
        app.extensions["intake"].queue.close()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def _servers(
    start_one: Callable[..., Server], queue_path: Path, queue: str
) -> Iterator[Callable[..., Server]]:
    """Start servers on the queue; every one is stopped at the end of the test.

    ``start(INTAKE_GLOBAL_PER_HOUR="10")``: environment variables for this server.
    """
    started: list[Server] = []

    def start(**settings: str) -> Server:
        started.append(start_one(queue_path, settings={"INTAKE_QUEUE": queue, **settings}))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def gunicorn(queue_path: Path, queue: str) -> Iterator[Callable[..., Server]]:
    """Start gunicorns (4 workers) on the queue."""
    yield from _servers(start_gunicorn, queue_path, queue)


@pytest.fixture
def waitress(queue_path: Path, queue: str) -> Iterator[Callable[..., Server]]:
    """Start waitresses (one process, 8 threads) on the queue."""
    yield from _servers(start_waitress, queue_path, queue)
