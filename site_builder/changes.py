"""Read a session's ``changes:``: moves, new leads or units, cancellations and alternatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import yaml

from site_builder.model import Alternative, Change, Lead, Slot, Unit
from site_builder.slot_fields import Units, Venues, aware, given_times, read_lead
from site_builder.yaml_fields import Fields


@dataclass(frozen=True)
class _ChangeEntry:
    """One entry under ``changes:`` as written, before its slots are worked out."""

    node: yaml.Node
    where: str
    kind: str
    announced: date
    reason: str | None
    previous: Fields | None
    alternative: Alternative | None


@dataclass(frozen=True)
class _State:
    """A session's slot, lead and units at one point of its history."""

    slot: Slot
    lead: Lead | None
    units: tuple[Unit, ...]


def read_changes(
    entry: Fields,
    slot: Slot | None,
    lead: Lead | None,
    session_units: tuple[Unit, ...],
    units: Units,
    venues: Venues,
    tz: ZoneInfo,
) -> tuple[Change, ...] | None:
    """The session's changes, oldest first, each with what it was before and after.

    They are worked out newest first: the last change ends in the session as it stands, and
    what a change's ``previous`` leaves out was as it is right after that change.
    """
    entries = _read_entries(entry, venues)
    if entries is None or slot is None:
        return None
    after = _State(slot, lead, session_units)
    changes: list[Change] = []
    valid = True
    for index in reversed(range(len(entries))):
        found = entries[index]
        before = after
        if found.previous is not None:
            before = _previous(found.previous, after, units, venues, tz)
            found.previous.finish()
            reinstated = index > 0 and entries[index - 1].kind == "cancelled"
            if before == after and not reinstated:
                entry.error(
                    found.node,
                    f"{found.where}.previous: the same date, time and venue as after this "
                    "change: give what was different before it (date, start, end, venue, "
                    "lead or units)",
                )
                valid = False
        elif index > 0 and entries[index - 1].kind == "cancelled":
            entry.error(found.node, f"{found.where}: the session is already cancelled")
            valid = False
        change = Change(
            "cancelled" if found.kind == "cancelled" else "rescheduled",
            found.announced,
            before.slot,
            after.slot,
            found.reason,
            leads=(before.lead, after.lead) if before.lead != after.lead else None,
            unit_lists=(before.units, after.units) if before.units != after.units else None,
            alternative=found.alternative,
        )
        changes.append(change)
        after = before
    return tuple(reversed(changes)) if valid else None


def _read_entries(entry: Fields, venues: Venues) -> list[_ChangeEntry] | None:
    """The entries under ``changes:``, oldest first; ``None`` if any is invalid."""
    entries: list[_ChangeEntry] = []
    valid = True
    for index, node in entry.items("changes"):
        change = entry.child(node, f"changes[{index}]")
        if change is None:
            valid = False
            continue
        announced = change.date("announced", required=True)
        kind = change.choice("kind", ("rescheduled", "cancelled"), required=True)
        reason = change.text("reason", max_length=500)
        previous = change.sub("previous", required=kind == "rescheduled")
        if previous is not None and kind == "cancelled":
            change.error(
                change.node("previous"),
                f"{change.where}.previous: a cancelled session keeps its time: remove previous",
            )
            valid = False
        alternative = _read_alternative(change, venues)
        if change.has("alternative") and kind == "rescheduled":
            change.error(
                change.node("alternative"),
                f"{change.where}.alternative: only a cancellation has an alternative",
            )
            valid = False
        change.finish()
        if announced and entries and announced < entries[-1].announced:
            change.error(node, f"{change.where}.announced: earlier than the change before it")
            valid = False
        if announced is None or kind is None or (kind == "rescheduled" and previous is None):
            valid = False
            continue
        found = _ChangeEntry(node, change.where, kind, announced, reason, previous, alternative)
        entries.append(found)
    return entries if valid else None


def _read_alternative(change: Fields, venues: Venues) -> Alternative | None:
    """``alternative: 到县信访局反映`` or ``{text: …, venue: annex, date: 2021-11-10}``."""
    node = change.node("alternative")
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        text = change.text("alternative", max_length=500)
        return Alternative(text) if text else None
    found = change.sub("alternative")
    if found is None:
        return None
    text = found.text("text", required=True, max_length=500)
    venue = found.reference("venue", venues)
    day = found.date("date")
    found.finish()
    return Alternative(text, venue, day) if text else None


def _previous(before: Fields, after: _State, units: Units, venues: Venues, tz: ZoneInfo) -> _State:
    """The session before a change: what ``previous`` gives, the rest as right after it."""
    day = before.date("date") or after.slot.day
    venue = before.reference("venue", venues) or after.slot.venue
    given = given_times(before)
    start = given.get("start") or (after.slot.start.time() if after.slot.start else None)
    end = given.get("end") or (after.slot.end.time() if after.slot.end else None)
    slot = Slot(day, venue)
    if start is not None and end is not None:
        slot = Slot(day, venue, aware(day, start, tz), aware(day, end, tz))
    lead = read_lead(before, units) if before.has("lead") else after.lead
    if before.has("units"):
        return _State(slot, lead, tuple(before.references("units", units)))
    return _State(slot, lead, after.units)
