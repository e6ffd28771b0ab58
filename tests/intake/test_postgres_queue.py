"""The PostgreSQL queue: the same receipts and lines as the file, for several app servers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from database_server import fresh_database
from flask import Flask
from intake_support import VALID, Server, post_json, postgres_rows
from sqlalchemy import text
from sqlalchemy.engine import make_url

from intake_api.office.backup.archive import QUEUE_IN_POSTGRES
from intake_api.office.models import Case
from intake_api.queue import complaint_queue
from intake_api.queue.postgres_queue import queue_engine

NOON = datetime(2021, 5, 10, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def queue_url(postgres_url: str) -> Iterator[str]:
    """A new, empty database for the queue on the tests' PostgreSQL server."""
    with fresh_database(postgres_url, "queue") as url:
        yield url


def post_many(servers: list[Server], count: int) -> list[tuple[int, dict]]:
    """``count`` complaints, spread over ``servers``, 8 at a time."""
    with ThreadPoolExecutor(8) as pool:
        return list(
            pool.map(lambda n: post_json(servers[n % len(servers)].url, VALID), range(count))
        )


def test_a_complaint_is_one_committed_row_holding_the_file_line(
    make_app: Callable[..., Flask], queue_url: str, queue_path: Path
) -> None:
    on_file = make_app(CLOCK=lambda: NOON).test_client().post("/api/complaints", json=VALID)
    app = make_app(QUEUE_PATH=queue_url, CLOCK=lambda: NOON)
    answer = app.test_client().post("/api/complaints", json=VALID)
    assert (on_file.status_code, answer.status_code) == (201, 201)
    [(row_id, receipt, line)] = postgres_rows(queue_url)
    assert (row_id, receipt) == (1, answer.json["receipt"])
    [file_line] = queue_path.read_text("utf-8").splitlines()
    assert line == file_line.replace(on_file.json["receipt"], receipt)
    assert app.test_client().get("/healthz").status_code == 200
    with app.extensions["intake"].queue.engine.connect() as connection:
        assert connection.execute(text("SHOW synchronous_commit")).scalar() == "on"


def test_a_receipt_already_taken_is_drawn_again(
    make_app: Callable[..., Flask], queue_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["AAAABBBBCCCC", "AAAABBBBCCCC", "DDDDEEEEFFFF"])
    monkeypatch.setattr(complaint_queue, "new_receipt", lambda: next(draws))
    client = make_app(QUEUE_PATH=queue_url).test_client()
    receipts = [client.post("/api/complaints", json=VALID).json["receipt"] for _ in range(2)]
    assert receipts == ["AAAABBBBCCCC", "DDDDEEEEFFFF"]
    assert [receipt for _, receipt, _ in postgres_rows(queue_url)] == [
        "AAAABBBBCCCC",
        "DDDDEEEEFFFF",
    ]


def test_two_app_servers_on_one_database_give_every_receipt_once(
    gunicorn: Callable[..., Server], waitress: Callable[..., Server], queue_url: str
) -> None:
    servers = [gunicorn(INTAKE_QUEUE=queue_url), waitress(INTAKE_QUEUE=queue_url)]
    answers = post_many(servers, 80)
    assert {status for status, _ in answers} == {201}
    acknowledged = sorted(body["receipt"] for _, body in answers)
    assert sorted(receipt for _, receipt, _ in postgres_rows(queue_url)) == acknowledged
    assert len(set(acknowledged)) == 80


def test_kill_9_of_an_app_server_under_load_loses_no_acknowledged_complaint(
    gunicorn: Callable[..., Server], queue_url: str
) -> None:
    victim, survivor = gunicorn(INTAKE_QUEUE=queue_url), gunicorn(INTAKE_QUEUE=queue_url)
    acknowledged: list[str] = []
    stop = threading.Event()

    def keep_posting(server: Server) -> None:
        while not stop.is_set():
            try:
                status, body = post_json(server.url, VALID, timeout=5)
            except OSError:
                continue  # the victim is gone: nothing was acknowledged
            if status == 201:
                acknowledged.append(body["receipt"])

    with ThreadPoolExecutor(6) as pool:
        for n in range(6):
            pool.submit(keep_posting, (victim, survivor)[n % 2])
        time.sleep(1.0)
        victim.kill()
        time.sleep(0.5)
        stop.set()
    stored = [receipt for _, receipt, _ in postgres_rows(queue_url)]
    assert len(stored) == len(set(stored))
    assert set(acknowledged) <= set(stored) and len(acknowledged) > 20


