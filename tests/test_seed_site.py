"""The Yiliang notice, built as an office would build it: every session, the next one first."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pagetext import broken_links, read_page, schedule_rows, visible_text
from site_paths import Build

# The schedule table of the notice (section 五), with the 4月26日 typo 且住建局 read as 县住建局.
NOTICE_SCHEDULE = [
    ("2021年4月12日", "县人社局", "县发改局"),
    ("2021年4月26日", "县住建局", "县财政局"),
    ("2021年5月10日", "县交运局", "县公安局"),
    ("2021年5月24日", "县水务局", "县总工会"),
    ("2021年6月7日", "县人社局", "县国资局"),
    ("2021年6月21日", "县住建局", "县发改局"),
    ("2021年7月5日", "县交运局", "县财政局"),
    ("2021年8月9日", "县水务局", "县公安局"),
    ("2021年9月6日", "县人社局", "县总工会"),
    ("2021年10月11日", "县住建局", "县国资局"),
    ("2021年11月8日", "县交运局", "县发改局"),
    ("2021年12月6日", "县水务局", "县财政局"),
]


@pytest.fixture
def built(seed_dir: Path, tmp_path: Path, site_builder: Build) -> Path:
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out, "--today", "2021-05-01")
    assert result.exit_code == 0, result.output
    return out


def test_index_lists_all_twelve_sessions_with_lead_and_units(built: Path) -> None:
    rows = schedule_rows(built / "index.html")
    assert len(rows) == 12
    for (_css, cells), (day, lead_unit, last_unit) in zip(rows, NOTICE_SCHEDULE, strict=True):
        when, lead, units = cells
        assert when.startswith(day) and "星期一" in when and "9:00–17:00" in when
        assert lead == f"{lead_unit}分管负责同志"
        assert units == f"县人社局、县住建局、县交运局、县水务局、{last_unit}"
    assert "且住建局" not in (built / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("today", "heading", "shown", "past_rows"),
    [
        ("2021-03-01", "下一次接访", "2021年4月12日（星期一）", 0),
        ("2021-05-11", "下一次接访", "2021年5月24日（星期一）", 3),
        ("2021-05-24", "今天接访", "2021年5月24日（星期一）", 3),
        ("2021-12-07", "接访安排", "本期日程中的接访已全部结束", 12),
    ],
    ids=["before-first", "between-two", "on-the-day", "after-last"],
)
def test_next_session_comes_first(
    seed_dir: Path, tmp_path: Path, site_builder: Build, today, heading, shown, past_rows
) -> None:
    out = tmp_path / "out"
    assert (
        site_builder("build", "--content", seed_dir, "--out", out, "--today", today).exit_code == 0
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    main = html.split('<main id="main">')[1]
    first_section = re.sub(r"<[^>]+>", "", main.split("</section>")[0])
    assert main.index("<section") == main.index('<section class="next"')
    assert heading in first_section and shown in first_section
    classes = [css for css, _ in schedule_rows(out / "index.html")]
    assert classes.count("past") == past_rows


def test_venue_contact_and_actions(built: Path) -> None:
    page = read_page(built / "index.html")
    text = visible_text(built / "index.html")
    hrefs = [href for _tag, href in page.links]
    assert "宜良县人力资源和社会保障局" in text and "宜良县就业和社会保障服务中心101室" in text
    assert "tel:0871-67539921".replace("-", "") in hrefs
    assert "朱江" in text and "县人力资源和社会保障劳动监察大队大队长" in text
    assert "complaints/new" in hrefs
    assert "webcal://127.0.0.1:5000/calendar.ics" in hrefs
    assert any(href.startswith("https://uri.amap.com/search?keyword=") for href in hrefs)


def test_every_page_exists_and_every_local_link_resolves(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert {p.relative_to(built).as_posix() for p in pages} >= {
        "index.html",
        "404.html",
        "notices/01-notice.html",
        "notices/02-work-plan.html",
        *(f"sessions/{day}.html" for day in ("2021-04-12", "2021-12-06")),
    }
    assert len(list((built / "sessions").glob("*.html"))) == 12
    assert broken_links(built) == []


def test_pages_make_no_third_party_requests_and_need_no_javascript(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html and "@import" not in html and "<iframe" not in html
        for tag, link in read_page(page).links:
            if tag in ("script", "link"):
                assert not urlsplit(link).scheme and not link.startswith("//"), link
    css = (built / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@font-face" not in css


def test_home_page_is_small_and_in_chinese(built: Path) -> None:
    html = (built / "index.html").read_bytes()
    assert (
        len(gzip.compress(html)) + len(gzip.compress((built / "style.css").read_bytes())) < 30_000
    )
    assert b'<html lang="zh-CN">' in html
    assert b'<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_notice_page_renders_markdown(built: Path) -> None:
    page = (built / "notices" / "02-work-plan.html").read_text(encoding="utf-8")
    assert "<h2>一、目标任务</h2>" in page
    assert "请各相关单位于每月2日前将上月接访情况填表" in page
