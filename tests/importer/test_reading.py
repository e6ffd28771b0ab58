"""Reading notice files: encodings, Word, PDF, and files that must be refused."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from notice_files import NOTICES, YILIANG, text_pdf, yiliang_docx

from site_builder.importer.reading import NoticeError, read_notice
from site_builder.importer.sentences import items
from site_builder.importer.text import Flat, normalise, notice_lines


def test_utf8_and_gbk_text_read_the_same() -> None:
    utf8 = read_notice(YILIANG)
    assert read_notice(NOTICES / "yiliang-2021-gbk.txt") == utf8
    assert "六、县级集中联合接访联络人" in utf8


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    notice = tmp_path / "通知.md"
    notice.write_bytes(b"\xef\xbb\xbf" + "各有关单位：".encode())
    assert read_notice(notice) == ["各有关单位："]


def test_word_table_rows_become_tab_separated_lines(tmp_path: Path) -> None:
    lines = read_notice(yiliang_docx(tmp_path / "通知.docx"))
    assert (
        "4 月 12 日（星期一）9:00-17:00\t县人社局分管负责同志\t"
        "县人社局、县住建局、县交运局、县水务局、县发改局\t业务科室负责人"
    ) in lines


def test_text_pdf_is_read(tmp_path: Path) -> None:
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(text_pdf("4.12 9:00-17:00"))
    assert "4.12 9:00-17:00" in read_notice(notice)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "scan.pdf",
            text_pdf(""),
            "scan.pdf: the PDF has no text (a scan?); open it in Word or WPS, "
            "save it as .docx or .txt and import that",
        ),
        ("junk.pdf", b"%PDF-1.4\n\x00\x01junk", "junk.pdf: not a valid PDF file, or a damaged one"),
        ("junk.docx", b"PK\x03\x04junk", "junk.docx: not a valid Word (.docx) file"),
        (
            "junk.txt",
            b"\x00\x01\x02\xff",
            "junk.txt: this is not a text file (save the notice as text or .docx)",
        ),
        ("notice.xls", b"whatever", "notice.xls: expected a .txt, .md, .docx or .pdf file"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    notice = tmp_path / name
    notice.write_bytes(data)
    with pytest.raises(NoticeError) as refused:
        read_notice(notice)
    assert str(refused.value) == message


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (60 * 1024 * 1024))
    notice = tmp_path / "bomb.docx"
    notice.write_bytes(packed.getvalue())
    started = time.monotonic()
    with pytest.raises(NoticeError) as refused:
        read_notice(notice)
    assert time.monotonic() - started < 1
    assert str(refused.value) == "bomb.docx: the Word file unpacks to more than 50 MB; refused"


def test_radicals_that_pdf_exports_put_for_characters_are_read_as_the_characters() -> None:
    # Chromium's and some word processors' PDFs give 工 as ⼯ (KANGXI RADICAL WORK), 民 as ⺠.
    assert normalise("农⺠⼯反映⽋薪，⻓期⼾⼝") == "农民工反映欠薪，长期户口"


def test_what_a_browser_prints_at_a_pages_head_and_foot_is_no_text() -> None:
    # A notice printed from a portal page: the date and time at the head of each page, the
    # address and page count at its foot, in the middle of a sentence.
    raw = ["…，由副市长蒙卫", "11/30/26, 6:31 PM", "\ufb01le:///tmp/notice.html 1/2", "东带班。"]
    lines = notice_lines(raw)
    assert [line.text for line in lines] == ["…，由副市长蒙卫", "东带班。"]
    assert not lines[1].blank_before  # the sentence goes on over the page


def test_empty_lines_after_every_line_end_no_paragraphs() -> None:
    # Text copied out of a PDF, an empty line after each line: a line cut off by the page
    # goes on after the empty line; in text spaced by paragraphs each empty line ends one.
    double = [
        "1.11 月 20 日至 22 日，上午 9:00—11:30，地点：区",
        "",
        "人社局一楼劳动保障监察大队接待室，带班领导：区人社局局",
        "",
        "长刘建华。",
        "",
        "2.12 月 6 日（星期三），上午 9:00—11:30，地点：梅",
        "",
        "林街道办事处一楼便民服务大厅。",
    ]
    sentences = [text for item in items(Flat(notice_lines(double))) for _, text in item]
    assert sentences == [
        "1.11月20日至22日，上午9:00—11:30，地点：区人社局一楼劳动保障监察大队接待室，"
        "带班领导：区人社局局长刘建华。",
        "2.12月6日（星期三），上午9:00—11:30，地点：梅林街道办事处一楼便民服务大厅。",
    ]
    single = ["一、接访时间", "11月20日上午", "", "二、接访地点", "区人社局"]
    assert [line.blank_before for line in notice_lines(single)] == [False, False, True, False]


def test_a_markdown_quote_is_read_as_its_text() -> None:
    assert normalise("> 第一周（1月10日至12日）：县人社局局长 杨立军").startswith("第一周")
