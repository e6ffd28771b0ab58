"""Normalise notice text: full-width digits, stray spaces, page marks, broken lines."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# PDF exports (Chromium, some WPS and Word versions) map a character to the radical that
# shares its glyph in CJK fonts: 工 comes out as ⼯ (KANGXI RADICAL WORK), 民 as ⺠. Kangxi
# radicals decompose (NFKC) to their characters; the simplified radicals below do not.
_RADICALS = str.maketrans(
    {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
    | dict(
        zip(
            "⺠⻅⻓⻔⻢⻋⻛⻜⻬⻥⻦⻰⻚⻉⻆⻝⻩⻄⻣⻤⻨⻘⻙⻧⼾",
            "民见长门马车风飞齐鱼鸟龙页贝角食黄西骨鬼麦青韦卤户",
            strict=True,
        )
    )
)
# Pictographs a WeChat article puts before its labels and blocks (🕘时间：, 🔷第一站).
_EMOJI = re.compile(
    r"^[\s\u2300-\u23ff\u2500-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+"
)
_PICTOGRAPH_FIRST = re.compile(r"^\s*[\u2600-\u27bf\U0001f000-\U0001faff]")
_FULL_WIDTH_COLON = re.compile(r"(?<=\d)：(?=\d)")
_PAGE_MARK = re.compile(r"^[-—–\s]*(第\s*\d+\s*页.*|\d{1,3})[-—–\s]*$")
# What a browser prints at a page's head and foot: 11/30/26, 6:31 PM (the page's title), and
# file:///…/page.html 1/2 or https://…/art.html 2/3.
_PRINT_STAMP = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s.*)?$"
    r"|^(?:file|ﬁle|https?)://\S*\s+\d{1,3}/\d{1,3}$",
    re.IGNORECASE,
)
# A rule drawn with characters (---, ***, ════) between parts of a page: no text.
_RULE_LINE = re.compile(r"^[-—–_*=═─━·\s]{3,}$")
_BRACKET_LABEL = re.compile(
    r"^[【\[]((?:接访|集中接访)?(?:时间|日期|地点)|带班领导|带队领导|参加单位|参加部门)[】\]][：:]?"
)
_HEADING_LABEL = re.compile(
    r"^((?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*"
    r"(?:带班领导|参加单位|参加部门|参加人员))[。.](?=\S)"
)
_LABEL_ALONE = re.compile(r"^(?:带班领导|带队领导|参加单位|参加部门|接访地点|接访时间|接访日期)$")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# Spaces that PDF and Word exports put around digits inside Chinese text ("2021 年 4 月").
_SPACE_NEAR_DIGIT = re.compile(rf"(?<=[\d{_CJK}]) +(?=\d)|(?<=\d) +(?=[{_CJK}])")
# A signature date or an attachment line stands alone, whatever its length.
_ALONE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|附件[:：].*)$")
# A line that opens with a label (地点：…, 带班领导：…) starts a new paragraph.
LABEL = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}|注)[：:]")
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[1-9]\d?[.、．](?!\d))"
)


@dataclass(frozen=True)
class Line:
    """One non-empty line of the notice: normalised, as written, and its number in the file."""

    number: int
    text: str
    original: str
    # An empty line comes between this line and the one kept before it (a page mark, a
    # printed page's head and foot, taken away, are no blank line).
    blank_before: bool = False


# A two-character name padded to the width of three (王　静, 赵 鹏), as Word tables and
# signatures set them: one name, not two cells.
_PADDED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000\u2002\u2003]{1,2}([\u4e00-\u9fff])"
    r"(?![\u4e00-\u9fff]|[ \u3000\u2002\u2003][\u4e00-\u9fff](?![\u4e00-\u9fff]))"
)


def unpad_names(text: str) -> str:
    """``王　静`` as ``王静``: the space that pads a two-character name taken out."""
    return _PADDED_NAME.sub(r"\1\2", text)


def led_by_emoji(line: Line) -> bool:
    """Whether the line, as written, opens with a pictograph (📍 甲大厅, 🗓 6月10日): in a
    WeChat message each such line says one thing."""
    return bool(_PICTOGRAPH_FIRST.match(line.original))


def normalise(text: str) -> str:
    """Full-width digits and colons made ASCII, radicals made characters, spaces removed."""
    text = unpad_names(text.translate(_FULL_WIDTH).translate(_RADICALS))
    text = re.sub("[\u00a0\u3000\u2002\u2003\u2009]", " ", text).replace("－", "-")
    text = re.sub("[\u2012\u2015\u2212]", "—", text)  # 9时―11时30分: dashes PDFs print
    text = _FULL_WIDTH_COLON.sub(":", text)
    text = text.replace("**", "")  # Markdown bold (**接访时间：**) as WeChat articles paste
    text = re.sub(r"^\s*(?:>\s?)+", "", text)  # a Markdown quote: > 第一周（…）：…
    text = re.sub(r"^#{1,6}\s+", "", text)  # a Markdown heading: ### 二、接访地点
    text = _EMOJI.sub("", text)  # 📍地点：… (a WeChat article's labels)
    text = _BRACKET_LABEL.sub(r"\1：", text)  # 【接访时间】12月5日… as 接访时间：12月5日…
    text = _HEADING_LABEL.sub(r"\1：", text)  # （四）参加单位。甲局、乙局… as （四）参加单位：…
    text = re.sub(r"(?<=[\u4e00-\u9fff])[•‧・．](?=[\u4e00-\u9fff])", "·", text)  # 艾尔肯·吐尔逊
    return _SPACE_NEAR_DIGIT.sub("", text).strip()


def notice_lines(raw: list[str]) -> list[Line]:
    """The non-empty lines that are not page marks, numbered as in the file (from 1)."""
    lines: list[Line] = []
    blank = False
    for number, text in enumerate(raw, start=1):
        clean = normalise(text)
        blank = blank or not clean
        if not clean or any(mark.match(clean) for mark in (_PAGE_MARK, _PRINT_STAMP, _RULE_LINE)):
            continue
        value = not (LABEL.match(clean) or HEADING.match(clean) or clean[:1].isdigit())
        if lines and _LABEL_ALONE.match(lines[-1].text) and value and len(clean) > 8:
            # 👤 带班领导 / 区人力社保局分管副局长: a label on its line, its value on the next.
            label = lines.pop()
            lines.append(
                Line(label.number, f"{label.text}：{clean}", label.original, label.blank_before)
            )
            blank = False
            continue
        lines.append(Line(number, clean, text.rstrip(), blank and bool(lines)))
        blank = False
    return lines


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into paragraphs: a line broken by the page width joins the next one."""
    lengths = sorted(len(line.text) for line in lines)
    # The page width: most lines of a body paragraph are full, a few long ones are tables.
    width = lengths[len(lengths) * 4 // 5] if lengths else 0
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        alone = bool(_ALONE.match(line.text))
        opens = HEADING.match(line.text) or LABEL.match(line.text)
        if current and (opens or "\t" in line.text or alone):
            groups.append(current)
            current = []
        current.append(line)
        ends = line.text.endswith(("。", "：", ":", "；", "！", "？", "）"))
        short = len(line.text) < width * 0.75
        if ends or short or alone or "\t" in line.text:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def joined(group: list[Line]) -> str:
    """A paragraph's lines as one string."""
    return "".join(line.text for line in group)


class Flat:
    """The notice's lines joined into one string, remembering where each line starts.

    Lines broken by the page width are joined with nothing ("5" + "月10日"), except
    between two digits, where a newline keeps "17:00" and "4月26日" apart.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        parts: list[str] = []
        self.starts: list[int] = []
        length = 0
        for line in lines:
            if parts and parts[-1][-1:].isdigit() and line.text[:1].isdigit():
                parts.append("\n")
                length += 1
            self.starts.append(length)
            parts.append(line.text)
            length += len(line.text)
        self.text = "".join(parts)

    def line_at(self, position: int) -> Line:
        """The notice line that holds the character at ``position``."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.lines[max(index, 0)]
