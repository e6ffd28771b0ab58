"""People listed date by date: 带班领导：12月6日 局长 张三 12月13日 副局长 李四, or
10月17日由局长 王平带班，10月31日由局长 朱红带班，县交通运输局派员参加."""

from __future__ import annotations

import itertools
import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.found import FoundSession
from site_builder.importer.parts import fill_people, read_people, sentence_people
from site_builder.importer.text import HEADING, Line
from site_builder.importer.units import UNIT

_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、)?\s*(?:带班领导|参加(?:接访)?单位)[：:]")
# 4月12日为局长 甲 / 4月12日由局长 甲带班: the words around the people.
_SAID = re.compile(r"^(?:为|是|由)|带班$")
# 第一周（1月10日至12日）：… — the week's or round's dates in brackets before its people.
_ROUND = re.compile(
    r"^第[一二三四五六七八九十\d]{1,3}[周轮批]\s*[（(](?=[^（()）]*\d[^（()）]*[)）])"
)


def people_by_date(sentence: str, source: Line, year_of: when.YearOf) -> dict[date, FoundSession]:
    """Each date's people, when a sentence without a time gives a lead for each of its dates
    (units said once at its end are every date's)."""
    labelled = bool(_LABEL.match(sentence))
    if when.time_spans(sentence):
        return {}
    dates = when.dates_at(sentence, year_of)
    if len(dates) < 2 or len({match.start() for _, match, _ in dates}) != len(dates):
        return {}  # one date, or a range: no list of dates
    found = {}
    for index, (day, _, end) in enumerate(dates):
        following = dates[index + 1][1].start() if index + 1 < len(dates) else len(sentence)
        words = sentence[end:following].strip(" ：:；;，,。、")
        people = FoundSession(id="", day=day, source=source)
        if labelled:
            read_people(_SAID.sub("", words), people)
        elif not (sentence_people(words, people) and people.lead_title):
            return {}
        if not (people.lead_title or people.units) or people.doubts:
            return {}
        found[day] = people
    last = found[dates[-1][0]].units
    for people in found.values():
        people.units = people.units or list(last)
    return found


def units_of_date(sentence: str, source: Line, year_of: when.YearOf) -> dict[date, FoundSession]:
    """The units or the lead a line gives its dates: （一）3月10日：区住建局、区交通运输局；
    1. 1月10日（星期一）　区人社局局长 王启明; 1月19日、2月2日：林晓静（街道党工委委员）."""
    text = HEADING.sub("", sentence.strip()).strip()
    if bracket := _ROUND.match(text):
        text = re.sub(r"[)）]", "", text[bracket.end() :], count=1)
    dates = when.dates_at(text, year_of)
    if not dates or dates[0][1].start() != 0 or when.time_spans(text):
        return {}
    for (_, before, end), (_, after, _) in itertools.pairwise(dates):
        if after is not before and not re.fullmatch(
            r"\s*(?:[（(][^）)]{1,6}[)）])?\s*[、，,和及]\s*", text[end : after.start()]
        ):
            return {}  # dates with words between them: not one line's list of dates
    end = dates[-1][2]
    rest = re.sub(r"^\s*[（(][^）)]{1,6}[)）]", "", text[end:])  # （星期二）
    rest = re.sub(r"^\s*[：:]?\s*", "", rest).strip("；;。，, ")
    names = rest.split("、")
    days = [day for day, _, _ in dates]
    if names and all(UNIT.fullmatch(name) for name in names):
        return {day: FoundSession(id="", day=day, source=source, units=names) for day in days}
    people = FoundSession(id="", day=days[0], source=source)
    read_people(_SAID.sub("", rest), people)
    if people.lead_title and not people.units and not people.doubts:
        return dict.fromkeys(days, people)
    # 4月7日（星期二）上午，由局长 甲带班，县住建局派员参加: the people of that day's session.
    half = re.match(r"(?:上午|下午)\s*[，,]\s*", rest)
    people = FoundSession(id="", day=days[0], source=source)
    if half and sentence_people(rest[half.end() :], people) and people.lead_title:
        return dict.fromkeys(days, people) if not people.doubts else {}
    return {}


def give_people(sessions: list[FoundSession], by_date: dict[date, FoundSession]) -> None:
    """Give each session the lead and units listed for its date, where it has none."""
    for session in sessions:
        people = by_date.get(session.day)
        if people is not None:
            fill_people(session, people)
