"""Small things: amounts above 0, a private instance folder, cache and retry headers, settings."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from intake_support import SECRET, VALID, both_backends, queued

from intake_api import create_app
from intake_api.config import ConfigError

POSITIVE = "欠薪金额应大于 0 元。"
FORM = {**{k: str(v) for k, v in VALID.items()}, "consent": "y"}


@both_backends
@pytest.mark.parametrize("amount", [0, "0", "0.00", "０", "0元", 0.0], ids=repr)
def test_nothing_owed_is_refused_by_the_api(
    client: FlaskClient, queue: str, amount: object
) -> None:
    answer = client.post("/api/complaints", json={**VALID, "amount_owed": amount})
    assert (answer.status_code, answer.json) == (422, {"errors": {"amount_owed": [POSITIVE]}})
    assert queued(queue) == []


@both_backends
def test_nothing_owed_is_refused_by_the_form(client: FlaskClient, queue: str) -> None:
    page = client.post("/complaints", data={**FORM, "amount_owed": "0"})
    assert page.status_code == 422 and POSITIVE in page.text
    assert queued(queue) == []


@both_backends
def test_one_fen_is_owed(client: FlaskClient, queue: str) -> None:
    assert client.post("/api/complaints", json={**VALID, "amount_owed": "0.01"}).status_code == 201
    assert queued(queue)[0]["fields"]["amount_owed"] == "0.01"


def test_an_open_instance_folder_is_made_private_once(
    make_app, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    os.chmod(instance, 0o755)
    make_app()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    make_app()  # already private: nothing to say
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"{instance} was open to other users (mode 0755); mode set to 0700"
    ]


@both_backends
def test_answers_to_a_complaint_are_never_cached(client: FlaskClient) -> None:
    for body in (VALID, {**VALID, "website": "x"}, {**VALID, "phone": "1"}):
        answer = client.post("/api/complaints", json=body)
        assert answer.headers["Cache-Control"] == "no-store", answer.status_code


@both_backends
def test_retry_after_only_on_429_and_503(make_app) -> None:
    client = make_app(RATE_LIMIT="4 per minute", GLOBAL_PER_MINUTE=2).test_client()
    accepted = client.post("/api/complaints", json=VALID)
    form = client.post("/complaints", data=FORM)
    invalid = client.post("/api/complaints", json={**VALID, "phone": "1"})
    assert [accepted.status_code, form.status_code, invalid.status_code] == [201, 303, 422]
    for answer in (accepted, form, invalid):
        assert "Retry-After" not in answer.headers, answer.status_code
        assert "X-RateLimit-Remaining" in answer.headers  # the limiter's own headers stay
    busy = client.post("/api/complaints", json=VALID)  # the global cap: 2 a minute
    too_many = client.post("/api/complaints", json=VALID)  # the address: 4 a minute
    assert [busy.status_code, too_many.status_code] == [503, 429]
    assert int(busy.headers["Retry-After"]) > 0 and int(too_many.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("setting", "scheme"),
    [
        ("postgres://localhost/intake", "postgres"),
        ("sqlite:///var/lib/intake/queue.db", "sqlite"),
        ("file:///var/lib/intake/complaints.jsonl", "file"),
    ],
    ids=["postgres", "sqlite", "file-url"],
)
def test_a_queue_url_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setting: str, scheme: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTAKE_QUEUE", setting)
    message = (
        f"INTAKE_QUEUE: {scheme}:// queues are not supported; give a file path or "
        "postgresql://USER@HOST/DATABASE"
    )
    with pytest.raises(ConfigError) as refused:
        create_app({"SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp_path / "instance")})
    assert str(refused.value) == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance"]  # no "postgresql:" folder


@pytest.mark.parametrize(
    ("variable", "value", "key", "expected"),
    [
        ("INTAKE_QUEUE_MAX_BYTES", "2147483648", "QUEUE_MAX_BYTES", 2 * 2**30),
        ("INTAKE_QUEUE_MAX_BYTES", "2GiB", "QUEUE_MAX_BYTES", 2 * 2**30),
        ("INTAKE_QUEUE_MAX_BYTES", "500 mib", "QUEUE_MAX_BYTES", 500 * 2**20),
        ("INTAKE_GLOBAL_PER_MINUTE", "600", "GLOBAL_PER_MINUTE", 600),
        ("INTAKE_GLOBAL_PER_HOUR", "20000", "GLOBAL_PER_HOUR", 20000),
    ],
    ids=["bytes", "gib", "mib", "per-minute", "per-hour"],
)
def test_limit_settings_from_the_environment(
    make_app, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, key: str, expected: int
) -> None:
    monkeypatch.setenv(variable, value)
    assert make_app().config[key] == expected


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "INTAKE_QUEUE_MAX_BYTES",
            "2GB",
            "expected a size such as 2147483648 or 2GiB, found '2GB'",
        ),
        ("INTAKE_QUEUE_MAX_BYTES", "0", "expected a size such as 2147483648 or 2GiB, found '0'"),
        ("INTAKE_GLOBAL_PER_MINUTE", "0", "expected a whole number >= 1, found '0'"),
    ],
    ids=["decimal-unit", "zero-bytes", "zero-per-minute"],
)
def test_bad_limit_settings_are_refused(
    make_app, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as refused:
        make_app()
    assert str(refused.value) == f"{variable}: {message}"
