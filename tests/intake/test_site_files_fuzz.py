"""No request answers 500: hostile paths to the site files, fuzzed bodies to the API and form.

Every path that reaches the file system is one it can be asked about; whatever else it
refuses is a 404 with a warning whose path is written with %r (no raw control characters).
"""

from __future__ import annotations

import json
import logging
import string
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_support import VALID

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,  # no example database: every run starts afresh
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture
def site_app(make_app, tmp_path: Path) -> Flask:
    out = tmp_path / "output"
    (out / "sessions").mkdir(parents=True)
    (out / "index.html").write_text("<h1>日程</h1>", "utf-8")
    (out / "schedule.json").write_text("{}", "utf-8")
    (out / "sessions" / "index.html").write_text("sessions", "utf-8")
    return make_app(SITE_DIR=str(out), RATE_LIMIT="100000 per minute", GLOBAL_PER_MINUTE=100_000)


def no_trouble_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing at ERROR, no traceback, no raw control character in what was logged."""
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text
    assert not any(ord(c) < 32 and c != "\n" for c in caplog.text)


def status_of(client: FlaskClient, url: str) -> int:
    with client.get(url) as answer:
        return answer.status_code


HOSTILE_PATHS = [
    ("null-byte", "/schedule.json%00.html"),
    ("null-byte-folder", "/sessions%00/"),
    ("null-byte-end", "/index.html%00"),
    ("long-name", "/" + "a" * 300),
    ("long-name-in-folder", "/sessions/" + "b" * 300 + ".html"),
    ("long-name-folder", "/" + "c" * 300 + "/"),
    ("long-path", "/" + "d/" * 2000),
    ("long-chinese-name", "/" + quote("日" * 100)),  # 300 bytes in UTF-8
    ("escape-sequence", "/%1b[31mred%1b[0m"),
    ("escape-clear-screen", "/%1b[2J%1b[H"),
    ("control-characters", "/a%07%08%0d%0ab"),
    ("invalid-utf8", "/%ff%fe%fd"),
    ("overlong-dot", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"),
    ("encoded-slash", "/..%2f..%2fetc%2fpasswd"),
    ("encoded-backslash", "/..%5c..%5cwindows"),
    ("double-encoded", "/%252e%252e/%252e%252e/"),
    ("surrogate", "/%ed%a0%80"),
    ("dot-dot", "/sessions/../../secret"),
]


@pytest.mark.parametrize(
    "url", [case[1] for case in HOSTILE_PATHS], ids=[c[0] for c in HOSTILE_PATHS]
)
def test_a_hostile_path_is_a_404(
    site_app: Flask, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert status_of(site_app.test_client(), url) == 404
    no_trouble_logged(caplog)


def test_what_the_file_system_refuses_is_a_404_logged_with_repr(
    site_app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    loop = tmp_path / "output" / "\x1b[31mloop"
    loop.symlink_to(loop)  # resolving it never ends
    assert status_of(site_app.test_client(), "/%1b[31mloop") == 404
    [warning] = [r for r in caplog.records if r.name == "intake_api.site_files"]
    assert warning.levelno == logging.WARNING
    assert warning.getMessage().startswith("site file '\\x1b[31mloop' not served: ")
    assert "\x1b" not in caplog.text


def test_an_unexpected_error_logs_the_path_with_repr(
    site_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(rest: str) -> str:
        raise RuntimeError("a bug")

    site_app.add_url_rule("/broken/<path:rest>", view_func=broken)
    answer = site_app.test_client().get("/broken/%1b[2J")
    assert answer.status_code == 500
    assert "Traceback" not in answer.text and "a bug" not in answer.text
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage() == "unexpected error on 'GET' '/broken/\\x1b[2J'"


segment = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=string.ascii_letters + ".%", max_size=20),
    st.sampled_from(["..", ".", "", "index.html", "sessions", "schedule.json", "\x00", "\x1b["]),
    st.text(alphabet="ab日", min_size=250, max_size=400),  # past NAME_MAX
)


def test_fuzzed_site_paths_never_answer_5xx(
    site_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = site_app.test_client()

    @FUZZ
    @given(st.lists(segment | st.binary(max_size=20), max_size=6), st.booleans())
    def get(segments: list[str | bytes], decode_escapes: bool) -> None:
        raw = b"/" + b"/".join(
            part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
            for part in segments
        )
        if decode_escapes:  # what the server does with %XX before the app sees the path
            raw = unquote_to_bytes(raw)
        # Straight into the WSGI environ (bytes as latin-1), as a server passes it: the
        # test client would read a path starting with "//" as a host name.
        environ = {"PATH_INFO": raw.decode("latin-1")}
        with client.get("/", environ_overrides=environ) as answer:
            assert answer.status_code in (200, 301, 308, 404)

    get()
    no_trouble_logged(caplog)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
FIELD_NAMES = [*VALID, "id_number", "project", "channel", "website"]
changed_complaint = st.dictionaries(st.sampled_from(FIELD_NAMES), json_value, max_size=4).map(
    lambda changes: json.dumps({**VALID, **changes}).encode()
)
api_body = st.one_of(
    changed_complaint,
    json_value.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
)
content_type = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=latin-1",
        "text/plain",
        "multipart/form-data; boundary=x",
        None,
    ]
)


def test_fuzzed_api_bodies_never_answer_5xx(
    site_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = site_app.test_client()

    @FUZZ
    @given(api_body, content_type)
    def post(body: bytes, kind: str | None) -> None:
        answer = client.post("/api/complaints", data=body, content_type=kind)
        assert answer.status_code in (201, 400, 413, 415, 422), answer.text
        assert answer.is_json

    post()
    no_trouble_logged(caplog)


form_value = st.one_of(st.text(max_size=50), st.sampled_from(["", "y", "0", "-1", "１２"]))


def test_fuzzed_form_posts_never_answer_5xx(
    site_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = site_app.test_client()
    form = {**{k: str(v) for k, v in VALID.items()}, "consent": "y"}

    @FUZZ
    @given(st.dictionaries(st.sampled_from(FIELD_NAMES), form_value, max_size=4))
    def post(changes: dict[str, str]) -> None:
        answer = client.post("/complaints", data={**form, **changes})
        assert answer.status_code in (303, 400, 422), answer.text

    post()
    no_trouble_logged(caplog)
