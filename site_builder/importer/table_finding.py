"""Where a notice's schedule table is: its header (also one whose names are spread over their
columns, written a cell a line, or broken over two lines) and the lines of its body."""

from __future__ import annotations

import re

from site_builder.importer.text import HEADING, LABEL, Line

_SIGNED = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_ROW_GOES_ON = re.compile(r"[（(](?:星期|周)|上午|下午|\d")  # a date of a row, not a signature
_SIGNER = re.compile(r"[\u4e00-\u9fff（）()]{4,40}(?:局|办公室|政府|委员会|小组)")
_HEADER = re.compile(r"(?:时间|日期|时段).{0,30}(?:领导|单位|人员|地点)")
# The words a table's header is made of: a line with many others (春节前欠薪集中接访来了！
# 时间地点看这里→, a WeChat title) is no header.
_COLUMN_WORDS = re.compile(
    r"序号|编号|场次|接访|集中|联合|日期|时间|时段|地点|场所|地址|带班|领导|职务|参加|参与|单位|部门"
    r"|人员|工作人|工作|备注|星期|上下午|上午|下午|内容|联系|电话|负责人|姓名|[\s|｜/、*#]"
)


def find_table(lines: list[Line]) -> tuple[Line, list[Line]] | None:
    """The schedule table's header and the lines after it, up to the next heading."""
    for index, line in enumerate(lines):
        line = Line(line.number, _unspaced(line.text), _unspaced(line.original))
        stacked = _stacked_header(lines[index:])
        if stacked:
            # 接访日期 / 接访时间 / 带班领导 / 参加接访单位, a cell a line (a PDF made text).
            line, index = stacked, index + len(stacked.text.split("\t")) - 1
        # A header names its columns: short, no date or time in it, and not a heading.
        header = re.sub(r"\s+", " ", line.text)
        if (
            len(header) <= 60
            and _HEADER.search(header)
            and not re.search(r"\d", header)
            and not HEADING.match(header)
            and not re.search(r"[，。；]", header)  # a sentence: 各区要提前公告接访时间地点，…
            # 所在镇（街道）, 接访地点（项目部）: a column's name may say more in brackets.
            and len(_COLUMN_WORDS.sub("", re.sub(r"[（(][^（）()]{1,6}[)）]", "", header))) <= 3
            and len(set(_COLUMN_WORDS.findall(header)) - _NOT_COLUMNS) >= 3
        ):
            rows: list[Line] = []
            for row in lines[index + 1 :]:
                if HEADING.match(row.text):
                    break
                rows.append(row)
            if rows:
                return line, rows
    return None


# 日  期, 时  间, 地  点: a header's names spread to the width of their columns.
_SPREAD = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])([ \u3000]{1,4})([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)
_SPREAD_NAMES = {"日期", "时间", "地点", "序号", "时段", "备注", "场次", "单位", "领导"}


def _unspaced(text: str) -> str:
    """``日  期`` as ``日期  ``: the name whole, each later column where it was."""

    def whole(match: re.Match[str]) -> str:
        name = match[1] + match[3]
        return name + match[2] if name in _SPREAD_NAMES else match[0]

    return _SPREAD.sub(whole, text)


def _column_name(text: str) -> bool:
    """Whether a line is only a column's name (接访日期, 参加接访单位)."""
    left = _COLUMN_WORDS.sub("", text)
    return len(text) <= 8 and len(left) <= 1 and left != text


# Words a header's line is made of that name no column of their own (接访时间及地点 is a
# heading over two facts, not a table's three columns or more).
_NOT_COLUMNS = {"接访", "集中", "联合", " ", "|", "｜", "/", "、", "*", "#"}


def _stacked_header(lines: list[Line]) -> Line | None:
    """A header written a cell a line: three short lines or more, each a column's name."""
    cells = []
    for line in lines:
        if not _column_name(line.text):
            break
        cells.append(line.text)
    if len(cells) < 3:
        return None
    return Line(lines[0].number, "\t".join(cells), "\t".join(cells))


def table_body(header: Line, following: list[Line]) -> list[Line]:
    """The lines of a table whose cells ran together, up to the first sentence, label or date
    line after it (请各单位…。, 联系电话：…, the signature's 2023年9月28日): those are no row.
    The header repeated after a page break is left out, and so is a row's number (序号) run
    into its date (16月7日 is row 1 of 6月7日)."""
    body = []
    rows = 0  # the rows begun so far: a row begins with its date
    numbered = re.match(r"(?:序?号|编号)", header.text)  # 序 / 号 接访日期…: a header cell broken
    # Rows whose number ran into their date (21月8日): then 11月6日 is row 1 of 1月6日 too.
    glued = (
        numbered
        and sum(
            not _dated(line.text) and any(_dated(line.text[cut:]) for cut in (1, 2))
            for line in following
        )
        >= 2
    )
    for index, line in enumerate(following):
        after = following[index + 1].text if index + 1 < len(following) else ""
        # 2023年6月14日 / （星期三）上午: a row's date with its year, not the signature's.
        signed = _SIGNED.match(line.text) and not _ROW_GOES_ON.match(after)
        if (len(line.text) > 10 and line.text.endswith("。")) or signed:
            break
        then = following[index + 2].text if index + 2 < len(following) else ""
        if _SIGNED.match(after) and not _ROW_GOES_ON.match(then) and _SIGNER.fullmatch(line.text):
            break  # 溧阳市人力资源和社会保障局 / 2024年10月28日: the signature, under the table
        if re.search(r"地址[：:]|^注[：:]|^备注[：:]", line.text):
            break  # 甲大厅地址：…路××号 under the table: a note, no row
        if LABEL.match(line.text) and not re.match(r"(?:上午|下午)[：:]", line.text):
            break  # 联系电话：… ends the table; 上午：局长 甲 is a cell of it
        if line.text == header.text or ("\t" in header.text and _column_name(line.text)):
            continue  # the header again, after a page break
        if line.text in ("序", "序号") and after == header.text:
            continue  # 序 / 号 接访日期…: the header again, broken over two lines
        number = f"{rows + 1}"
        rest = line.text.removeprefix(number)
        if numbered and rest != line.text and (glued or not _dated(line.text)) and _dated(rest):
            line = Line(line.number, rest, line.original)
        rows += _dated(line.text)
        body.append(line)
    return body


def _dated(text: str) -> bool:
    """Whether ``text`` starts with a date that can be (26月11日 is row 2 of 6月11日)."""
    match = re.match(r"(?:\d{4}年)?(\d{1,2})月(\d{1,2})(?:[日号]|$)", text)
    return bool(match) and 1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31
