"""The validated content: frozen dataclasses with every derived value computed in Python.

Templates and feeds only lay these values out; they never compute dates themselves. The
units, venues, contacts, leads and slots are in :mod:`site_builder.model_places`, the
changes in :mod:`site_builder.model_changes`; both are re-exported here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from site_builder.model_changes import Alternative, Change, ChangeKind
from site_builder.model_places import (
    WEEKDAYS,
    Contact,
    Lead,
    Phone,
    Slot,
    Unit,
    Venue,
    date_label,
    tel_uri,
    weekday_label,
)

__all__ = [
    "WEEKDAYS",
    "Alternative",
    "Campaign",
    "Change",
    "ChangeKind",
    "Contact",
    "FollowUp",
    "Identity",
    "Lead",
    "Notice",
    "Phone",
    "Privacy",
    "Session",
    "Site",
    "Slot",
    "Status",
    "Unit",
    "Venue",
    "date_label",
    "tel_uri",
    "weekday_label",
]

VENUE_PHONE_LABEL = "接访地点电话"
Status = Literal["scheduled", "rescheduled", "cancelled"]


@dataclass(frozen=True)
class Session:
    """One reception session, as the schedule table gives it."""

    id: str
    slot: Slot
    units: tuple[Unit, ...] = ()
    lead: Lead | None = None
    staff: str | None = None
    note: str | None = None
    changes: tuple[Change, ...] = ()
    line: int = 0

    @property
    def status(self) -> Status:
        """Cancelled by its last change, rescheduled if not where it was first announced."""
        if self.changes and self.changes[-1].kind == "cancelled":
            return "cancelled"
        return "rescheduled" if self.slot != self.original_slot else "scheduled"

    @property
    def cancelled(self) -> bool:
        """True once the last recorded change cancelled the session."""
        return self.status == "cancelled"

    @property
    def status_label(self) -> str:
        """``改期``, ``已取消`` or nothing, for badges."""
        return {"scheduled": "", "rescheduled": "改期", "cancelled": "已取消"}[self.status]

    @property
    def marks(self) -> tuple[str, ...]:
        """Every way the session now differs from its announcement: ``改期``, ``更换带班领导``…"""
        if self.cancelled:
            return ("取消",)
        marks = []
        if self.status == "rescheduled":
            was, now = self.original_slot, self.slot
            if (was.day, was.start, was.end) != (now.day, now.start, now.end):
                marks.append("改期")
            if was.venue != now.venue:
                marks.append("更换地点")
        if self.lead_replaced is not None:
            marks.append("更换带班领导")
        if self.units_replaced is not None:
            marks.append("参加单位调整")
        return tuple(marks)

    def lead_before(self, index: int) -> Lead | None:
        """The lead right before change ``index`` (the current one if no later change named one)."""
        later = [c.leads for c in self.changes[index:] if c.leads is not None]
        return later[0][0] if later else self.lead

    def units_before(self, index: int) -> tuple[Unit, ...]:
        """The units right before change ``index``."""
        later = [c.unit_lists for c in self.changes[index:] if c.unit_lists is not None]
        return later[0][0] if later else self.units

    @property
    def sequence(self) -> int:
        """How many times the session changed (iCalendar SEQUENCE)."""
        return len(self.changes)

    @property
    def last_change(self) -> Change | None:
        """The most recent recorded change, if any."""
        return self.changes[-1] if self.changes else None

    @property
    def moved_from(self) -> Slot | None:
        """Where and when the session was first announced, while it stands rescheduled."""
        return self.original_slot if self.status == "rescheduled" else None

    @property
    def lead_replaced(self) -> Lead | None:
        """The lead first announced, while another one now leads the session."""
        first = self.lead_before(0)
        return first if first != self.lead else None

    @property
    def units_replaced(self) -> tuple[Unit, ...] | None:
        """The units first announced, while the session now has other ones."""
        first = self.units_before(0)
        return first if first != self.units else None

    @property
    def alternative(self) -> Alternative | None:
        """Where to go instead, while the session stands cancelled."""
        last = self.last_change
        return last.alternative if last and self.cancelled else None

    @property
    def original_slot(self) -> Slot:
        """Where and when the session was first announced."""
        return self.changes[0].previous if self.changes else self.slot

    @property
    def sort_key(self) -> tuple[date, str, int, str]:
        """By day and time, then as venues.yaml lists the venues (not by id)."""
        start = f"{self.slot.start:%H:%M}" if self.slot.start else "99:99"
        return (self.slot.day, start, self.slot.venue.order, self.id)

    @property
    def unit_names(self) -> str:
        """``县人社局、县住建局``."""
        return "、".join(unit.name for unit in self.units)


@dataclass(frozen=True)
class Notice:
    """A published text (the notice itself, an adjustment notice), written in Markdown.

    Laid out as a government document: the document number under the title, the
    addressees flush left above the text, the issuers and the date right-aligned after it.
    """

    slug: str
    title: str
    body: str
    published: date | None = None
    issuers: tuple[str, ...] = ()
    kind: Literal["notice", "adjustment"] = "notice"
    document_number: str | None = None  # 文号
    document_type: str | None = None  # 通知, 公告, 通告…
    addressees: str | None = None  # 主送: 各乡镇人民政府，县直各有关单位

    @property
    def published_label(self) -> str | None:
        """The publication date as notices write it."""
        return date_label(self.published) if self.published else None


@dataclass(frozen=True)
class Campaign:
    """The period the notice covers and how often sessions must be held in it."""

    name: str
    first_month: date
    last_month: date
    sessions_per_month: int = 1

    @property
    def period_label(self) -> str:
        """``2021年4月—2022年1月``."""
        first, last = self.first_month, self.last_month
        return f"{first.year}年{first.month}月—{last.year}年{last.month}月"


@dataclass(frozen=True)
class Privacy:
    """What the complaint form tells people about their personal data."""

    handled_by: str = "根治欠薪工作人员，以及负责办理您这件事的单位"
    retention: str = "按有关规定保存，只用于办理您反映的问题"


@dataclass(frozen=True)
class FollowUp:
    """What the receipt page promises: when the office calls back, and from which number."""

    call_within: str | None = None  # 3个工作日内
    caller: str | None = None  # the number the worker will see ring: 0871-67539921


@dataclass(frozen=True)
class Identity:
    """Who runs the site and its filing numbers, shown in every page's footer."""

    sponsor: str | None = None  # 主办单位
    organizer: str | None = None  # 承办单位
    icp_number: str | None = None  # ICP备案号
    police_number: str | None = None  # 公安备案号
    site_code: str | None = None  # 政府网站标识码


