"""Site-level facts of a notice: title, office, date, campaign, venues, contacts."""

from __future__ import annotations

import itertools
import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.found import (
    Doubt,
    FoundCampaign,
    FoundContact,
    FoundNotice,
    FoundVenue,
)
from site_builder.importer.hanzi_date import in_digits
from site_builder.importer.shared import year_in
from site_builder.importer.text import HEADING, Flat, Line, joined, paragraphs

# What a government portal or a WeChat article puts around the notice: 首页 > 通知公告,
# 发布时间：…, 浏览次数：, 【字体：大 中 小】, 索引号：…, 原创 … 2024-04-03 18:00.
_PORTAL = re.compile(
    r"首页\s*[>＞]|当前位置|发布时间|浏览次数|阅读次数|【|索引号|发布机构|发文日期|来源[：:]"
    r"|^原创\s|\d{4}-\d{2}-\d{2}"
)
_FULL_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_OFFICE_END = ("办公室", "政府", "小组", "委员会", "局", "中心", "办", "委")
_ADDRESSEE = re.compile(r"^[\u4e00-\u9fff（）()、，]{2,40}[：:]$")
_PLAN = re.compile(r"《(\d{4}年[^《》]{2,40}?)(?:工作方案|实施方案|活动方案|日程安排)》")
_CAMPAIGN = re.compile(
    r"(\d{4})年(\d{1,2})月(?:份)?(?:起?(?:至|到|—|-|－)(?:(\d{4})年)?(\d{1,2})月[底末]?)?(?!\d)"
    r"[^。]{0,60}?(?:开展|设立|组织|举办|实行|建立|推行)"
    r"(?P<name>[^。，,]{2,40}?(?:活动|行动|制度)|[^。，,]{2,40}?接访日?[”」』]?(?=[。，,]))"
)
# 2022年9月至12月 as a clause of its own: the months of a campaign its rules run over; or
# one month before its rule (2023年9月，每周五上午9点至12点).
_MONTHS_ALONE = re.compile(
    r"(?<![\d年至到])(\d{4})年(\d{1,2})月份?(?:(?:至|到|—|-|－)(?:(\d{4})年)?(\d{1,2})月份?"
    r"(?P<name>)(?=[。；;，,]|$)|(?=[，,]\s*每))",
    re.MULTILINE,
)
# 11月至次年1月: a campaign's months over the turn of the year, its year not written.
_TO_NEXT_YEAR = re.compile(r"(?<![\d年])(\d{1,2})月份?(?:至|到)次年(\d{1,2})月")
_MONTH_RANGE = re.compile(
    r"(?<![\d年])(\d{4})年(\d{1,2})月份?(?:至|到|—|-|－)(?:(\d{4})年)?(\d{1,2})月份?"
)
_PER_MONTH = re.compile(r"每月至少(?:组织|开展|安排|举行)?(?P<n>[一二两三四1-4])次")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|12333)(?!\d)")
# The place runs to the end of the clause; a comma inside brackets (an address) stays.
_PLACE = re.compile(
    r"(?P<label>[^：:。，]{0,20}(?:地点|(?:点位|接访点)[一二三四五六七八九十\d]{0,2}))(?P<every>(?:除另有说明外|除另行通知外|除特别说明外)[，,]?)?"
    r"(?:均|都|统一)?(?:[：:]|为[：:]?|是[：:]?|设在|在|位于)"
    r"(?P<place>(?:[^。；;，,（(]|[（(][^）)]*[）)])+)"
)
# 二、接访地点 alone on its line: the place is the next paragraph.
_PLACE_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?[^，。]{0,4}(?:地点|在哪里接访？?)"
    r"(?:[：:]?$|[。.](?P<place>[^。，；]{4,40})。?$)"
)
_HELD_AT = re.compile(
    r"(?:定于|将于|决定于|拟于)[^。；，,]{0,24}?在(?P<place>[\u4e00-\u9fff]{2,30}?"
    r"(?:大厅|会议室|接待室|室|中心|窗口)(?:[一二三四五六七八九十\d]楼)?)(?:开展|举行|进行|集中)"
)
_SAVE = re.compile(
    r"^除[^，,。]{0,20}\d[^，,。]{0,20}外[，,]\s*(?:均|都|其余|其他)*(?:在|为|设在)?\s*"
)
# 甲局一楼接待室（以下简称乙室）: the short name a notice gives a place.
_SHORT_NAME = re.compile(
    r"[（(](?:以下)?简称[为：:]?[“\"「]?(?P<short>[^（）()”\"」]+)[”\"」]?[)）]"
)
# A bracket after a place that names a part of it (一楼101室, 工人生活区, 服务中心一楼), not a
# remark (重点受理尼山片区在建项目欠薪问题).
_ROOM_LIKE = re.compile(r"(?:室|楼|层|厅|房间|区|处|中心|窗口|站|所|部|场)$")
_ROOM = re.compile(r"室|楼|层|厅|房间")
_STREET = re.compile(r"路|街(?!道)|大道|巷|[\dxX×]+号")
_PERSON = re.compile(r"^(?P<title>.*?[\u4e00-\u9fff）)])\s+(?P<name>[\u4e00-\u9fff]{2,4})$")
_INSTRUCTION = re.compile(r"[（(]?([^。（）()\n]*(?:另行通知|携带|预约|代表)[^。（）()\n]*)[）)]?")
_ABOUT = re.compile(r"关于(?:开展|印发)?(.+?)的(?:通知|公告|通告)")
_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4}


