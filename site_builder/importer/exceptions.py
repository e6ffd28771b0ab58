"""What a notice says of one of its dates apart from the schedule: 其中，12月19日当次接访移至
甲中心举行 (that date's place); 12月5日当次增派县公安局1名同志参加 (one more unit that day);
其中，6月份的接访日在乙接访室进行 (the place of that month's sessions)."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.facts import venue_named
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.places import PLACE_END
from site_builder.importer.text import Flat
from site_builder.importer.units import UNIT_IN_TEXT

_MOVED_TO = re.compile(
    r"(?:移至|改至|改在|调至|安排在|地点均为|地点为|地点(?:调整|变更|改)为|在)(?P<place>[\u4e00-\u9fff]{2,40}?)"
    r"(?=[（(，,]|举行|开展|进行|集中接访|接访(?!室|处|点|大厅|中心)|$)"
)
_MONTH = re.compile(r"(?<![\d年])(\d{1,2})月份?(?=的|当次|接访)")
_ONE_MORE = re.compile(
    rf"(?:增派|另派|加派|另增加|另加)(?P<unit>{UNIT_IN_TEXT.pattern})"
    # 7月份接访时，区总工会同时派员参加
    rf"|(?P<also>{UNIT_IN_TEXT.pattern})(?:同时|也|亦|另行)(?:派员|派人)?参加"
)


def apply_date_exceptions(
    flat: Flat, sessions: list[FoundSession], found: FoundNotice, year_of: when.YearOf
) -> None:
    """Give the sessions of a date the place or the extra unit a sentence of its own gives."""
    for sentence in re.split(r"[。；;]", flat.text):
        if when.time_spans(sentence):
            continue
        dates = when.dates_at(sentence, year_of)
        months = list(_MONTH.finditer(sentence))
        if dates:
            # 5月13日、5月20日三次接访地点均为甲接待室: each date's place.
            days = {day for day, _, _ in dates}
            match = max((match for _, match, _ in dates), key=lambda match: match.end())
            own = [session for session in sessions if session.day in days]
        elif len(months) == 1:
            # 其中，7月份的接访地点设在乙会议室: the sessions of that month.
            match = months[0]
            own = [session for session in sessions if session.day.month == int(match[1])]
        else:
            continue
        after = sentence[match.end() :]
        place = _MOVED_TO.search(after)
        if place and not re.search(PLACE_END, place["place"]):
            place = None
        more = _ONE_MORE.search(after)
        if not own or not (place or more):
            continue
        source = flat.line_at(flat.text.find(sentence) + match.start())
        for session in own:
            if place:
                session.venue = venue_named(found, place["place"], source)
            unit = more and (more["unit"] or more["also"])
            if unit and unit not in session.units:
                session.units.append(unit)
