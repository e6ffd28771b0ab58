"""``share.png``: the link-preview picture, its QR code, and the home page's tags for it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import segno
from lxml import html
from PIL import Image
from site_paths import REPO, SEED_CONTENT, Build

from site_builder.loader import read_content
from site_builder.share_image import BAND, QR_SPACE, SIZE, share_lines

CITY = REPO / "docs" / "examples" / "city-monthly"
TOWNSHIPS = REPO / "docs" / "examples" / "township-circuit"
CITY_URL = "https://rsj.zhaoyang.example.gov.cn/jiefang/"
MULTI_OFFICE = REPO / "tests" / "multi_office"


def _build(site_builder: Build, content: Path, out: Path, today: str) -> Path:
    result = site_builder("build", "--content", content, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    return out


def _qr_matrix(image: Image.Image, url: str) -> tuple[list[list[bool]], list[list[bool]]]:
    """The QR modules read from the picture's pixels, and those of a QR code for ``url``."""
    code = segno.make(url, error="m", micro=False)
    expected = [[bool(bit) for bit in row] for row in code.matrix_iter(scale=1, border=4)]
    scale = QR_SPACE // len(expected)
    left, top = (SIZE - len(expected) * scale) // 2, BAND + 24
    half = scale // 2
    found = [
        [
            image.getpixel((left + column * scale + half, top + row * scale + half)) != (255,) * 3
            for column in range(len(expected))
        ]
        for row in range(len(expected))
    ]
    return found, expected


def test_the_picture_is_a_square_png_with_a_qr_code_to_the_site(
    tmp_path: Path, site_builder: Build
) -> None:
    out = _build(site_builder, CITY, tmp_path / "out", "2025-03-01")
    data = (out / "share.png").read_bytes()
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size, image.mode) == ("PNG", (600, 600), "RGB")
    assert image.getpixel((10, 10)) == (163, 20, 27)  # the site's red band
    found, expected = _qr_matrix(image, CITY_URL)
    assert found == expected
    assert len(data) < 40_000  # a preview is fetched on mobile data


@pytest.mark.parametrize(
    ("content", "today", "lines"),
    [
        (SEED_CONTENT, "2021-05-01", ["2021-05-10", "09:00-17:00", "TEL 0871-67539921"]),
        # Three townships at once, mornings and afternoons: both times.
        (TOWNSHIPS, "2025-06-01", ["2025-06-05", "09:00-12:00 14:00-17:30", "TEL 0871-67912345"]),
        # The May session was moved to the 22nd: the new day; June's is cancelled: skipped.
        (CITY, "2025-05-01", ["2025-05-22", "14:30-17:00", "TEL 0871-63158820"]),
        (CITY, "2025-06-01", ["TEL 0871-63158820"]),
    ],
    ids=["seed", "townships", "moved", "nothing-ahead"],
)
def test_the_picture_says_the_next_day_its_times_and_the_phone_in_digits(
    content: Path, today: str, lines: list[str]
) -> None:
    site, _ = read_content(content)
    assert site is not None
    assert [text for text, _, _ in share_lines(site, date.fromisoformat(today))] == lines


def test_the_picture_is_the_same_bytes_for_the_same_content_and_day(
    tmp_path: Path, site_builder: Build
) -> None:
    first = _build(site_builder, CITY, tmp_path / "first", "2025-03-01")
    again = _build(site_builder, CITY, tmp_path / "again", "2025-03-01")
    later = _build(site_builder, CITY, tmp_path / "later", "2025-03-20")
    assert (first / "share.png").read_bytes() == (again / "share.png").read_bytes()
    # The next session moved on from 19 March to 16 April: the picture says so.
    assert (later / "share.png").read_bytes() != (first / "share.png").read_bytes()
    # After the last session there is no date to show; the picture is still made.
    ended = _build(site_builder, CITY, tmp_path / "ended", "2025-07-01")
    with Image.open(ended / "share.png") as image:
        assert image.size == (600, 600)


def test_the_home_page_tells_link_previews_about_the_picture(
    tmp_path: Path, site_builder: Build
) -> None:
    out = _build(site_builder, SEED_CONTENT, tmp_path / "out", "2021-05-01")
    head = html.parse(out / "index.html").getroot().head
    meta = {
        tag.get("property") or tag.get("name"): tag.get("content")
        for tag in head.xpath("meta[@property or @name]")
    }
    assert meta["og:image"] == "http://127.0.0.1:5000/share.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("600", "600")
    assert meta["og:title"] == "2021年宜良县根治欠薪集中联合接访"
    assert meta["og:url"] == "http://127.0.0.1:5000/"
    assert meta["og:description"] == meta["description"]
    assert meta["twitter:card"] == "summary"
    found, expected = _qr_matrix(Image.open(out / "share.png"), "http://127.0.0.1:5000/")
    assert found == expected


def test_each_office_of_a_portal_has_its_own_picture(tmp_path: Path, site_builder: Build) -> None:
    out = _build(site_builder, MULTI_OFFICE, tmp_path / "out", "2023-12-05")
    url = "https://rsj.yunnan.example.gov.cn/jiefang/qingshan/"
    found, expected = _qr_matrix(Image.open(out / "qingshan" / "share.png"), url)
    assert found == expected
    head = html.parse(out / "qingshan" / "index.html").getroot().head
    assert head.xpath('meta[@property="og:image"]/@content') == [url + "share.png"]
