"""Run site-builder on a content folder, and read back what a session's changes record."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from site_builder.cli import main
from site_builder.model import Session

REPO = Path(__file__).resolve().parents[2]


def run(*args: object) -> Result:
    """``site-builder ARGS...`` in-process."""
    return CliRunner().invoke(main, [str(arg) for arg in args])


def files_of(folder: Path) -> dict[Path, bytes]:
    """Every file under ``folder`` with its bytes, to show nothing was written."""
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def published(content: Path, out: Path, today: str) -> None:
    """Build ``content`` into ``out``: what check later compares the recorded changes with."""
    result = run("build", "--content", content, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output


def history(session: Session) -> list[tuple[object, ...]]:
    """Each recorded change as the site shows it: kind, day, marks, before, after, instead."""
    return [
        (
            change.kind,
            change.announced,
            change.marks,
            change.previous.label,
            change.after.label,
            change.alternative.label if change.alternative else None,
        )
        for change in session.changes
    ]
