"""A reporting period: a calendar month, an ISO week (Monday to Sunday) or a quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from intake_api.office.months import Month

# The cadence an office writes in office.yaml, and the kind of period it reports on.
CADENCES = {"monthly": "month", "weekly": "week", "quarterly": "quarter"}
_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_QUARTER_NAMES = "一二三四"


@dataclass(frozen=True)
class PeriodWords:
    """How the report's text names a period of one kind."""

    noun: str  # 月份
    this: str  # 本月
    prior: str  # 上月
    earlier: str  # 以前月份
    report: str  # 月报
    example: str  # 2021-05
    format: str  # 年-月


WORDS = {
    "month": PeriodWords("月份", "本月", "上月", "以前月份", "月报", "2021-05", "年-月"),
    "week": PeriodWords("周次", "本周", "上周", "以前各周", "周报", "2021-W19", "年-W周次"),
    "quarter": PeriodWords("季度", "本季度", "上季度", "以前季度", "季报", "2021-Q2", "年-Q季度"),
}


@dataclass(frozen=True)
class ReportPeriod:
    """A period the office reports on: its kind and first day (``following`` is lazy)."""

    kind: str
    first: date

    @classmethod
    def of_month(cls, month: Month) -> ReportPeriod:
        """The period of a calendar month."""
        return cls("month", month.first)

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """``2021-05``, ``2021-W19`` or ``2021-Q2``; ValueError for anything else."""
        text = text.strip()
        try:
            if week := _WEEK.fullmatch(text):
                # ValueError for week 53 of a year of 52 weeks, and for year 0
                return cls("week", date.fromisocalendar(int(week[1]), int(week[2]), 1))
            if quarter := _QUARTER.fullmatch(text):
                return cls("quarter", date(int(quarter[1]), int(quarter[2]) * 3 - 2, 1))
            return cls.of_month(Month.parse(text))
        except ValueError:
            raise ValueError(f"expected YYYY-MM, YYYY-Www or YYYY-Qn, found {text!r}") from None

    @classmethod
    def containing(cls, kind: str, day: date) -> ReportPeriod:
        """The period of ``kind`` that ``day`` falls in."""
        if kind == "week":
            return cls(kind, day - timedelta(days=day.weekday()))
        if kind == "quarter":
            return cls(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
        return cls(kind, day.replace(day=1))

    @classmethod
    def before(cls, kind: str, day: date) -> ReportPeriod:
        """The last period of ``kind`` that ended before ``day``'s period began."""
        return cls.containing(kind, cls.containing(kind, day).first - timedelta(days=1))

    @property
    def following(self) -> date:
        """The first day after the period."""
        if self.kind == "week":
            return self.first + timedelta(days=7)
        months = 3 if self.kind == "quarter" else 1
        index = self.first.year * 12 + self.first.month - 1 + months
        return date(index // 12, index % 12 + 1, 1)

    @property
    def last(self) -> date:
        """The period's last day."""
        return self.following - timedelta(days=1)

    @property
    def previous(self) -> ReportPeriod:
        """The period of the same kind just before this one."""
        return self.containing(self.kind, self.first - timedelta(days=1))

    @property
    def words(self) -> PeriodWords:
        """How the report names this kind of period."""
        return WORDS[self.kind]

    @property
    def key(self) -> str:
        """``2021-05``, ``2021-W19`` or ``2021-Q2``."""
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month + 2) // 3}"
        return f"{self.first.year}-{self.first.month:02d}"

    @property
    def label(self) -> str:
        """``2021年5月``, ``2021年第19周（5月10日至5月16日）`` or ``2021年第二季度``."""
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            last = self.last
            if self.first.year == last.year == year:
                span = f"{self.first.month}月{self.first.day}日至{last.month}月{last.day}日"
            else:
                span = f"{_full(self.first)}至{_full(last)}"
            return f"{year}年第{week}周（{span}）"
        if self.kind == "quarter":
            return f"{self.first.year}年第{_QUARTER_NAMES[(self.first.month - 1) // 3]}季度"
        return f"{self.first.year}年{self.first.month}月"


def _full(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
