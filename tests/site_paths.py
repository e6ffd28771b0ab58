"""Where the site tests find the repository and its sample contents, and how they edit them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

REPO = Path(__file__).resolve().parent.parent
SEED_CONTENT = REPO / "content"
EXAMPLE_CONTENT = REPO / "tests" / "example_office"

Build = Callable[..., Result]


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a content file as an office would: replace the first ``old`` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
