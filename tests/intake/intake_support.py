"""Helpers for the intake tests: a valid complaint, the queue's lines, real WSGI servers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from intake_api.queue.postgres_queue import TABLE, is_postgres_setting, queue_engine

REPO = Path(__file__).resolve().parents[2]
SECRET = "test-secret-0123456789abcdef0123456789abcdef"
VALID = {
    "name": "王小明",
    "phone": "13812345678",
    "employer": "宜良某建筑劳务有限公司",
    "work_location": "宜良县匡远街道某小区二期工地",
    "workers_affected": 12,
    "amount_owed": "86000.00",
    "owed_since": "2021-01",
    "description": "2020年10月到2021年1月在工地做钢筋工，包工头说年底结清，至今未付。",
    "reported_elsewhere": False,
    "rural_low_income": True,
    "consent": True,
}


# For the intake's behaviour, the same on either queue: once on a file, once on PostgreSQL.
both_backends = pytest.mark.parametrize("backend", ["file", "postgresql"], indirect=True)


def queued(queue: Path | str) -> list[dict]:
    """Every complaint in the queue (a file, or a PostgreSQL URL), parsed, in queue order.

    An unreadable line or row fails the test.
    """
    if isinstance(queue, str) and is_postgres_setting(queue):
        return [json.loads(line) for line in _postgres_lines(queue)]
    path = Path(queue)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _postgres_lines(url: str) -> list[str]:
    engine = queue_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(TABLE):
                return []  # the first complaint creates it
            query = text(f"SELECT line FROM {TABLE} ORDER BY id")
            return list(connection.execute(query).scalars())
    finally:
        engine.dispose()


def postgres_rows(url: str) -> list[tuple[int, str, str]]:
    """(id, receipt, line) of every row of a PostgreSQL queue, in queue order."""
    engine = queue_engine(url)
    try:
        with engine.connect() as connection:
            query = text(f"SELECT id, receipt, line FROM {TABLE} ORDER BY id")
            return [tuple(row) for row in connection.execute(query)]
    finally:
        engine.dispose()


def empty_postgres_queue(url: str) -> None:
    """Drop the queue's table (the app creates it again with its first complaint)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A server this test started (its own process group, so it can be killed whole)."""

    process: subprocess.Popen
    url: str

    def kill(self) -> None:
        """kill -9 the server and every worker."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _start(
    name: str,
    command: list[str],
    address: str,
    queue_path: Path,
    timeout: float,
    settings: Mapping[str, str] | None = None,
) -> Server:
    """Run ``command`` (listening on ``address``) on the queue in production mode, or fail.

    The limits are lifted unless ``settings`` (environment variables) set them.
    """
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "INTAKE_"))},
        "SECRET_KEY": SECRET,
        "INTAKE_QUEUE": str(queue_path),
        "INTAKE_INSTANCE_PATH": str(queue_path.parent / "instance"),
        "INTAKE_RATE_LIMIT": "100000 per minute",
        "INTAKE_GLOBAL_PER_MINUTE": "100000",
        "INTAKE_GLOBAL_PER_HOUR": "100000",
        "INTAKE_SERVE_SITE": "false",
        **(settings or {}),
    }
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
    server = Server(process, f"http://{address}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    server.kill()
    pytest.fail(f"{name} did not answer /healthz within {timeout} s (exit: {process.poll()})")


def start_gunicorn(
    queue_path: Path,
    workers: int = 4,
    timeout: float = 20,
    settings: Mapping[str, str] | None = None,
) -> Server:
    """gunicorn with ``workers`` processes on 127.0.0.1, answering /healthz, or fail."""
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("gunicorn is not installed (it does not run on Windows)")
    address = f"127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", address]
    command += ["--log-level", "warning", "intake_api:create_app()"]
    return _start("gunicorn", command, address, queue_path, timeout, settings)


def start_waitress(
    queue_path: Path,
    threads: int = 8,
    timeout: float = 20,
    settings: Mapping[str, str] | None = None,
) -> Server:
    """The documented ``waitress-serve`` command (one process, ``threads`` threads), or fail."""
    waitress_serve = shutil.which("waitress-serve", path=str(Path(sys.executable).parent))
    assert waitress_serve, "waitress is missing: install the test extra (pip install -e .[test])"
    address = f"127.0.0.1:{free_port()}"
    command = [waitress_serve, f"--listen={address}", f"--threads={threads}"]
    command += ["--call", "intake_api:create_app"]
    return _start("waitress", command, address, queue_path, timeout, settings)


def post_json(url: str, body: dict, timeout: float = 10) -> tuple[int, dict]:
    """POST a JSON body; the status and the parsed answer."""
    request = urllib.request.Request(
        url + "/api/complaints",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
