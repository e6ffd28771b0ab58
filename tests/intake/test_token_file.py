"""The submission tokens' file: private, holding no token, and each thread's connection to it
following the path (a removed or unusable file), closed when its thread ends."""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from intake_support import VALID, both_backends, queued

KEY = "3f1c2a9e-8d7b-4c6a-9e1f-0a2b3c4d5e6f"
UNAVAILABLE = (
    "系统暂时无法保存投诉，您的投诉没有提交成功。请稍后再试，或直接拨打 0871-67539921 反映。"
)


@both_backends
def test_the_token_file_is_private_and_holds_no_token(
    client: FlaskClient, backend: str, queue_path: Path, tmp_path: Path
) -> None:
    answer = client.post("/api/complaints", json=VALID, headers={"Idempotency-Key": KEY})
    receipt = answer.json["receipt"]
    if backend == "file":
        tokens = queue_path.with_name("complaints.jsonl.tokens")  # beside the queue
    else:
        tokens = tmp_path / "instance" / "complaints.tokens"  # no queue file to sit beside
    # The file, its write-ahead log and the log's index (SQLite's WAL mode).
    files = sorted(tokens.parent.glob(f"{tokens.name}*"))
    assert [file.name for file in files] == [tokens.name + end for end in ("", "-shm", "-wal")]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        content = file.read_bytes()
        assert KEY.encode() not in content and VALID["name"].encode() not in content
        assert VALID["phone"].encode() not in content
    assert receipt.encode() in tokens.with_name(tokens.name + "-wal").read_bytes()


def test_a_removed_token_file_is_made_again_and_the_old_connections_leave_it_alone(
    app: Flask, queue_path: Path
) -> None:
    """Each thread keeps its connection: it must follow the path, not the removed file, and
    closing the old connection last must not take the new file's log with it."""
    tokens = queue_path.with_name("complaints.jsonl.tokens")

    def post(pool: ThreadPoolExecutor, key: str) -> str:
        headers = {"Idempotency-Key": key}
        answer = pool.submit(app.test_client().post, "/api/complaints", json=VALID, headers=headers)
        return answer.result().json["receipt"]

    with ThreadPoolExecutor(1) as first, ThreadPoolExecutor(1) as second:
        before = post(first, KEY)
        post(second, "second-thread-key-1")  # both threads now hold the old file
        for file in tokens.parent.glob(f"{tokens.name}*"):
            file.unlink()
        again = post(first, KEY)  # the new file, and its log, from the first thread
        post(second, "second-thread-key-2")  # the second closes the old file's last connection
        assert again != before  # the record of the first post went with the old file
        assert post(second, KEY) == post(first, KEY) == again
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert len(queued(queue_path)) == 4


def test_a_token_file_that_cannot_be_opened_refuses_the_post_then_recovers(
    client: FlaskClient, queue_path: Path
) -> None:
    tokens = queue_path.with_name("complaints.jsonl.tokens")
    assert client.post("/api/complaints", json=VALID, headers={"Idempotency-Key": KEY}).json
    for file in tokens.parent.glob(f"{tokens.name}*"):
        file.unlink()
    tokens.mkdir()  # a folder where the file should be
    headers = {"Idempotency-Key": "another-key-0001"}
    refused = client.post("/api/complaints", json=VALID, headers=headers)
    assert (refused.status_code, refused.json) == (503, {"errors": {"queue": [UNAVAILABLE]}})
    tokens.rmdir()
    assert client.post("/api/complaints", json=VALID, headers=headers).status_code == 201
    assert len(queued(queue_path)) == 2


def open_files() -> list[str]:
    """What this process has open (Linux)."""
    names = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(FileNotFoundError):  # the listing's own, closed by now
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
    return names


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files by /proc")
def test_a_thread_that_ends_closes_its_connection(app: Flask, queue_path: Path) -> None:
    """A server may start a thread per request: their connections must not pile up."""
    tokens = queue_path.with_name("complaints.jsonl.tokens")

    def post(n: int) -> None:
        headers = {"Idempotency-Key": f"short-lived-thread-{n}"}
        app.test_client().post("/api/complaints", json=VALID, headers=headers)

    for n in range(5):
        thread = threading.Thread(target=post, args=(n,))
        thread.start()
        thread.join()
    gc.collect()
    assert [name for name in open_files() if name.startswith(str(tokens))] == []
    assert len(queued(queue_path)) == 5
