"""The test notices, and notice files of other formats made from them."""

from __future__ import annotations

from pathlib import Path

NOTICES = Path(__file__).resolve().parent / "notices"
YILIANG = NOTICES / "yiliang-2021.txt"
_TABLE_HEADER = "接访时间 参加接访领导 接访工作人员"


def yiliang_lines() -> list[str]:
    """The seed notice's non-empty lines."""
    return [line for line in YILIANG.read_text(encoding="utf-8").splitlines() if line.strip()]


def yiliang_docx(path: Path) -> Path:
    """The seed notice as a Word file whose schedule is a real table (one row per session)."""
    from docx import Document

    document = Document()
    lines = yiliang_lines()
    header = lines.index(_TABLE_HEADER)
    end = next(i for i, line in enumerate(lines) if line.startswith("六、"))
    for line in lines[: header + 1]:
        document.add_paragraph(line)
    rows = [line for line in lines[header + 1 : end] if line.strip() != "- 4 -"]
    table = document.add_table(rows=0, cols=4)
    for first in range(0, len(rows), 7):
        cells = rows[first : first + 7]
        texts = [cells[0] + cells[1], cells[2] + cells[3], cells[4] + cells[5], cells[6]]
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            cell.text = text
    for line in lines[end:]:
        document.add_paragraph(line)
    document.save(path)
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
