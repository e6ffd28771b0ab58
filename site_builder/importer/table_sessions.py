"""The sessions of a schedule table: read cell by cell where its cells survive (Word, tabs,
pipes, typed columns), or row by row where they ran together (the text of a PDF)."""

from __future__ import annotations

import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.columns import Row
from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.half_rows import halves
from site_builder.importer.lost_cells import row_units, untangle
from site_builder.importer.paired_cells import places_and_leads, row_places
from site_builder.importer.parts import read_people, read_weekday, split_by_time
from site_builder.importer.text import Flat, Line

_TWO_HALVES = re.compile(r"上午\s*\d{1,2}[:：点时].*下午\s*\d{1,2}[:：点时]")
NO_TIME = "通知此行没有接访时间，已写作“时间另行通知”"
# The session fields a table column gives.
_FIELDS = {"half": ("start", "end"), "time": ("start", "end"), "venue": ("venue",)}
_FIELDS |= {"lead": ("lead",), "units": ("units",)}


def from_table_text(
    table: Flat,
    found: FoundNotice,
    year_of: when.YearOf,
    with_venue: bool | None,
    ends_with_lead: bool = False,
    by_half: bool = False,
) -> list[FoundSession]:
    """Sessions from a table's text: each row runs from its date to the next row's date."""
    dates = when.dates_at(table.text, year_of)
    starts = sorted({match.start() for _, match, _ in dates})
    rows = []
    for day, match, end in dates:
        following = [start for start in starts if start > match.start()]
        row = table.text[end : following[0] if following else len(table.text)]
        # The next row's number (序号) ends this row's text: 区住建局、区交通运输局2.
        row = re.sub(r"(?<=[\u4e00-\u9fff）)])\d{1,3}\s*$", "", row)
        rows.append((day, row, table.line_at(match.start())))
    known = {name for _, row, _ in rows for name in row_units(row) or []}
    lost = None if with_venue is None else (known, with_venue)
    sessions: list[FoundSession] = []
    places = row_places([row for _, row, _ in rows]) if ends_with_lead else frozenset()
    # 上午9:00-12:00 甲… 下午14:30-17:30 乙: rows of two halves, each with its own time.
    by_half = by_half or any(_TWO_HALVES.search(row) for _, row, _ in rows)
    for day, row, source in rows:
        above = sessions[-1] if sessions else None
        paired = _half_sessions(day, row, source, found, above) if by_half else []
        if ends_with_lead and not paired:
            paired = _paired_sessions(day, row, source, found, places)
        sessions.extend(paired or _row_sessions(day, row, source, found, lost=lost))
    return sessions


def _half_sessions(
    day: date, row: str, source: Line, found: FoundNotice, above: FoundSession | None = None
) -> list[FoundSession]:
    """The morning and the afternoon of a row whose cells ran together and were merged over
    both halves (half_rows.py); the times the notice gives for each half where the row
    gives none; a place or units the row leaves out are those of the row ``above`` (a cell
    merged over several dates). Each is marked: merged cells are read by where their text
    stands."""
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    row = row[read_weekday(session, row) :]
    parts = halves(row)
    if parts is None:
        return []
    sessions = []
    for half in parts:
        part = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
        part.half = half.name
        if half.span:
            part.start, part.end = half.span.start, half.span.end
        else:
            part.doubts.append(Doubt(NO_TIME, source, ("start", "end")))
        part.venue = _lost_venue(found, half.place, source) if half.place else None
        if half.lead:
            read_people(half.lead, part)
        part.units = list(half.units or [])
        if above:
            part.venue = part.venue or above.venue
            part.units = part.units or list(above.units)
        message = "日程表的单元格跨上午和下午，已按位置分开，请核对"
        part.doubts.append(Doubt(message, source, ("venue", "lead", "units")))
        sessions.append(part)
    return sessions


def _paired_sessions(
    day: date, row: str, source: Line, found: FoundNotice, places: frozenset[str]
) -> list[FoundSession]:
    """The sessions of a row of a table ending 地点, 带班领导 whose cells ran together: each
    time with the places and leads after it (several places at one time are several
    sessions); a time with none after it has those of the time before."""
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    row = row[read_weekday(session, row) :]
    spans = when.time_spans(row)
    ends = [match.start() for _, match in spans[1:]] + [len(row)]
    sessions: list[FoundSession] = []
    pairs: list[tuple[str, str]] = []
    for (span, match), end in zip(spans, ends, strict=True):
        own = places_and_leads(row[match.end() : end], places)
        # 下午… 王玉梅（…）: a lead without a place is at the place of the time before (a
        # place cell merged over a morning and an afternoon row).
        places = [place for place, _ in pairs]
        pairs = [
            (place or (places[index] if index < len(places) else ""), lead)
            for index, (place, lead) in enumerate(own)
        ] or pairs
        for place, lead in pairs:
            part = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
            part.start, part.end = span.start, span.end
            part.venue = _lost_venue(found, place, source) if place else None
            read_people(lead, part)
            sessions.append(part)
    return sessions


