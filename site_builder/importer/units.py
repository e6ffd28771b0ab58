"""Unit names in a notice: recognising them, short ids, and one-character slips."""

from __future__ import annotations

import re
from collections import Counter

_SUFFIX = (
    r"(?:委员会|管委会|办公室|办事处|总工会|工会|法院|法庭|检察院|政府|中心|支队|大队"
    r"|局|委|办|所|(?<!带)队|院|站)"  # 周建平同志带队 leads a session; it is no unit
)
# A township (佛堂镇, 稠城街道) takes part as a unit too, with a name of its own before the
# ending: 乡镇 or 街道 alone is no unit (各乡镇分管领导带班).
_TOWN = r"(?:街道|镇|乡)"
# 街道平安建设办公室（综治中心）: the unit's other name in brackets, itself a unit's.
_ALSO_CALLED = rf"(?:[（(][\u4e00-\u9fff]{{1,8}}?{_SUFFIX}[)）])?"
# 管委会副主任: a development zone's committee names itself by its ending alone.
_ZONE = r"(?<![\u4e00-\u9fff])管委会"
UNIT = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,12}}?{_SUFFIX}{_ALSO_CALLED}|[\u4e00-\u9fff]{{2,10}}?{_TOWN}|{_ZONE})"
)
# A unit inside a sentence: it does not run back over the words before it (各场次由县人社局).
_IN_TEXT = r"(?:(?![由的在于是各])[\u4e00-\u9fff])"
UNIT_IN_TEXT = re.compile(
    rf"(?:{_IN_TEXT}{{1,12}}?{_SUFFIX}{_ALSO_CALLED}|{_IN_TEXT}{{2,10}}?{_TOWN}|{_ZONE})"
)
_PREFIXES = ("县", "市", "区", "镇", "乡")

# Initials of the characters that make up most unit names, for readable short ids
# (人社局 → rsj, as offices write them). A name with another character gets unitN.
_INITIALS = {
    "r": "人任",
    "s": "社水税商审市生实森司事所胜输",
    "j": "局建交军纪监教经机检警价街就济金减",
    "z": "住资总政组治综质正中镇执职",
    "y": "运医院应业邮园营药",
    "f": "发法妇防房扶",
    "g": "改国公工管规广供",
    "c": "财城残查村场",
    "a": "安",
    "h": "环会划化和互",
    "w": "务委文卫网",
    "n": "农能",
    "t": "统体土退通铁",
    "x": "信乡宣新",
    "l": "林旅劳联利力粮路",
    "d": "队大党督道地",
    "b": "办保部边",
    "m": "民",
    "q": "区企青",
    "k": "科",
    "p": "评",
}
_INITIAL_OF = {char: letter for letter, chars in _INITIALS.items() for char in chars}


def unit_id(name: str, taken: set[str]) -> str:
    """A short id from the name's initials (县人社局 → rsj), unique among ``taken``."""
    core = name[1:] if name.startswith(_PREFIXES) and len(name) > 2 else name
    letters = [_INITIAL_OF.get(char) for char in core]
    base = "".join(letter for letter in letters if letter) if all(letters) else ""
    base = base[:12] or "unit"
    candidate = base if base != "unit" else "unit1"
    number = 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def slips(names: Counter[str]) -> dict[str, str]:
    """Names seen once that differ by one character from a name seen often (且住建局)."""
    found: dict[str, str] = {}
    for rare, count in names.items():
        if count > 1:
            continue
        for common, common_count in names.most_common():
            if common_count < 2 or len(common) != len(rare):
                continue
            if sum(a != b for a, b in zip(rare, common, strict=True)) == 1:
                found[rare] = common
                break
    return found
