"""Parts of a session as a table row or a sentence gives them: weekday, people, times."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.found import Doubt, FoundSession
from site_builder.importer.units import UNIT, UNIT_IN_TEXT

TITLES = (
    "分管负责同志|主要负责同志|负责同志|分管领导|主要领导|领导班子成员|班子成员|党组书记|党组副书记|党组成员"
    "|[一二三四]级调研员|调研员|[一二三四]级主任科员|主任科员"
    "|党委书记|党委副书记|党委委员|党工委书记|党工委副书记|党工委委员|副书记|分管副局长"
    "|分管副县长|分管副区长|分管副市长|分管副旗长|分管副镇长|分管副乡长|分管副主任"
    "|副局长|局长|县委常委|区委常委|市委常委|常务副县长|常务副区长|常务副市长|常务副旗长"
    "|副县长|县长|副旗长|旗长|副区长|区长|副市长|市长|副镇长|镇长|副乡长|乡长|副主任|主任|副大队长|大队长"
    "|副支队长|支队长|副所长|所长|副站长|站长|副科长|科长|股长|副部长|部长|书记"
    "|人大主席|人大副主席|组织委员|宣传委员|纪委书记|政法委员|统战委员|副主席|主席"
)
# Titles held together: 党组书记、局长; 党组成员、劳动保障监察大队大队长 (a second title of
# another unit); a level before a party title: 镇党委委员、副镇长, 街道党工委委员、办事处副主任.
_TITLE_RUN = (
    rf"(?:(?:[县区市镇乡]|街道)(?=党|人大))?(?:{TITLES})"
    rf"(?:[、兼](?:{UNIT_IN_TEXT.pattern}|办事处|[\u4e00-\u9fff]{{2,3}}部)?(?:{TITLES}))*"
)
# A name: 何平, 李卫东, or 艾尔肯·吐尔逊 (a name of two parts, as Uyghur names are written).
NAME = r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,3})"
# 才让东智, 格桑次仁: a name of four characters, taken only where nothing follows it.
_NAME_OF_FOUR = r"(?!参加|参与|接访|带班|带队|联系|时间|地点|单位|负责)[\u4e00-\u9fff]{4}(?![：:])"
LEAD = re.compile(
    rf"(?P<unit>{UNIT.pattern})?(?P<title>{_TITLE_RUN})"
    # 局长 何平, or in a cell of its own 局长何平
    rf"(?:[ \t]*(?P<name>{NAME}|{_NAME_OF_FOUR})(?=[ \t；;，,]|$))?"
)
# In a sentence the name runs into the next word: 由县人社局局长 李卫东带班.
# Words between a title and 带班 that are no name: 班子成员轮值带班, 局长亲自带班.
_NOT_NAME = r"带班|带队|负责|主持|轮值|轮流|轮班|值班|亲自|共同|现场|集中"
SENTENCE_LEAD = re.compile(
    rf"(?P<unit>{UNIT_IN_TEXT.pattern})?(?P<title>{_TITLE_RUN})"
    rf"(?:\s*(?!{_NOT_NAME})(?P<name>[\u4e00-\u9fff]{{1,6}}·[\u4e00-\u9fff]{{1,6}}?|[\u4e00-\u9fff]{{2,4}}?))?(?:同志)?"
    rf"(?:{_NOT_NAME})?(?=带班|带队|负责|主持|将在|在[\u4e00-\u9fff]{{2,30}}?带班|[；;。，,]|$)"
)
_UNIT_LIST = rf"(?:{UNIT_IN_TEXT.pattern}[、，,和及与 ])*{UNIT_IN_TEXT.pattern}"
# 县住建局、县交通运输局派员参加 / 由区劳动保障监察大队值班接待.
SENTENCE_UNITS = re.compile(
    rf"(?P<list>{_UNIT_LIST})(?:等(?:相关|有关)?(?:部门|单位)?)?(?:每次|每场|届时)?"
    r"(?:分别|各|均|都)?(?:派员|派专人|派人|安排专人|安排人员"
    r"|(?:派|安排|抽调)(?:\d|[一二两三四五])名[\u4e00-\u9fff]{0,8}?"
    r"|(?:主要|分管)?负责(?:同志|人))?"
    r"(?:参加|参与|值班接待|值守)"
    rf"|由(?P<desk>{_UNIT_LIST})(?:值班|负责|安排专人)?接待"
)
# Two units or more, then what they do a few words on (…县公安局各确定1名业务股室负责同志参加
# 接访, …将派员现场接待, 组织甲局、乙局联合下沉): read when SENTENCE_UNITS reads nothing.
_LOOSE_UNITS = re.compile(
    rf"(?P<list>(?:{UNIT_IN_TEXT.pattern}[、和及与])+{UNIT_IN_TEXT.pattern})"
    r"(?:等(?:相关|有关)?(?:部门|单位)?)?[^，,。；;：:\n（(]{0,20}?"
    r"(?:派员|派人|参加|参与|接待|受理|到场|在场|值守|联合)"
)
_ALSO = re.compile(
    rf"[，,；;]\s*(?P<unit>{UNIT_IN_TEXT.pattern})(?:派|安排|抽调)(?:\d+名|[一二两三]名)?"
    r"(?:民警|干警|警力|专人|工作人员)"
)
# 我局联合市住建局、市交通局、市公安局…开展: units after the verb that brings them in.
_JOINED_UNITS = re.compile(
    rf"(?:联合|会同|协调|组织)(?P<list>(?:{UNIT_IN_TEXT.pattern}[、和及与])+{UNIT_IN_TEXT.pattern})"
    r"(?=[，,。；;]|共同|在|于|自|开展|集中|联合)"
)
# 带班领导：县人社局局长 陈刚 / 参加单位：县人社局、县住建局 (a label, then its value).
LABELLED_LEAD = re.compile(
    rf"(?:带班领导|接访领导|带班|带队领导|带队)(?:同志)?[：:为是]\s*(?P<unit>{UNIT_IN_TEXT.pattern})?"
    rf"(?P<title>{_TITLE_RUN})(?:\s*(?P<name>{NAME}|{_NAME_OF_FOUR})(?![\u4e00-\u9fff]))?"
)
LABELLED_UNITS = re.compile(
    r"(?:(?:(?:参加|参与)(?:接访)?|接访)(?:单位|部门|人员)(?!名单|名册|情况)(?:均|都|统一)?[：:为是]*"
    r"|(?:参加|参与)[：:])\s*(?:由)?"
    rf"(?P<list>{_UNIT_LIST})(?=[。；;，,\s（(]|$|派员|派人|参加|参与|分别|各派|等|业务|相关|全体|执法)"
)
# Words where a name would stand that are none (分管领导（副局长）, 带班领导（局长）).
_NOT_A_NAME = r"[\u4e00-\u9fff]{0,2}(?:领导|分管|主要|负责|相关|有关|班子|成员|部门|单位)"
_NAME_FIRST = re.compile(
    # 包巴特尔（区人社局局长）: a name of four characters too, the brackets saying it is one.
    rf"(?:(?<![\u4e00-\u9fff·])|(?<=由))(?P<name>{NAME}|(?![由为是])(?!{_NOT_A_NAME})[\u4e00-\u9fff]{{4}})\s*[（(]"
    rf"(?P<lead>(?:{UNIT.pattern})?\s?(?:{_TITLE_RUN}))[)）]"
)
# 谭志刚<tab>市人社局局长: a name's cell, then its title's; 郑 凯 区住建委副主任 in one cell.
_NAME_CELL_FIRST = re.compile(
    r"(?:^|(?<=\t))(?P<name>(?![\u4e00-\u9fff]{0,2}[局委办院所队站厅])"
    rf"(?:{NAME}|[\u4e00-\u9fff] [\u4e00-\u9fff]))[\t ]+"
    rf"(?P<lead>(?:{UNIT.pattern})?(?:{_TITLE_RUN}))(?=\t|$)"
)
# 仍由张卫东副镇长带班: a name, then the title, before 带班.
_NAME_BEFORE_TITLE = re.compile(
    rf"(?<=由)(?P<name>(?!{_NOT_A_NAME})"
    rf"(?![\u4e00-\u9fff]{{0,2}}[局委办院所队站厅镇乡区县市])[\u4e00-\u9fff]{{2,3}}?)"
    rf"(?P<title>{TITLES})(?=同志|带班)"
)
_STAFF = re.compile(r"(?:业务)?科室负责人|工作人员|业务骨干|相关人员")
# Between units: 、，; and, in a cell pasted from a spreadsheet, 县住建局/县交通局.
_SEPARATORS = re.compile(r"[、，,；;\s]+|(?<=[\u4e00-\u9fff])[/／](?=[\u4e00-\u9fff])")


def read_weekday(session: FoundSession, text: str) -> int:
    """Read a weekday label at the start of ``text``; a wrong one is kept and marked."""
    weekday = when.WEEKDAY.match(text)
    if weekday is None:
        return 0
    written = when.weekday_number(weekday["day"])
    session.weekday = when.WEEKDAY_LABELS[written]
    if written != session.day.weekday():
        actual = when.WEEKDAY_LABELS[session.day.weekday()]
        session.doubts.append(
            Doubt(
                f"通知写的是{session.weekday}，但 {session.day.isoformat()} 是{actual}；"
                "请核对日期和星期",
                session.source,
                ("date",),
            )
        )
    return weekday.end()


def _name_first(text: str) -> str:
    """``张敏（区人社局副局长）`` written as ``区人社局副局长 张敏``, as LEAD reads a lead."""
    text = _NAME_BEFORE_TITLE.sub(lambda match: f"{match['title']} {match['name']}", text)
    text = _NAME_CELL_FIRST.sub(
        lambda match: f"{match['lead']} {match['name'].replace(' ', '')}", text
    )
    # （区人社局 副局长）: a cell's line broken between the unit and the title.
    return _NAME_FIRST.sub(lambda match: f"{''.join(match['lead'].split())} {match['name']}", text)


def read_people(row: str, session: FoundSession) -> None:
    """The lead, the staff and the units of a table row (what is left after date and time)."""
    row = _name_first(row)
    lead = LEAD.search(row)
    if lead:
        session.lead_unit = lead["unit"]
        session.lead_title = lead["title"]
        session.lead_name = lead["name"]
        row = row[: lead.start()] + "\t" + row[lead.end() :]
    staff = _STAFF.search(row)
    if staff:
        session.staff = staff[0]
        row = row[: staff.start()] + "\t" + row[staff.end() :]
    for token in (name for part in _SEPARATORS.split(row) for name in _pair(part)):
        if not token.strip("（）()"):
            continue
        if UNIT.fullmatch(token):
            session.units.append(token)
        elif re.fullmatch(r"[/／—–\-－无]+", token):
            # A cell left as “/” or “无”: no units, as the table says; still worth a look.
            message = f"参加单位写作“{token}”，按没有参加单位处理，请核对"
            session.doubts.append(Doubt(message, session.source, ("units",)))
        else:
            # What is left of the people's cells: a lead or a unit not read.
            message = f"未能识别“{token}”，已略去"
            session.doubts.append(Doubt(message, session.source, ("lead", "units")))


def sentence_people(sentence: str, session: FoundSession) -> bool:
    """The lead (由…带班) and units (…派员参加) a sentence gives; whether it gave any."""
    sentence = _name_first(sentence)
    lead = LABELLED_LEAD.search(sentence) or SENTENCE_LEAD.search(sentence)
    if lead:
        session.lead_unit = lead["unit"]
        session.lead_title = lead["title"]
        session.lead_name = lead["name"]
        _cut_short(sentence, lead, session)
    labelled = LABELLED_UNITS.search(sentence)
    units = labelled or SENTENCE_UNITS.search(sentence)
    if units:
        listed = units["list"] or units["desk"]
        if not labelled:
            _list_cut_short(sentence, units, session)
        names = [name for part in re.split(r"[、，, ]", listed) for name in _pair(part)]
        session.units = _trim_first(names)
        if not labelled:
            session.units += [name for name in _beside_desk(sentence, units) if name not in names]
        # …各派1名业务骨干参加，区公安分局派民警1名维护现场秩序: one more unit, its own clause.
        also = (match["unit"] for match in _ALSO.finditer(sentence, units.end()))
        session.units += [name for name in also if name not in session.units]
    elif joined := _JOINED_UNITS.search(sentence):
        units = joined
        names = [name for part in joined["list"].split("、") for name in _pair(part)]
        session.units = names
    elif loose := _LOOSE_UNITS.search(sentence):
        _list_cut_short(sentence, loose, session)
        units = loose
        names = [name for part in loose["list"].split("、") for name in _pair(part)]
        session.units = _trim_first(
            [*names[:-1], _longest(names[-1], sentence[loose.end("list") :])]
        )
    return bool(lead or units)


def _longest(name: str, after: str) -> str:
    """The last unit of a list read up to the longest name it starts (区人社局劳动保障监察大队
    read as 区人社局 when a few words stand between the list and what the units do)."""
    after = re.split(r"联合|现场|派|参|到|在|每|各|将|均|分别|负责|共同", after, maxsplit=1)[0]
    longer = (name + after[:end] for end in range(min(len(after), 12), 0, -1))
    return next((text for text in longer if UNIT.fullmatch(text)), name)


def _beside_desk(sentence: str, units: re.Match[str]) -> list[str]:
    """The units of the other kind in one sentence: 由监察大队值班接待，住建局派员参加 gives
    the desk and the units taking part (both are at the session)."""
    kind = "desk" if units["desk"] else "list"
    other = next(
        (match for match in SENTENCE_UNITS.finditer(sentence) if match[kind] is None),
        None,
    )
    if other is None:
        return []
    listed = other["list"] or other["desk"]
    return _trim_first([name for part in re.split(r"[、，, ]", listed) for name in _pair(part)])


def _list_cut_short(sentence: str, units: re.Match[str], session: FoundSession) -> None:
    """Mark a units list whose first name runs on from the words before it (…及所在乡镇劳动
    保障所 read from 乡镇), unless those words end a heading (三、县劳动保障监察大队…)."""
    before = sentence[max(units.start() - 2, 0) : units.start()]
    if not units["list"] or not before or re.fullmatch(r"[一二三四五六七八九十\d]、", before):
        return
    if "\u4e00" <= before[-1] <= "\u9fff" or before[-1] in "、和及与":
        written = sentence[max(units.start() - 8, 0) : units.end("list")]
        message = f"参加单位原文为“…{written}”，可能没有读全，请核对"
        session.doubts.append(Doubt(message, session.source, ("units",)))


def _cut_short(sentence: str, lead: re.Match[str], session: FoundSession) -> None:
    """Mark a lead read from the end of a longer title (县人大常委会副主任 read as 副主任):
    the word before it is neither a unit nor a break."""
    before = sentence[lead.start() - 1] if lead.start() > 0 else ""
    if lead["unit"] is None and "\u4e00" <= before <= "\u9fff" and before not in "由为是和及与的":
        written = sentence[max(lead.start() - 6, 0) : lead.start("title") + len(lead["title"])]
        message = f"带班领导原文为“…{written}”，只读出了“{lead['title']}”，请核对"
        session.doubts.append(Doubt(message, session.source, ("lead",)))


def _trim_first(names: list[str]) -> list[str]:
    """The first name without the words before it (以上各场次县人社局 → 县人社局): cut at
    the level character (县, 区) the other names of the list start with."""
    levels = {name[0] for name in names[1:]}
    first = names[0] if names else ""
    for start in range(len(first) - 3, 0, -1):
        # 大丰街道劳动保障所 stays whole: only words of a sentence (各, 场次, 由) are cut off.
        words = re.search(r"[各场次每由以上均和及与的在前后将请]|组织|抽调|协调", first[:start])
        if words and first[start] in levels and UNIT.fullmatch(first[start:]):
            return [first[start:], *names[1:]]
    return names


def _pair(text: str) -> list[str]:
    """``县人社局和县住建局`` is two units; ``县人力资源和社会保障局`` is one."""
    for joiner in "和及与":
        first, found, second = text.partition(joiner)
        if found and UNIT.fullmatch(first) and UNIT.fullmatch(second):
            return [first, second]
    return [text] if text else []


def split_by_time(session: FoundSession, spans: list[when.Span]) -> list[FoundSession]:
    """One session per time span: a day with a lunch break is two sessions."""
    sessions = []
    for span in spans:
        part = FoundSession(
            **{**session.__dict__, "doubts": list(session.doubts), "units": list(session.units)}
        )
        part.start, part.end = span.start, span.end
        if len(spans) > 1:
            part.id = f"{session.id}-{'am' if span.start.hour < 12 else 'pm'}"
        sessions.append(part)
    return sessions


def share_people(sessions: list[FoundSession], shared: list[tuple[FoundSession, bool]]) -> None:
    """Give the sessions without a lead or units of their own those the notice gives for
    all of them (三、带班领导：…, 四、参加单位：…): marked, unless it says 各场次 or 均."""
    lead = next(((people, every) for people, every in shared if people.lead_title), None)
    units = next(((people, every) for people, every in shared if people.units), None)
    for session in sessions:
        taken = []
        if lead and not session.lead_title:
            people, every = lead
            session.lead_unit, session.lead_title = people.lead_unit, people.lead_title
            session.lead_name = people.lead_name
            taken += [] if every else [("带班领导", "lead", people.source)]
            session.doubts.extend(d for d in people.doubts if d not in session.doubts)
        if units and not session.units:
            people, every = units
            session.units = list(people.units)
            taken += [] if every else [("参加单位", "units", people.source)]
            session.doubts.extend(d for d in people.doubts if d not in session.doubts)
        if taken:
            what = "和".join(name for name, _, _ in taken)
            fields = tuple(key for _, key, _ in taken)
            message = f"{what}取自通知的另一处，请核对"
            session.doubts.append(Doubt(message, taken[0][2], fields))


def fill_people(session: FoundSession, people: FoundSession) -> None:
    """Give ``session`` the lead and the units of ``people`` where it has none of its own."""
    if people.lead_title and not session.lead_title:
        session.lead_unit, session.lead_title = people.lead_unit, people.lead_title
        session.lead_name = people.lead_name
    if people.units and not session.units:
        session.units = list(people.units)


def take_halves(sessions: list[FoundSession], halves: list[tuple[str, FoundSession]]) -> None:
    """Give the sessions of each half of the day (上午, 下午) without people of their own the
    lead and units the notice gives for that half."""
    for half, people in halves:
        for session in sessions:
            if session.start is None or (session.start.hour < 12) != (half == "上午"):
                continue
            fill_people(session, people)
