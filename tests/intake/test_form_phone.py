"""The form on a worker's phone: spellings they type, the page a failed post leaves, the script."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from intake_support import VALID, both_backends, queued

from intake_api.security import CONTENT_SECURITY_POLICY

FORM = {
    **{k: str(v) for k, v in VALID.items() if not isinstance(v, bool)},
    "rural_low_income": "y",
    "consent": "y",
}


def test_the_amount_says_whose_wages_it_means(client: FlaskClient) -> None:
    html = client.get("/complaints/new").text
    assert '<label for="field-amount_owed">被欠工资总额（元）</label>' in html
    assert (
        '<p class="hint" id="hint-amount_owed">'
        "所有被欠薪的人加起来，一共被欠多少钱，单位是元，例如 12000 或 1.2万。</p>"
    ) in html


@both_backends
def test_the_spellings_workers_type_are_queued_normalised(client: FlaskClient, queue: str) -> None:
    typed = {"amount_owed": "一万二", "workers_affected": "三个人", "owed_since": "2021年3月"}
    answer = client.post("/complaints", data={**FORM, **typed})
    assert answer.status_code == 303
    fields = queued(queue)[0]["fields"]
    assert (fields["amount_owed"], fields["workers_affected"], fields["owed_since"]) == (
        "12000.00",
        3,
        "2021-03",
    )


@both_backends
def test_nonsense_is_shown_back_as_typed_with_a_plain_message(
    client: FlaskClient, queue: str
) -> None:
    page = client.post(
        "/complaints", data={**FORM, "amount_owed": "很多", "workers_affected": "0人"}
    )
    assert page.status_code == 422
    assert (
        "被欠工资总额（元）：请填写欠薪金额（元），最多两位小数，例如 12000 或 3500.50。"
        in page.text
    )
    assert "被欠薪人数：被欠薪人数应为 1 到 100000 之间的整数。" in page.text
    assert 'value="很多"' in page.text and 'value="0人"' in page.text
    assert queued(queue) == []


def test_reloading_the_failed_post_url_shows_the_form(client: FlaskClient) -> None:
    answer = client.get("/complaints")
    assert (answer.status_code, answer.headers["Location"]) == (303, "/complaints/new")
    assert client.get("/complaints", follow_redirects=True).status_code == 200


def test_the_form_and_the_receipt_load_the_script_from_a_file(client: FlaskClient) -> None:
    form = client.get("/complaints/new").text
    assert '<script src="/complaints/form.js" defer></script>' in form
    assert re.search(r"<form [^>]*data-draft>", form)
    client.post("/complaints", data=FORM)
    receipt = client.get("/complaints/received").text
    assert '<script src="/complaints/form.js" defer></script>' in receipt
    assert "<h1 data-draft-clear>" in receipt  # the script forgets the draft there


def test_the_script_is_served_under_the_policy(client: FlaskClient) -> None:
    script = client.get("/complaints/form.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert script.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    # What the script promises: focus the summary, show a field with its label, keep no ID.
    assert "summary.focus()" in script.text
    assert 'scrollIntoView({ block: "center" })' in script.text
    assert '"id_number", "consent"' in script.text


def test_every_rendering_carries_a_fresh_submission_token(client: FlaskClient) -> None:
    pattern = r'name="submission" type="hidden" value="([A-Za-z0-9_-]{24})"'
    first = re.search(pattern, client.get("/complaints/new").text)
    second = re.search(pattern, client.get("/complaints/new").text)
    assert first and second and first[1] != second[1]
