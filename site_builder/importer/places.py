"""Places a notice's sentences name: 在…开展, a clause that is a place, 分别在甲、乙、丙."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.facts import venue_named
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.text import Line

# 撒营盘镇由县住建局局长…带班: a clause about one of the places the sentence names.
_SUBJECT = re.compile(r"(?:^|[：:，,；;])\s*(?P<subject>[\u4e00-\u9fff]{2,16}?)由")
PLACE_END = (
    r"(?:人民政府|办事处|服务中心|服务站|中心|大厅|会议室|室|\d{2,4}室|\d{1,3}号窗口|政府|仲裁庭|调解庭|窗口|工地现场"
    r"|(?<=[局委院])[一二三四五六七八九十\d]楼)"  # 在县人社局一楼开展
)
# 西平街道便民服务中心, 县政务服务中心一楼 (a floor after the place).
_FLOOR = r"(?:[一二三四五六七八九十\d]{1,2}[楼层])"
BARE_PLACE = re.compile(rf"[\u4e00-\u9fff]{{2,20}}?{PLACE_END}{_FLOOR}?")
_IN_TURN = re.compile(
    r"分别(?:在|于|到)(?P<places>[\u4e00-\u9fff、]{2,60}?)(?:开展|举行|进行|接访)"
)
# 10月10日（永川区人社局一楼大厅）: a date's place in the brackets after it.
_BRACKET_PLACE = re.compile(rf"^\s*[（(](?P<place>[\u4e00-\u9fff]{{2,30}}?{PLACE_END})[)）]")
_ENDING = re.compile(rf"{PLACE_END}$")
# 在甲大厅（乙路8号）开展: the address in brackets stays with the place (venue_named splits it).
# Where a sentence puts its session (在甲所开展, 到乙工地现场开展) may end as no clause alone
# does: a 劳动保障所 or a site's canteen is a place here, a unit or a word elsewhere.
# 在区人社局二楼劳动保障监察大队接访: an office on a floor is a place too.
_AT_END = (
    rf"(?:{PLACE_END}|所|现场|活动室|生活区|(?:窗口|接待|服务|办事)区|广场|食堂|夜校|项目部"
    r"|(?<=[楼层])[\u4e00-\u9fff]{2,12}?大队)"
)
# A clause that is a place after a date and time: 3月14日9：00至12：00，德感街道劳动保障所，
_BARE_AT = re.compile(rf"[\u4e00-\u9fff]{{2,20}}?{_AT_END}{_FLOOR}?")
_AT_PLACE = re.compile(
    rf"(?:在(?!建)|到|转至|移至|下沉至|下沉到|设在)(?P<place>[\u4e00-\u9fff]{{2,30}}?(?:[（(][\u4e00-\u9fff]{{2,8}}[)）][\u4e00-\u9fff]{{2,20}}?)?"
    rf"{_AT_END}{_FLOOR}?(?:[（(][^（）()]{{2,40}}[)）])?)"
    r"(?=开展|举行|进行|设|增设|加设|增加|全天|集中|接访(?!室|处|点|大厅|中心)|召开|带班|[，,；;。]|$)"
)


def in_turn(text: str) -> list[str]:
    """The places of 分别在甲镇、乙镇、丙镇人民政府开展, one a day, each with the shared ending."""
    match = _IN_TURN.search(text)
    if match is None:
        return []
    places = match["places"].split("、")
    ending = _ENDING.search(places[-1])
    if ending:
        places = [place if _ENDING.search(place) else place + ending[0] for place in places]
    return places


def bracketed_places(sentence: str) -> bool:
    """Whether a sentence gives its dates' places in brackets: 10月10日（甲大厅）、…."""
    return bool(re.search(rf"[日号][（(][\u4e00-\u9fff]{{2,30}}?{PLACE_END}[)）]", sentence))


