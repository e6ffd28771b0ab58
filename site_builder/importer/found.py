"""What the importer found in a notice, each fact with the notice line it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from site_builder.importer.text import Line


@dataclass(frozen=True)
class Doubt:
    """A value the importer is not sure of: marked ``# 请核对`` and listed after the run."""

    message: str
    source: Line
    # The session fields it concerns (date, start, end, venue, lead, units): a review of a
    # session's lead must not pass for a review of its venue.
    fields: tuple[str, ...] = ()


@dataclass
class FoundSession:
    """One session (one venue, one continuous block of time) as the notice gives it."""

    id: str
    day: date
    source: Line
    weekday: str | None = None
    start: time | None = None
    end: time | None = None
    venue: str | None = None
    lead_unit: str | None = None
    lead_title: str | None = None
    lead_name: str | None = None
    units: list[str] = field(default_factory=list)
    staff: str | None = None
    half: str | None = None  # 上午 or 下午, when the row gives no time of its own
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class FoundVenue:
    """A place where sessions are held."""

    id: str
    name: str
    source: Line
    room: str | None = None
    address: str | None = None
    doubts: list[Doubt] = field(default_factory=list)
    dated: bool = False  # named in a sentence of one date: that date's place, not every one's


@dataclass
class FoundContact:
    """A phone number with who answers it."""

    label: str
    phone: str
    source: Line
    name: str | None = None
    title: str | None = None
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class FoundUnit:
    """A unit named in the schedule, with its short id."""

    id: str
    name: str


@dataclass
class FoundCampaign:
    """The campaign's name and months."""

    name: str
    first_month: str
    last_month: str
    source: Line
    sessions_per_month: int | None = None


@dataclass
class FoundNotice:
    """Everything the importer drafts from one notice."""

    title: str | None = None
    office: str | None = None
    published: date | None = None
    notice_title: str | None = None
    campaign: FoundCampaign | None = None
    contacts: list[FoundContact] = field(default_factory=list)
    venues: list[FoundVenue] = field(default_factory=list)
    units: list[FoundUnit] = field(default_factory=list)
    sessions: list[FoundSession] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    default_venue: str | None = None  # the place the notice says holds every other session
    body: str = ""
    doubts: dict[str, list[Doubt]] = field(default_factory=dict)

    def doubt(self, key: str, message: str, source: Line) -> None:
        """Mark a site-level value (``title``, ``office``…) for review."""
        self.doubts.setdefault(key, []).append(Doubt(message, source))
