"""Real servers: gunicorn (4 worker processes) and waitress (8 threads) under concurrent load."""

from __future__ import annotations

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from intake_support import VALID, post_json, queued

CLIENTS = 16
PER_CLIENT = 25
TIME_LIMIT = 20.0  # seconds, for every load loop


def submit_until(url: str, count: int, stop: threading.Event, deadline: float) -> list[str]:
    """POST up to ``count`` complaints; the receipts of those acknowledged with 201."""
    receipts = []
    for n in range(count):
        if stop.is_set() or time.monotonic() > deadline:
            break
        try:
            status, body = post_json(url, {**VALID, "workers_affected": n + 1}, timeout=5)
        except (OSError, http.client.HTTPException):
            break  # the server was killed mid-request (or mid-answer): not acknowledged
        if status == 201:
            receipts.append(body["receipt"])
    return receipts


def load(
    url: str, stop: threading.Event, clients: int = CLIENTS, per_client: int = PER_CLIENT
) -> list[str]:
    """``clients`` concurrent clients posting up to ``per_client`` complaints each."""
    deadline = time.monotonic() + TIME_LIMIT
    with ThreadPoolExecutor(clients) as pool:
        batches = [
            pool.submit(submit_until, url, per_client, stop, deadline) for _ in range(clients)
        ]
        return [receipt for batch in batches for receipt in batch.result()]


def test_concurrent_submissions_give_exactly_one_line_each(gunicorn, queue_path: Path) -> None:
    server = gunicorn()
    acknowledged = load(server.url, threading.Event())
    assert len(acknowledged) == CLIENTS * PER_CLIENT
    assert len(set(acknowledged)) == len(acknowledged)
    lines = queued(queue_path)  # every line parses
    assert sorted(record["receipt"] for record in lines) == sorted(acknowledged)


def test_kill_9_under_load_loses_no_acknowledged_complaint(gunicorn, queue_path: Path) -> None:
    server = gunicorn()
    stop = threading.Event()
    result: list[str] = []
    loader = threading.Thread(target=lambda: result.extend(load(server.url, stop)))
    loader.start()
    deadline = time.monotonic() + TIME_LIMIT
    while time.monotonic() < deadline and (
        not queue_path.exists() or queue_path.stat().st_size < 20_000
    ):
        time.sleep(0.02)
    server.kill()
    stop.set()
    loader.join(timeout=TIME_LIMIT)
    assert result, "no complaint was acknowledged before the kill"

    restarted = gunicorn()  # recovers the file on start
    status, body = post_json(restarted.url, VALID)
    assert status == 201
    receipts = [record["receipt"] for record in queued(queue_path)]  # every line parses
    assert len(receipts) == len(set(receipts))
    assert set(result) | {body["receipt"]} <= set(receipts)


def test_waitress_gives_exactly_one_line_per_acknowledged_complaint(
    waitress, queue_path: Path
) -> None:
    server = waitress()  # the documented command for where gunicorn cannot run
    acknowledged = load(server.url, threading.Event(), clients=20, per_client=5)
    assert len(acknowledged) == 100
    assert len(set(acknowledged)) == len(acknowledged)
    lines = queued(queue_path)  # every line parses
    assert sorted(record["receipt"] for record in lines) == sorted(acknowledged)
