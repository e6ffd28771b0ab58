"""Schedule tables whose cells survive as cells: Word tables, tab- or pipe-separated text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from site_builder.importer import when
from site_builder.importer.text import Line, normalise, unpad_names

# What a header cell says its column holds; the first role that fits wins.
_ROLES = (
    ("number", re.compile(r"^(?:序号|编号|场次)$")),
    ("date", re.compile(r"日期")),
    ("half", re.compile(r"^(?:时段|上下午|上午/下午)$")),
    ("time", re.compile(r"时间|时段")),
    ("venue", re.compile(r"地点|场所|地址")),
    ("lead", re.compile(r"领导|带班")),
    ("title", re.compile(r"^(?:职务|领导职务)$")),  # beside a 带班领导 column of names
    ("units", re.compile(r"单位|部门|人员")),
)
_RULE_ROW = re.compile(r"^[\s|:：\-—]+$")
# A cell that says it is the one above: 同上, 同前, a ditto mark.
_DITTO = re.compile(r"^(?:同上|同前|同上行|〃)[。.]?$")
# The roles a row may leave to the row above; a row's date and number are its own.
_CARRIED = ("half", "time", "venue", "lead", "units")
# Columns of PDF text laid out in a grid are apart by two spaces or more (or an ideographic one).
_COLUMN_GAP = re.compile(r"(?: {2,}|\u3000+)\s*")


@dataclass(frozen=True)
class Row:
    """One row of a table: its cells by role (a role without a cell is absent)."""

    source: Line
    cells: dict[str, str]
    # Roles whose cell was empty and was taken from the row above: a guess, to be reviewed.
    guessed: tuple[str, ...] = ()


def cells(text: str) -> list[str] | None:
    """The cells of a line split by tabs, pipes or (PDF text laid out) runs of spaces.

    ``None`` if the line does not split into at least three cells.
    """
    text = unpad_names(text.replace("｜", "|"))  # full-width pipes, as some portals copy
    if "\t" in text:
        parts = text.split("\t")
    elif text.count("|") >= 2:
        parts = text.strip().strip("|").split("|")
    else:
        parts = _COLUMN_GAP.split(text.strip())
    parts = [normalise(part) for part in parts]
    return parts if len(parts) >= 3 else None


def roles(header: str, spaced: bool = False) -> list[str | None] | None:
    """The role of each column of a header line; ``None`` unless it is a schedule header.

    With ``spaced``, cells separated by spaces count too (a header whose cells a PDF lost).
    """
    found = header.split() if spaced and cells(header) is None else cells(header)
    if found is None or len(found) < 3:
        return None
    named: list[str | None] = []
    for cell in found:
        role = next((name for name, pattern in _ROLES if pattern.search(cell)), None)
        named.append(role if role not in named else None)
    if "date" not in named and "time" in named:
        # One column gives the date and the time (接访时间: 4月12日 9:00-17:00).
        named[named.index("time")] = "date"
    return named if "date" in named else None


def table_rows(header: Line, following: list[Line], blank_same: bool = False) -> list[Row] | None:
    """The rows under a schedule header made of cells, up to the first line that is not one.

    A cell written 同上 is the one above; so is an empty cell of a dated row (cells merged in
    Excel and pasted as text), marked as a guess unless ``blank_same`` (the notice says so).
    """
    named = roles(header.original)
    if named is None:
        return None
    rows: list[Row] = []
    for line in _mend_broken_cells(following, len(named)):
        if _RULE_ROW.match(line.text):
            continue  # a Markdown rule (|---|---|) or a line of dashes
        if re.search(r"\d日印发|抄送[：:]|联系人[：:]|联系电话[：:]", line.text):
            break  # the document's footer (…2025年1月6日印发, 抄送：…): no row
        if re.fullmatch(r"[（(]?续表[)）]?", line.text) or roles(line.original) == named:
            continue  # （续表） and the header again: the table goes on after a page break
        found = cells(line.original)
        if found is None and _spaced(header.original):
            # A row of a typed table that leaves its first cells empty (a second place on the
            # date above) is two cells apart only by its leading spaces.
            found = aligned(header.original, line.original, len(named))
            # …or only the second half of a day, its time alone under the time column.
            alone = found is not None and not found[0] and when.time_spans("".join(found))
            if found is not None and rows and _goes_on(rows[-1], named, found):
                # 县住建局、县公安局、 / (under it) 县总工会: a cell the row above ran over into.
                rows[-1] = _continued(rows[-1], named, found)
                continue
            if found is not None and sum(map(bool, found)) < 2 and not alone:
                found = None
        if found is None:
            break
        if len(found) != len(named) and _spaced(header.original):
            found = aligned(header.original, line.original, len(named)) or found
        by_role = {
            role: cell for role, cell in zip(named, found, strict=False) if role and cell.strip()
        }
        above = rows[-1] if rows else None
        rows.append(_same_as_above(Row(line, by_role), above, named, blank_same))
    return rows


def _mend_broken_cells(lines: list[Line], width: int) -> list[Line]:
    """Tabbed rows with a line break inside a cell as one row: 4	1月16日	上午9：00至12：00 /
    下午14：30至17：30	甲室	局长 乙	丙局 (a cell of two lines, copied from Word)."""
    mended: list[Line] = []
    for line in lines:
        before = mended[-1] if mended else None
        if before and "\t" in before.original and "\t" in line.original:
            first, second = before.original.split("\t"), line.original.split("\t")
            if len(first) < width and len(first) + len(second) - 1 == width:
                original = "\t".join([*first[:-1], f"{first[-1]}；{second[0]}", *second[1:]])
                mended[-1] = Line(before.number, normalise(original), original)
                continue
        mended.append(line)
    return mended


def _goes_on(above: Row, named: list[str | None], found: list[str]) -> bool:
    """Whether ``found`` is one cell whose cell above ends in the middle of a list (、，)."""
    filled = [(role, cell) for role, cell in zip(named, found, strict=False) if cell.strip()]
    if len(filled) != 1 or filled[0][0] is None:
        return False
    return above.cells.get(filled[0][0], "").rstrip().endswith(("、", "，", ","))


def _continued(above: Row, named: list[str | None], found: list[str]) -> Row:
    """``above`` with the cell a line under it joined on to its cell."""
    cells = dict(above.cells)
    for role, cell in zip(named, found, strict=False):
        if role and cell.strip():
            cells[role] = cells[role].rstrip() + cell.strip()
    return Row(above.source, cells, above.guessed)


def _same_as_above(row: Row, above: Row | None, named: list[str | None], blank_same: bool) -> Row:
    """``row`` with its 同上 cells (and, in a dated row, its empty ones) taken from ``above``."""
    if above is None or not row.cells.keys() - {"number"}:
        return row
    cells = dict(row.cells)
    guessed = []
    for role in (role for role in _CARRIED if role in named and role in above.cells):
        own = cells.get(role, "")
        if _own_time(role, row, above):
            continue
        if _DITTO.match(own):
            cells[role] = above.cells[role]
        elif not own and ("date" in cells or "time" in cells):
            cells[role] = above.cells[role]
            if not blank_same:
                guessed.append(role)
    return Row(row.source, cells, tuple(guessed))


def _spaced(text: str) -> bool:
    return "\t" not in text and text.replace("｜", "|").count("|") < 2


def _width(text: str) -> int:
    """How many columns ``text`` takes on screen: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def aligned(header: str, line: str, count: int) -> list[str] | None:
    """The cells of a row laid out under its header's columns (a table typed with spaces:
    one space may part two cells, another may sit inside one: 局长 何平)."""
    starts = [_width(header[: match.start()]) for match in re.finditer(r"\S+", header)]
    if len(starts) != count:
        return None
    found: list[list[str]] = [[] for _ in starts]
    for word in re.finditer(r"\S+", line):
        at = _width(line[: word.start()])
        # The column the word starts in, allowing it to start a little before the header.
        column = max((i for i, start in enumerate(starts) if start <= at + 2), default=0)
        found[column].append(word[0])
    return [normalise(" ".join(words)) for words in found]


def lost_cells(header: str) -> bool | None:
    """How a header ends: 地点, 带班领导, 参加单位 (True) or 带班领导, 参加单位 (False).

    ``None`` when it ends otherwise: its rows' cells cannot be told apart by their order.
    """
    named = [role for role in roles(header, spaced=True) or [] if role]
    if named[-2:] != ["lead", "units"]:
        return None
    return named[-3:-2] == ["venue"]


def ends_with_place_and_lead(header: str) -> bool:
    """Whether a header ends 地点, 带班领导 with no units column (日期 时段 时间 地点 带班领导)."""
    named = [role for role in roles(header, spaced=True) or [] if role]
    return named[-2:] == ["venue", "lead"]


def _own_time(role: str, row: Row, above: Row) -> bool:
    """Whether a row's own time (or half of the day) keeps ``role`` from the row above:
    a row with 14:30-17:30 is not 上午 for a 上午 above, nor 下午 at the time of a 上午."""
    if role == "half":
        return bool(row.cells.get("time"))
    if role == "time" and when.time_spans(row.cells.get("date", "")):
        return True  # 1月14日（星期二）9:00-11:30: the time ran into the date's cell
    above_half = above.cells.get("half")
    return role == "time" and row.cells.get("half", above_half) != above_half
