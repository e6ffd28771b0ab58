"""Numbers as workers write them: "一万二", "三千五", "十二", "1.2万", "3千", "1万2000".

A pure parser (no web framework, no messages): ``parse_number`` returns an exact Decimal or
raises ValueError, and the field rules in ``validation`` decide what is allowed.
"""

from __future__ import annotations

import re
from decimal import Decimal

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
# One token: an Arabic number (perhaps with a fraction, as in "1.2万"), or one character.
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.DOTALL)


def has_chinese_numeral(text: str) -> bool:
    """True when ``text`` uses a Chinese digit or unit, so that ``parse_number`` is needed."""
    return any(char in _DIGITS or char in _SMALL_UNITS or char in _BIG_UNITS for char in text)


def parse_number(text: str) -> Decimal:
    """The value of ``text``: Chinese numerals, Arabic digits, or both mixed with units.

    A last digit straight after 百, 千 or 万 is the next lower unit, as people say it:
    "一万二" is 12000 and "三千五" is 3500, but "一万零二" is 10002. Raises ValueError for
    anything else, such as "一二三", "万", "一千二千" or "3.5.1".
    """
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise ValueError("empty")
    total = Decimal(0)  # everything before the last 亿 or 万
    section = Decimal(0)  # below 万, since the last big unit
    pending: Decimal | None = None  # a number not yet multiplied by a unit
    last_small = 10_000  # each small unit in a section must be smaller than the one before
    last_big = 0  # the last big unit: 万 may not follow 万
    after_unit = 0  # the unit just read (0 after a digit or 零)
    for token in tokens:
        if token in _SMALL_UNITS or token in _BIG_UNITS:
            unit = _SMALL_UNITS.get(token) or _BIG_UNITS[token]
            if token in _SMALL_UNITS:
                if unit >= last_small:
                    raise ValueError(f"{token} out of order")
                if pending is None:
                    if unit != 10 or section:  # only a leading 十 stands for 一十
                        raise ValueError(f"{token} without a number")
                    pending = Decimal(1)
                section += pending * unit
                last_small = unit
            else:
                value = section + (pending or 0)
                if value == 0 or unit == last_big:
                    raise ValueError(f"{token} without a number")
                total = (total + value) * unit if unit > last_big else total + value * unit
                section = Decimal(0)
                last_small = 10_000
                last_big = unit
            pending = None
            after_unit = unit
        elif token in _DIGITS or token[0].isdigit():
            if pending is not None:
                raise ValueError("two numbers in a row")
            digit = token in _DIGITS
            pending = Decimal(_DIGITS[token] if digit else token)
            if digit and _DIGITS[token] == 0:
                pending, after_unit = None, 0  # 零 only marks a skipped unit
                continue
            if not digit and after_unit and len(token) > 1:
                after_unit = 0  # "1万2000": a whole number, not a shorthand
        else:
            raise ValueError(f"not a number: {token!r}")
    if pending is not None:
        if after_unit >= 100 and pending < 10 and pending == pending.to_integral_value():
            pending *= after_unit // 10  # "三千五" = 3500
        section += pending
    return total + section
