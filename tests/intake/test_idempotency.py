"""One complaint per submission: a double tap, a resent post or an API retry gets the first
receipt back; the same token with a different complaint is refused and queues nothing."""

from __future__ import annotations

import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from intake_support import VALID, both_backends, queued

FORM = {
    **{k: str(v) for k, v in VALID.items() if not isinstance(v, bool)},
    "rural_low_income": "y",
    "consent": "y",
}
KEY = "3f1c2a9e-8d7b-4c6a-9e1f-0a2b3c4d5e6f"
REUSED = (
    "这个 Idempotency-Key 已经用于另一份内容不同的投诉（受理编号 {receipt}），"
    "这份投诉没有提交。新的投诉请使用新的 Idempotency-Key。"
)


def form_token(client: FlaskClient) -> str:
    page = client.get("/complaints/new").text
    return re.search(r'name="submission" type="hidden" value="([^"]+)"', page)[1]


def receipt_shown(client: FlaskClient) -> str:
    return re.search(
        r'class="receipt-number"><strong>([^<]+)<', client.get("/complaints/received").text
    )[1]


@both_backends
def test_a_double_tap_on_the_form_gives_the_first_receipt(client: FlaskClient, queue: str) -> None:
    token = form_token(client)
    first = client.post("/complaints", data={**FORM, "submission": token})
    shown = receipt_shown(client)
    again = client.post("/complaints", data={**FORM, "submission": token})
    assert (first.status_code, again.status_code) == (303, 303)
    assert receipt_shown(client) == shown
    [line] = queued(queue)
    assert "submission" not in line and "submission" not in line["fields"]


@both_backends
def test_a_refused_post_keeps_its_token_for_the_corrected_one(
    client: FlaskClient, queue: str
) -> None:
    token = form_token(client)
    refused = client.post("/complaints", data={**FORM, "phone": "123", "submission": token})
    assert refused.status_code == 422
    assert f'name="submission" type="hidden" value="{token}"' in refused.text
    assert client.post("/complaints", data={**FORM, "submission": token}).status_code == 303
    assert client.post("/complaints", data={**FORM, "submission": token}).status_code == 303
    assert len(queued(queue)) == 1


@both_backends
def test_the_token_with_another_complaint_is_refused_with_the_first_receipt(
    client: FlaskClient, queue: str
) -> None:
    token = form_token(client)
    client.post("/complaints", data={**FORM, "submission": token})
    shown = receipt_shown(client)
    other = client.post("/complaints", data={**FORM, "employer": "另一个老板", "submission": token})
    assert other.status_code == 409
    assert (
        f"这张表已经提交过一次，受理编号是 {shown}，不用再提交。"
        "如果您要反映的是另一件事，请核对下面的内容后再点一次“提交”。"
    ) in other.text
    fresh = re.search(r'name="submission" type="hidden" value="([^"]+)"', other.text)[1]
    assert fresh != token
    assert (
        client.post(
            "/complaints", data={**FORM, "employer": "另一个老板", "submission": fresh}
        ).status_code
        == 303
    )
    assert [line["fields"]["employer"] for line in queued(queue)] == [
        VALID["employer"],
        "另一个老板",
    ]


@both_backends
def test_a_form_without_a_token_still_queues(client: FlaskClient, queue: str) -> None:
    # A page from before tokens (or a forged token) is not refused, only not guarded.
    assert client.post("/complaints", data={**FORM, "submission": "x"}).status_code == 303
    assert client.post("/complaints", data=FORM).status_code == 303
    assert len(queued(queue)) == 2


@both_backends
def test_the_api_answers_a_repeated_key_with_the_first_201(client: FlaskClient, queue: str) -> None:
    headers = {"Idempotency-Key": KEY}
    first = client.post("/api/complaints", json=VALID, headers=headers)
    again = client.post("/api/complaints", json=VALID, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json
    # The same complaint in other spellings is the same complaint.
    respelled = {**VALID, "amount_owed": "8.6万", "workers_affected": 12}
    assert client.post("/api/complaints", json=respelled, headers=headers).json == first.json
    assert len(queued(queue)) == 1


@both_backends
def test_the_api_refuses_a_key_reused_for_another_complaint(
    client: FlaskClient, queue: str
) -> None:
    headers = {"Idempotency-Key": KEY}
    first = client.post("/api/complaints", json=VALID, headers=headers).json
    other = client.post("/api/complaints", json={**VALID, "workers_affected": 3}, headers=headers)
    assert other.status_code == 422
    assert other.json == {"errors": {"idempotency_key": [REUSED.format(receipt=first["receipt"])]}}
    assert len(queued(queue)) == 1


@both_backends
@pytest.mark.parametrize(
    "key", ["short", "has space inside", "中文的键值很长很长", "x" * 256], ids=repr
)
def test_a_malformed_key_is_refused(client: FlaskClient, queue: str, key: str) -> None:
    answer = client.post(
        "/api/complaints", json=VALID, headers={"Idempotency-Key": key.encode().decode("latin-1")}
    )
    assert answer.status_code == 400
    assert answer.json == {
        "errors": {
            "body": [
                "Idempotency-Key 应为 8 到 255 个可打印的 ASCII 字符（不含空格），例如一个 UUID。"
            ]
        }
    }
    assert queued(queue) == []


@both_backends
def test_keys_expire_after_a_day(app: Flask, queue: str) -> None:
    intake = app.extensions["intake"]
    start = intake.clock()
    client = app.test_client()
    headers = {"Idempotency-Key": KEY}
    first = client.post("/api/complaints", json=VALID, headers=headers).json
    intake.clock = lambda: start + timedelta(hours=23)
    assert client.post("/api/complaints", json=VALID, headers=headers).json == first
    intake.clock = lambda: start + timedelta(hours=25)
    later = client.post("/api/complaints", json=VALID, headers=headers).json
    assert later["receipt"] != first["receipt"]
    assert len(queued(queue)) == 2


@both_backends
def test_form_tokens_and_api_keys_never_meet(client: FlaskClient, queue: str) -> None:
    token = form_token(client)
    client.post("/complaints", data={**FORM, "submission": token})
    assert (
        client.post("/api/complaints", json=VALID, headers={"Idempotency-Key": token}).status_code
        == 201
    )
    assert len(queued(queue)) == 2


@both_backends
def test_concurrent_repeats_queue_once(app: Flask, queue: str) -> None:
    def post(_: int) -> dict:
        answer = app.test_client().post(
            "/api/complaints", json=VALID, headers={"Idempotency-Key": KEY}
        )
        assert answer.status_code == 201
        return answer.json

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(16)))
    assert all(answer == answers[0] for answer in answers)
    assert len(queued(queue)) == 1


def _post(url: str, key: str) -> dict:
    request = urllib.request.Request(
        url + "/api/complaints",
        data=json.dumps(VALID, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201
        return json.load(answer)


def test_gunicorn_workers_share_the_tokens(gunicorn, queue: str) -> None:
    server = gunicorn()
    keys = [f"retry-key-{n:04d}" for n in range(4)] * 6  # each key sent 6 times, at once
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda key: _post(server.url, key), keys))
    receipts = {
        key: {a["receipt"] for k, a in zip(keys, answers, strict=True) if k == key} for key in keys
    }
    assert all(len(found) == 1 for found in receipts.values())
    assert len(queued(queue)) == 4
