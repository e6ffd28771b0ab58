"""Dates in Chinese numerals, as a signature writes them: 二〇二四年三月四日 → 2024年3月4日."""

from __future__ import annotations

import re

_DIGIT = {char: str(value) for value, char in enumerate("〇一二三四五六七八九")} | {
    "○": "0",
    "零": "0",
    "Ｏ": "0",
    "O": "0",
}
_SMALL = "[一二三四五六七八九十]{1,3}"
_SIGNED = re.compile(rf"^([〇○零ＯO一二三四五六七八九]{{4}})年({_SMALL})月({_SMALL})日$")


def _number(text: str) -> str:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _DIGIT[text]
    return str((int(_DIGIT[tens]) if tens else 1) * 10 + (int(_DIGIT[ones]) if ones else 0))


def in_digits(text: str) -> str:
    """``text`` with a whole-line date in Chinese numerals written in digits; else as it is."""
    match = _SIGNED.match(text.strip())
    if match is None:
        return text
    year = "".join(_DIGIT[char] for char in match[1])
    return f"{year}年{_number(match[2])}月{_number(match[3])}日"