def read_facts(lines: list[Line], flat: Flat, found: FoundNotice) -> None:
    """Fill in the title, office, published date, campaign, venues and contacts."""
    _read_heading(lines, found)
    _read_signature(lines, found)
    _read_campaign(flat, found)
    _read_venues(lines, found)
    _read_contacts(lines, flat, found)
    _read_instructions(lines, found)
    _read_site_title(flat, lines, found)


def _read_heading(lines: list[Line], found: FoundNotice) -> None:
    title: list[Line] = []
    for line in lines[:16]:
        # The body starts at the addressee (各有关单位：) or, without one, at its first sentence.
        if _ADDRESSEE.match(line.text) or line.text.endswith(("。", "：", ":")):
            break
        if len(line.text) > 60:
            break
        if line.text.endswith("文件") or re.search(r"〔\d{4}〕|\[\d{4}\]", line.text):
            continue
        if _PORTAL.search(line.text):
            continue  # a web page's breadcrumbs, date and counters, pasted with the notice
        title.append(line)
    text = joined(title).replace("*", "").lstrip("# ")
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)  # 公    告
    if title and len(text) <= 120 and re.search(r"通知|公告|通告|方案|安排", text):
        found.notice_title = text


def _read_signature(lines: list[Line], found: FoundNotice) -> None:
    for before, line in itertools.pairwise(lines):
        match = _FULL_DATE.match(line.text) or _FULL_DATE.match(in_digits(line.text))
        if match and before.text.endswith(_OFFICE_END) and len(before.text) <= 60:
            found.office = before.text
            found.published = date(int(match[1]), int(match[2]), int(match[3]))
            return


def _read_campaign(flat: Flat, found: FoundNotice) -> None:
    match = _CAMPAIGN.search(flat.text) or _bare_months(flat.text)
    if match is None:
        _read_next_year_campaign(flat, found)
        return
    if not match[4]:
        # 决定自2022年6月起开展… and, later, 2022年6月至10月，每月15日…: the months of both.
        months = _MONTH_RANGE.search(flat.text)
        if months and (months[1], int(months[2])) == (match[1], int(match[2])):
            match = months
    first_year, last_year = int(match[1]), int(match[3] or match[1])
    name = match.groupdict().get("name") or _campaign_name(found)
    found.campaign = FoundCampaign(
        name=name.removeprefix("在全县范围内"),
        first_month=f"{first_year:04d}-{int(match[2]):02d}",
        last_month=f"{last_year:04d}-{int(match[4] or match[2]):02d}",
        source=flat.line_at(match.start()),
    )
    per_month = _PER_MONTH.search(flat.text)
    if per_month:
        text = per_month["n"]
        found.campaign.sessions_per_month = _NUMBERS.get(text) or int(text)


