"""The complaint form in headless Chromium at a phone's size, with the app's real headers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from headless_browser import NewPage, axe_violations
from intake_support import VALID, queued
from playwright.sync_api import Page
from werkzeug.serving import make_server

from site_builder.cli import main

PHONE = {"width": 360, "height": 740}
TYPED = {
    "name": VALID["name"],
    "phone": VALID["phone"],
    "employer": VALID["employer"],
    "work_location": VALID["work_location"],
    "workers_affected": "三个人",
    "amount_owed": "1.2万",
    "owed_since": "2021-03",
    "description": VALID["description"],
}


@pytest.fixture
def form_url(make_app, tmp_path: Path) -> Iterator[str]:
    """The app (CSRF on, as in production) and the built site, served by a thread."""
    app: Flask = make_app(WTF_CSRF_ENABLED=True, SERVE_SITE=True)
    args = ["build", "--content", app.config["CONTENT_DIR"], "--out", app.config["SITE_DIR"]]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/complaints/new"
    server.shutdown()
    thread.join()


def open_form(chromium: NewPage, url: str, **options: object) -> tuple[Page, list[str]]:
    """The form on a phone, and the list the page's console errors are collected in."""
    page = chromium(viewport=PHONE, **options)
    errors: list[str] = []
    # A refused post is answered 422 on purpose, which Chromium logs as a failed load.
    expected = "the server responded with a status of 422"
    page.on(
        "console",
        lambda message: (
            message.type == "error" and expected not in message.text and errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return page, errors


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#field-{name}", value)


def test_an_empty_submit_focuses_the_summary_and_a_link_shows_the_question(
    chromium: NewPage, form_url: str
) -> None:
    page, errors = open_form(chromium, form_url)
    page.click("button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.click(".error-summary a[href='#field-amount_owed']")
    assert page.evaluate("document.activeElement.id") == "field-amount_owed"
    label = page.locator("label[for='field-amount_owed']").bounding_box()
    box = page.locator("#field-amount_owed").bounding_box()
    assert label and box and label["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    assert axe_violations(page) == []
    # The address bar now says /complaints: reloading it shows the form again.
    assert page.url.endswith("/complaints")
    page.goto(page.url)
    assert page.url == form_url and page.locator("#field-name").count() == 1
    assert errors == []


def test_a_draft_survives_a_reload_but_not_the_id_number(chromium: NewPage, form_url: str) -> None:
    page, errors = open_form(chromium, form_url)
    fill(page, {"name": "王小明", "phone": "13812345678", "id_number": "11010519491231002X"})
    page.check("#field-rural_low_income")
    page.reload()
    assert page.input_value("#field-name") == "王小明"
    assert page.input_value("#field-phone") == "13812345678"
    assert page.input_value("#field-id_number") == ""
    assert page.is_checked("#field-rural_low_income")
    assert errors == []


def test_a_double_tap_queues_once_and_the_receipt_clears_the_draft(
    chromium: NewPage, form_url: str, queue_path: Path
) -> None:
    page, errors = open_form(chromium, form_url)
    fill(page, TYPED)
    page.check("#field-consent")
    page.dblclick("button[type=submit]")
    page.wait_for_url("**/complaints/received")
    assert page.locator(".receipt-number").count() == 1
    [line] = queued(queue_path)
    assert (line["fields"]["amount_owed"], line["fields"]["workers_affected"]) == ("12000.00", 3)
    page.goto(form_url)
    assert page.input_value("#field-name") == ""
    assert errors == []


def test_without_javascript_the_form_still_works(
    chromium: NewPage, form_url: str, queue_path: Path
) -> None:
    page, _ = open_form(chromium, form_url, java_script_enabled=False)
    page.click("button[type=submit]")
    assert page.locator(".error-summary h2").inner_text() == "有 9 处需要修改"
    fill(page, TYPED)
    page.check("#field-consent")
    page.click("button[type=submit]")
    page.wait_for_url("**/complaints/received")
    assert len(queued(queue_path)) == 1