@dataclass(frozen=True)
class Site:
    """Everything the content says, validated and linked together."""

    title: str
    office: str
    timezone: str
    complaint_url: str
    base_url: str
    sessions: tuple[Session, ...]
    venues: tuple[Venue, ...]
    units: tuple[Unit, ...]
    contacts: tuple[Contact, ...]
    notices: tuple[Notice, ...] = ()
    instructions: tuple[str, ...] = ()
    summary: str | None = None
    published: date | None = None
    campaign: Campaign | None = None
    privacy: Privacy = Privacy()
    follow_up: FollowUp = FollowUp()
    identity: Identity = Identity()
    bring: tuple[str, ...] = ()
    region: str | None = None
    id: str | None = None
    issuers: tuple[str, ...] = ()
    event_name: str = "集中联合接访"
    reminder: timedelta | None = None  # how long before each event calendars remind

    @property
    def uid_key(self) -> str:
        """What every calendar UID is made from: ``id``, or the ``office`` of sites without one.

        A site published before ``id`` existed keeps its UIDs by setting ``id`` to its
        ``office`` exactly as it was (docs/calendar.md).
        """
        return unicodedata.normalize("NFKC", self.id or self.office).strip()

    def next_session(self, today: date) -> Session | None:
        """The first session on or after ``today`` that is not cancelled."""
        for session in self.sessions:
            if session.slot.day >= today and not session.cancelled:
                return session
        return None

    def next_sessions(self, today: date) -> tuple[Session, ...]:
        """Every session that is not cancelled on the next day with one (several venues)."""
        first = self.next_session(today)
        if first is None:
            return ()
        day = first.slot.day
        return tuple(s for s in self.sessions if s.slot.day == day and not s.cancelled)

    @property
    def changed_sessions(self) -> tuple[Session, ...]:
        """Sessions with a recorded change, most recently announced first."""
        changed = [session for session in self.sessions if session.changes]
        return tuple(sorted(changed, key=lambda s: (s.changes[-1].announced, s.id), reverse=True))

    def contacts_for(self, venue: Venue) -> tuple[Contact, ...]:
        """Whom to call about a session at ``venue``: its own phone first, then the office's.

        Never another venue's contacts; the venue's phone is left out when a contact has it.
        """
        own = [contact for contact in self.contacts if contact.venue == venue]
        known = {phone.number for contact in self.contacts for phone in contact.phones}
        if venue.phone and venue.phone not in known:
            phones = (Phone(venue.phone),)
            own.insert(0, Contact(label=VENUE_PHONE_LABEL, phones=phones, venue=venue))
        return (*own, *(contact for contact in self.contacts if contact.venue is None))

    def phone_for(self, venue: Venue) -> Contact | None:
        """The number to call about a session at ``venue``: its own, else the office's."""
        return next((contact for contact in self.contacts_for(venue) if contact.phones), None)

    @property
    def main_contact(self) -> Contact | None:
        """The first contact with a phone: the number shown on every page."""
        return next((contact for contact in self.contacts if contact.phones), None)
