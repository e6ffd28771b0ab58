"""The printable posters: written by the build, the same bytes each time, one page when printed."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from headless_browser import NewPage
from pagetext import visible_text
from pypdf import PdfReader
from site_paths import Build, replace_in

from site_builder.poster import FAVICON_SVG, MAX_SESSIONS, qr_svg

EXAMPLE_URL = "https://rsj.qingshan.example.gov.cn/jiefang/"
FIRST_OF_JUNE_7 = "  - id: 2021-06-07\n    date: 2021-06-07\n    weekday: 星期一\n"
CANCEL = """    changes:
      - announced: 2021-06-01
        kind: cancelled
        reason: 因疫情防控需要取消
"""
POSTERS = [
    "poster.html",
    "poster-a3.html",
    *(
        f"posters/{venue}{size}.html"
        for venue in ("city", "dongping", "xihe")
        for size in ("", "-a3")
    ),
]


def _build(site_builder: Build, content: Path, out: Path, today: str) -> Path:
    args = ("--today", today, "--base-url", EXAMPLE_URL)
    result = site_builder("build", "--content", content, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return out


def _dates(page: Path) -> list[str]:
    """The dates the poster's schedule lists, in order."""
    return re.findall(r"<th scope=\"row\">([^<]+)</th>", page.read_text(encoding="utf-8"))


def test_the_build_writes_a_poster_per_site_and_per_venue_the_same_each_time(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    first = _build(site_builder, example_dir, tmp_path / "first", "2023-12-05")
    second = _build(site_builder, example_dir, tmp_path / "second", "2023-12-05")
    for name in [*POSTERS, "poster.css", "favicon.svg"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "favicon.svg").read_text(encoding="utf-8") == FAVICON_SVG
    text = visible_text(first / "posters" / "dongping.html")
    assert "东坪镇劳动保障所 青山市东坪镇振兴街12号" in text
    assert "东坪镇接访点电话 0871-22223333" in text  # the venue's own phone, not the office's
    assert "近期接访日程请看网站或来电咨询" in text  # its only session (4 Dec) is over


def test_the_qr_code_leads_to_the_site(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = _build(site_builder, example_dir, tmp_path / "out", "2023-12-05")
    # No QR decoder is installed here: the poster carries segno's code for the site's address.
    code = qr_svg(EXAMPLE_URL)
    assert code.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<title>" in code
    for name in POSTERS:
        page = (out / name).read_text(encoding="utf-8")
        assert page.count("<svg") == 1 and code in page, name
    text = visible_text(out / "poster.html")
    assert f"扫码打开网站 {EXAMPLE_URL}" in text
    assert "网上反映欠薪问题 https://rsj.qingshan.example.gov.cn/complaints/new" in text
    assert "集中接访联络人 0871-12345678" in text


def test_past_and_cancelled_sessions_are_left_out(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = _build(site_builder, seed_dir, tmp_path / "out", "2021-04-01")
    assert len(_dates(out / "poster.html")) == MAX_SESSIONS
    assert "更多日程见网站" in visible_text(out / "poster.html")
    assert not (out / "posters").exists()  # one venue: the site's poster is the venue's
    replace_in(seed_dir / "schedule.yaml", FIRST_OF_JUNE_7, FIRST_OF_JUNE_7 + CANCEL)
    _build(site_builder, seed_dir, out, "2021-06-02")
    dates = _dates(out / "poster.html")
    assert dates[0] == "2021年6月21日"  # 24 May is over, 7 June cancelled
    assert "2021年6月7日" not in dates and "2021年5月24日" not in dates
    assert "印制日期：2021年6月2日。如有调整，以网站公布为准。" in visible_text(out / "poster.html")


@pytest.mark.parametrize(("name", "paper"), [("poster.html", "A4"), ("poster-a3.html", "A3")])
def test_the_fullest_poster_prints_on_exactly_one_page(
    example_dir: Path, tmp_path: Path, site_builder: Build, chromium: NewPage, name: str, paper: str
) -> None:
    # On 1 December every session is ahead: the list is cut, at three venues.
    out = _build(site_builder, example_dir, tmp_path / "out", "2023-12-01")
    assert "更多日程见网站" in visible_text(out / name)
    page = chromium()
    page.goto((out / name).as_uri())
    assert len(PdfReader(BytesIO(page.pdf(format=paper))).pages) == 1
    # The stylesheet asks for the same paper, so printing from a browser picks it too.
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True)))
    width = {"A4": 595, "A3": 842}[paper]
    assert len(pdf.pages) == 1 and round(float(pdf.pages[0].mediabox.width)) == width
