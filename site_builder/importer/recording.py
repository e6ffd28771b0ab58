"""Write matched adjustments into ``schedule.yaml``: new values and the change that records them.

The content format's rule (docs/content.md, "Announcing a change"): the session gives its new
values, and a new ``changes:`` entry gives in ``previous`` what they were before; a
cancellation keeps the session's values and may name an ``alternative``.
"""

from __future__ import annotations

from datetime import date

from site_builder.importer import when
from site_builder.importer.draft import MARK, scalar
from site_builder.importer.found import Doubt
from site_builder.importer.matching import Matched, SessionEdit
from site_builder.importer.schedule_text import ScheduleText, flow
from site_builder.model import Alternative, Lead


def record_changes(text: ScheduleText, matched: Matched, announced: date | None) -> int:
    """Apply every edit with its change entry; mark every doubt. The number of sessions changed."""
    changed = 0
    for edit in matched.edits.values():
        if _record(text, edit, announced):
            changed += 1
    for edit in matched.edits.values():
        for doubt in edit.doubts:
            text.comment(edit.session.id, mark_line(doubt))
    for doubt in matched.unmatched:
        text.comment(None, mark_line(doubt))
    return changed


def mark_line(doubt: Doubt) -> str:
    """The ``# 请核对`` comment of a doubt, naming the notice line it came from."""
    return f"{MARK}{doubt.message}（通知第{doubt.source.number}行）"


def _record(text: ScheduleText, edit: SessionEdit, announced: date | None) -> bool:
    session_id = edit.session.id
    entry = [("announced", announced.isoformat())] if announced else []
    if edit.cancelled:
        entry.append(("kind", "cancelled"))
    else:
        previous = _new_values(text, edit)
        if not previous:
            if not edit.doubts:
                edit.doubts.append(Doubt("通知所写与日程现有安排相同，未作改动", edit.source))
            return False
        entry += [("kind", "rescheduled"), ("previous", flow(previous))]
    if edit.reason:
        entry.append(("reason", scalar(edit.reason)))
    if edit.alternative:
        entry.append(("alternative", _alternative(edit.alternative)))
    if announced is None:
        edit.doubts.append(Doubt("未找到调整通知的发文日期，请补上 announced", edit.source))
    text.add_change(session_id, entry)
    return True


def _new_values(text: ScheduleText, edit: SessionEdit) -> dict[str, object]:
    """Write the session's new values; return the old ones (the change's ``previous``)."""
    session, slot = edit.session, edit.session.slot
    keys = text.keys(session.id)
    previous: dict[str, object] = {}
    if edit.day and edit.day != slot.day:
        previous["date"] = slot.day
        text.set(session.id, "date", edit.day.isoformat())
        if "weekday" in keys:
            weekday = edit.weekday or when.WEEKDAY_LABELS[edit.day.weekday()]
            text.set(session.id, "weekday", weekday)
    if edit.span and slot.start and slot.end:
        start, end = slot.start.time(), slot.end.time()
        new = {"start": edit.span.start, "end": edit.span.end}
        old = {"start": start, "end": end}
        changed = {key: old[key] for key in new if new[key] != old[key]}
        previous.update(changed)
        if changed and "time" in keys:
            text.set(session.id, "time", f'"{edit.span.start:%H:%M}-{edit.span.end:%H:%M}"')
        for key in changed if "time" not in keys else ():
            text.set(session.id, key, flow(new[key]))
    elif edit.span:
        message = "这场接访原为“时间另行通知”，请手工写上时间；时间未作改动"
        edit.doubts.append(Doubt(message, edit.source))
    if edit.venue and edit.venue != slot.venue:
        previous["venue"] = slot.venue.id
        text.set(session.id, "venue", edit.venue.id)
    if edit.lead and edit.lead != session.lead:
        if session.lead is None:
            message = "这场接访原来没有带班领导，请手工写上 lead；带班领导未作改动"
            edit.doubts.append(Doubt(message, edit.source))
        else:
            previous["lead"] = _lead(session.lead)
            text.set(session.id, "lead", flow(_lead(edit.lead)))
    if edit.units is not None and edit.units != session.units:
        previous["units"] = [unit.id for unit in session.units]
        text.set(session.id, "units", flow([unit.id for unit in edit.units]))
    return previous


def _lead(lead: Lead) -> dict[str, object]:
    found = {"unit": lead.unit.id if lead.unit else None, "title": lead.title, "name": lead.name}
    return {key: value for key, value in found.items() if value}


def _alternative(alternative: Alternative) -> str:
    if alternative.venue is None and alternative.day is None:
        return scalar(alternative.text)
    found: dict[str, object] = {"text": alternative.text}
    if alternative.venue:
        found["venue"] = alternative.venue.id
    if alternative.day:
        found["date"] = alternative.day
    return flow(found)
