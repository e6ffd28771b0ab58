"""Shared fixtures: copies of the seed and example content, and a way to run the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
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
