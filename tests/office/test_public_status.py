"""The public status page: each state in plain words, one answer for every miss, limits per
address and per receipt, the access log, a fresh complaint found, CSRF, and a phone screen."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from headless_browser import NewPage, axe_violations
from intake_support import VALID
from sqlalchemy import select

from intake_api.office.casework import Actor
from intake_api.office.extension import Office
from intake_api.office.models import AccessRecord
from intake_api.office.public_status import (
    CSRF_EXPIRED,
    DIGITS_WRONG,
    NO_MATCH,
    RECEIPT_MISSING,
    TOO_MANY,
    UNAVAILABLE,
)
from intake_api.queue.receipts import display_receipt, new_receipt

STATUS = "/complaints/status"
ENDING = VALID["phone"][-4:]
CLERK = Actor("张敏", "clerk")
OFFICE_PHONE = "0871-67539921"
TEL = '<a href="tel:087167539921">'
STYLE = Path(__file__).resolve().parents[2] / "templates" / "static" / "style.css"


def look_up(client: FlaskClient, receipt: str, digits: str = ENDING, **extra: str):
    return client.post(STATUS, data={"receipt": receipt, "digits": digits, **extra})


def answer_of(response) -> tuple[str, str]:
    """(receipt shown, the state's sentence) of a found case's page."""
    found = re.search(r'<h2 id="answer-heading">受理编号 (.+?)</h2>\s*<p>(.+?)</p>', response.text)
    assert found, response.text
    return found[1], html.unescape(found[2])


def notice_of(response) -> str:
    found = re.search(r'<div class="notice" role="alert">\s*<p>(.+?)</p>', response.text)
    assert found, response.text
    return html.unescape(found[1])


def act(office: Office, method: str, *args: object, **kwargs: object) -> None:
    with office.session() as session:
        getattr(office.casework(session), method)(*args, **kwargs)


def imported(office: Office, receipt: str) -> str:
    with office.session() as session:
        office.sync(session)
    return receipt


def access_log(office: Office) -> list[tuple[str, str, str, str]]:
    with office.session() as session:
        rows = session.execute(select(AccessRecord).order_by(AccessRecord.id)).scalars()
        return [(row.actor, row.action, row.receipts, row.detail) for row in rows]


@pytest.fixture
def office(app: Flask) -> Office:
    return app.extensions["office"]


def test_a_complaint_filed_a_moment_ago_is_found_in_any_typed_form(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str]
) -> None:
    # One receipt in three has a 0 in it: file until one does, to type it as the letter O.
    receipt = next(r for r in (file_complaint() for _ in range(40)) if "0" in r)
    shown = display_receipt(receipt)
    received = "已收到，正在分派给责任单位（收到日期 2021年5月10日）。"
    for typed in (
        receipt,
        shown.lower(),
        receipt.replace("0", "O"),
        f" {receipt[:4]} {receipt[4:8]} {receipt[8:]} ",
        shown.replace("-", "—"),  # the dash a Chinese keyboard types
        "".join(chr(ord(c) + 0xFEE0) for c in receipt),  # full-width letters and digits
    ):
        response = look_up(client, typed, digits="５６７８" if typed == receipt else ENDING)
        assert response.status_code == 200, typed
        assert answer_of(response) == (shown, received)
        assert f"有疑问请打电话 {TEL}" in response.text
    for personal in ("王小明", VALID["phone"], ENDING, VALID["employer"], VALID["amount_owed"]):
        assert personal not in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_each_state_in_plain_words(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str], clock
) -> None:
    receipt = imported(office, file_complaint())

    clock.set("2021-05-12T10:00")
    act(office, "assign", receipt, 1, CLERK, unit_id="zjj", deadline=date(2021, 5, 27))
    assert answer_of(look_up(client, receipt))[1] == (
        "由县住建局办理，自 2021年5月12日起；办理期限 2021年5月27日。"
    )
    clock.set("2021-05-20T16:00")
    act(office, "close", receipt, 2, CLERK, result="老板已于5月19日结清全部工资 <3 万元>。")
    assert answer_of(look_up(client, receipt))[1] == (
        "已于 2021年5月20日办结。办理结果：老板已于5月19日结清全部工资 <3 万元>。"
    )


def test_a_duplicate_names_no_other_complaint(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str]
) -> None:
    first = file_complaint()
    second = imported(office, file_complaint())
    act(office, "mark_duplicate", second, 1, CLERK, of=first)
    response = look_up(client, second)
    assert answer_of(response)[1] == "已与此前反映同一件事的投诉合并办理，不再单独办理。"
    assert first not in response.text and display_receipt(first) not in response.text


def test_an_invalid_complaint_is_not_accepted_with_the_office_phone(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str]
) -> None:
    receipt = imported(office, file_complaint())
    act(office, "mark_invalid", receipt, 1, CLERK, kind="spam", reason="广告")
    response = look_up(client, receipt)
    assert answer_of(response)[1] == f"未予受理。如有疑问，请打电话 {OFFICE_PHONE} 询问。"
    assert "广告" not in response.text and "有疑问请打电话" not in response.text


def test_wrong_digits_and_an_unknown_receipt_get_one_identical_answer(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str], caplog
) -> None:
    receipt = imported(office, file_complaint())
    unknown = new_receipt()
    caplog.set_level(logging.INFO)
    caplog.clear()  # the queue's line names the receipt; only the lookups' lines count here
    wrong = look_up(client, receipt, digits="1234")
    nobody = look_up(client, unknown)
    malformed = look_up(client, "7KQ2-M9XD-3HTX")  # fails the check character
    for response in (wrong, nobody, malformed):
        assert response.status_code == 200
        assert notice_of(response) == NO_MATCH
    assert wrong.data.replace(receipt.encode(), b"") == nobody.data.replace(unknown.encode(), b"")
    assert look_up(client, receipt).status_code == 200
    assert access_log(office) == [
        ("public", "status-lookup", receipt, "wrong digits"),
        ("public", "status-lookup", unknown, "unknown"),
        ("public", "status-lookup", "", "unknown"),
        ("public", "status-lookup", receipt, "found"),
    ]
    logged = caplog.text
    assert "status lookup: no match" in logged and f"status lookup: {receipt} found" in logged
    assert unknown not in logged and "1234" not in logged and ENDING not in logged
    assert logged.count(receipt) == 1  # only the found lookup names it


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"receipt": "", "digits": ENDING}, [RECEIPT_MISSING]),
        ({"receipt": "7KQ2-M9XD-3HT8", "digits": "567"}, [DIGITS_WRONG]),
        ({"receipt": " ", "digits": "56a8"}, [RECEIPT_MISSING, DIGITS_WRONG]),
    ],
    ids=["no receipt", "three digits", "neither"],
)
def test_missing_fields_are_named(client: FlaskClient, form: dict, errors: list[str]) -> None:
    response = client.post(STATUS, data=form)
    assert response.status_code == 422
    assert re.findall(r'<p class="field-error" id="error-\w+">(.+?)</p>', response.text) == errors
    assert 'value="567"' not in response.text  # the digits are never sent back


def test_wrong_tries_per_receipt_are_limited_and_the_right_ones_are_not(
    client: FlaskClient, office: Office, file_complaint: Callable[..., str]
) -> None:
    receipt, other = file_complaint(), file_complaint()
    for _ in range(2):
        assert look_up(client, receipt).status_code == 200  # found: not counted
    for _ in range(5):
        assert notice_of(look_up(client, receipt.lower(), digits="0000")) == NO_MATCH
    refused = look_up(client, display_receipt(receipt))  # the right digits, too late
    assert refused.status_code == 429
    assert notice_of(refused) == TOO_MANY
    assert refused.headers["Cache-Control"] == "no-store"
    assert int(refused.headers["Retry-After"]) > 0
    assert answer_of(look_up(client, other))[0] == display_receipt(other)


def test_lookups_per_address_are_limited(client: FlaskClient) -> None:
    for _ in range(10):
        assert client.post(STATUS, data={"receipt": "", "digits": ""}).status_code == 422
    assert client.post(STATUS, data={"receipt": "", "digits": ""}).status_code == 429
    assert client.get(STATUS).status_code == 200  # the form itself is never limited


def test_a_refused_queue_or_a_broken_database_says_so_without_a_traceback(
    make_app: Callable[..., Flask],
    client: FlaskClient,
    office: Office,
    file_complaint: Callable[..., str],
    queue_path: Path,
    tmp_path: Path,
    caplog,
) -> None:
    known = imported(office, file_complaint())
    fresh = file_complaint()
    copy = tmp_path / "copy.jsonl"
    shutil.copyfile(queue_path, copy)
    os.replace(copy, queue_path)  # an editor's save: another file under the same name
    refused = look_up(client, fresh)
    assert refused.status_code == 503
    assert notice_of(refused) == UNAVAILABLE
    assert f"查不到或有疑问，请打电话 {TEL}" in refused.text
    assert answer_of(look_up(client, known))[0] == display_receipt(known)  # already imported
    assert access_log(office)[0] == ("public", "status-lookup", fresh, "queue refused")

    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database\n" * 100)
    caplog.set_level(logging.INFO)
    response = look_up(make_app(OFFICE_DATABASE_URL=f"sqlite:///{broken}").test_client(), known)
    assert response.status_code == 503
    assert notice_of(response) == UNAVAILABLE
    assert "Traceback" not in response.text and "Traceback" not in caplog.text
    assert "status lookup: cannot show a status: DatabaseError" in caplog.text
    assert ENDING not in caplog.text


def test_a_site_without_content_still_answers(
    make_app: Callable[..., Flask], tmp_path: Path, clock
) -> None:
    app = make_app(CONTENT_DIR=str(tmp_path / "missing"))
    client, office = app.test_client(), app.extensions["office"]
    filed = client.post("/api/complaints", json=VALID).json["receipt"]
    assert answer_of(look_up(client, filed))[1] == (
        "已收到，正在分派给责任单位（收到日期 2021年5月10日）。"
    )
    act(office, "assign", filed, 1, CLERK, unit_id="zjj", deadline=date(2021, 5, 27))
    assert answer_of(look_up(client, filed))[1] == (
        "由责任单位办理，自 2021年5月10日起；办理期限 2021年5月27日。"
    )
    act(office, "mark_invalid", filed, 2, CLERK, kind="test", reason="测试")
    assert answer_of(look_up(client, filed))[1] == "未予受理。如有疑问，请向接访办公室询问。"
    page = client.get(STATUS)
    assert page.status_code == 200 and "请打电话" not in page.text


def test_csrf_is_enforced(make_app: Callable[..., Flask], file_complaint: Callable[..., str]):
    receipt = file_complaint()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(STATUS).text)
    assert token
    refused = look_up(client, receipt)
    assert refused.status_code == 400
    assert notice_of(refused) == CSRF_EXPIRED
    assert look_up(client, receipt, csrf_token="forged").status_code == 400
    assert answer_of(look_up(client, receipt, csrf_token=token[1]))[0] == display_receipt(receipt)


def test_the_receipt_page_links_here(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["receipt"] = new_receipt()
    page = client.get("/complaints/received").text
    assert f'<a href="{STATUS}">以后可以在这里查询办理进度</a>' in page


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("javascript", [False, True], ids=["javascript off", "axe"])
def test_on_a_phone(
    client: FlaskClient, file_complaint: Callable[..., str], chromium: NewPage, javascript: bool
) -> None:
    receipt = file_complaint()
    page = chromium(java_script_enabled=javascript, viewport={"width": 360, "height": 740})
    page.set_default_timeout(10_000)

    def serve(route) -> None:
        """Answer the browser from the test client (and the site's stylesheet from disk)."""
        request = route.request
        path = request.url.removeprefix("http://intake.test")
        if path == "/style.css":
            route.fulfill(body=STYLE.read_bytes(), content_type="text/css")
            return
        response = client.open(
            path,
            method=request.method,
            data=request.post_data_buffer,
            content_type=request.headers.get("content-type"),
        )
        route.fulfill(
            status=response.status_code, headers=dict(response.headers), body=response.data
        )

    page.route("**/*", serve)
    page.goto(f"http://intake.test{STATUS}")
    page.fill("#field-receipt", display_receipt(receipt).lower())
    page.fill("#field-digits", ENDING)
    page.click("button[type=submit]")
    assert "已收到，正在分派给责任单位" in page.inner_text("main")
    assert page.url == f"http://intake.test{STATUS}"  # nothing personal in the address
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if javascript:  # axe runs as a script in the page
        assert axe_violations(page) == []
