"""``schedule.json``: the published schedule, machine-readable, and the check against it.

The manifest of the last build is what subscribers' calendars were given. Comparing the
new schedule with it catches a session that was moved without a recorded change (its
SEQUENCE would stay the same, and calendar apps ignore such updates) or that was deleted
instead of cancelled (it would linger in every calendar that already has it).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from site_builder.errors import ContentError
from site_builder.model import Session, Site, Slot

MANIFEST_PATH = "schedule.json"
FORMAT = 1
_ADD_CHANGE = "without a recorded change: add to this session"
# Sessions encoded at once: small next to the whole schedule, and few batches, since every
# indented json.dumps leaves a reference cycle that only the cycle collector (paused during
# a build) frees.
_BATCH = 500


def render_manifest(site: Site) -> dict[str, bytes]:
    """``{"schedule.json": ...}``: every session in schedule order, sorted keys, no clock.

    The text is what ``json.dumps(..., indent=2, sort_keys=True)`` gives for the whole
    document, written one session at a time: for a big schedule, the whole document as
    Python objects and the encoder's pieces of it took several times the file's size.
    """
    document: dict[str, object] = {
        "format": FORMAT,
        "title": site.title,
        "office": site.office,
        "timezone": site.timezone,
        # Only a site with an ``id`` has one here: the manifests of the others stay as they were.
        **({"id": site.id} if site.id else {}),
        "sessions": [],
    }
    pieces: list[bytes] = []
    for key in sorted(document):
        pieces.append(b",\n  " if pieces else b"{\n  ")
        pieces.append(f"{_json(key)}: ".encode())
        if key == "sessions":
            pieces.extend(_session_list(site))
        else:
            pieces.append(_json(document[key]).encode("utf-8"))
    pieces.append(b"\n}\n")
    return {MANIFEST_PATH: b"".join(pieces)}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def _session_list(site: Site) -> Iterator[bytes]:
    """The session list as ``_json`` writes it two levels deep, in pieces."""
    sessions = sorted(site.sessions, key=lambda s: s.sort_key)
    if not sessions:
        yield b"[]"
        return
    yield b"[\n"
    for start in range(0, len(sessions), _BATCH):
        batch = _json([_entry(session) for session in sessions[start : start + _BATCH]])
        # Written as a list of its own, one level up: without brackets, indented once more.
        entries = "  " + batch[2:-2].replace("\n", "\n  ")
        yield (b",\n" if start else b"") + entries.encode("utf-8")
    yield b"\n  ]"


def _entry(session: Session) -> dict[str, Any]:
    """One session as the manifest lists it."""
    slot = session.slot
    return {
        "id": session.id,
        "date": slot.day.isoformat(),
        "start": slot.start.isoformat() if slot.start else None,
        "end": slot.end.isoformat() if slot.end else None,
        "venue": slot.venue.id,
        "lead": session.lead.label if session.lead else None,
        "units": [unit.id for unit in session.units],
        "status": session.status,
        "sequence": session.sequence,
        "changes": [
            {"kind": c.kind, "announced": c.announced.isoformat(), "reason": c.reason}
            for c in session.changes
        ],
    }


def check_against_previous(
    site: Site, previous_manifest: bytes | None, schedule_path: Path
) -> list[ContentError]:
    """Every session that changed since the last build without a recorded change, or vanished.

    A last build of another site (a different ``id``, or ``office`` without one, in
    site.yaml) is not compared: that is a different publication, whose events have other
    UIDs. A warning says so.
    """
    try:
        office, previous = _read(previous_manifest) if previous_manifest else (site.uid_key, {})
    except ValueError as error:
        message = (
            f"the last build's {MANIFEST_PATH} cannot be read ({error}); remove it from the "
            "output folder to accept the current schedule as the new starting point"
        )
        return [ContentError(schedule_path, 1, message)]
    if _same_office(office) != site.uid_key:
        message = (
            f"the last build in the output folder was for another office ({office}), so the "
            "schedule is not compared with it; if you changed `id` in site.yaml (or `office`, "
            "in a site without `id`), every calendar event gets a new UID and subscribers "
            f"will see each session twice: set `id: {office}` to keep them"
        )
        previous = {}
        warnings = [ContentError(schedule_path.with_name("site.yaml"), 1, message, warning=True)]
    else:
        warnings = []
    errors = warnings
    current = {session.id: session for session in site.sessions}
    for session_id, entry in sorted(previous.items()):
        if session_id not in current:
            message = (
                f"session {session_id} ({entry['date']}) was published in the last build "
                "and is missing now: a session must stay in the schedule and be cancelled "
                "(an entry with kind: cancelled under `changes:`), never deleted"
            )
            errors.append(ContentError(schedule_path, 1, message))
    for session in site.sessions:
        entry = previous.get(session.id)
        was_timed = any(c.previous.start for c in session.changes) or bool(entry and entry["start"])
        if session.slot.time_tba and was_timed:
            message = (
                f"session {session.id}: its time was published and is now 时间另行通知, so it "
                "would vanish from subscribers' calendars: give the new time, or keep the old "
                "one and record a cancellation instead"
            )
            errors.append(ContentError(schedule_path, session.line, message))
        elif entry is not None:
            errors.extend(_compare(session, entry, schedule_path))
    return errors


def _compare(session: Session, entry: dict[str, Any], path: Path) -> list[ContentError]:
    """What is wrong with ``session`` given how the last build published it."""
    before, now = entry["sequence"], session.sequence
    where = f"session {session.id}"
    if now < before:
        message = f"{where}: the last build had {before} recorded change(s), now {now}: "
        message += "a recorded change must never be removed"
        return [ContentError(path, session.line, message)]
    if now > before:
        return _check_new_changes(session, entry, path)
    slot = session.slot
    problems = []
    if entry["date"] != slot.day.isoformat():
        problems.append(f"date changed from {entry['date']} to {slot.day.isoformat()}")
    # Announcing the time of a 时间另行通知 session is not a change: it enters the feed then.
    if entry["start"] is not None and _times(entry) != _slot_times(slot):
        problems.append(f"time changed from {_times(entry)} to {_slot_times(slot)}")
    if entry["venue"] != slot.venue.id:
        problems.append(f"venue changed from {entry['venue']} to {slot.venue.id}")
    if entry["status"] != session.status:
        problems.append(f"status changed from {entry['status']} to {session.status}")
    # Manifests written before leads and units were recorded do not have them.
    lead = session.lead.label if session.lead else None
    if "lead" in entry and entry["lead"] != lead:
        problems.append(f"lead changed from {entry['lead'] or '—'} to {lead or '—'}")
    units = [unit.id for unit in session.units]
    if "units" in entry and entry["units"] != units:
        was, now = ", ".join(entry["units"]) or "—", ", ".join(units) or "—"
        problems.append(f"units changed from [{was}] to [{now}]")
    if not problems:
        return []
    fix = _change_snippet(entry)
    return [ContentError(path, session.line, f"{where}: {p} {_ADD_CHANGE} {fix}") for p in problems]


def _change_snippet(entry: dict[str, Any]) -> str:
    """The ``changes:`` entry to paste, in YAML's one-line form, from what was published."""
    previous = f"date: {entry['date']}, venue: {entry['venue']}"
    if entry["start"] is not None:
        start, end = _times(entry).split("–")
        previous += f', start: "{start}", end: "{end}"'
    return (
        "`changes: [{announced: YYYY-MM-DD, kind: rescheduled, "
        f"previous: {{{previous}}}, reason: ...}}]` (docs/content.md, Announcing a change)"
    )


