"""A recorded change of a session, and the alternative a cancellation names.

Part of :mod:`site_builder.model`, which re-exports everything here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from site_builder.model_places import Lead, Slot, Unit, Venue, date_label

ChangeKind = Literal["rescheduled", "cancelled"]


@dataclass(frozen=True)
class Alternative:
    """Where to go instead of a cancelled session: a text, optionally a venue and a day."""

    text: str
    venue: Venue | None = None
    day: date | None = None

    @property
    def label(self) -> str:
        """``2021年11月10日 县人社局（101室）：临时接访点照常受理``."""
        where = [date_label(self.day)] if self.day else []
        where += [self.venue.location_label] if self.venue else []
        return f"{' '.join(where)}：{self.text}" if where else self.text


@dataclass(frozen=True)
class Change:
    """A recorded change to a session: its time, venue, lead or units changed, or cancelled.

    ``previous``/``after`` are the slot before and after it; the lead and units likewise
    ``leads`` and ``unit_lists`` are ``(before, after)`` when the change named another lead or
    other units, and ``None`` when it left them alone.
    """

    kind: ChangeKind
    announced: date
    previous: Slot
    after: Slot
    reason: str | None = None
    leads: tuple[Lead | None, Lead | None] | None = None
    unit_lists: tuple[tuple[Unit, ...], tuple[Unit, ...]] | None = None
    alternative: Alternative | None = None

    @property
    def reinstated(self) -> bool:
        """A "reschedule" back to the same slot: a cancelled session takes place after all."""
        restaffed = self.leads is not None or self.unit_lists is not None
        return self.kind == "rescheduled" and self.previous == self.after and not restaffed

    @property
    def marks(self) -> tuple[str, ...]:
        """What changed, as the site marks it: ``改期``, ``更换地点``, ``更换带班领导``…"""
        if self.kind == "cancelled":
            return ("取消",)
        if self.reinstated:
            return ("恢复",)
        was, now = self.previous, self.after
        marks = []
        if (was.day, was.start, was.end) != (now.day, now.start, now.end):
            marks.append("改期")
        if was.venue != now.venue:
            marks.append("更换地点")
        if self.leads is not None:
            marks.append("更换带班领导")
        if self.unit_lists is not None:
            marks.append("参加单位调整")
        return tuple(marks)

    @property
    def kind_label(self) -> str:
        """``取消``, ``恢复``, ``改期`` or several: ``改期、更换带班领导``."""
        return "、".join(self.marks)

    @property
    def outcome_label(self) -> str:
        """``取消``, ``恢复举行``, ``改为 2021年5月26日（星期三）9:00–17:00 <venue>``…"""
        if self.kind == "cancelled":
            alternative = f"，可改往 {self.alternative.label}" if self.alternative else ""
            return "取消" + alternative
        if self.reinstated:
            return "恢复举行"
        parts = []
        if self.previous != self.after:
            venue = f" {self.after.venue.name}" if self.after.venue != self.previous.venue else ""
            parts.append(f"改为 {self.after.label}{venue}")
        if self.leads is not None:
            lead = self.leads[1]
            parts.append(f"带班领导改为 {lead.label if lead else '（无）'}")
        if self.unit_lists is not None:
            names = "、".join(unit.name for unit in self.unit_lists[1]) or "（无）"
            parts.append(f"参加单位改为 {names}")
        return "，".join(parts)

    @property
    def announced_label(self) -> str:
        """The day the change was announced, as notices write it."""
        return date_label(self.announced)
