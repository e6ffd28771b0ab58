"""The HTML form: CSRF, errors shown with values kept, the receipt page, the headers."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from flask.testing import FlaskClient
from intake_support import VALID, both_backends, queued
from site_paths import SEED_CONTENT

from intake_api.public.content import load_content, session_channel_choices
from intake_api.public.validation import validate_complaint
from intake_api.public.views import CSRF_MESSAGE, ENCODING_MESSAGE
from intake_api.queue.receipts import display_receipt
from site_builder.model import Change

FORM = {
    **{k: str(v) for k, v in VALID.items() if not isinstance(v, bool)},
    "rural_low_income": "y",
    "consent": "y",
}


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


def test_form_page_has_fields_labels_and_no_inline_code(client: FlaskClient) -> None:
    page = client.get("/complaints/new")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.text
    for name in ("name", "phone", "id_number", "owed_since", "consent", "website"):
        assert f'id="field-{name}"' in html
    assert '<label for="field-phone">手机号码</label>' in html
    assert "保存多久" in html  # the consent statement
    assert "style=" not in html and "<style" not in html
    # One script, from a file (the CSP forbids inline code), deferred so the page never waits.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/complaints/form.js" defer>']


def test_form_has_no_channel_select(client: FlaskClient) -> None:
    """The public only submits online; sessions are entered by staff."""
    html = client.get("/complaints/new").text
    assert "<select" not in html and "<option" not in html
    assert 'name="channel"' not in html and "受理渠道" not in html
    assert "session:" not in html and "现场接访" not in html


@both_backends
def test_a_session_channel_posted_to_the_form_is_recorded_as_online(
    client: FlaskClient, queue: str
) -> None:
    answer = client.post("/complaints", data={**FORM, "channel": "session:2021-04-12"})
    assert answer.status_code == 303
    assert [record["channel"] for record in queued(queue)] == ["online"]


@both_backends
def test_without_content_the_form_still_queues_online(make_app, tmp_path: Path, queue: str) -> None:
    client = make_app(CONTENT_DIR=str(tmp_path / "missing")).test_client()
    assert client.get("/complaints/new").status_code == 200
    assert client.post("/complaints", data=FORM).status_code == 303
    assert [record["channel"] for record in queued(queue)] == ["online"]


def test_session_channel_choices_are_held_sessions_the_latest_first() -> None:
    """For staff: not cancelled, on or before today; never ``online``."""
    site = load_content(SEED_CONTENT)
    assert site is not None
    called_off = next(s for s in site.sessions if s.id == "2021-04-26")
    change = Change("cancelled", date(2021, 4, 20), called_off.slot, called_off.slot)
    sessions = tuple(
        dataclasses.replace(s, changes=(change,)) if s is called_off else s for s in site.sessions
    )
    site = dataclasses.replace(site, sessions=sessions)
    choices = session_channel_choices(site, date(2021, 5, 10))
    assert [value for value, _ in choices] == ["session:2021-05-10", "session:2021-04-12"]
    assert choices[1][1].startswith("现场接访：2021年4月12日（星期一）")
    assert session_channel_choices(site, date(2021, 4, 11)) == []
    assert session_channel_choices(None, date(2021, 5, 10)) == []


def test_staff_channels_take_a_session_and_refuse_online() -> None:
    """The shared rules with the channels staff will offer (the public passes only online)."""
    raw = {**VALID, "channel": "session:2021-04-12"}
    staff = ["session:2021-04-12"]
    verdict = validate_complaint(raw, today=date(2021, 5, 10), channels=staff, source="json")
    assert verdict.ok and verdict.fields["channel"] == "session:2021-04-12"
    verdict = validate_complaint(VALID, today=date(2021, 5, 10), channels=staff, source="json")
    assert verdict.errors == {"channel": ["请选择受理渠道。"]}


@both_backends
def test_valid_post_redirects_to_a_receipt_without_personal_data(
    client: FlaskClient, queue: str
) -> None:
    answer = client.post("/complaints", data=FORM)
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/complaints/received"
    [record] = queued(queue)
    assert record["source"] == "form"
    assert record["fields"]["rural_low_income"] is True
    assert record["fields"]["reported_elsewhere"] is False
    receipt = client.get("/complaints/received")
    assert receipt.status_code == 200
    assert receipt.headers["Cache-Control"] == "no-store"
    shown = record["receipt"]
    assert display_receipt(shown) in receipt.text
    assert "0871-67539921" in receipt.text
    for personal in ("王小明", "13812345678", "宜良某建筑劳务有限公司", "86000"):
        assert personal not in receipt.text


@both_backends
def test_errors_are_summarised_linked_and_values_kept(client: FlaskClient, queue: str) -> None:
    answer = client.post("/complaints", data={**FORM, "phone": "12345", "consent": ""})
    assert answer.status_code == 422
    html = answer.text
    assert "有 2 处需要修改" in html
    assert '<a href="#field-phone">手机号码：请填写 11 位中国大陆手机号码' in html
    assert '<a href="#field-consent">' in html
    assert 'value="12345"' in html and 'value="宜良某建筑劳务有限公司"' in html
    assert 'aria-invalid="true"' in html
    assert queued(queue) == []


@both_backends
def test_csrf_is_enforced_and_an_expired_token_keeps_the_values(make_app, queue: str) -> None:
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = csrf_token(client.get("/complaints/new").text)
    refused = client.post("/complaints", data=FORM)
    assert refused.status_code == 400
    assert CSRF_MESSAGE in refused.text
    assert 'value="王小明"' in refused.text
    fresh = csrf_token(refused.text)
    assert queued(queue) == []
    assert client.post("/complaints", data={**FORM, "csrf_token": "forged"}).status_code == 400
    assert client.post("/complaints", data={**FORM, "csrf_token": token}).status_code == 303
    assert client.post("/complaints", data={**FORM, "csrf_token": fresh}).status_code == 303
    assert len(queued(queue)) == 2


@both_backends
def test_honeypot_looks_like_success_but_is_not_queued(client: FlaskClient, queue: str) -> None:
    answer = client.post("/complaints", data={**FORM, "website": "http://spam.example"})
    assert answer.status_code == 303
    assert client.get("/complaints/received").status_code == 200
    assert queued(queue) == []


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/complaints/new").headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_receipt_page_without_a_complaint_goes_to_the_form(client: FlaskClient) -> None:
    answer = client.get("/complaints/received")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/complaints/new"


def test_oversized_form_gets_a_friendly_page(client: FlaskClient) -> None:
    answer = client.post("/complaints", data={**FORM, "description": "欠" * 40_000})
    assert answer.status_code == 413
    assert "提交的内容太长了" in answer.text
    assert answer.mimetype == "text/html"


@both_backends
def test_logs_carry_the_receipt_and_no_personal_data(client: FlaskClient, caplog) -> None:
    caplog.set_level("INFO", logger="intake_api")
    client.post("/complaints", data=FORM)
    client.post("/complaints", data={**FORM, "phone": "12345"})
    text = caplog.text
    assert "complaint queued receipt=" in text
    assert "invalid phone" in text
    for personal in ("王小明", "13812345678", "12345 ", "86000", "宜良某建筑"):
        assert personal not in text


@both_backends
def test_a_form_in_another_encoding_is_refused_not_queued_as_garbage(
    client: FlaskClient, queue: str
) -> None:
    """Werkzeug would keep GBK bytes as the text "%CD%F5..." and the complaint would be queued."""
    body = urlencode(FORM, encoding="gbk")
    answer = client.post(
        "/complaints", data=body, content_type="application/x-www-form-urlencoded; charset=gbk"
    )
    assert answer.status_code == 400
    assert ENCODING_MESSAGE in answer.text
    parts = [(k, v.encode()) for k, v in FORM.items() if k != "name"] + [("name", b"\xcd\xf5")]
    multipart = b"".join(
        b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v)
        for k, v in parts
    )
    answer = client.post(
        "/complaints", data=multipart + b"--B--\r\n", content_type="multipart/form-data; boundary=B"
    )
    assert answer.status_code == 422
    assert "姓名含有乱码" in answer.text
    assert queued(queue) == []


@both_backends
def test_a_form_post_reads_the_clock_once(app, queue: str) -> None:
    reads = []

    def clock() -> datetime:
        reads.append(1)
        return datetime.fromisoformat("2021-03-31T23:59:59+08:00")

    app.extensions["intake"].clock = clock
    answer = app.test_client().post("/complaints", data=FORM)
    assert answer.status_code == 303
    assert len(reads) == 1
    assert queued(queue)[0]["received_at"] == "2021-03-31T23:59:59+08:00"


@both_backends
def test_absent_fields_are_required_and_an_absent_box_is_unticked(
    client: FlaskClient, queue: str
) -> None:
    """A post without a text field or the consent box (None in the form) reads as left empty."""
    data = {k: v for k, v in FORM.items() if k not in ("name", "consent")}
    answer = client.post("/complaints", data=data)
    assert answer.status_code == 422
    assert "姓名：请填写姓名。" in answer.text
    assert "同意提交这些信息：请勾选同意，我们才能受理和处理您的投诉。" in answer.text
    assert queued(queue) == []
