"""Rules that look at the whole schedule at once: overlaps and months without a session."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from site_builder.model import Campaign, Session
from site_builder.yaml_source import ErrorLog


def check_overlaps(sessions: list[Session], path: Path, log: ErrorLog) -> None:
    """Log every session that overlaps an earlier one at the same venue."""
    by_venue: dict[str, list[Session]] = defaultdict(list)
    for session in sessions:
        if session.slot.start is not None and not session.cancelled:
            by_venue[session.slot.venue.id].append(session)
    for venue_sessions in by_venue.values():
        venue_sessions.sort(key=lambda s: (s.slot.start, s.line))
        before = venue_sessions[0]  # the session that ends last among those seen so far
        for after in venue_sessions[1:]:
            assert before.slot.end is not None and after.slot.start is not None
            if after.slot.start < before.slot.end:
                log.add(
                    path,
                    after.line,
                    f"session {after.id!r} overlaps session {before.id!r} (line {before.line}) "
                    f"at venue {after.slot.venue.id!r}: {after.slot.label} / {before.slot.label}",
                )
            if after.slot.end is not None and after.slot.end > before.slot.end:
                before = after


def _months(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def check_months(
    sessions: list[Session], campaign: Campaign, path: Path, line: int, log: ErrorLog
) -> None:
    """Warn about every campaign month with fewer sessions than the campaign asks for."""
    held: dict[date, int] = defaultdict(int)
    for session in sessions:
        if not session.cancelled:
            held[session.slot.day.replace(day=1)] += 1
    for month in _months(campaign.first_month, campaign.last_month):
        if held[month] < campaign.sessions_per_month:
            log.add(
                path,
                line,
                f"campaign: {month.year}-{month.month:02d} has {held[month]} session(s); "
                f"the campaign asks for at least {campaign.sessions_per_month} a month",
                warning=True,
            )
