"""``site-builder serve`` as a real process: serves, rebuilds on change, survives errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def _wait_for(predicate, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def preview(seed_dir: Path, tmp_path: Path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "site_builder",
            "serve",
            "--content",
            str(seed_dir),
            "--out",
            str(tmp_path / "out"),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: _get(base)[0] == 200), (tmp_path / "serve.log").read_text()
        yield base, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_serves_pages_feeds_and_a_404(preview) -> None:
    base, _log = preview
    status, kind, body = _get(base + "index.html")
    assert (status, kind) == (200, "text/html; charset=utf-8") and "全部接访日程" in body
    status, kind, body = _get(base + "calendar.ics")
    assert (status, kind) == (200, "text/calendar; charset=utf-8")
    assert body.startswith("BEGIN:VCALENDAR")
    assert f"URL:{base}sessions/2021-04-12.html" in body.replace("\r\n ", "")
    status, kind, body = _get(base + "no/such/page")
    assert status == 404 and "找不到这个页面" in body


def test_rebuilds_on_change_and_keeps_serving_through_errors(preview, seed_dir: Path) -> None:
    base, log = preview
    site = seed_dir / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("title: 2021年", "title: 更新后的2021年"), encoding="utf-8")
    assert _wait_for(lambda: "更新后的2021年" in _get(base)[2])
    site.write_text(text.replace("title: 2021年", "title: [unclosed"), encoding="utf-8")
    assert _wait_for(lambda: "build failed" in log.read_text())
    assert "site.yaml:" in log.read_text() and "Traceback" not in log.read_text()
    assert "更新后的2021年" in _get(base)[2]  # the last good build is still served
