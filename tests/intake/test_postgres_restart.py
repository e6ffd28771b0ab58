"""PostgreSQL going away under the intake: stopped, restarted while idle, restarted under load.

Each test stops and starts a cluster of this module's own, never the one the other tests share.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from database_server import find_bindir, start_cluster, stop_cluster, throwaway_cluster
from flask import Flask
from intake_support import VALID, Server, post_json, postgres_rows
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from intake_api.queue import postgres_queue

UNAVAILABLE = (
    "系统暂时无法保存投诉，您的投诉没有提交成功。请稍后再试，或直接拨打 0871-67539921 反映。"
)


@pytest.fixture(scope="module")
def own_cluster(postgres_url: str) -> Iterator[tuple[Path, str]]:
    """A cluster of this module's own, to stop and start: (its bindir, its URL)."""
    bindir = find_bindir()  # postgres_url skipped (or failed, in CI) if there is none...
    if bindir is None:  # ...unless the tests use a server of TEST_DATABASE_URL's
        pytest.skip("stopping PostgreSQL needs its programs here (apt-get install postgresql)")
    with throwaway_cluster(bindir) as url:
        yield bindir, url


@pytest.fixture
def own_server(own_cluster: tuple[Path, str]) -> tuple[Path, str]:
    """A new database on the module's own cluster: (the cluster's bindir, the database's URL).

    Not ``fresh_database``: its pooled connection would not survive the test's restart. The
    cluster goes at the end of the module, with every database in it.
    """
    bindir, server_url = own_cluster
    name = f"restart_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return bindir, make_url(server_url).set(database=name).render_as_string(hide_password=False)


def test_postgresql_down_gives_503_and_acknowledges_nothing_then_recovers(
    make_app: Callable[..., Flask], own_server: tuple[Path, str]
) -> None:
    bindir, url = own_server
    client = make_app(QUEUE_PATH=url).test_client()
    before = client.post("/api/complaints", json=VALID)
    stop_cluster(bindir, url)
    try:
        down = client.post("/api/complaints", json=VALID)
        assert client.get("/healthz").status_code == 503
    finally:
        start_cluster(bindir, url)
    after = client.post("/api/complaints", json=VALID)
    assert (before.status_code, down.status_code, after.status_code) == (201, 503, 201)
    assert "receipt" not in down.json
    stored = [receipt for _, receipt, _ in postgres_rows(url)]
    assert stored == [a.json["receipt"] for a in (before, after)]


def test_an_idle_connection_cut_by_a_restart_is_replaced_before_the_next_complaint(
    make_app: Callable[..., Flask], own_server: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pooled connections idle for a while are pinged first: the restart costs no 503."""
    monkeypatch.setattr(postgres_queue, "IDLE_BEFORE_PING", 0.0)  # "a while": no waiting here
    bindir, url = own_server
    client = make_app(QUEUE_PATH=url).test_client()
    before = client.post("/api/complaints", json=VALID)
    stop_cluster(bindir, url)
    start_cluster(bindir, url)
    after = client.post("/api/complaints", json=VALID)
    assert (before.status_code, after.status_code) == (201, 201)
    assert [receipt for _, receipt, _ in postgres_rows(url)] == [
        before.json["receipt"],
        after.json["receipt"],
    ]


RESTART_BOUND = 10.0  # seconds: no answer may take longer, with PostgreSQL up or down


def test_a_restart_of_postgresql_under_load_gives_503s_and_keeps_every_receipt_once(
    gunicorn: Callable[..., Server],
    waitress: Callable[..., Server],
    own_server: tuple[Path, str],
) -> None:
    """Two app servers under load while PostgreSQL is stopped (as by a crash) and started."""
    bindir, url = own_server
    servers = [gunicorn(INTAKE_QUEUE=url), waitress(INTAKE_QUEUE=url)]
    phase = ["up"]  # what PostgreSQL was doing when each answer arrived
    answers: list[tuple[str, int, dict]] = []
    stop = threading.Event()

    def keep_posting(server: Server) -> None:
        while not stop.is_set():
            # A hang past the bound raises here and fails the test (through result()).
            status, body = post_json(server.url, VALID, timeout=RESTART_BOUND)
            answers.append((phase[0], status, body))

    with ThreadPoolExecutor(6) as pool:
        posting = [pool.submit(keep_posting, servers[n % 2]) for n in range(6)]
        try:
            time.sleep(0.7)
            stop_cluster(bindir, url)
            phase[0] = "down"
            time.sleep(1.0)
        finally:
            start_cluster(bindir, url)
        phase[0] = "again"
        time.sleep(1.0)
        stop.set()
        for future in posting:
            future.result()
    statuses = {(when, status) for when, status, _ in answers}
    assert {status for _, status in statuses} == {201, 503}  # never a 500
    assert {("up", 201), ("down", 503), ("again", 201)} <= statuses
    for _, status, body in answers:
        if status == 503:
            assert body == {"errors": {"queue": [UNAVAILABLE]}}
    acknowledged = [body["receipt"] for _, status, body in answers if status == 201]
    stored = [receipt for _, receipt, _ in postgres_rows(url)]
    assert len(acknowledged) == len(set(acknowledged))
    assert len(stored) == len(set(stored))
    assert set(acknowledged) <= set(stored)
