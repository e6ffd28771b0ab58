"""The monthly report the notice asks for: last month's complaints, due on the 2nd."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from intake_api.office.ledger import Entry


@dataclass(frozen=True)
class MonthlyReport:
    """Figures for the complaints received in one month, with their status on ``as_of``."""

    year: int
    month: int
    as_of: date
    complaints: int
    workers: int
    amount: Decimal
    by_channel: dict[str, int]
    closed: int
    open: int
    overdue: int
    rural_low_income: int
    reported_elsewhere: int

    @property
    def due(self) -> date:
        """Reports go in before the 2nd of the following month."""
        return date(self.year + self.month // 12, self.month % 12 + 1, 2)

    def lines(self, channel_names: dict[str, str]) -> list[str]:
        """The report as plain text, one figure per line."""
        lines = [
            f"{self.year}年{self.month}月 欠薪投诉情况（截至 {self.as_of:%Y-%m-%d}，"
            f"应于 {self.due.month}月{self.due.day}日前报送）",
            f"受理投诉：{self.complaints} 件",
            f"涉及人数：{self.workers} 人",
            f"涉及金额：{self.amount:,.2f} 元",
            f"已办结：{self.closed} 件；未办结：{self.open} 件（其中逾期 {self.overdue} 件）",
            f"农村低收入人员：{self.rural_low_income} 件",
            f"已向其他平台反映：{self.reported_elsewhere} 件",
            "按受理渠道：",
        ]
        for channel, count in sorted(self.by_channel.items()):
            lines.append(f"  {channel_names.get(channel, channel)}：{count} 件")
        return lines


def previous_month(today: date) -> tuple[int, int]:
    """The month before ``today``'s."""
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def monthly_report(entries: list[Entry], year: int, month: int, as_of: date) -> MonthlyReport:
    """Count the complaints received in ``year``-``month``."""
    chosen = [
        e
        for e in entries
        if (e.complaint.received_at.year, e.complaint.received_at.month) == (year, month)
    ]
    statuses = Counter(e.status(as_of) for e in chosen)
    return MonthlyReport(
        year=year,
        month=month,
        as_of=as_of,
        complaints=len(chosen),
        workers=sum(e.complaint.workers for e in chosen),
        amount=sum((e.complaint.amount for e in chosen), Decimal("0.00")),
        by_channel=dict(Counter(e.complaint.channel for e in chosen)),
        closed=statuses["closed"],
        open=len(chosen) - statuses["closed"],
        overdue=statuses["overdue"],
        rural_low_income=sum(1 for e in chosen if e.complaint.fields.get("rural_low_income")),
        reported_elsewhere=sum(1 for e in chosen if e.complaint.fields.get("reported_elsewhere")),
    )
