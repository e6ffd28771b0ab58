"""Possible duplicates: the same phone or ID number, the same employer, close in time."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake_api.office.models import Case

_NOISE = re.compile(r"[\s\W_]+")


def employer_key(employer: str) -> str:
    """The employer's name with width, case, spaces and punctuation folded away."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", employer)).casefold()


@dataclass(frozen=True)
class Sighting:
    """What is compared to find a duplicate, for one complaint."""

    receipt: str
    phone: str
    id_number: str | None
    employer: str
    received_on: date
    received_at: str  # ISO 8601 with offset: which of two came first on one day

    @property
    def order(self) -> tuple[datetime, str]:
        """When it came, the receipt breaking a tie within the second."""
        return datetime.fromisoformat(self.received_at), self.receipt


class DuplicateFinder:
    """Finds, for each complaint, the earliest earlier one that looks like the same case."""

    def __init__(self, window_days: int) -> None:
        self.window_days = window_days
        self._by_person: dict[tuple[str, str], list[Sighting]] = {}

    def add(self, sighting: Sighting) -> None:
        """Remember ``sighting`` for later complaints."""
        for key in _person_keys(sighting):
            self._by_person.setdefault(key, []).append(sighting)

    def load(self, session: Session, phones: Iterable[str], id_numbers: Iterable[str]) -> None:
        """Remember the stored complaints with any of these phones or ID numbers."""
        phones, id_numbers = sorted(set(phones)), sorted(set(id_numbers))
        for start in range(0, max(len(phones), len(id_numbers)), 500):
            query = select(
                Case.receipt,
                Case.phone,
                Case.id_number,
                Case.employer,
                Case.received_on,
                Case.received_at,
            ).where(
                or_(
                    Case.phone.in_(phones[start : start + 500]),
                    Case.id_number.in_(id_numbers[start : start + 500]),
                )
            )
            for row in session.execute(query):
                self.add(Sighting(*row))

    def earliest_match(self, sighting: Sighting) -> str | None:
        """The receipt of the earliest other complaint that looks like the same case."""
        matches = [
            other
            for key in _person_keys(sighting)
            for other in self._by_person.get(key, ())
            if other.receipt != sighting.receipt
            and abs((other.received_on - sighting.received_on).days) <= self.window_days
            and other.order < sighting.order
        ]
        if not matches:
            return None
        return min(matches, key=lambda other: other.order).receipt


def _person_keys(sighting: Sighting) -> list[tuple[str, str]]:
    """One key per way of naming the worker (phone, ID number), each with the employer."""
    employer = employer_key(sighting.employer)
    keys = [(f"phone:{sighting.phone}", employer)]
    if sighting.id_number:
        keys.append((f"id:{sighting.id_number}", employer))
    return keys


def possible_duplicate_of(session: Session, case: Case, window_days: int) -> str | None:
    """The earliest earlier case that looks like ``case`` (after an amendment, say)."""
    finder = DuplicateFinder(window_days)
    finder.load(session, [case.phone], [case.id_number] if case.id_number else [])
    return finder.earliest_match(
        Sighting(
            case.receipt,
            case.phone,
            case.id_number,
            case.employer,
            case.received_on,
            case.received_at,
        )
    )
