"""The real servers the tests use: a PostgreSQL database and headless Chromium with axe-core."""

from __future__ import annotations

import sqlalchemy
from headless_browser import NewPage, axe_violations

ACCESSIBLE_PAGE = "data:text/html,<html lang=en><title>t</title><main><h1>x</h1></main></html>"


def test_postgres_answers(postgres_url: str) -> None:
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sqlalchemy.text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_chromium_runs_axe(chromium: NewPage) -> None:
    page = chromium()
    page.goto(ACCESSIBLE_PAGE)
    assert page.title() == "t"
    assert axe_violations(page) == []


def test_axe_finds_violations(chromium: NewPage) -> None:
    page = chromium()
    page.goto("data:text/html,<html><img src=x.png></html>")
    assert {violation["id"] for violation in axe_violations(page)} >= {"html-has-lang", "image-alt"}