def test_sync_imports_each_row_once_and_waits_for_rows_still_being_written(
    make_app: Callable[..., Flask], queue_url: str
) -> None:
    app = make_app(QUEUE_PATH=queue_url)
    client, runner = app.test_client(), app.test_cli_runner()
    first = [client.post("/api/complaints", json=VALID).json["receipt"] for _ in range(2)]
    assert "imported: 2\n" in runner.invoke(args=["complaints", "sync"]).output
    engine = queue_engine(queue_url)
    # Row 3 is drawn but not committed when row 4 is: the import must not skip it.
    slow = engine.connect()
    line = {"schema": 1, "receipt": "X", "received_at": "2021-05-10T12:00:00+08:00"}
    slow.execute(
        text("INSERT INTO complaint_queue (receipt, received_at, line) VALUES ('X', 'x', :l)"),
        {"l": json.dumps(line)},
    )
    client.post("/api/complaints", json=VALID)
    with ThreadPoolExecutor(1) as pool:
        sync = pool.submit(runner.invoke, args=["complaints", "sync"])
        time.sleep(0.5)
        assert not sync.done()  # waiting for row 3's insert to end
        slow.commit()
        output = sync.result().output
    slow.close()
    engine.dispose()
    assert output.splitlines()[:3] == [
        f"queue: {make_url(queue_url).render_as_string(hide_password=True)}",
        "imported: 1",
        "already there: 0",
    ]
    assert "unreadable lines: 1\n  line 3: " in output
    with app.extensions["office"].session() as session:
        stored = {case.receipt: case.queue_line for case in session.query(Case)}
    assert stored[first[0]] == 1 and len(stored) == 3
    again = runner.invoke(args=["complaints", "sync"]).output
    assert "imported: 0\nalready there: 0\n" in again and "total lines: 4\n" in again


def test_queue_to_postgres_copies_a_file_once(
    make_app: Callable[..., Flask], queue_url: str, queue_path: Path
) -> None:
    app = make_app()
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/complaints", json=VALID).status_code == 201
    with queue_path.open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    command = ["complaints", "queue-to-postgres", queue_url]
    first = app.test_cli_runner().invoke(args=command)
    again = app.test_cli_runner().invoke(args=command)
    shown = make_url(queue_url).render_as_string(hide_password=True)
    assert first.output == (
        f"queue: {queue_path} -> {shown}\ncopied: 3\nalready there: 0\n"
        "unreadable lines: 1\n  line 4: not JSON text\n"
    )
    assert "copied: 0\nalready there: 3\n" in again.output
    lines = queue_path.read_text("utf-8").splitlines()[:3]
    assert [line for _, _, line in postgres_rows(queue_url)] == lines


def test_the_office_moves_from_the_file_to_postgresql_without_importing_twice(
    make_app: Callable[..., Flask], queue_url: str
) -> None:
    on_file = make_app()
    for _ in range(2):
        on_file.test_client().post("/api/complaints", json=VALID)
    assert "imported: 2\n" in on_file.test_cli_runner().invoke(args=["complaints", "sync"]).output
    on_file.test_cli_runner().invoke(args=["complaints", "queue-to-postgres", queue_url])
    runner = make_app(QUEUE_PATH=queue_url).test_cli_runner()
    refused = runner.invoke(args=["complaints", "sync"])
    assert refused.exit_code == 1 and "but the queue is now postgresql" in refused.output
    adopted = runner.invoke(args=["complaints", "sync", "--adopt-replaced-file"]).output
    assert "imported: 0\nalready there: 2\n" in adopted


def test_a_backup_leaves_a_postgresql_queue_to_the_server_and_says_so(
    make_app: Callable[..., Flask], queue_url: str, tmp_path: Path
) -> None:
    app = make_app(QUEUE_PATH=queue_url)
    app.test_client().post("/api/complaints", json=VALID)
    runner, folder = app.test_cli_runner(), tmp_path / "backups"
    made = runner.invoke(args=["office", "backup", str(folder)])
    assert made.exit_code == 0 and made.output.splitlines()[1] == f"note: {QUEUE_IN_POSTGRES}"
    manifest = json.loads(next(folder.glob("*/manifest.json")).read_text("utf-8"))
    assert manifest["queue"] == {"path": None, "note": QUEUE_IN_POSTGRES}
    assert runner.invoke(args=["office", "verify-backup", str(folder)]).exit_code == 0
