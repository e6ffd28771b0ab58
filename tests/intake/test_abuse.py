"""Limits that hold against many addresses: IPv6 by /64, one global cap, the honeypot."""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from intake_support import VALID, both_backends, post_json, queued

from intake_api.queue.receipts import normalize_receipt
from intake_api.security import address_key

FORM = {**{k: str(v) for k, v in VALID.items()}, "consent": "y"}
PHONE = "0871-67539921"


class Clock:
    """The office's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2021, 5, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    def __call__(self) -> datetime:
        return self.now


def busy(minutes: int) -> str:
    return (
        "现在网上提交的投诉太多，系统暂时不能受理，您的投诉没有提交成功。"
        f"请 {minutes} 分钟后再试，或直接拨打 {PHONE} 反映。"
    )


def from_address(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:0:0:0:9", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("fe80::1%eth0", "fe80::/64"),
        ("", ""),
        ("unix:/run/intake.sock", "unix:/run/intake.sock"),
    ],
    ids=[
        "ipv4",
        "ipv6",
        "ipv6-same-64",
        "ipv6-uppercase-long-form",
        "ipv6-next-64",
        "ipv4-mapped",
        "ipv6-zone",
        "none",
        "not-an-address",
    ],
)
def test_address_key(address: str, key: str) -> None:
    assert address_key(address) == key


@both_backends
def test_ipv6_addresses_of_one_64_share_a_budget(make_app) -> None:
    client = make_app(RATE_LIMIT="1 per minute", PROXY_COUNT=1).test_client()
    addresses = [
        "2001:db8:1:2::1",
        "2001:db8:1:2::9",  # the same /64
        "2001:db8:1:3::1",
        "203.0.113.7",
        "::ffff:203.0.113.7",  # the same IPv4 address
    ]
    statuses = [
        client.post("/api/complaints", json=VALID, headers=from_address(a)).status_code
        for a in addresses
    ]
    assert statuses == [201, 429, 201, 201, 429]


@both_backends
def test_the_form_and_the_api_share_one_budget(make_app) -> None:
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    assert client.post("/api/complaints", json=VALID).status_code == 201
    page = client.post("/complaints", data=FORM)
    assert page.status_code == 429
    assert "提交太频繁了，请过几分钟再试。" in page.text
    assert "您的投诉没有提交成功" in page.text and PHONE in page.text
    assert int(page.headers["Retry-After"]) > 0


@both_backends
def test_the_global_cap_holds_across_addresses_for_the_form_and_the_api(
    make_app, queue: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    app: Flask = make_app(GLOBAL_PER_MINUTE=3, PROXY_COUNT=1, CLOCK=clock)
    client = app.test_client()
    caplog.set_level(logging.INFO)

    def post(n: int, **changes: object):
        address = from_address(f"2001:db8:{n}::1")  # a new /64 every time
        return client.post("/api/complaints", json={**VALID, **changes}, headers=address)

    assert [post(n).status_code for n in range(3)] == [201, 201, 201]
    refused = post(3)
    assert (refused.status_code, refused.json) == (503, {"errors": {"queue": [busy(1)]}})
    assert int(refused.headers["Retry-After"]) in range(55, 61)
    assert post(4, phone="123").status_code == 422  # still told what is wrong
    page = client.post("/complaints", data=FORM, headers=from_address("2001:db8:5::1"))
    assert page.status_code == 503
    assert busy(1) in page.text and 'value="王小明"' in page.text
    assert len(queued(queue)) == 3

    clock.now += timedelta(minutes=1)
    assert post(6).status_code == 201
    assert len(queued(queue)) == 4
    cap_lines = [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "intake_api.queue.intake_cap"
    ]
    assert cap_lines == [  # two refusals, one line; then one when it opens again
        (
            logging.ERROR,
            "global cap reached (3 complaints this minute): refusing complaints from the public",
        ),
        (logging.WARNING, "global cap open again: accepting complaints from the public"),
    ]


@both_backends
def test_the_hourly_cap_says_how_long_to_wait(make_app) -> None:
    client = make_app(GLOBAL_PER_HOUR=1, CLOCK=Clock()).test_client()
    assert client.post("/api/complaints", json=VALID).status_code == 201
    refused = client.post("/api/complaints", json=VALID)
    assert refused.json == {"errors": {"queue": [busy(60)]}}
    assert int(refused.headers["Retry-After"]) > 3500


def test_a_complaint_that_could_not_be_queued_does_not_count(make_app, tmp_path: Path) -> None:
    """The queue fails after the cap counted it: the count is given back."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    queue = blocker / "complaints.jsonl"
    queue.mkdir()  # a folder where the file should be: every append fails
    client = make_app(QUEUE_PATH=str(queue), GLOBAL_PER_MINUTE=1, CLOCK=Clock()).test_client()
    assert client.post("/api/complaints", json=VALID).status_code == 503
    queue.rmdir()
    assert client.post("/api/complaints", json=VALID).status_code == 201


@both_backends
@pytest.mark.parametrize("via", ["api", "form"])
def test_a_honeypot_hit_gets_a_logged_decoy_and_is_neither_queued_nor_counted(
    make_app, queue: str, caplog: pytest.LogCaptureFixture, via: str
) -> None:
    client = make_app(GLOBAL_PER_MINUTE=1, CLOCK=Clock()).test_client()
    caplog.set_level(logging.INFO)
    if via == "api":
        answer = client.post("/api/complaints", json={**VALID, "website": "http://spam.example"})
        assert answer.status_code == 201
        decoy = answer.json["receipt"]
    else:
        answer = client.post("/complaints", data={**FORM, "website": "http://spam.example"})
        assert answer.status_code == 303
        page = client.get("/complaints/received").text
        shown = re.search(r"\b\d{4} \d{4} \d{4}\b", page)
        assert shown is not None
        decoy = normalize_receipt(shown[0])
    source = "json" if via == "api" else "form"
    assert f"honeypot filled ({source}): decoy receipt={decoy}, not queued" in caplog.messages
    assert queued(queue) == []
    assert client.post("/api/complaints", json=VALID).status_code == 201  # the cap's one slot


def test_the_global_cap_is_shared_by_every_gunicorn_worker(gunicorn, queue: str) -> None:
    """Four worker processes, thirty concurrent posts: ten accepted in all, not ten each."""
    seconds_into_hour = time.time() % 3600
    if seconds_into_hour > 3590:  # the hour's window would end mid-test and restart the count
        time.sleep(3601 - seconds_into_hour)
    server = gunicorn(INTAKE_GLOBAL_PER_HOUR="10")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: post_json(server.url, VALID), range(30)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] * 10 + [503] * 20
    accepted = sorted(body["receipt"] for status, body in answers if status == 201)
    assert sorted(record["receipt"] for record in queued(queue)) == accepted
