"""The built site served next to the form for local use."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient


def site(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "sessions").mkdir(parents=True)
    (out / "index.html").write_text("<h1>日程</h1>", "utf-8")
    (out / "calendar.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "utf-8")
    (out / "sessions" / "index.html").write_text("sessions", "utf-8")
    return out


def fetch(client: FlaskClient, url: str) -> tuple[int, str, str]:
    """Status, Content-Type and text of a GET (the file is closed afterwards)."""
    with client.get(url) as answer:
        return answer.status_code, answer.headers["Content-Type"], answer.text


def test_site_is_served_with_the_right_types(make_app, tmp_path: Path) -> None:
    client = make_app(SITE_DIR=str(site(tmp_path))).test_client()
    assert fetch(client, "/") == (200, "text/html; charset=utf-8", "<h1>日程</h1>")
    assert fetch(client, "/calendar.ics")[1] == "text/calendar; charset=utf-8"
    assert fetch(client, "/sessions")[0] == 301
    assert fetch(client, "/sessions/")[2] == "sessions"
    assert fetch(client, "/../secret")[0] == 404
    assert fetch(client, "/missing.html")[0] == 404


def test_site_serving_can_be_switched_off(make_app, tmp_path: Path) -> None:
    app: Flask = make_app(SITE_DIR=str(site(tmp_path)), SERVE_SITE=False)
    assert fetch(app.test_client(), "/index.html")[0] == 404


def test_links_out_of_the_site_folder_are_not_followed(make_app, tmp_path: Path) -> None:
    out = site(tmp_path)
    queue = tmp_path / "private" / "complaints.jsonl"
    queue.parent.mkdir()
    queue.write_text('{"fields": {"name": "王小明"}}\n', "utf-8")
    (out / "leak.txt").symlink_to(queue)
    (out / "leaks").symlink_to(queue.parent, target_is_directory=True)
    (out / "inside.html").symlink_to(out / "index.html")
    client = make_app(SITE_DIR=str(out)).test_client()
    assert fetch(client, "/leak.txt")[0] == 404
    assert fetch(client, "/leaks/complaints.jsonl")[0] == 404
    assert fetch(client, "/leaks")[0] == 404
    assert fetch(client, "/inside.html")[2] == "<h1>日程</h1>"  # a link within the site is fine
    assert fetch(client, "/index.html/")[0] == 404
