"""The notice's own text as a Markdown page for ``notices/``."""

from __future__ import annotations

import re

from site_builder.importer.draft import scalar
from site_builder.importer.found import FoundNotice
from site_builder.importer.text import Line, joined, paragraphs

_MAJOR = re.compile(r"^[一二三四五六七八九十]+、")
_MINOR = re.compile(r"^（[一二三四五六七八九十]+）")
_ADDRESSEE = re.compile(r"^[\u4e00-\u9fff（）()、，]{2,40}[：:]$")
# Characters that Markdown would read as markup at the start of a paragraph.
_MARKUP_START = re.compile(r"^(\d+)([.)])|^([#>*+\-|])")


def notice_page(lines: list[Line], found: FoundNotice) -> str:
    """Front matter and body; the letterhead and title lines are left to the front matter."""
    start = next((i for i, line in enumerate(lines[:12]) if _ADDRESSEE.match(line.text)), 0)
    front = ["---", f"title: {scalar(found.notice_title or found.title or '通知')}"]
    if found.published:
        front.append(f"date: {found.published.isoformat()}")
    if found.office:
        front.append(f"issuer: {scalar(found.office)}")
    front.append("---")
    blocks: list[str] = []
    table: list[str] = []
    for group in paragraphs(lines[start:]):
        text = joined(group)
        if "\t" in text:
            table.append(
                "| " + " | ".join(cell.replace("|", "｜") for cell in text.split("\t")) + " |"
            )
            continue
        if table:
            blocks.append(_table(table))
            table = []
        blocks.append(_block(text))
    if table:
        blocks.append(_table(table))
    return "\n".join(front) + "\n" + "\n\n".join(blocks) + "\n"


def _block(text: str) -> str:
    # A heading is short and is not a sentence: "三、…调整为…。" is an item of a list.
    heading = len(text) <= 30 and not text.endswith("。")
    if _MAJOR.match(text) and heading:
        return f"## {text}"
    if _MINOR.match(text) and heading:
        return f"### {text}"
    return _MARKUP_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _table(rows: list[str]) -> str:
    columns = rows[0].count(" | ") + 1
    return "\n".join([rows[0], "|" + " --- |" * columns, *rows[1:]])
