"""The disk's reserve and the queue's size cap, checked before every append; /healthz lock-free."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from intake_support import VALID, queued

from intake_api.queue import journal
from intake_api.queue.private_files import ProcessLock

UNAVAILABLE = (
    "系统暂时无法保存投诉，您的投诉没有提交成功。请稍后再试，或直接拨打 0871-67539921 反映。"
)
FORM = {**{k: str(v) for k, v in VALID.items()}, "consent": "y"}


def queue_records(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    """(level, message) of what the queue logged."""
    return [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "intake_api.queue.journal"
    ]


def test_past_the_size_cap_nothing_is_acknowledged_and_the_log_says_so_once(
    make_app, queue_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert make_app().test_client().post("/api/complaints", json=VALID).status_code == 201
    line = queue_path.stat().st_size  # every line of VALID is as long: fixed-size receipts
    client = make_app(QUEUE_MAX_BYTES=2 * line).test_client()
    assert client.get("/healthz").status_code == 200
    assert client.post("/api/complaints", json=VALID).status_code == 201  # exactly at the cap
    assert client.get("/healthz").json == {"status": "unavailable"}
    caplog.set_level(logging.INFO)
    for _ in range(3):
        answer = client.post("/api/complaints", json=VALID)
        assert (answer.status_code, answer.json) == (503, {"errors": {"queue": [UNAVAILABLE]}})
    page = client.post("/complaints", data=FORM)
    assert page.status_code == 503
    assert UNAVAILABLE in page.text and 'value="王小明"' in page.text  # what they typed stays
    assert len(queued(queue_path)) == 2
    assert queue_path.stat().st_size == 2 * line  # no partial line either
    cap = f"complaints.jsonl is at its size cap of {2 * line} bytes"
    assert queue_records(caplog) == [(logging.ERROR, f"no room, refusing new lines: {cap}")]
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1  # four refused posts, one alert


def test_the_disk_reserve_is_checked_before_every_append_and_logged_per_change(
    client: FlaskClient,
    queue_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """As on a nearly full disk: refused before writing, one line each way in the log."""
    assert client.post("/api/complaints", json=VALID).status_code == 201
    free = shutil.disk_usage(queue_path.parent).free
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(journal, "MIN_FREE_BYTES", free * 2)  # the disk is "full"
    statuses = [client.post("/api/complaints", json=VALID).status_code for _ in range(3)]
    statuses.append(client.post("/complaints", data=FORM).status_code)
    assert client.get("/healthz").status_code == 503
    monkeypatch.setattr(journal, "MIN_FREE_BYTES", 1024 * 1024)  # space freed
    statuses += [client.post("/api/complaints", json=VALID).status_code for _ in range(2)]
    monkeypatch.setattr(journal, "MIN_FREE_BYTES", free * 2)  # full again
    statuses.append(client.post("/api/complaints", json=VALID).status_code)
    assert statuses == [503, 503, 503, 503, 201, 201, 503]
    assert len(queued(queue_path)) == 3
    reserve = f"less than {free * 2} bytes free for complaints.jsonl"
    assert queue_records(caplog) == [
        (logging.ERROR, f"no room, refusing new lines: {reserve}"),
        (logging.WARNING, "room again in complaints.jsonl: accepting new lines"),
        (logging.ERROR, f"no room, refusing new lines: {reserve}"),
    ]
    # Each refused post leaves an info line, not an error: the alert is the one above.
    refused = [r for r in caplog.records if "complaint not queued" in r.getMessage()]
    assert len(refused) == 5 and {r.levelno for r in refused} == {logging.INFO}


def test_healthz_does_not_wait_for_the_queue_lock(client: FlaskClient, queue_path: Path) -> None:
    assert client.post("/api/complaints", json=VALID).status_code == 201
    answers: list[int] = []
    checker = threading.Thread(target=lambda: answers.append(client.get("/healthz").status_code))
    lock = ProcessLock(queue_path.with_name("complaints.jsonl.lock"))
    with lock:  # as if another worker were appending
        checker.start()
        checker.join(timeout=5)
        assert answers == [200], "/healthz waited for the append lock"
    checker.join()
    lock.close()


def test_healthz_writes_nothing(client: FlaskClient, queue_path: Path) -> None:
    """Read-only: a fresh intake's check creates neither the queue nor its folder."""
    assert client.get("/healthz").json == {"status": "ok"}
    assert not queue_path.parent.exists()
