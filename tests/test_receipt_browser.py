"""A worker's complaint on a small phone in headless Chromium, against the real app: the
form, the receipt read aloud at 320 px, and the status page found with what a worker types."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from headless_browser import NewPage, axe_violations, served
from playwright.sync_api import Page

from intake_api import create_app
from site_builder.cli import main

CITY = Path(__file__).resolve().parent.parent / "docs" / "examples" / "city-monthly"

SMALL_PHONE = {"width": 320, "height": 568}
OLD_RECEIPT = "7KQ2M9XD3HT8"  # a receipt issued before receipts were digits only
TYPED = {
    "name": "王小明",
    "phone": "13812345678",
    "employer": "宜良某建筑劳务有限公司",
    "work_location": "宜良县匡远街道某小区二期工地",
    "workers_affected": "3人",
    "amount_owed": "1.2万",
    "owed_since": "2021-03",  # Chromium's month picker sets this; the words are for the server
    "description": "2020年10月到2021年1月在工地做钢筋工，包工头说年底结清，至今未付。",
}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The documented city office's app as it runs (CSRF on, the site served), on a private
    queue and database."""
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(CITY),
            "SECRET_KEY": "a test secret that is long enough",
            "QUEUE_PATH": str(tmp_path / "queue" / "complaints.jsonl"),
            "OFFICE_DATABASE_URL": f"sqlite:///{tmp_path / 'office.sqlite3'}",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": True,
            "SITE_DIR": str(tmp_path / "output"),
            "SERVE_SITE": True,
        }
    )
    args = ["build", "--content", app.config["CONTENT_DIR"], "--out", app.config["SITE_DIR"]]
    result = CliRunner().invoke(main, [*args, "--today", "2025-03-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    yield app
    app.extensions["intake"].queue.close()
    app.extensions["office"].database.dispose()


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """The app served on 127.0.0.1 by a thread of this process."""
    with served(app) as url:
        yield url


def _sync(app: Flask) -> None:
    """The office imports the queue, as its timer does, so the status page finds the case."""
    office = app.extensions["office"]
    with office.session() as session:
        office.sync(session)


def _look_up(page: Page, base_url: str, receipt: str) -> str:
    page.goto(base_url + "/complaints/status")
    page.fill("#field-receipt", receipt)
    page.fill("#field-digits", TYPED["phone"][-4:])
    page.click("button[type=submit]")
    return page.locator("#answer-heading").inner_text()


def _wide(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") > SMALL_PHONE["width"]


def test_a_worker_files_once_reads_the_receipt_aloud_and_finds_the_case(
    chromium: NewPage, app: Flask, base_url: str
) -> None:
    page = chromium(viewport=SMALL_PHONE)
    page.goto(base_url + "/complaints/new")
    page.click("button[type=submit]")
    assert page.locator(".error-summary").is_visible() and not _wide(page)
    for name, value in TYPED.items():
        page.fill(f"#field-{name}", value)
    page.check("#field-consent")
    page.dblclick("button[type=submit]")
    page.wait_for_url("**/complaints/received")
    shown = page.locator(".receipt-number strong")
    receipt = shown.inner_text()
    assert re.fullmatch(r"\d{4} \d{4} \d{4}", receipt)
    lines = shown.evaluate("number => [...number.getClientRects()].map(r => r.right)")
    assert len(lines) == 1 and lines[0] <= SMALL_PHONE["width"]  # one line, all of it in view
    assert not _wide(page) and axe_violations(page) == []
    call = page.get_by_role("heading", name="想问进展或补充情况").locator("+ p")
    assert call.inner_text() == "请打电话 0871-63158820（工作日 9:00–17:30），并报受理编号。"
    next_steps = page.get_by_role("heading", name="接下来会怎样").locator("+ ol > li")
    assert next_steps.nth(1).inner_text() == (  # follow_up in site.yaml: when, and which number
        "负责办理的工作人员会在3个工作日内打您留下的手机号码联系您，了解详细情况。"
        "请留意来电，来电号码是 0871-63158820，请不要当作骚扰电话拒接。"
    )
    page.reload()  # the receipt stays for the browser session
    assert page.locator(".receipt-number strong").inner_text() == receipt
    queue = Path(app.config["QUEUE_PATH"])
    [line] = queue.read_text("utf-8").splitlines()  # the double tap queued one complaint
    # An old receipt's complaint, as an earlier version queued it.
    old = {**json.loads(line), "receipt": OLD_RECEIPT}
    with queue.open("a", encoding="utf-8") as file:
        file.write(json.dumps(old, ensure_ascii=False) + "\n")
    _sync(app)
    full_width = receipt.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert _look_up(page, base_url, full_width) == f"受理编号 {receipt}"
    assert _look_up(page, base_url, "7kq2-m9xd-3ht8") == "受理编号 7KQ2-M9XD-3HT8"
    assert not _wide(page) and axe_violations(page) == []