def _read_next_year_campaign(flat: Flat, found: FoundNotice) -> None:
    """11月至次年1月，每月第二个星期三…: the months of a rule, in the year of the notice's
    signature or, without one, the first year it writes (the article's date)."""
    months = _TO_NEXT_YEAR.search(flat.text)
    if months is None or not when.has_rule(flat.text):
        return
    year = found.published.year if found.published else year_in(flat)
    if year is None:
        return
    found.campaign = FoundCampaign(
        name=_campaign_name(found),
        first_month=f"{year:04d}-{int(months[1]):02d}",
        last_month=f"{year + 1:04d}-{int(months[2]):02d}",
        source=flat.line_at(months.start()),
    )


def _bare_months(text: str) -> re.Match[str] | None:
    """The months a notice holds its sessions in, written alone (一、活动时间 2022年9月至12月。),
    when a rule (每月第二个星期三) needs them and no sentence names the campaign."""
    return _MONTHS_ALONE.search(text) if when.has_rule(text) else None


def _campaign_name(found: FoundNotice) -> str:
    about = _ABOUT.search(found.notice_title or "")
    return about[1] if about else "集中联合接访"


def _read_venues(lines: list[Line], found: FoundNotice) -> None:
    groups = paragraphs(lines)
    for group, after in itertools.zip_longest(groups, groups[1:]):
        text = joined(group)
        for match in _PLACE.finditer(text):
            if re.search(r"\d{1,2}月\d{1,2}[日号]", match["place"]):
                continue  # 接访日期及地点：10月10日（甲）、10月17日（乙）: each date's own place
            # 4月29日…增设一场，地点在乙: the place of that date, not of every session.
            # 其中，7月份的接访地点设在乙: so is the place of a month's sessions.
            sentence = re.split(r"[。；;]", text[: match.start()])[-1] + match["label"]
            dated = bool(re.search(r"\d{1,2}月(?:\d{1,2}[日号]|份)", sentence))
            label = HEADING.sub("", match["label"])
            county = "县级" in label and not found.venues
            # 接访地点：接访地点设在甲（…）: the place without the words that lead to it.
            place = re.sub(r"^(?:[\u4e00-\u9fff]{0,4}地点)?(?:设在|位于|定在)", "", match["place"])
            if place.startswith("各") or re.fullmatch(r"同上|同前|待定|另行通知", place.strip()):
                continue  # 地点在各区县乡镇（街道）综治中心之间轮换: no one place
            venue_id = venue_named(found, place, group[0], "county" if county else None)
            for venue in found.venues:
                if venue.id == venue_id and dated:
                    venue.dated = True
            if match["every"] or re.search(r"除(?:另有|特别)说明外|除另行通知外", sentence):
                found.default_venue = (
                    venue_id  # 地点除另有说明外，均为…: no doubt where none is given
                )
        held = _HELD_AT.search(text)
        if held and not re.search(r"\d{1,2}月\d{1,2}[日号]", held[0]):
            # 我局定于2025年1月在甲大厅开展…活动: the place of every session.
            found.default_venue = found.default_venue or venue_named(found, held["place"], group[0])
        heading = _PLACE_HEADING.match(joined(group))
        if heading and heading["place"]:
            venue_named(found, heading["place"], group[0])  # 二、接访地点。区人社局一楼接访室。
        elif heading and after:
            # 二、接访地点 on a line of its own, the place on the next line.
            # 甲大厅（乙路8号）。个别场次另有安排的…: the place is the first sentence.
            place = re.sub(r"。.*", "", joined(after)).rstrip("；;")
            # 除4月29日那一场外，均在甲大厅: every other session's place.
            other = _SAVE.match(place)
            place = place[other.end() :] if other else place
            bare = re.sub(r"[（(][^（）()]*[)）]", "", place)  # an address in brackets aside
            if len(place) <= 80 and not re.search(r"[：:，,；;]|\d月|\d:\d", bare):
                venue_id = venue_named(found, place, after[0])
                found.default_venue = venue_id if other else found.default_venue


