"""Where the site tests find the repository and its sample contents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

REPO = Path(__file__).resolve().parent.parent
SEED_CONTENT = REPO / "content"
EXAMPLE_CONTENT = REPO / "tests" / "example_office"

Build = Callable[..., Result]