def _check_new_changes(session: Session, entry: dict[str, Any], path: Path) -> list[ContentError]:
    """The first change added since the last build must start from what it published."""
    previous = session.changes[entry["sequence"]].previous
    published = (entry["date"], entry["venue"])
    recorded = (previous.day.isoformat(), previous.venue.id)
    if entry["start"] is not None and previous.start is not None:
        published += (_times(entry),)
        recorded += (_slot_times(previous),)
    # Leads and units are named only when they differ (older manifests do not have them).
    lead = session.lead_before(entry["sequence"])
    if "lead" in entry and entry["lead"] != (lead.label if lead else None):
        published += (entry["lead"] or "—",)
        recorded += (lead.label if lead else "—",)
    units = [unit.id for unit in session.units_before(entry["sequence"])]
    if "units" in entry and entry["units"] != units:
        published += (f"[{', '.join(entry['units'])}]",)
        recorded += (f"[{', '.join(units)}]",)
    if published == recorded:
        return []
    message = (
        f"session {session.id}: the new entry under `changes:` says it was "
        f"{' '.join(recorded)}, but the last build published {' '.join(published)}"
    )
    return [ContentError(path, session.line, message)]


def _times(entry: dict[str, Any]) -> str:
    """``09:00–17:00`` from a manifest entry."""
    if entry["start"] is None or entry["end"] is None:
        return "时间另行通知"
    start, end = (datetime.fromisoformat(entry[key]) for key in ("start", "end"))
    return f"{start:%H:%M}–{end:%H:%M}"


def _slot_times(slot: Slot) -> str:
    """``09:00–17:00`` from a slot."""
    if slot.start is None or slot.end is None:
        return "时间另行通知"
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}"


def _same_office(office: str) -> str:
    """The site id or office name as the UIDs use it."""
    return unicodedata.normalize("NFKC", office).strip()


def _read(manifest: bytes) -> tuple[str, dict[str, dict[str, Any]]]:
    """The previous manifest's site id (or office) and sessions; ``ValueError`` if not ours."""
    try:
        document = json.loads(manifest.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("not JSON") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"not a format {FORMAT} schedule manifest")
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise ValueError("no session list")
    expected = {"id": str, "date": str, "venue": str, "status": str, "sequence": int}
    for entry in sessions:
        if not isinstance(entry, dict) or any(
            not isinstance(entry.get(key), kind) for key, kind in expected.items()
        ):
            raise ValueError("a session entry is incomplete")
        for key in ("start", "end"):
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"a session's {key} is not a string")
            if value is not None:
                datetime.fromisoformat(value)  # raises ValueError when malformed
        if entry.get("lead") is not None and not isinstance(entry["lead"], str):
            raise ValueError("a session's lead is not a string")
        units = entry.get("units", [])
        if not isinstance(units, list) or not all(isinstance(unit, str) for unit in units):
            raise ValueError("a session's units are not a list of ids")
    office = document.get("id") or document.get("office")
    if not isinstance(office, str):
        raise ValueError("no office")
    for entry in sessions:  # in place: a big schedule's entries are megabytes
        entry.setdefault("start", None)
        entry.setdefault("end", None)
    return office, {entry["id"]: entry for entry in sessions}
