"""The test notices, and notice files of other formats made from them."""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_builder.importer.found import FoundNotice
from site_builder.importer.run import find_notice

NOTICES = Path(__file__).resolve().parent / "notices"
YILIANG = NOTICES / "yiliang-2021.txt"
_TABLE_HEADER = "接访时间 参加接访领导 接访工作人员"


_HEAD = "某县人力资源和社会保障局\n关于开展根治欠薪集中联合接访的通知\n各有关单位：\n"
_END = "\n联系电话：0871-1234567\n某县人力资源和社会保障局\n2023年2月20日\n"


def found_in_body(tmp_path: Path, body: str) -> FoundNotice:
    """What the importer finds in a small notice: a county's heading, ``body``, a phone and a
    signature dated 2023-02-20."""
    return found_in_text(tmp_path, _HEAD + body + _END)


def found_in_text(tmp_path: Path, text: str) -> FoundNotice:
    """What the importer finds in a notice saved as UTF-8 text."""
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    found, _, _ = find_notice(notice)
    return found


def yiliang_lines() -> list[str]:
    """The seed notice's non-empty lines."""
    return [line for line in YILIANG.read_text(encoding="utf-8").splitlines() if line.strip()]


def _yiliang_parts() -> tuple[list[str], list[list[str]], list[str]]:
    """The seed notice: the lines before its schedule (with the header), the rows, the rest."""
    lines = yiliang_lines()
    header = lines.index(_TABLE_HEADER)
    end = next(i for i, line in enumerate(lines) if line.startswith("六、"))
    cells = [line for line in lines[header + 1 : end] if line.strip() != "- 4 -"]
    rows = []
    for first in range(0, len(cells), 7):
        row = cells[first : first + 7]
        rows.append([row[0] + row[1], row[2] + row[3], row[4] + row[5], row[6]])
    return lines[: header + 1], rows, lines[end:]


def yiliang_docx(path: Path) -> Path:
    """The seed notice as a Word file whose schedule is a real table (one row per session)."""
    from docx import Document

    document = Document()
    before, rows, after = _yiliang_parts()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=4)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for line in after:
        document.add_paragraph(line)
    document.save(path)
    return path


def chinese_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (Debian: fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, check=False)
    return bool(listed.stdout.strip())


def yiliang_pdf(path: Path, new_page: Callable[..., Any]) -> Path:
    """The seed notice printed to PDF by Chromium, its schedule an HTML table (as an office's
    word processor would export it: Chinese text in an embedded CJK font)."""
    before, rows, after = _yiliang_parts()

    def paragraphs(lines: list[str]) -> str:
        return "".join(f"<p>{html.escape(line)}</p>" for line in lines)

    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    page = new_page()
    page.set_content(
        '<html lang="zh-CN"><head><meta charset="utf-8"></head>'
        "<body style=\"font-family: 'Noto Serif CJK SC', serif\">"
        f"{paragraphs(before[:-1])}<table border=1><tr><th>接访时间</th><th>参加接访领导</th>"
        f"<th>参加接访单位</th><th>接访工作人员</th></tr>{cells}</table>{paragraphs(after)}"
        "</body></html>"
    )
    path.write_bytes(page.pdf(format="A4"))
    return path


def text_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica, written byte by byte."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
