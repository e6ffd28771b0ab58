"""The validated content: frozen dataclasses with every derived value computed in Python.

Templates and feeds only lay these values out; they never compute dates themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

_EXTENSION = re.compile(r"(?:转|分机|ext\.?)\s*(\d+)\s*$", re.IGNORECASE)
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

ChangeKind = Literal["rescheduled", "cancelled"]
Status = Literal["scheduled", "rescheduled", "cancelled"]


def date_label(day: date) -> str:
    """``2021年4月12日``: how the notices write a date."""
    return f"{day.year}年{day.month}月{day.day}日"


def weekday_label(day: date) -> str:
    """``星期一``."""
    return WEEKDAYS[day.weekday()]


@dataclass(frozen=True)
class Unit:
    """A bureau or other body that leads or attends sessions (declared once, used by id)."""

    id: str
    name: str
    full_name: str | None = None


@dataclass(frozen=True)
class Venue:
    """Where sessions are held."""

    id: str
    name: str
    map_url: str
    address: str | None = None
    room: str | None = None
    phone: str | None = None
    directions: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def tel_uri(self) -> str | None:
        """A tap-to-call link for the venue's own phone, if it has one."""
        return tel_uri(self.phone) if self.phone else None

    @property
    def location_label(self) -> str:
        """``name（room）address``: everything needed to find the place, on one line."""
        room = f"（{self.room}）" if self.room else ""
        address = f" {self.address}" if self.address else ""
        return f"{self.name}{room}{address}"


def tel_uri(phone: str) -> str:
    """A ``tel:`` link for a number as people write it: ``0871-67539921``, ``…转8001``.

    An extension (转, 分机, ext) follows a pause (``,``), so the phone dials it once answered.
    """
    extension = _EXTENSION.search(phone)
    number = phone[: extension.start()] if extension else phone
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits},{extension.group(1)}" if extension else f"tel:{digits}"


@dataclass(frozen=True)
class Contact:
    """A phone number the public may call, with who or what answers it."""

    label: str
    phone: str
    name: str | None = None
    title: str | None = None
    hours: str | None = None
    venue: Venue | None = None

    @property
    def tel_uri(self) -> str:
        """A tap-to-call link."""
        return tel_uri(self.phone)

    @property
    def who(self) -> str:
        """``县人力资源和社会保障劳动监察大队大队长 朱江``: whoever answers, as far as known."""
        return " ".join(part for part in (self.title, self.name) if part)


@dataclass(frozen=True)
class Lead:
    """The official who leads a session: by unit and title, by name, or both."""

    title: str | None
    unit: Unit | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        """``县人社局分管负责同志``, ``县人社局局长 张三`` or ``张三``."""
        role = (self.unit.name if self.unit else "") + (self.title or "")
        return " ".join(part for part in (role, self.name) if part)


@dataclass(frozen=True)
class Slot:
    """One continuous block of time at one venue; ``start``/``end`` are ``None`` until announced."""

    day: date
    venue: Venue
    start: datetime | None = None
    end: datetime | None = None

    @property
    def time_tba(self) -> bool:
        """True while the time is 时间另行通知."""
        return self.start is None

    @property
    def date_label(self) -> str:
        """``2021年4月12日``."""
        return date_label(self.day)

    @property
    def weekday_label(self) -> str:
        """``星期一``."""
        return weekday_label(self.day)

    @property
    def time_label(self) -> str:
        """``9:00–17:00``, or ``时间另行通知`` while the time is not announced."""
        if self.start is None or self.end is None:
            return "时间另行通知"
        return f"{self.start.hour}:{self.start:%M}–{self.end.hour}:{self.end:%M}"

    @property
    def label(self) -> str:
        """``2021年4月12日（星期一）9:00–17:00``."""
        return f"{self.date_label}（{self.weekday_label}）{self.time_label}"


@dataclass(frozen=True)
class Change:
    """A recorded change to a session: moved to another slot, or cancelled."""

    kind: ChangeKind
    announced: date
    previous: Slot
    after: Slot
    reason: str | None = None

    @property
    def reinstated(self) -> bool:
        """A "reschedule" back to the same slot: a cancelled session takes place after all."""
        return self.kind == "rescheduled" and self.previous == self.after

    @property
    def kind_label(self) -> str:
        """``取消``, ``恢复`` or ``改期``."""
        if self.kind == "cancelled":
            return "取消"
        return "恢复" if self.reinstated else "改期"

    @property
    def outcome_label(self) -> str:
        """``取消``, ``恢复举行`` or ``改为 2021年5月26日（星期三）9:00–17:00 <venue>``."""
        if self.kind == "cancelled":
            return "取消"
        if self.reinstated:
            return "恢复举行"
        venue = f" {self.after.venue.name}" if self.after.venue != self.previous.venue else ""
        return f"改为 {self.after.label}{venue}"

    @property
    def announced_label(self) -> str:
        """The day the change was announced, as notices write it."""
        return date_label(self.announced)


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
    def original_slot(self) -> Slot:
        """Where and when the session was first announced."""
        return self.changes[0].previous if self.changes else self.slot

    @property
    def sort_key(self) -> tuple[date, str, str]:
        start = f"{self.slot.start:%H:%M}" if self.slot.start else "99:99"
        return (self.slot.day, start, self.id)

    @property
    def unit_names(self) -> str:
        """``县人社局、县住建局``."""
        return "、".join(unit.name for unit in self.units)


@dataclass(frozen=True)
class Notice:
    """A published text (the notice itself, an adjustment notice), written in Markdown."""

    slug: str
    title: str
    body: str
    published: date | None = None
    issuer: str | None = None
    kind: Literal["notice", "adjustment"] = "notice"

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
    identity: Identity = Identity()
    bring: tuple[str, ...] = ()
    region: str | None = None

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

    @property
    def main_contact(self) -> Contact | None:
        """The first contact: the number shown on every page."""
        return self.contacts[0] if self.contacts else None
