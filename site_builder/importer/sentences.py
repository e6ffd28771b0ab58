"""A notice's text as sentences, grouped in items from one heading to the next."""

from __future__ import annotations

import itertools
import re

from site_builder.importer.columns import cells
from site_builder.importer.text import HEADING, LABEL, Flat, Line, led_by_emoji
from site_builder.importer.units import UNIT

_ENDS = re.compile(r"[。；;，,：:]")
# How a line cut off by the page ends: inside a word or a list, or at a dash (14:30—).
_CUT_OFF = re.compile(r"[\u4e00-\u9fff、，,—\-（(]$")
_GOES_ON = ("、", "，", ",", "：", ":")
# 上午	区人社局局长 赵志刚	区住建局…: a row of people for one half of the day.
HALF_ROW = re.compile(r"^(?P<half>上午|下午)场?(?:[\t ：:]|$)")
# A Markdown or WeChat list item (- 9月6日…，带班：…) is a sentence of its own.
_MONTH_ROW = re.compile(r"^(?:\d{4}年)?\d{1,2}月份?(?![\d日号])\s*[\s：:]")
_TIME_FIRST = re.compile(r"^(?:上午|下午|中午|晚上)\s*\d{1,2}(?:[:：]\d{2}|[点时])")
_BULLET = re.compile(r"^[-*•·]\s")
_DATE_FIRST = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]")
# Labels short enough to be the tail of a word a PDF broke (…两个接 / 访点：…), said as labels.
_SHORT_LABELS = {
    *("注", "时间", "地点", "地址", "日期", "电话", "单位", "领导", "带班", "备注", "时段"),
    *("场次", "主题", "内容", "方式", "联系人", "接访", "值班", "参加", "接待", "带队", "领队"),
}
# **第一场** (a WeChat article's block of 时间：…, 地点：…, 带班领导：… lines) opens an item.
_SESSION_HEADING = re.compile(
    r"^\**\s*第[一二三四五六七八九十\d]{1,3}(?:[场站轮批期周]|阶段)(?:[（(][^）)]{1,12}[)）])?(?:\s*\**[：:]?$|[：:\s])"
)


def items(flat: Flat) -> list[list[tuple[Line, str]]]:
    """The text's sentences (with the line each starts on), grouped from heading to heading.

    A sentence ends at 。；; and before a line that opens a heading or a label (时间：…).
    """
    cuts = {0, len(flat.text)} | {match.end() for match in re.finditer(r"[。；;]", flat.text)}
    heads = {0}
    width = _page_width(flat.lines)
    # Text copied from a PDF with an empty line after each line: not every one ends a paragraph.
    double_spaced = sum(line.blank_before for line in flat.lines) > len(flat.lines) * 0.6
    before: Line | None = None
    for line, start in zip(flat.lines, flat.starts, strict=True):
        heading = HEADING.match(line.text) or _SESSION_HEADING.match(line.text)
        if heading:
            heads.add(start)
        row = cells(line.original) is not None  # a table's row is a sentence of its own
        label = LABEL.match(line.text) and not _broken_word(before, line, width)
        if heading or row or label or _BULLET.match(line.text) or led_by_emoji(line):
            cuts.add(start)
        if row or HALF_ROW.match(line.text):
            cuts.update((start, start + len(line.text)))
        if before and not before.text.endswith(_GOES_ON):
            if line.blank_before and not (double_spaced and _full_line(before, width)):
                cuts.add(start)  # a blank line ends a paragraph (参加单位：… then 请各街道…)
            elif _ends_list(before.text) and not line.text.startswith(_GOES_ON):
                cuts.add(start)  # 参加单位：…、区总工会 ends with a whole unit: its line ends it
        opens_list = len(line.text) > 12 or "如下" in line.text
        if line.text.endswith(("：", ":")) and opens_list and not line.text[-2:-1].isdigit():
            cuts.add(start + len(line.text))  # …具体安排如下： a sentence that opens a list
        if _TIME_FIRST.match(line.text):
            cuts.add(start)  # 上午9:00-12:00 地点：甲 / 下午14:30-17:00 地点：乙 under one date
        dated_rows = before and _DATE_FIRST.match(before.text) and _DATE_FIRST.match(line.text)
        if dated_rows and not before.text.endswith(_GOES_ON):
            cuts.add(start)  # 3月6日 星期三 上午… 甲大厅 乙（…） / 3月13日 …: a line a session
        if _MONTH_ROW.match(line.text):
            cuts.add(start)  # 5月 区人社局一楼大厅 陈志刚（局长）: a row of a table of months
        before = line
        if HEADING.match(line.text) and len(line.text) <= 20 and not _ENDS.search(line.text):
            cuts.add(start + len(line.text))  # a heading line (二、参加人员) is no clause's start
    grouped: list[list[tuple[Line, str]]] = []
    for first, last in itertools.pairwise(sorted(cuts)):
        text = flat.text[first:last]
        if first in heads or not grouped:
            grouped.append([])
        if text.strip():
            grouped[-1].append((flat.line_at(first), text))
    return [item for item in grouped if item]


def _page_width(lines: list[Line]) -> int:
    """The length of a full line: most lines of a body paragraph are full."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[len(lengths) * 4 // 5] if lengths else 0


def _full_line(line: Line, width: int) -> bool:
    """Whether ``line`` is a full line cut off by the page, not the end of a paragraph (text
    copied from a PDF with an empty line after each line: …扎实开 / (empty) / 展根治欠薪…)."""
    return width >= 15 and len(line.text) >= width * 0.9 and bool(_CUT_OFF.search(line.text))


def _broken_word(before: Line | None, line: Line, width: int) -> bool:
    """Whether ``line`` only looks like a label: a PDF broke a full line inside a word
    (…同时设两个接 / 访点：区人社局…), so 访点： goes on the sentence before."""
    word = line.text.split("：", 1)[0].split(":", 1)[0]
    return bool(
        before
        and line.number == before.number + 1
        and width >= 15
        and len(before.text) >= width
        and not re.search(r"\s\s|\t", before.text)  # columns (上午…　　甲大厅) are no prose
        and re.search(r"[\u4e00-\u9fff]$", before.text)
        and len(word) <= 3
        and word not in _SHORT_LABELS
    )


def _ends_list(text: str) -> bool:
    """Whether a label line is a list of units ending with a whole one (参加单位：甲局、乙局);
    a line a PDF broke inside a name (…、县水) goes on on the next line."""
    label = LABEL.match(text)
    parts = text[label.end() :].split("、") if label else []
    return len(parts) >= 2 and bool(UNIT.fullmatch(parts[-1].strip()))
