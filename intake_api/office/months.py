"""A calendar month, as the case filters, the report and the commands take it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Month:
    """A calendar month."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2021-05``; ValueError for anything else."""
        year, _, number = text.strip().partition("-")
        if len(year) != 4 or len(number) != 2 or not (year + number).isdigit():
            raise ValueError(f"expected YYYY-MM, found {text!r}")
        date(int(year), int(number), 1)  # ValueError for month 13
        return cls(int(year), int(number))

    @classmethod
    def before(cls, day: date) -> Month:
        """The month before ``day``'s."""
        return cls(day.year, day.month - 1) if day.month > 1 else cls(day.year - 1, 12)

    @property
    def first(self) -> date:
        """Its first day."""
        return date(self.year, self.number, 1)

    @property
    def following(self) -> date:
        """The first day of the next month."""
        return date(self.year + self.number // 12, self.number % 12 + 1, 1)

    @property
    def key(self) -> str:
        """``2021-05``."""
        return f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        """``2021年5月``."""
        return f"{self.year}年{self.number}月"