def venue_named(found: FoundNotice, place: str, source: Line, id: str | None = None) -> str | None:
    """The id of the venue ``place`` names (``名称（101室）``), added to ``found`` if new."""
    # 甲局一楼接待室（以下简称乙室）: the notice's own short name is the one it goes on using.
    short = _SHORT_NAME.search(place)
    place = short["short"] if short else place
    # 甲所（乙中心一楼）: a room or an address in brackets at the end; 长安镇（高新区）便民服务
    # 中心 keeps its brackets in its name.
    bracketed = re.fullmatch(r"(?P<name>.+?)[（(](?P<rest>[^（）()]*)[)）]", place.strip())
    name, rest = (bracketed["name"], bracketed["rest"]) if bracketed else (place.strip(), "")
    name, rest = name.strip(), rest.strip()
    name = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", name)  # 区人社局 一楼
    if not name:
        return None
    for known in found.venues:
        if known.name == name and (not rest or rest in (known.room, known.address)):
            return known.id
    venue = FoundVenue(id=id or f"venue{len(found.venues) + 1}", name=name, source=source)
    if rest and not _STREET.search(rest) and _ROOM_LIKE.search(rest):
        venue.room = rest  # 一楼101室, 工人生活区: a part of the place, not its street
    elif rest and _STREET.search(rest):
        venue.address = rest.removeprefix("地址：").removeprefix("地址:")
    found.venues.append(venue)
    return venue.id


def _read_contacts(lines: list[Line], flat: Flat, found: FoundNotice) -> None:
    groups = paragraphs(lines)
    for index, group in enumerate(groups):
        heading = joined(group)
        if not (HEADING.match(heading) and re.search(r"联络人|联系人", heading)):
            continue
        label = HEADING.sub("", heading).strip("：: ")
        for person in groups[index + 1 :]:
            text = joined(person)
            if HEADING.match(text):
                break
            phones = _PHONE.findall(text)
            text = _PHONE.sub("", text).replace("电话", "").strip("：:，, （）()")
            match = _PERSON.match(text)
            if not phones and not match:
                continue  # the signature after the last contact: an office, a date
            contact = FoundContact(
                label=label,
                phone=phones[0] if phones else "",
                source=person[0],
                title=match["title"] if match else None,
                name=match["name"] if match else None,
            )
            if not match:
                contact.doubts.append(Doubt(f"未能分出职务和姓名：“{text}”", person[0]))
            found.contacts.append(contact)
    _phone_from_elsewhere(flat, found)


def _phone_from_elsewhere(flat: Flat, found: FoundNotice) -> None:
    """Give a contact without a phone the notice's one 联系电话, marked for review."""
    matches = {m[0]: m for m in _PHONE.finditer(flat.text)}
    if not matches:
        return
    without = [contact for contact in found.contacts if not contact.phone]
    if not found.contacts:
        # The office's own number before the national hotline (12333) the notice also gives.
        phone, match = min(matches.items(), key=lambda item: item[0] == "12333")
        line = flat.line_at(match.start())
        found.contacts.append(FoundContact(label="联系电话", phone=phone, source=line))
        return
    if len(matches) == 1 and len(without) == 1:
        phone, match = next(iter(matches.items()))
        line = flat.line_at(match.start())
        without[0].phone = phone
        without[0].doubts.append(
            Doubt(f"电话 {phone} 取自通知另一处，请确认是此联络人的电话", line)
        )


def _read_instructions(lines: list[Line], found: FoundNotice) -> None:
    text = "\n".join(joined(group) for group in paragraphs(lines))
    for match in _INSTRUCTION.finditer(text):
        sentence = match[1].strip("，, ")
        if 4 <= len(sentence) <= 200 and sentence + "。" not in found.instructions:
            found.instructions.append(sentence + "。")


def _read_site_title(flat: Flat, lines: list[Line], found: FoundNotice) -> None:
    plan = _PLAN.search(flat.text)
    if plan:
        found.title = plan[1]
        source = flat.line_at(plan.start())
    elif found.notice_title and (match := _ABOUT.search(found.notice_title)):
        year = f"{found.published.year}年" if found.published else ""
        found.title = match[1] if match[1][:4].isdigit() else year + match[1]
        source = lines[0]
    else:
        return
    found.doubt("title", "网站标题由通知推出，请确认或改写", source)