def bare_place(sentence: str, found: FoundNotice, source: Line) -> str | None:
    """A clause that is only a place: 3月1日（星期二），西平街道便民服务中心；"""
    after_label = False  # the clause after 参加单位： names units, not a place
    for clause in re.split(r"(?<=[：:])|[，,；;。·]", sentence):
        if after_label:
            after_label = clause.endswith(("：", ":"))
            continue
        if clause.endswith(("：", ":")):
            after_label = bool(re.search(r"(?:单位|部门|人员|参加)[：:]$", clause))
            continue
        # 上午9点半—11点半　甲大厅: the place after the time it is held at.
        clause = when.TIME_RANGE.sub("", clause).strip()
        # 在区人社局一楼大厅, 接访下沉至甲镇…: the place without the words that lead to it.
        clause = re.sub(
            r"^(?:接访组?)?(?:下沉至|下沉到|移至|转至|改至|改在|设在|安排在)", "", clause
        )
        clause = re.sub(r"^(?:在|于|到)(?=[\u4e00-\u9fff]{2})", "", clause)
        # 地点均为县人社局一楼大厅, 地点调至甲院一楼调解室: the place after the words that name it.
        clause = re.sub(
            r"^(?:接访)?地点(?:均|都|统一|临时)?(?:调整为|变更为|改为|调至|改至|改在|移至|设在|为|是|在)",
            "",
            clause,
        )
        clause = re.sub(
            r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[-*•·])\s*", "", clause
        )
        # 各乡镇人民政府，区直有关部门： is who the notice is addressed to, not a place.
        # 几江街道劳动保障所（几江街道便民服务中心一楼）: a place with its room in brackets.
        bare = re.sub(r"[（(][^（）()]{2,40}[)）]$", "", clause)
        # 另增加融水镇人民政府, 增派甲镇政府: a unit that takes part, not a place.
        joins = re.match(r"(?:另|再)?(?:增加|增派|加派|另派|邀请)", clause)
        if _BARE_AT.fullmatch(bare) and not clause.startswith("各") and not joins:
            return venue_named(found, clause, source)
    return None


def subject_place(clause: str, sentence: str) -> str | None:
    """The place ``sentence`` names that the clause is about (撒营盘镇 → 撒营盘镇人民政府)."""
    subject = _SUBJECT.search(clause)
    if subject is None:
        return None
    labelled = re.search(r"地点[：:]\s*$", clause[: subject.start("subject")])
    if BARE_PLACE.fullmatch(subject["subject"]) and not labelled:
        return subject["subject"]  # 嘉积镇综治中心一楼接待室由…带班: the place itself
    name = re.escape(subject["subject"])
    place = re.search(rf"{name}[\u4e00-\u9fff]{{0,10}}?{PLACE_END}", sentence)
    return place[0] if place else None


def venue_in(sentence: str, found: FoundNotice, source: Line) -> str | None:
    """The venue a sentence names (the longest known name it holds, or 在…开展), if any."""
    named = [venue for venue in found.venues if venue.name in sentence]
    if named:
        return max(named, key=lambda venue: len(venue.name)).id
    bracket = _BRACKET_PLACE.match(sentence)
    if bracket:
        return venue_named(found, bracket["place"], source)
    place = _AT_PLACE.search(sentence)
    return venue_named(found, place["place"], source) if place else None


def same_times(
    previous: tuple[str, list[FoundSession]], clause: str, people: FoundSession, found: FoundNotice
) -> list[FoundSession]:
    """Sessions at another place on the days and times of the sentence before."""
    sentence, before = previous
    place = subject_place(clause, sentence)
    # 同时设两个接访点：…；乙局副局长丙在丁会议室带班: the place the clause itself names.
    venue = (
        venue_named(found, place, people.source)
        if place
        else venue_in(clause, found, people.source)
    )
    return [
        FoundSession(
            id=session.id,
            day=session.day,
            source=people.source,
            weekday=session.weekday,
            start=session.start,
            end=session.end,
            venue=venue,
            lead_unit=people.lead_unit,
            lead_title=people.lead_title,
            lead_name=people.lead_name,
            units=list(people.units),
            doubts=[d for d in session.doubts if "星期" in d.message],
        )
        for session in before
    ]


# 甲局副局长乙在丙窗口、丁局副主任戊在己会议室同时开展接访: a lead at each place.
_LEAD_AT = re.compile(
    rf"(?P<lead>[\u4e00-\u9fff·]{{4,30}}?)在(?P<place>[\u4e00-\u9fff\d]{{2,40}}?{_AT_END}{_FLOOR}?)"
    r"(?=、|，|,|同时|开展|接访)"
)


def leads_at_places(sentence: str) -> list[tuple[str, str]]:
    """The (lead, place) pairs of a sentence that puts several leads at several places at once
    (…陈立军在甲窗口、…周海涛在乙会议室同时开展接访); none unless there are two or more."""
    if "同时" not in sentence:
        return []
    clause = re.split(r"[，,]", sentence)
    pairs = [
        (match["lead"], match["place"]) for part in clause for match in _LEAD_AT.finditer(part)
    ]
    return pairs if len(pairs) >= 2 else []
