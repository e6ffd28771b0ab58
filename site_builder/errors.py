"""Content problems as data: a location and a message, printed as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem found in the content, with where it was found."""

    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.path.as_posix()}:{self.line}: {prefix}{self.message}"


class InvalidContent(Exception):
    """Raised once, after validation, with every error that was found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
