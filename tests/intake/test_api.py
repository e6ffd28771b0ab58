"""POST /api/complaints: the contract, and a table of bad inputs that change nothing."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from flask.testing import FlaskClient
from intake_support import VALID, both_backends, queued


def with_(**changes: object) -> bytes:
    """The valid complaint with some fields changed (``None`` removes one), as JSON bytes."""
    body = {**VALID, **changes}
    return json.dumps({k: v for k, v in body.items() if v is not None}).encode()


def without(field: str) -> bytes:
    return json.dumps({k: v for k, v in VALID.items() if k != field}).encode()


JSON = "application/json"
valid = json.dumps(VALID, ensure_ascii=False)

BAD_INPUTS = [
    # (id, body, content type, status, field named in the errors)
    ("name-missing", without("name"), JSON, 422, "name"),
    ("name-blank", with_(name="   "), JSON, 422, "name"),
    ("name-too-long", with_(name="张" * 41), JSON, 422, "name"),
    ("name-control-char", with_(name="王\x07明"), JSON, 422, "name"),
    ("name-line-break", with_(name="王\n明"), JSON, 422, "name"),
    ("name-bidi-override", with_(name="王\u202e明"), JSON, 422, "name"),
    ("name-lone-surrogate", valid.replace('"王小明"', '"\\ud800"').encode(), JSON, 422, "name"),
    ("name-bidi-mark", with_(name="王\u200f明"), JSON, 422, "name"),
    ("name-line-separator", with_(name="王\u2028明"), JSON, 422, "name"),
    ("name-garbled", with_(name="\ufffd\ufffd"), JSON, 422, "name"),
    ("description-noncharacter", with_(description="欠\uffff"), JSON, 422, "description"),
    ("name-number", with_(name=42), JSON, 422, "name"),
    ("name-nested", with_(name={"a": [{"b": ["c"]}]}), JSON, 422, "name"),
    ("phone-10-digits", with_(phone="1381234567"), JSON, 422, "phone"),
    ("phone-landline", with_(phone="0871-67539921"), JSON, 422, "phone"),
    ("phone-starts-12", with_(phone="12812345678"), JSON, 422, "phone"),
    ("phone-number-type", with_(phone=13812345678), JSON, 422, "phone"),
    ("id-17-chars", with_(id_number="11010519491231002"), JSON, 422, "id_number"),
    ("id-bad-check", with_(id_number="110105194912310021"), JSON, 422, "id_number"),
    ("id-bad-birth-date", with_(id_number="110105194913310026"), JSON, 422, "id_number"),
    ("workers-zero", with_(workers_affected=0), JSON, 422, "workers_affected"),
    ("workers-too-many", with_(workers_affected=100_001), JSON, 422, "workers_affected"),
    ("workers-boolean", with_(workers_affected=True), JSON, 422, "workers_affected"),
    ("workers-string", with_(workers_affected="3"), JSON, 422, "workers_affected"),
    ("workers-fraction", with_(workers_affected=2.5), JSON, 422, "workers_affected"),
    ("amount-negative", with_(amount_owed="-1"), JSON, 422, "amount_owed"),
    ("amount-three-decimals", with_(amount_owed="1.234"), JSON, 422, "amount_owed"),
    ("amount-nan-string", with_(amount_owed="NaN"), JSON, 422, "amount_owed"),
    ("amount-stray-commas", with_(amount_owed="1,2,3"), JSON, 422, "amount_owed"),
    ("amount-decimal-comma", with_(amount_owed="86,50"), JSON, 422, "amount_owed"),
    ("amount-boolean", with_(amount_owed=False), JSON, 422, "amount_owed"),
    ("amount-too-large", with_(amount_owed=1_000_000_000), JSON, 422, "amount_owed"),
    (
        "amount-float-decimals",
        valid.replace('"86000.00"', "0.001").encode(),
        JSON,
        422,
        "amount_owed",
    ),
    ("owed-since-future", with_(owed_since="2999-01"), JSON, 422, "owed_since"),
    ("owed-since-month-13", with_(owed_since="2021-13"), JSON, 422, "owed_since"),
    ("owed-since-a-date", with_(owed_since="2021-03-01"), JSON, 422, "owed_since"),
    ("owed-since-1980", with_(owed_since="1980-01"), JSON, 422, "owed_since"),
    ("description-too-long", with_(description="欠" * 2001), JSON, 422, "description"),
    ("bool-as-string", with_(reported_elsewhere="false"), JSON, 422, "reported_elsewhere"),
    ("bool-as-number", with_(rural_low_income=0), JSON, 422, "rural_low_income"),
    ("consent-false", with_(consent=False), JSON, 422, "consent"),
    ("consent-string", with_(consent="true"), JSON, 422, "consent"),
    ("consent-missing", without("consent"), JSON, 422, "consent"),
    ("unknown-field", with_(bank_card="6222020000000000000"), JSON, 422, "bank_card"),
    ("unknown-channel", with_(channel="session:1999-01-01"), JSON, 422, "channel"),
    ("held-session-channel", with_(channel="session:2021-04-12"), JSON, 422, "channel"),
    ("nan-literal", valid.replace('"86000.00"', "NaN").encode(), JSON, 400, "body"),
    ("infinity-literal", valid.replace("12,", "Infinity,").encode(), JSON, 400, "body"),
    ("duplicate-key", valid.replace("{", '{"name": "x", ', 1).encode(), JSON, 400, "body"),
    ("not-an-object", b"[1, 2]", JSON, 400, "body"),
    ("a-string", b'"complaint"', JSON, 400, "body"),
    ("empty-body", b"", JSON, 400, "body"),
    ("broken-json", valid[:-5].encode(), JSON, 400, "body"),
    ("not-utf8", valid.encode("utf-8").replace("王".encode(), b"\xff\xfe"), JSON, 400, "body"),
    ("gbk-body", valid.encode("gbk"), JSON, 400, "body"),
    ("deeply-nested", b"[" * 30_000 + b"]" * 30_000, JSON, 400, "body"),
    ("huge-integer", b'{"workers_affected": ' + b"1" * 5000 + b"}", JSON, 400, "body"),
    ("text-plain", valid.encode(), "text/plain", 415, "body"),
    ("form-encoded", b"name=x", "application/x-www-form-urlencoded", 415, "body"),
    ("latin1-charset", valid.encode(), "application/json; charset=latin-1", 415, "body"),
    ("no-content-type", valid.encode(), None, 415, "body"),
    ("over-64-kb", with_(description="欠" * 30_000), JSON, 413, "body"),
]


@both_backends
@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client: FlaskClient,
    queue: str,
    body: bytes,
    content_type: str | None,
    status: int,
    field: str,
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    answer = client.post("/api/complaints", data=body, headers=headers)
    assert answer.status_code == status
    assert answer.mimetype == "application/json"
    assert field in answer.json["errors"]
    assert queued(queue) == []


def test_table_is_long_enough() -> None:
    assert len(BAD_INPUTS) >= 30
    assert len({case[0] for case in BAD_INPUTS}) == len(BAD_INPUTS)


@both_backends
def test_valid_complaint_is_queued_with_receipt_and_offset(client: FlaskClient, queue: str) -> None:
    answer = client.post("/api/complaints", json=VALID)
    assert answer.status_code == 201
    assert set(answer.json) == {"receipt", "received_at"}
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{12}", answer.json["receipt"])
    assert answer.json["received_at"].endswith("+08:00")
    datetime.fromisoformat(answer.json["received_at"])
    [record] = queued(queue)
    assert record["schema"] == 1
    assert record["receipt"] == answer.json["receipt"]
    assert record["received_at"] == answer.json["received_at"]
    assert record["channel"] == "online"
    assert record["source"] == "json"
    assert record["fields"]["amount_owed"] == "86000.00"
    assert record["fields"]["workers_affected"] == 12
    assert record["fields"]["rural_low_income"] is True


ONLINE_ONLY = "网上只能提交“网上提交”渠道的投诉；现场接访由工作人员登记。"


@both_backends
@pytest.mark.parametrize(
    "channel", ["session:2021-04-12", "session:1999-01-01", "", "Online", " online", False, 0]
)
def test_only_the_online_channel_is_accepted_here(
    client: FlaskClient, queue: str, channel: object
) -> None:
    answer = client.post("/api/complaints", json={**VALID, "channel": channel})
    assert answer.status_code == 422
    assert answer.json == {"errors": {"channel": [ONLINE_ONLY]}}
    assert queued(queue) == []


@both_backends
@pytest.mark.parametrize(
    "body",
    [VALID, {**VALID, "channel": "online"}, {**VALID, "channel": None}],
    ids=["absent", "online", "null"],
)
def test_an_absent_or_online_channel_is_queued_as_online(
    client: FlaskClient, queue: str, body: dict[str, object]
) -> None:
    assert client.post("/api/complaints", json=body).status_code == 201
    assert [record["channel"] for record in queued(queue)] == ["online"]


@both_backends
def test_free_text_is_kept_verbatim_after_nfc(client: FlaskClient, queue: str) -> None:
    name = "𠮷野 𪚥😀👩‍🔧"  # rare CJK (outside the BMP), emoji with a zero-width joiner
    decomposed = "e\u0301"  # NFC turns this into one character
    answer = client.post(
        "/api/complaints",
        json={**VALID, "name": f"  {name} ", "employer": "=SUM(A1:A9)", "project": decomposed},
    )
    assert answer.status_code == 201
    fields = queued(queue)[0]["fields"]
    assert fields["name"] == name
    assert fields["employer"] == "=SUM(A1:A9)"  # neutralising formulas is the export's job
    assert fields["project"] == "\u00e9"


@both_backends
def test_amount_as_json_number_is_exact(client: FlaskClient, queue: str) -> None:
    body = json.dumps(VALID).replace('"86000.00"', "1234.1")
    answer = client.post("/api/complaints", data=body, content_type=JSON)
    assert answer.status_code == 201
    assert queued(queue)[0]["fields"]["amount_owed"] == "1234.10"


def test_every_error_is_reported_at_once(client: FlaskClient) -> None:
    answer = client.post("/api/complaints", json={"phone": "1", "consent": True})
    assert answer.status_code == 422
    assert {
        "name",
        "phone",
        "employer",
        "work_location",
        "workers_affected",
        "amount_owed",
        "owed_since",
        "description",
    } <= set(answer.json["errors"])
    assert answer.json["errors"]["phone"] == ["请填写 11 位中国大陆手机号码，例如 13812345678。"]


@both_backends
def test_honeypot_answers_like_success_but_queues_nothing(client: FlaskClient, queue: str) -> None:
    answer = client.post("/api/complaints", json={**VALID, "website": "http://spam.example"})
    assert answer.status_code == 201
    assert set(answer.json) == {"receipt", "received_at"}
    assert queued(queue) == []


def test_unknown_api_path_answers_json(make_app) -> None:
    client = make_app(SERVE_SITE=False).test_client()
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404
    assert answer.json == {"errors": {"body": ["找不到这个页面。"]}}
    answer = client.get("/api/complaints")
    assert answer.status_code == 405
    assert answer.json == {"errors": {"body": ["不支持这种请求方式。"]}}


@both_backends
def test_rate_limit_answers_429_in_json(make_app, queue: str) -> None:
    client = make_app(RATE_LIMIT="2 per minute").test_client()
    statuses = [client.post("/api/complaints", json=VALID).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    answer = client.post("/api/complaints", json=VALID)
    assert answer.json == {"errors": {"body": ["提交太频繁了，请过几分钟再试。"]}}
    assert "Retry-After" in answer.headers
    assert len(queued(queue)) == 2


@both_backends
def test_rate_limit_counts_the_client_behind_the_proxy(make_app) -> None:
    client = make_app(RATE_LIMIT="1 per minute", PROXY_COUNT=1).test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "203.0.113.8"}
    assert client.post("/api/complaints", json=VALID, headers=first).status_code == 201
    assert client.post("/api/complaints", json=VALID, headers=first).status_code == 429
    assert client.post("/api/complaints", json=VALID, headers=second).status_code == 201


@both_backends
def test_thousands_separators_are_read(client: FlaskClient, queue: str) -> None:
    answer = client.post("/api/complaints", json={**VALID, "amount_owed": "12,000.50"})
    assert answer.status_code == 201
    assert queued(queue)[0]["fields"]["amount_owed"] == "12000.50"


@both_backends
@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/api/complaints", JSON, with_(description="欠" * 30_000)),
        (
            "/complaints",
            "application/x-www-form-urlencoded",
            b"name=x&description=" + b"x" * 70_000,
        ),
    ],
    ids=["json", "form"],
)
def test_a_long_chunked_body_is_refused_whole(
    client: FlaskClient, queue: str, path: str, content_type: str, body: bytes
) -> None:
    """Without Content-Length, Werkzeug would quietly cut the body at the limit."""
    answer = client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"},  # so no Content-Length counts
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn marks chunked bodies
    )
    assert answer.status_code == 413
    assert queued(queue) == []


@both_backends
def test_forwarded_for_is_ignored_without_a_trusted_proxy(make_app) -> None:
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "203.0.113.8"}
    assert client.post("/api/complaints", json=VALID, headers=first).status_code == 201
    assert client.post("/api/complaints", json=VALID, headers=second).status_code == 429


@both_backends
def test_unknown_keys_are_counted_not_logged(client: FlaskClient, caplog) -> None:
    """A key is typed by the sender: it could carry a phone or forge a log line."""
    caplog.set_level("INFO", logger="intake_api")
    hostile = "王小明 13812345678\ncomplaint queued receipt=FAKE"
    answer = client.post("/api/complaints", json={**VALID, hostile: "x", "extra": 1})
    assert answer.status_code == 422
    assert [r.getMessage() for r in caplog.records] == [
        "complaint refused (json): invalid +2 unknown"
    ]
    for forged in ("王小明", "13812345678", "FAKE", "extra"):
        assert forged not in caplog.text


@both_backends
def test_a_complaint_reads_the_clock_once(app, queue: str) -> None:
    """The "not in the future" rule and received_at use the same instant, even at midnight."""
    tz = app.extensions["intake"].clock().tzinfo
    instants = iter([datetime(2021, 3, 31, 23, 59, 59, tzinfo=tz), datetime(2021, 4, 1, tzinfo=tz)])
    app.extensions["intake"].clock = lambda: next(instants)
    answer = app.test_client().post("/api/complaints", json={**VALID, "owed_since": "2021-03"})
    assert answer.status_code == 201
    assert answer.json["received_at"] == "2021-03-31T23:59:59+08:00"
    assert queued(queue)[0]["received_at"] == "2021-03-31T23:59:59+08:00"
    assert next(instants) == datetime(2021, 4, 1, tzinfo=tz)  # never read
