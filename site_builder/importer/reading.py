"""Read a notice file into lines of text, refusing what is too big, broken or not text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
MAX_PDF_PAGES = 200
MAX_TEXT_CHARS = 2_000_000


class NoticeError(Exception):
    """The notice cannot be read; the message says why and what to do."""


def read_notice(path: Path) -> list[str]:
    """The notice's text as lines (a table row is its cells joined by tabs)."""
    suffix = path.suffix.lower()
    if suffix not in {".txt", ".md", ".docx", ".pdf"}:
        raise NoticeError(f"{path.name}: expected a .txt, .md, .docx or .pdf file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NoticeError(f"{path}: cannot read the file ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise NoticeError(f"{path.name}: the file is larger than 20 MB; is it really a notice?")
    if suffix == ".docx":
        text = _docx_text(path.name, data)
    elif suffix == ".pdf":
        text = _pdf_text(path.name, data)
    else:
        text = decode_text(path.name, data)
    if len(text) > MAX_TEXT_CHARS:
        raise NoticeError(f"{path.name}: more than {MAX_TEXT_CHARS} characters of text")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def decode_text(name: str, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312)."""
    if b"\x00" in data:
        raise NoticeError(f"{name}: this is not a text file (save the notice as text or .docx)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"{name}: the text is neither UTF-8 nor GBK/GB18030")


def _docx_text(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NoticeError(f"{name}: not a valid Word (.docx) file") from None
    # Checked before python-docx unpacks anything, so a zip bomb is refused cheaply.
    if len(entries) > MAX_DOCX_ENTRIES or sum(e.file_size for e in entries) > MAX_DOCX_UNPACKED:
        raise NoticeError(f"{name}: the Word file unpacks to more than 50 MB; refused")
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_row_text(row.cells) for row in block.rows)
            else:
                lines.append(block.text)
    except Exception:  # python-docx raises many kinds on a damaged file; all mean the same
        raise NoticeError(f"{name}: the Word file is damaged and cannot be read") from None
    return "\n".join(lines)


def _row_text(cells: list) -> str:
    texts: list[str] = []
    previous = None
    for cell in cells:
        # A merged cell is returned once per grid column it spans: keep it once.
        if cell._tc is not previous:
            texts.append(" ".join(cell.text.split()))
        previous = cell._tc
    return "\t".join(texts)


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise NoticeError(f"{name}: more than {MAX_PDF_PAGES} pages; is it really a notice?")
        pages = [page.extract_text() or "" for page in reader.pages]
    except NoticeError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise NoticeError(f"{name}: not a valid PDF file, or a damaged one") from None
    text = "\n".join(pages)
    if not text.strip():
        raise NoticeError(
            f"{name}: the PDF has no text (a scan?); open it in Word or WPS, "
            "save it as .docx or .txt and import that"
        )
    return text
