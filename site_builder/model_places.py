"""The places, people and times of the content: units, venues, contacts, leads and slots.

Part of :mod:`site_builder.model`, which re-exports everything here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

_EXTENSION = re.compile(r"(?:转|分机|ext\.?)\s*(\d+)\s*$", re.IGNORECASE)
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


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
    # Its place in venues.yaml: sessions at the same time are listed in this order.
    order: int = field(default=0, compare=False)

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
class Phone:
    """One phone number as people write it, with its tap-to-call link."""

    number: str

    @property
    def tel_uri(self) -> str:
        """A tap-to-call link."""
        return tel_uri(self.number)


@dataclass(frozen=True)
class Contact:
    """A way to reach the office: phones, a web address, or only a description (a platform)."""

    label: str
    phones: tuple[Phone, ...] = ()
    name: str | None = None
    title: str | None = None
    hours: str | None = None
    venue: Venue | None = None
    url: str | None = None
    description: str | None = None

    @property
    def phone(self) -> str | None:
        """The first phone number (what the complaint pages show), if there is one."""
        return self.phones[0].number if self.phones else None

    @property
    def tel_uri(self) -> str | None:
        """A tap-to-call link for the first phone, if there is one."""
        return self.phones[0].tel_uri if self.phones else None

    @property
    def who(self) -> str:
        """``县人力资源和社会保障劳动监察大队大队长 朱江``: whoever answers, as far as known."""
        return " ".join(part for part in (self.title, self.name) if part)

    @property
    def reach(self) -> str:
        """``0871-67539921、13800001111 https://…``: how to reach it, in one line of text."""
        parts = ["、".join(phone.number for phone in self.phones), self.url or ""]
        return " ".join(part for part in parts if part) or (self.description or "")


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
