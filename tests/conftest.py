"""Shared fixtures: copies of the content, the real CLI, a PostgreSQL database, a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner, Result
from database_server import find_bindir, throwaway_cluster
from headless_browser import NewPage, chromium_pages, find_chromium
from site_paths import EXAMPLE_CONTENT, SEED_CONTENT, Build

from site_builder.cli import main


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A private copy of the repository's content/ (the Yiliang notice)."""
    return Path(shutil.copytree(SEED_CONTENT, tmp_path / "content"))


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    """A private copy of a second, different office's content."""
    return Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "example"))


@pytest.fixture
def site_builder() -> Build:
    """Run ``site-builder ARGS...`` in-process and return click's result."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return run


def unavailable(message: str) -> NoReturn:
    """Skip for want of a system program; in CI (CI=true) fail, so a broken install is noticed."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The SQLAlchemy URL of an empty database: $TEST_DATABASE_URL's, or a throwaway cluster's."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    bindir = find_bindir()
    if bindir is None:
        unavailable(
            "PostgreSQL is not installed here (apt-get install postgresql); "
            "or set TEST_DATABASE_URL to a server's SQLAlchemy URL"
        )
    with throwaway_cluster(bindir) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[NewPage]:
    """``chromium(**context_options)`` opens a page in headless Chromium, in a fresh context."""
    executable = find_chromium()
    if executable is None:
        unavailable("Chromium is not installed here (apt-get install chromium)")
    with chromium_pages(executable) as new_page:
        yield new_page
