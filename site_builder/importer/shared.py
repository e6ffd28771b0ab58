"""What a notice says of all its sessions at once: people under a table, people it names
but the sessions lack, and the year when it gives no date of its own."""

from __future__ import annotations

import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.columns import Row
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.parts import sentence_people
from site_builder.importer.text import Flat, Line
from site_builder.importer.unread import LEAD_HINT, UNITS_HINT


def under_table(rows: list[Row], following: list[Line]) -> list[tuple[FoundSession, bool]]:
    """The lead or units the lines under a table give for every row, when it has no such
    column (日期 时间 地点 带班领导, then 参加单位：…)."""
    columns = {role for row in rows for role in row.cells}
    after = [line for line in following if line.number > rows[-1].source.number]
    people = FoundSession(id="", day=date.min, source=after[0] if after else rows[-1].source)
    if not after or not sentence_people("\n".join(line.text for line in after), people):
        return []
    if "lead" in columns:
        people.lead_unit = people.lead_title = people.lead_name = None
    if "units" in columns:
        people.units = []
    return [(people, True)]


def people_left_out(found: FoundNotice, flat: Flat) -> None:
    """Mark the sessions left without units or a lead when the notice speaks of them
    (…派员参加, 带班): a list it wrote in a way not read must not pass for none."""
    units = UNITS_HINT.search(flat.text) or re.search(
        r"参[加与](?:单位|部门)|参[加与][：:]", flat.text
    )
    lead = LEAD_HINT.search(flat.text) or "带班领导" in flat.text
    for session in found.sessions:
        if any("units" in doubt.message or "参加单位" in doubt.message for doubt in session.doubts):
            continue
        missing = [
            (what, key)
            for what, key, said, given in (
                ("带班领导（lead）", "lead", lead, session.lead_title),
                ("参加单位（units）", "units", units, session.units),
            )
            if said and not given
        ]
        if missing:
            what = "和".join(what for what, _ in missing)
            message = f"通知写有{what}，这场接访没有读出，请核对"
            session.doubts.append(Doubt(message, session.source, tuple(k for _, k in missing)))


def date_in(flat: Flat) -> date | None:
    """The article's date, when the first year the notice writes is part of a full date
    (宝塔人社 2025年01月08日 10:32, 2023-12-08): January's sessions of a December article are
    next year's."""
    found = re.search(r"(?<!\d)(20\d{2})[-./年](\d{1,2})[-./月](\d{1,2})", flat.text)
    if found is None or found.start() != re.search(r"(?<!\d)20\d{2}[-./年]", flat.text).start():
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def year_by_weekdays(flat: Flat, today: date) -> int | None:
    """The year nearest ``today`` (from six years before to one after) in which every date
    written with its weekday falls on it, for a notice that writes no year at all (a message
    pasted from a chat group: 6月10日（周二）…)."""
    written = []
    for match in when.DATE.finditer(flat.text):
        weekday = when.WEEKDAY.match(flat.text[match.end() : match.end() + 12])
        if weekday:
            month, day = match["month"] or match["smonth"], match["day"] or match["sday"]
            written.append((int(month), int(day), when.weekday_number(weekday["day"])))

    def fits(year: int) -> bool:
        try:
            return all(
                date(year, month, day).weekday() == weekday for month, day, weekday in written
            )
        except ValueError:
            return False

    if not written:
        return None
    years = [year for year in range(today.year - 6, today.year + 2) if fits(year)]
    return min(years, key=lambda year: abs(year - today.year)) if years else None


def year_in(flat: Flat) -> int | None:
    """The first year the notice writes (2024-05-06, 2024年), for one without a signature
    date or campaign months (a WeChat article); the sessions it dates are marked."""
    found = re.search(r"(?<!\d)(20\d{2})(?:[-./年])", flat.text)
    return int(found[1]) if found else None
