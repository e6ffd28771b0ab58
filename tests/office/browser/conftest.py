"""Fixtures for the office pages in headless Chromium: SQLite only (the other tests check
both databases), and the app served on 127.0.0.1 by a thread of this process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from headless_browser import served


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'office.sqlite3'}"


@pytest.fixture
def console_url(app: Flask) -> Iterator[str]:
    with served(app) as url:
        yield url