def from_rows(rows: list[Row], found: FoundNotice, year_of: when.YearOf) -> list[FoundSession]:
    """Sessions from a table whose cells are known: each cell read for its column only."""
    sessions: list[FoundSession] = []
    days: list[date] = []
    for row in rows:
        written = row.cells.get("date", "")
        dates = when.dates_at(written, year_of)
        if dates:
            days = [day for day, _, _ in dates]
            written = written[dates[-1][2] :]
        elif written or not days or not row.cells.keys() - {"number"}:
            # A row without a date: a note under the table, or a date not read.
            if when.time_spans(written + row.cells.get("time", "")):
                found.doubt("sessions", f"日程表此行没有可读的日期：{row.source.text}", row.source)
            continue
        # else: a merged date cell, so the row belongs to the date above.
        # A 时段 column (上午/下午) says which half of the day the time is in.
        when_cell = row.cells.get("half", "") + row.cells.get("time", "")
        place = row.cells.get("venue")
        venue = venue_named(found, place, row.source) if place else None
        for when_text, lead in _halves_and_leads(when_cell, row.cells.get("lead", "")):
            if "title" in row.cells:  # 带班领导 | 职务: 何伟 | 新都镇副镇长
                lead = f"{row.cells['title']} {lead}"
            text = "\t".join([written, when_text, lead])
            text += "\t" + row.cells.get("units", "")
            for day in days:
                for session in _row_sessions(day, text, row.source, found, venue):
                    _room_unsaid(found, venue, place, session)
                    if row.guessed:
                        fields = tuple(key for role in row.guessed for key in _FIELDS[role])
                        message = "日程表此行有空白格，按上一行处理，请核对"
                        doubt = Doubt(message, row.source, tuple(dict.fromkeys(fields)))
                        session.doubts.append(doubt)
                    sessions.append(session)
    return sessions


def _room_unsaid(
    found: FoundNotice, venue: str | None, place: str | None, session: FoundSession
) -> None:
    """Mark a session whose table cell names a place without the room the notice gives it
    elsewhere (甲窗口 in the table, 甲窗口（接访室） in the text)."""
    known = next((v for v in found.venues if v.id == venue), None)
    if known and known.room and place and known.room not in place:
        message = f"日程表写作“{place.strip()}”，通知另处写有“{known.room}”，请核对地点"
        session.doubts.append(Doubt(message, session.source, ("venue",)))


def _halves_and_leads(when_cell: str, lead_cell: str) -> list[tuple[str, str]]:
    """The row's times with their lead: one pair for each half of the day when the time cell
    has a morning and an afternoon and the lead cell a lead for each (上午：甲 / 下午：乙)."""
    spans = when.time_spans(when_cell)
    morning = [match[0] for span, match in spans if span.start.hour < 12]
    afternoon = [match[0] for span, match in spans if span.start.hour >= 12]
    halves = re.split(r"(?=上午|下午)", lead_cell)
    if morning and afternoon and {"上午", "下午"} <= {part[:2] for part in halves}:
        return [
            ("、".join(morning), _half_lead(lead_cell, "上午")),
            ("、".join(afternoon), _half_lead(lead_cell, "下午")),
        ]
    return [(when_cell, _half_lead(lead_cell, when_cell))]


def _half_lead(cell: str, when_cell: str) -> str:
    """The lead of a row's half of the day, when its cell names one for each half (上午：局长
    甲 下午：副局长 乙, the cell merged over a morning row and an afternoon row)."""
    halves = {part[:2]: part[2:].strip(" ：:；;，,") for part in re.split(r"(?=上午|下午)", cell)}
    if not {"上午", "下午"} <= halves.keys():
        return cell
    spans = when.time_spans(when_cell)
    afternoon = "下午" in when_cell or any(span.start.hour >= 12 for span, _ in spans)
    return halves["下午" if afternoon else "上午"]


def _row_sessions(
    day: date,
    row: str,
    source: Line,
    found: FoundNotice,
    venue: str | None = None,
    lost: tuple[set[str], bool] | None = None,
) -> list[FoundSession]:
    """The sessions of one row; ``lost``: the table's units and whether a venue column
    comes before the lead, when the row's cells ran together."""
    session = FoundSession(id=day.isoformat(), day=day, source=source, venue=venue)
    row = row[read_weekday(session, row) :]
    spans = when.time_spans(row)
    for _, match in spans:
        row = row.replace(match[0], "\t", 1)
    half = None if spans else re.match(r"\s*(上午|下午)场?", row)
    if half:  # 5月8日（周三）上午: the time is given elsewhere, for each half of the day
        session.half, row = half[1], row[half.end() :]
    cells = untangle(row, *lost) if lost else None
    if cells:
        session.venue = _lost_venue(found, cells.venue, source) if cells.venue else None
        row = cells.lead + "\t" + "、".join(cells.units)
        venue = session.venue
    for known in found.venues if venue is None else []:
        if known.name in row:
            session.venue = known.id
            row = row.replace(known.name, "\t", 1)
    read_people(row, session)
    if not spans:
        session.doubts.append(Doubt(NO_TIME, source, ("start", "end")))
        return [session]
    return split_by_time(session, [span for span, _ in spans])


def _lost_venue(found: FoundNotice, place: str, source: Line) -> str | None:
    """A venue read from a row whose cells ran together: its name may be cut wrong."""
    known = {venue.id for venue in found.venues}
    venue_id = venue_named(found, place, source)
    for venue in found.venues:
        if venue.id == venue_id and venue_id not in known:
            venue.doubts.append(Doubt("地点取自断行的日程表，请核对名称", source, ("venue",)))
    return venue_id
