"""Rows of a PDF table whose last columns are 地点 and 带班领导, with no units column: the
cells ran together, so each row is read as its times, each followed by the places and leads
written after it (区人社局一楼接待室孟凡军（区人社局局长）下午14时30分―17时 王玉梅（…）)."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.parts import TITLES
from site_builder.importer.units import UNIT

# Common surnames: where a name runs into the place before it (接待室孟凡军), the name is the
# last three characters if they start with one, else the last two.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
)
_BRACKETED = re.compile(r"[（(](?P<lead>[^（）()]{2,40})[)）]")
_TITLE = re.compile(TITLES)
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def places_and_leads(
    text: str, places: frozenset[str] = frozenset(), bracketed_only: bool = False
) -> list[tuple[str, str]]:
    """(place, lead) for each name written with its unit and title in brackets after it
    (张伟（区住建局副局长）), the place being the words between it and the pair before;
    ``places`` are places other rows name, to tell a place from a name run into it."""
    # A cell that wrapped inside its brackets: （区住建局副局 长）.
    text = re.sub(r"[（(][^（）()]*[)）]", lambda match: re.sub(r"\s+", "", match[0]), text)
    pairs = []
    start = 0
    for match in _BRACKETED.finditer(text):
        if not _TITLE.search(match["lead"]):
            continue
        before = text[start : match.start()].rstrip()
        name = name_at_end(before, places)
        if name is None:
            continue
        place = re.sub(r"\s+", "", before[: len(before) - len(name)])
        pairs.append((place, f"{match['lead']} {name}"))
        start = match.end()
    if not pairs and not bracketed_only:
        # 区人社局一楼大厅 区人社局局长 徐志刚: the lead's unit, title and name after the place.
        ending = lead_at_end(text)
        pairs = [ending] if ending else []
    return pairs


def row_places(rows: list[str]) -> frozenset[str]:
    """The places rows name apart from their leads (甲大厅 张伟（…）), to read the others by."""
    after_times = [
        row[max((m.end() for _, m in when.time_spans(row)), default=0) :] for row in rows
    ]
    return frozenset(place for row in after_times for place, _ in places_and_leads(row) if place)


def lead_at_end(text: str) -> tuple[str, str] | None:
    """The place and the lead of ``莲花镇劳动保障所 区人社局副局长 江红`` (cells apart by
    spaces) or of ``甲大厅区交通运输局局长赵明`` (run together: the lead's unit is the
    shortest unit name before its title that starts with a level, 区 or 县)."""
    words = text.split()
    if len(words) >= 3 and _NAME.fullmatch(words[-1]) and _TITLE.search(words[-2]):
        return "".join(words[:-2]), f"{words[-2]} {words[-1]}"
    text = "".join(words)
    titles = [title for title in _TITLE.finditer(text) if _NAME.fullmatch(text[title.end() :])]
    if not titles:
        return None
    title = titles[-1]
    before = text[: title.start()]
    unit = next(
        (
            before[i:]
            for i in reversed(range(len(before)))
            if before[i] in "县区市镇乡" and UNIT.fullmatch(before[i:])
        ),
        "",
    )
    return before[: len(before) - len(unit)], f"{unit}{title[0]} {text[title.end() :]}"


def name_at_end(text: str, places: frozenset[str] = frozenset()) -> str | None:
    token = re.search(r"(?:^|\s)([\u4e00-\u9fff·]+)$", text)
    if token and 2 <= len(token[1]) <= 4:
        return token[1]  # a cell of its own: 粥店街道便民服务中心二楼 张伟
    glued = re.sub(r"\s+", "", text)
    for place in sorted(places, key=len, reverse=True):
        if glued.startswith(place) and 2 <= len(glued) - len(place) <= 4:
            return glued[len(place) :]  # 调解大厅楼晓峰, the place named apart in another row
    for length in (3, 2):
        name = text[-length:]
        if len(name) == length and name[0] in SURNAMES and re.fullmatch(r"[\u4e00-\u9fff]+", name):
            return name
    return None
